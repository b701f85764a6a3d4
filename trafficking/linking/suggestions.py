"""Suggestions from weak keys: names and company names that look alike,
within a block of reports that already have something in common.

A name alone links nothing (there are many Jan de Vries). But two reports in
the same postcode area, or mentioning the same call-centre number (a hub),
that both name "Jan de Vries" / "J. de Vries" are worth a look. Scores come
from rapidfuzz; staff confirm or reject.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import NamedTuple

from rapidfuzz import fuzz

from .engine import Linker, ReportId, report_order
from .keys import Key

FUZZY_TYPES = ("name", "company")
BLOCK_TYPES = ("postcode_area", "postcode", "domain", "street")
MIN_SCORE = 88
MAX_BLOCK = 200  # larger blocks (a whole city's postcode area) say too little


@dataclass(frozen=True)
class Suggestion:
    reports: tuple
    key_type: str
    values: tuple[str, str]
    score: float
    block: str

    def as_dict(self) -> dict:
        return {
            "reports": list(self.reports),
            "key_type": self.key_type,
            "score": round(self.score, 1),
            "block": self.block,
        }


class Match(NamedTuple):
    """The most alike weak values of two reports."""

    key_type: str
    score: float
    values: tuple[str, str]


def _blocks(linker: Linker) -> Iterator[tuple[Key, list[ReportId]]]:
    for key, reports in linker.postings.items():
        if 1 < len(reports) <= MAX_BLOCK and (key.strong or key.type in BLOCK_TYPES):
            yield key, reports


def suggest(linker: Linker, min_score: float = MIN_SCORE) -> list[Suggestion]:
    """Pairs of reports in different cases whose weak values look alike."""
    found: dict[tuple, Suggestion] = {}
    for block_key, reports in _blocks(linker):
        for a, b in combinations(sorted(set(reports), key=report_order), 2):
            if linker.find(a) == linker.find(b):
                continue
            match = best_match(linker.keys[a], linker.keys[b], min_score)
            pair = (a, b)
            if match and (pair not in found or found[pair].score < match.score):
                found[pair] = Suggestion(
                    pair, match.key_type, match.values, match.score, block_key.type
                )
    return sorted(found.values(), key=lambda s: (-s.score, report_order(s.reports[0])))


def best_match(
    keys_a: tuple[Key, ...], keys_b: tuple[Key, ...], min_score: float = MIN_SCORE
) -> Match | None:
    """The most alike pair of fuzzy values (names, companies) of two reports'
    keys, if it scores at least ``min_score``; on a tie the first of
    ``FUZZY_TYPES`` wins. The live suggestions (case_suggestions.py) and the
    batch ones above share it, so both score alike."""
    best = None
    for kind in FUZZY_TYPES:
        pair = _best_pair(keys_a, keys_b, kind)
        if pair and pair[0] >= min_score and (best is None or pair[0] > best.score):
            best = Match(kind, pair[0], pair[1])
    return best


def _best_pair(
    keys_a: tuple[Key, ...], keys_b: tuple[Key, ...], kind: str
) -> tuple[float, tuple[str, str]] | None:
    values_a = [k.value for k in keys_a if k.type == kind]
    values_b = [k.value for k in keys_b if k.type == kind]
    best = None
    for x in values_a:
        for y in values_b:
            score = fuzz.token_sort_ratio(x, y)
            if best is None or score > best[0]:
                best = (score, (x, y))
    return best
