"""Alerts for intake staff about identifiers that many reports hold.

A hub stops linking, so staff should know which reports hold it; and a
sudden pile of reports about one identifier from one source (one network
that day, or a burst within minutes) is what an attempt to silence it looks
like. Both are shown with the references of the reports holding the
identifier, never the identifier itself (the index holds only hashes).
Selectors: they read and return plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from .hubs import KeyStats, key_stats
from .models import LinkKey

# This many reports holding one identifier from one source (one client that
# day, or within the source window of each other) is a flood worth a look,
# even below the hub threshold: genuine reporters seldom repeat themselves.
BURST_REPORTS = 5
# A hub can be held by thousands of reports; the page lists the first ones.
MAX_LISTED = 100
# The queue shows identifiers that received a burst within this period.
RECENT = timedelta(days=1)
MAX_QUEUE_ALERTS = 20

HUB = "hub"  # too common to link, by independent sources
FLOOD = "flood"  # past the threshold in reports, but from few sources: still links
BURST = "burst"  # many reports from one source, below the threshold


@dataclass(frozen=True)
class IdentifierAlert:
    kind: str
    key_type: str
    reports: int
    sources: int
    largest_source: int
    listed: tuple[int, ...]  # report ids holding the identifier, the first MAX_LISTED
    threshold: int
    latest: int = 0  # the newest report holding it (may be beyond the listed ones)

    @property
    def more(self) -> int:
        return self.reports - len(self.listed)

    # For templates, which cannot name the constants above.
    @property
    def is_hub(self) -> bool:
        return self.kind == HUB

    @property
    def is_flood(self) -> bool:
        return self.kind == FLOOD


def _classify(stats: KeyStats, threshold: int) -> str:
    if stats.hub:
        return HUB
    if stats.reports > threshold:
        return FLOOD
    if stats.largest_source >= BURST_REPORTS:
        return BURST
    return ""


def _alerts(types: dict[str, str]) -> list[IdentifierAlert]:
    threshold = settings.LINK_HUB_THRESHOLD
    found = []
    for key_hash, stats in key_stats(types, min(threshold, BURST_REPORTS - 1)).items():
        kind = _classify(stats, threshold)
        if kind:
            found.append(
                IdentifierAlert(
                    kind=kind,
                    key_type=types[key_hash],
                    reports=stats.reports,
                    sources=stats.sources,
                    largest_source=stats.largest_source,
                    listed=stats.holders[:MAX_LISTED],
                    threshold=threshold,
                    latest=max(stats.holders),
                )
            )
    order = {HUB: 0, FLOOD: 1, BURST: 2}
    return sorted(found, key=lambda a: (order[a.kind], -a.reports, a.key_type))


def identifier_alerts(report) -> list[IdentifierAlert]:
    """Alerts for the strong identifiers of one report."""
    types = dict(
        LinkKey.objects.filter(report=report, strong=True).values_list("key_hash", "key_type")
    )
    return _alerts(types) if types else []


def recent_identifier_alerts(now: datetime | None = None) -> list[IdentifierAlert]:
    """Identifiers that at least ``BURST_REPORTS`` reports received in the
    last day hold (one grouped query), judged on all their holders."""
    since = (now or timezone.now()) - RECENT
    types = dict(
        LinkKey.objects.filter(strong=True, report__received_at__gte=since)
        .values("key_hash", "key_type")
        .annotate(n=Count("report", distinct=True))
        .filter(n__gte=BURST_REPORTS)
        .order_by("-n")
        .values_list("key_hash", "key_type")[:MAX_QUEUE_ALERTS]
    )
    return _alerts(types) if types else []
