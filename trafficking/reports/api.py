"""``POST /api/v1/reports``: the same report, as JSON, for other channels
(a phone intake, another reporting point passing a report on).

Validation is the web form's (forms.ReportForm), so messages are the same and
follow the Accept-Language header.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Router, Schema, Status

from trafficking.directory.catalogue import current_catalogue

from .constants import REPORT_LANGUAGES, ItemType
from .forms import FORM_CHOICES, MAX_ITEMS, MAX_SHORT, MAX_TEXT, ReportForm
from .submission import submit_report

router = Router(tags=["reports"])


class ItemIn(Schema):
    type: str = Field(..., json_schema_extra={"enum": list(ItemType.values)})
    value: str = Field(..., max_length=MAX_SHORT)


class ConsentsIn(Schema):
    contact: bool = False
    police: bool = False
    care: bool = False
    labour: bool = False


class ContactIn(Schema):
    name: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    safe_times: str = Field("", max_length=200)


class ReportIn(Schema):
    text: str = Field("", max_length=MAX_TEXT)
    form: str = Field("", json_schema_extra={"enum": ["", *(v for v, _l in FORM_CHOICES)]})
    municipality: str = Field("", max_length=100, description="name or CBS code, or 'abroad'")
    address: str = Field("", max_length=MAX_SHORT)
    when: str = Field("", max_length=MAX_SHORT)
    items: list[ItemIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    acute: bool = False
    minor: bool = False
    language: str = Field("nl", json_schema_extra={"enum": REPORT_LANGUAGES})
    consents: ConsentsIn = Field(default_factory=ConsentsIn)
    contact: ContactIn = Field(default_factory=ContactIn)
    wants_updates: bool = True


class ReceiptOut(Schema):
    receipt: str = Field(..., description="Show once to the reporter; it is not stored.")


class ReportErrors(Schema):
    errors: dict[str, list[str]]


@router.post(
    "/reports",
    response={201: ReceiptOut, 400: ReportErrors},
    summary="File a report",
    description="Stores a report, sealed, and answers with its receipt code. Nothing about "
    "the caller (address, user agent) is stored with it.",
)
def create_report(request: HttpRequest, payload: ReportIn):
    data = {
        "text": payload.text,
        "form": payload.form,
        "municipality": payload.municipality,
        "address": payload.address,
        "when": payload.when,
        "acute": payload.acute,
        "minor": payload.minor,
        "language": payload.language,
        "consent_contact": payload.consents.contact,
        "consent_police": payload.consents.police,
        "consent_care": payload.consents.care,
        "consent_labour": payload.consents.labour,
        "contact_name": payload.contact.name,
        "contact_phone": payload.contact.phone,
        "contact_email": payload.contact.email,
        "contact_safe_times": payload.contact.safe_times,
        "wants_updates": payload.wants_updates,
    }
    items = [{"type": i.type, "value": i.value} for i in payload.items]
    form = ReportForm(data, gazetteer=current_catalogue().gazetteer, items=items, final=True)
    if not form.is_valid():
        errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        for index, messages in form.item_errors.items():
            errors[f"items[{index}]"] = messages
        return Status(400, {"errors": errors})
    language = (get_language() or "nl").split("-")[0]
    receipt = submit_report(form.draft(language=language, channel="api"))
    return Status(201, {"receipt": receipt.code})
