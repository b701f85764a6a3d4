"""Names for the codes stored on reports, in the staff member's language:
"Zwolle" for GM0193, "Pools" for pl, "Arbeidsuitbuiting" for labour."""

from __future__ import annotations

from django.utils.translation import get_language_info

from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import FORM_CHOICES

FORM_LABELS = dict(FORM_CHOICES)


def municipality_name(code: str) -> str:
    """The municipality's name; an unknown code (a merged municipality) as it is."""
    if not code:
        return ""
    place = current_catalogue().gazetteer.get(code)
    return place.name if place else code


def language_name(code: str) -> str:
    """The language's name in the active language ("Pools" when staff read Dutch)."""
    if not code:
        return ""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def form_name(code: str) -> str:
    if not code:
        return ""
    return str(FORM_LABELS.get(code, code))
