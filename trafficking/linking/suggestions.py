"""Suggestions from weak keys: names and company names that look alike,
within a block of reports that already have something in common.

A name alone links nothing (there are many Jan de Vries). But two reports in
the same postcode area, or mentioning the same call-centre number (a hub),
that both name "Jan de Vries" / "J. de Vries" are worth a look. Scores come
from rapidfuzz; staff confirm or reject.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from .engine import Linker, _order
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


def _blocks(linker: Linker):
    for key, reports in linker.postings.items():
        if 1 < len(reports) <= MAX_BLOCK and (key.strong or key.type in BLOCK_TYPES):
            yield key, reports


def suggest(linker: Linker, min_score: float = MIN_SCORE) -> list[Suggestion]:
    """Pairs of reports in different cases whose weak values look alike."""
    found: dict[tuple, Suggestion] = {}
    for block_key, reports in _blocks(linker):
        for a, b in combinations(sorted(set(reports), key=_order), 2):
            if linker.find(a) == linker.find(b):
                continue
            for kind in FUZZY_TYPES:
                best = _best_pair(linker.keys[a], linker.keys[b], kind)
                if best and best[0] >= min_score:
                    pair = (a, b)
                    if pair not in found or found[pair].score < best[0]:
                        found[pair] = Suggestion(pair, kind, best[1], best[0], block_key.type)
    return sorted(found.values(), key=lambda s: (-s.score, _order(s.reports[0])))


def _best_pair(keys_a: tuple[Key, ...], keys_b: tuple[Key, ...], kind: str):
    values_a = [k.value for k in keys_a if k.type == kind]
    values_b = [k.value for k in keys_b if k.type == kind]
    best = None
    for x in values_a:
        for y in values_b:
            score = fuzz.token_sort_ratio(x, y)
            if best is None or score > best[0]:
                best = (score, (x, y))
    return best
