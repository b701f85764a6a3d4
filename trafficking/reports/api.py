"""``POST /api/v1/reports``: the same report, as JSON, for other channels
(a phone intake, another reporting point passing a report on).

Validation is the web form's (forms.ReportForm), so messages are the same and
follow the caller's language: the ``language`` query parameter, else the
Accept-Language header, else Dutch (trafficking/api.py). The ``language``
field of the body is something else: the language the report is written in.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from trafficking.core import ratelimit
from trafficking.core.languages import language_code
from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import FORM_CHOICES
from trafficking.geography.gazetteer import MAX_QUERY_LENGTH

from .constants import REPORT_LANGUAGES, ItemType
from .forms import MAX_ITEMS, MAX_SHORT, MAX_TEXT, ReportForm
from .sources import source_tag
from .submission import AlreadySubmitted, NotStored, submit_report

logger = logging.getLogger(__name__)

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
    # Defaults by keyword: mypy sees only those, and ReportIn builds an empty
    # ContactIn as its default.
    name: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=254)
    safe_times: str = Field(default="", max_length=200)


SAYS_SOMETHING = (
    "[^\\s\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200b-\\u200f\\u2028-\\u202e"
    "\\u2060-\\u2069\\ufeff\\ud800-\\udfff]"
)


class ReportIn(Schema):
    # A report must say something: a text, an address or an identifier, as
    # the form requires; the schema says so, so clients can know beforehand.
    # "Something" is a character that is not space, a control character or
    # an invisible or bidi formatting mark (the form removes or ignores those).
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["text"], "properties": {"text": {"pattern": r"\S"}}},
                {"required": ["address"], "properties": {"address": {"pattern": r"\S"}}},
                {
                    "required": ["items"],
                    "properties": {
                        "items": {
                            "minItems": 1,
                            "items": {"properties": {"value": {"pattern": r"\S"}}},
                        }
                    },
                },
            ]
        }
    )
    text: str = Field("", max_length=MAX_TEXT, description="What happened, in the reporter's words")
    form: str = Field(
        "",
        description="The form of exploitation, if known",
        json_schema_extra={"enum": ["", *(v for v, _l in FORM_CHOICES)]},
    )
    municipality: str = Field(
        "", max_length=MAX_QUERY_LENGTH, description="name or CBS code, or 'abroad'"
    )
    address: str = Field("", max_length=MAX_SHORT, description="Where it happens")
    when: str = Field("", max_length=MAX_SHORT, description="When it happened or happens")
    items: list[ItemIn] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Details such as phone numbers, addresses, plates; used to link reports",
    )
    acute: bool = Field(False, description="Someone is in danger right now")
    minor: bool = Field(False, description="It concerns someone under 18")
    language: str = Field(
        "nl",
        description="The language the report is written in (not the language of the answer: "
        "that is the `language` query parameter or Accept-Language)",
        json_schema_extra={"enum": list(REPORT_LANGUAGES)},
    )
    consents: ConsentsIn = Field(default_factory=ConsentsIn)
    contact: ContactIn = Field(default_factory=ContactIn)
    wants_updates: bool = True


class ReceiptOut(Schema):
    receipt: str = Field(..., description="Show once to the reporter; it is not stored.")


class ReportErrors(Schema):
    errors: dict[str, list[str]]


@router.post(
    "/reports",
    response={
        200: ReceiptOut,
        201: ReceiptOut,
        400: ReportErrors,
        409: ReportErrors,
        413: ReportErrors,
        415: ReportErrors,
        429: ReportErrors,
        503: ReportErrors,
    },
    summary="File a report",
    openapi_extra={
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "Random per report, up to 64 characters: a retry with the same "
                "key within a day files nothing new and gets the same receipt.",
                "schema": {"type": "string", "maxLength": 64},
            }
        ]
    },
    description="Stores a report, sealed, and answers with its receipt code. Nothing about "
    "the caller (address, user agent) is stored with it. The body must be "
    "`application/json` (415 otherwise); each client network may file a limited number of "
    "reports per hour (429 with Retry-After). Send an `Idempotency-Key` header (up to 64 "
    "characters, random per report) to make retries safe: the same key again within a day "
    "files nothing new and answers 200 with the same receipt. Messages follow the `language` "
    "query parameter, else Accept-Language.",
)
def create_report(request: HttpRequest, payload: ReportIn):
    budget = ratelimit.Budget(
        "submit", ratelimit.client_key(request), settings.SUBMIT_LIMIT, settings.SUBMIT_WINDOW
    )
    verdict = budget.check()
    if not verdict.allowed:
        minutes = verdict.minutes
        message = ngettext(
            "Te veel meldingen vanaf deze verbinding. Probeer het over %(minutes)d minuut opnieuw.",
            "Te veel meldingen vanaf deze verbinding. Probeer het over %(minutes)d minuten "
            "opnieuw.",
            minutes,
        ) % {"minutes": minutes}
        response = JsonResponse({"errors": {"request": [message]}}, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
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
    language = language_code()
    key = request.headers.get("Idempotency-Key", "")[:64]
    try:
        receipt = submit_report(
            form.draft(language=language, channel="api"),
            source_tag=source_tag(request, timezone.localdate()),
            token="api:" + key if key else "",
            budget=budget,
        )
    except AlreadySubmitted as sent:
        if sent.receipt:
            return Status(200, {"receipt": sent.receipt})
        message = _("Deze melding is al ontvangen.")
        return Status(409, {"errors": {"request": [message]}})
    except NotStored:
        logger.exception("An API report could not be stored (nothing was kept).")
        message = _(
            "De melding kon nu niet worden opgeslagen. Er is niets bewaard; probeer het "
            "over een paar minuten opnieuw."
        )
        return Status(503, {"errors": {"request": [message]}})
    return Status(201, {"receipt": receipt.code})
