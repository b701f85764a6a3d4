"""How common a key of the live index is, counted in independent sources,
and whether that makes it a hub.

The holders of a key are read with the evidence of where they came from (the
report's source tag and time of arrival) and judged by the engine's own rule
(engine.source_groups, engine.hub_decision), so the console and ``link_file``
decide hubs alike. A dozen reports from one client, or a burst within
minutes, are one source: nobody can silence an identifier by repeating it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from .engine import (
    DEFAULT_HUB_COHERENCE,
    DEFAULT_SOURCE_WINDOW,
    Evidence,
    coherent_reports,
    hub_decision,
    source_groups,
)
from .keys import Key
from .models import LinkKey


@dataclass(frozen=True)
class KeyStats:
    key_hash: str
    holders: tuple[int, ...]  # report ids, ascending
    sources: int
    largest_source: int  # reports in the largest source
    hub: bool

    @property
    def reports(self) -> int:
        return len(self.holders)


def source_window() -> float:
    """Seconds within which reports count as one burst (``LINK_SOURCE_WINDOW``)."""
    return float(getattr(settings, "LINK_SOURCE_WINDOW", DEFAULT_SOURCE_WINDOW))


def key_stats(hashes: Iterable[str], min_reports: int) -> dict[str, KeyStats]:
    """Stats of the strong keys among ``hashes`` held by more than
    ``min_reports`` reports (the others are returned as nothing: too rare to
    be a hub or a flood). Three queries whatever the number of keys."""
    threshold = settings.LINK_HUB_THRESHOLD
    counts = dict(
        LinkKey.objects.filter(key_hash__in=set(hashes), strong=True)
        .values("key_hash")
        .annotate(n=Count("report", distinct=True))
        .filter(n__gt=min_reports)
        .values_list("key_hash", "n")
    )
    if not counts:
        return {}
    evidence: dict[str, dict[int, Evidence]] = {}
    for key_hash, report_id, tag, received in LinkKey.objects.filter(
        key_hash__in=counts, strong=True
    ).values_list("key_hash", "report_id", "report__source_tag", "report__received_at"):
        evidence.setdefault(key_hash, {})[report_id] = (
            tag,
            received.timestamp() if received else None,
        )
    window = source_window()
    groups = {
        key_hash: source_groups([(r, *e) for r, e in holders.items()], window)
        for key_hash, holders in evidence.items()
    }
    # Coherence only matters for keys with enough independent sources; what
    # else their holders hold is read once for all of them.
    candidates = [h for h, g in groups.items() if len(g) > threshold]
    coherent = _coherent(candidates, evidence) if candidates else {}
    return {
        key_hash: KeyStats(
            key_hash=key_hash,
            holders=tuple(sorted(evidence[key_hash])),
            sources=len(found),
            largest_source=max(len(g) for g in found),
            hub=hub_decision(
                found, coherent.get(key_hash, set()), threshold, DEFAULT_HUB_COHERENCE
            ),
        )
        for key_hash, found in groups.items()
    }


def hub_hashes(hashes: Iterable[str]) -> dict[str, int]:
    """Which of these keys are hubs, with the number of reports holding each."""
    threshold = settings.LINK_HUB_THRESHOLD
    return {h: s.reports for h, s in key_stats(hashes, threshold).items() if s.hub}


def _coherent(candidates: list[str], evidence: dict[str, dict]) -> dict[str, set[int]]:
    involved = {r for key_hash in candidates for r in evidence[key_hash]}
    keys: dict[int, list[Key]] = {}
    for report_id, key_hash in LinkKey.objects.filter(
        report_id__in=involved, strong=True
    ).values_list("report_id", "key_hash"):
        keys.setdefault(report_id, []).append(Key("hash", key_hash))
    found = {}
    for key_hash in candidates:
        members = list(evidence[key_hash])
        # The engine's own rule, on postings restricted to this key's reports
        # (coherence only looks inside them).
        postings: dict[Key, list[int]] = {}
        for report_id in members:
            for key in keys.get(report_id, ()):
                postings.setdefault(key, []).append(report_id)
        found[key_hash] = coherent_reports(Key("hash", key_hash), members, keys, postings)
    return found
