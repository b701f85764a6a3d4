"""Plain-language labels for the codes stored on reports, so the console
shows "Telefoonnummer" and "In behandeling nemen", not "phone" and "triage".

    {% load labels %}{{ item.type|label:"item" }}
"""

from datetime import datetime

from django import template
from django.utils.translation import gettext_lazy as _

from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import FORM_CHOICES
from trafficking.intake import names
from trafficking.reports.constants import Direction, EventType, ItemType, ShareWith
from trafficking.reports.forwarding import OVERRIDE_BASIS
from trafficking.reports.workflow import Action, Status

register = template.Library()

# Events whose detail is an organisation's slug.
ORGANISATION_EVENTS = frozenset(
    {
        EventType.FORWARD,
        EventType.FORWARD_OVERRIDE_REQUESTED,
        EventType.FORWARD_OVERRIDE_APPROVED,
        EventType.PARTNER_RECEIVED,
        EventType.PARTNER_ACTED,
        EventType.PARTNER_DECLINED,
    }
)

KEY_TYPES = {
    **dict(ItemType.choices),
    "postcode": _("Postcode en huisnummer"),
    "postcode_area": _("Postcodegebied"),
    "street": _("Straat"),
    "domain": _("Website (domein)"),
    "confirmed": _("Bevestigd door intake"),
}

VOCABULARIES = {
    "item": dict(ItemType.choices),
    "key": KEY_TYPES,
    "form": dict(FORM_CHOICES),
    "action": dict(Action.choices),
    "status": dict(Status.choices),
    "direction": dict(Direction.choices),
    "basis": {**dict(ShareWith.choices), OVERRIDE_BASIS: _("Zonder toestemming (vier ogen)")},
}


@register.filter
def label(code, vocabulary: str):
    """The label of a code in a vocabulary; unknown codes are shown as they are."""
    if not code:
        return code
    known = VOCABULARIES.get(vocabulary, {})
    if code in known:
        return known[code]
    if isinstance(code, str) and code.startswith("raw_") and code[4:] in known:
        return _("%(label)s (niet te lezen)") % {"label": known[code[4:]]}
    return code


@register.filter
def municipality(code: str) -> str:
    """{{ report.municipality_code|municipality }} -> "Zwolle"."""
    return names.municipality_name(code)


@register.filter
def language(code: str) -> str:
    """{{ report.language|language }} -> "Pools" (in the staff member's language)."""
    return names.language_name(code)


@register.filter
def iso_datetime(value):
    """An ISO timestamp from a sealed copy, as a datetime for the ``date`` filter."""
    if not isinstance(value, str):
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return value


@register.filter
def event_detail(event) -> str:
    """An event's detail with names for the codes it holds (a form, an item
    type, an organisation's slug)."""
    detail = event.detail
    if not detail:
        return detail
    if event.action == EventType.CLASSIFIED:
        return label(detail, "form")
    if event.action == EventType.ITEM_ADDED:
        return label(detail, "item")
    if event.action in ORGANISATION_EVENTS:
        organisation = current_catalogue().get(detail)
        return organisation.name if organisation else detail
    return detail
