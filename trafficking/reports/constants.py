"""Vocabularies of the reporting point."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Languages of the reporting path (the rest of the site is Dutch and English).
REPORT_LANGUAGES = ["nl", "en", "pl", "ro", "bg", "uk", "ar"]


class ItemType(models.TextChoices):
    """Structured details a reporter can give; the linker (issue 4) uses these."""

    NAME = "name", _("Naam van een persoon")
    PHONE = "phone", _("Telefoonnummer")
    ADDRESS = "address", _("Adres")
    PLATE = "plate", _("Kenteken")
    URL = "url", _("Website of advertentie")
    EMAIL = "email", _("E-mailadres")
    COMPANY = "company", _("Bedrijf of werkgever")
    KVK = "kvk", _("KvK-nummer")
    IBAN = "iban", _("Bankrekening (IBAN)")
    OTHER = "other", _("Iets anders")


class ReportKind(models.TextChoices):
    REPORT = "report", _("Melding")
    # A question without a report: answered by intake, never forwarded or linked.
    ADVICE = "advice", _("Adviesvraag")


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    API = "api", _("API")
    PHONE = "phone", _("Telefoon")
    PARTNER = "partner", _("Ander meldpunt")


class ShareWith(models.TextChoices):
    """Who the reporter allows us to share with (consent per kind of partner)."""

    POLICE = "police", _("Politie")
    CARE = "care", _("Zorg en opvang")
    LABOUR = "labour", _("Nederlandse Arbeidsinspectie")


class Direction(models.TextChoices):
    TO_REPORTER = "to_reporter", _("Aan de melder")
    FROM_REPORTER = "from_reporter", _("Van de melder")
    NOTE = "note", _("Interne notitie")


class ForwardStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op tweede akkoord")
    SENT = "sent", _("Verstuurd")
    RECEIVED = "received", _("Ontvangen")
    ACTED = "acted", _("Opgepakt")
    DECLINED = "declined", _("Niet opgepakt")


# What partners may see: everything but a forward still waiting for approval.
VISIBLE_TO_PARTNER = [
    ForwardStatus.SENT,
    ForwardStatus.RECEIVED,
    ForwardStatus.ACTED,
    ForwardStatus.DECLINED,
]
