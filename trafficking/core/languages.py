"""Which language a visitor reads, and which language a text is shown in.

The public site speaks every language in ``settings.LANGUAGES``, and so do
the routing reasons (directory/data/reasons.yaml). Organisation roles are
written in Dutch and English only: a Dutch visitor reads the Dutch text,
every other visitor the English one, and the Dutch one where there is no
English. Pages mark a text with
``lang`` when it is not in the page's language, so screen readers read it
right.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language


def language_code(language: str | None = None) -> str:
    """A language without its region ("pl" for "pl-PL").

    Without an argument, the active language; the site's default (Dutch) when
    none is active, as in a management command.
    """
    return (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]


def reference_language(language: str | None = None) -> str:
    """Which of Dutch and English a visitor in ``language`` (default: the active one) reads."""
    return "nl" if language_code(language) == "nl" else "en"


def reference_text(dutch: str, english: str, language: str | None = None) -> tuple[str, str]:
    """The text a visitor reads of one kept in Dutch and English, and the language it is in."""
    if english and reference_language(language) == "en":
        return english, "en"
    return dutch, "nl"


def is_dutch(language: str | None) -> bool:
    """Whether a text in ``language`` needs no translation for Dutch-speaking
    staff (the console marks reports written in any other language)."""
    return language_code(language or settings.LANGUAGE_CODE) == "nl"


def spoken_language(language: str | None = None, *, otherwise: str = "en") -> str:
    """``language`` when the site speaks it, else ``otherwise`` (English: the
    language a visitor the site cannot serve is most likely to read)."""
    code = language_code(language)
    return code if code in dict(settings.LANGUAGES) else otherwise
