"""Text as staff, partners and reporters see it: without invisible characters.

At input, the report form only normalises Unicode (NFC) and removes control
characters and the bidi overrides and isolates (reports/forms.py); every other
character is sealed as received, so what we store is evidence and is never
rewritten afterwards. But a right-to-left override can make "Jan\u202eevil" read as
"Janlive" in the console, and a zero-width joiner inside a phone number makes
two copies of the same number look equal while searching or copying fails.
So every page and export that shows such text passes it through
:func:`visible` at the moment it is displayed. Doing it at display time, not
only at input, also covers text stored before input normalisation existed,
text typed by staff and partners, and values that skip the web form.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Code points that draw nothing but change how the text around them is shown.
INVISIBLE_RANGES = (
    (0x061C, 0x061C),  # Arabic letter mark: a bidi control like LRM/RLM (UAX #9)
    (0x200B, 0x200F),  # zero-width space, (non-)joiner, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner and invisible operators
    (0x2066, 0x2069),  # bidi isolates
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
    (0xE0000, 0xE007F),  # tag characters: invisible text inside a string
)

# For str.translate: each code point maps to None, i.e. is removed.
_REMOVE = {code: None for first, last in INVISIBLE_RANGES for code in range(first, last + 1)}


def visible(text: str) -> str:
    """``text`` without invisible and bidi control characters.

    Only for display and export: the zero-width (non-)joiner also shapes
    Persian, Indic and emoji text, which then looks slightly different, but
    its meaning stays and the sealed text keeps every character it was stored with.
    """
    return text.translate(_REMOVE)


def visible_tree(value: Any) -> Any:
    """:func:`visible` applied to every string in nested dicts and lists (an export)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {visible_tree(k): visible_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [visible_tree(v) for v in value]
    return value


def phone_links(message: str) -> SafeString:
    """The message escaped, with 112 as a link a phone can call.

    Linking the number after translation keeps every translation as it is.
    """
    return mark_safe(escape(message).replace("112", '<a href="tel:112">112</a>'))  # noqa: S308
