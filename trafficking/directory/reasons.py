"""Routing reasons in the site's other languages (data/reasons.yaml).

Dutch and English are part of the routing rules themselves (routing.REASONS);
the other languages are data, kept next to the sources so translators can
work without touching code. A missing translation falls back to English.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "reasons.yaml"


@cache
def translations() -> dict[str, dict[str, str]]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}


def localised(rule: str, language: str, name: str, english: str) -> str:
    template = translations().get(rule, {}).get(language)
    return template.format(name=name) if template else english
