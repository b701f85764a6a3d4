"""Why a recommendation is made: one plain-language sentence per routing rule.

The sentences are data (data/reasons.yaml), keyed by rule and then by
language, so translators work without touching code; routing.py names only
the rules. Dutch is the source, at B1 level; ``{name}`` is the organisation.
A language without a sentence for a rule falls back to English.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "reasons.yaml"
FALLBACK_LANGUAGE = "en"


@cache
def texts() -> dict[str, dict[str, str]]:
    """Every rule's sentence per language code, with ``{name}`` still in it."""
    return yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}


def language_of(rule: str, language: str) -> str:
    """The language a rule's reason is given in: the one asked for, else English.

    An unknown rule raises KeyError: the router named a rule without a reason.
    """
    return language if texts()[rule].get(language) else FALLBACK_LANGUAGE


def text(rule: str, language: str, name: str) -> str:
    """A rule's reason for one organisation, in ``language`` or else in English."""
    return texts()[rule][language_of(rule, language)].format(name=name)
