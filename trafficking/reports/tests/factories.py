"""Reports and accounts for tests, made through the real services."""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY

from trafficking.intake.accounts import create_account
from trafficking.reports.drafts import Contact, Item, ReportDraft
from trafficking.reports.models import Report
from trafficking.reports.submission import submit_report

SECRET_TEXT = "Marja-Zeldzaam werkt elke nacht in kas Tomatenweg zonder loon"
SECRET_PHONE = "+31 6 9876 1234"
SECRET_PLATE = "ZZ-771-Q"
SECRET_EMAIL = "melder.geheim@example.invalid"


def make_draft(**overrides) -> ReportDraft:
    values = {
        "text": SECRET_TEXT,
        "form": "labour",
        "municipality_code": "GM0193",  # Zwolle
        "address": "Tomatenweg 17",
        "when": "sinds maart",
        "items": (Item("phone", SECRET_PHONE), Item("plate", SECRET_PLATE)),
        "language": "nl",
        "consent_contact": True,
        "consent_care": True,
        "contact": Contact(name="Anoniem", email=SECRET_EMAIL),
    }
    values.update(overrides)
    return ReportDraft(**values)


def make_report(**overrides) -> tuple[Report, str]:
    receipt = submit_report(make_draft(**overrides))
    return Report.objects.get(pk=receipt.report_id), receipt.code


def login_with_otp(client, role: str, username: str | None = None, organisation: str = ""):
    """Create an account in a role and log the client in, second factor included."""
    user, _password, device = create_account(
        username or f"{role}-user", role, organisation_slug=organisation
    )
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user
