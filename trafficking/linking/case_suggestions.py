"""Suggestions for one stored report: look-alike names and companies in
reports that share a block with it but are not in its case.

The database side of suggestions.py (which stays plain Python for the batch
tools): the blocks come from the linking index, and the scoring is the
engine's own (``best_match``), so the console and ``link_file`` agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from trafficking.reports.models import Report

from .cases import CaseView
from .index import keys_of_report, with_reporter_messages
from .keys import Key
from .models import LinkKey
from .suggestions import BLOCK_TYPES, FUZZY_TYPES, MAX_BLOCK, best_match


@dataclass(frozen=True)
class LinkSuggestion:
    other: int
    key_type: str
    score: float
    block: str


def suggestions_for(report: Report, case: CaseView, limit: int = 100) -> list[LinkSuggestion]:
    """Look-alike names and companies in reports that share a block with this
    one (a postcode area, a domain, a street, or any strong key including
    hubs) but are not in its case. The block's reports are opened in memory
    to compare names (the index holds only hashes); only the reference and
    score are shown, opening a report is a separate, logged step."""
    own = LinkKey.objects.filter(report=report)
    blocks = {
        h: t
        for t, h, strong in own.values_list("key_type", "key_hash", "strong")
        if strong or t in BLOCK_TYPES
    }
    if not blocks:
        return []
    members = set(case.members)
    candidates: dict[int, str] = {}
    for key_hash, key_type in blocks.items():
        holders = list(
            LinkKey.objects.filter(key_hash=key_hash)
            .exclude(report_id__in=members)
            .values_list("report_id", flat=True)[: MAX_BLOCK + 1]
        )
        if len(holders) > MAX_BLOCK:
            continue
        for holder in holders:
            candidates.setdefault(holder, key_type)
    if not candidates:
        return []
    mine = _fuzzy_keys(report)
    if not mine:
        return []
    found = []
    others = with_reporter_messages(Report.objects.filter(pk__in=sorted(candidates)[:limit]))
    for other in others:
        match = best_match(mine, _fuzzy_keys(other))
        if match:
            found.append(
                LinkSuggestion(
                    other.pk, match.key_type, round(match.score, 1), candidates[other.pk]
                )
            )
    return sorted(found, key=lambda s: (-s.score, s.other))


def _fuzzy_keys(report: Report) -> tuple[Key, ...]:
    return tuple(key for key in keys_of_report(report) if key.type in FUZZY_TYPES)
