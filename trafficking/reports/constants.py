"""Vocabularies of the reporting point."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trafficking.audit.actions import AuditAction

from .workflow import Action

# Languages a report may be written in: those the site speaks.
REPORT_LANGUAGES = [code for code, _name in settings.LANGUAGES]


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


class EventType(models.TextChoices):
    """What can happen to a report, as its history (ReportEvent) records it.

    Written only through the named functions in reports/events.py; the
    console shows these labels. A status move shares its value and label with
    the workflow.Action that caused it, and an event that is also audited
    shares the audit log's label, so each text has one source.
    """

    RECEIVED = "received", _("Ontvangen")
    VIEWED = "viewed", _("Geopend")
    TRIAGE = Action.TRIAGE.value, Action.TRIAGE.label
    ASK_REPORTER = Action.ASK_REPORTER.value, Action.ASK_REPORTER.label
    REPORTER_REPLIED = Action.REPORTER_REPLIED.value, Action.REPORTER_REPLIED.label
    FORWARD = Action.FORWARD.value, Action.FORWARD.label
    CLOSE = Action.CLOSE.value, Action.CLOSE.label
    REOPEN = Action.REOPEN.value, Action.REOPEN.label
    ASSIGNED = "assigned", AuditAction.ASSIGNED.label
    CLASSIFIED = "classified", AuditAction.CLASSIFIED.label
    ITEM_ADDED = AuditAction.ITEM_ADDED.value, AuditAction.ITEM_ADDED.label
    REPORTER_MESSAGE = "reporter_message", _("Bericht van de melder")
    MESSAGE_TO_REPORTER = (
        AuditAction.MESSAGE_TO_REPORTER.value,
        AuditAction.MESSAGE_TO_REPORTER.label,
    )
    NOTE = AuditAction.NOTE.value, AuditAction.NOTE.label
    FORWARD_OVERRIDE_REQUESTED = (
        AuditAction.FORWARD_OVERRIDE_REQUESTED.value,
        AuditAction.FORWARD_OVERRIDE_REQUESTED.label,
    )
    FORWARD_OVERRIDE_APPROVED = (
        AuditAction.FORWARD_OVERRIDE_APPROVED.value,
        AuditAction.FORWARD_OVERRIDE_APPROVED.label,
    )
    PARTNER_RECEIVED = AuditAction.PARTNER_RECEIVED.value, AuditAction.PARTNER_RECEIVED.label
    PARTNER_ACTED = AuditAction.PARTNER_ACTED.value, AuditAction.PARTNER_ACTED.label
    PARTNER_DECLINED = AuditAction.PARTNER_DECLINED.value, AuditAction.PARTNER_DECLINED.label
    ALL_PARTNERS_ANSWERED = "all_partners_answered", _("Alle partners hebben gereageerd")
    LINK_CONFIRMED = AuditAction.LINK_CONFIRMED.value, AuditAction.LINK_CONFIRMED.label
    LINK_REJECTED = AuditAction.LINK_REJECTED.value, AuditAction.LINK_REJECTED.label
