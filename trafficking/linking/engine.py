"""The incremental linker: reports that share a strong key become one
candidate case.

- An index maps each key to the reports holding it; a union-find structure
  groups reports into cases. Adding a report costs work proportional to its
  own keys (and the few reports sharing them), not to the number of reports.
- A key found in more than ``hub_threshold`` reports that have nothing else
  in common (a call centre, a large employer, a shared info@ address) stops
  linking: the links it made are undone by regrouping only the cases it
  touched, and it is reported as a hub instead, so one common value cannot
  chain unrelated reports. "Nothing else in common" is measured by
  *coherence*: the share of the key's reports that share another strong key
  with one of the others. The main phone number of a large case is coherent
  (its reports also share addresses, plates, accounts); a call-centre number
  mentioned in unrelated reports is not. With ``hub_coherence=None`` the
  rule is the plain count. The live linker checks a key when its count
  passes the threshold and again each time it doubles, so the work stays
  proportional to the report's own keys.
- Hub status needs *independent* evidence (see ADR 0007, "Hub poisoning"):
  the reports holding a key are grouped into sources (one submitting client
  that day, or a burst of reports within ``DEFAULT_SOURCE_WINDOW`` of each
  other) and a key is a hub only when its *sources*, not its reports, pass
  the threshold; coherence is likewise the share of sources that share
  another strong key. Otherwise anyone could silence a phone number by
  submitting a dozen anonymous reports mentioning it. Reports without
  evidence (no source tag, no time) each count as their own source.
- Weak keys never link. Within a block (reports sharing a strong key, a hub
  or a postcode area) weak values that look alike are suggestions for staff
  (see suggestions.py).
- A link staff rejected is remembered: two reports rejected as "not the same
  situation" are never put in one case again, whatever arrives later.

The result does not depend on the order in which reports arrive (except
where rejections force a choice), so the batch run over a file and the live
index agree; tests check it.
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import pairwise
from typing import TypeVar

from .keys import CONFIRMED, STRONG, Key

ReportId = Hashable
# The helpers below also serve callers with ids of one type (hubs.py's ints,
# sql.py's strings): they keep that type.
R = TypeVar("R", bound=Hashable)
# A key is examined as a possible hub once it is in more than this many reports;
# coherence (below) keeps the identifiers of a genuinely large case linking.
DEFAULT_HUB_THRESHOLD = 10
DEFAULT_HUB_COHERENCE = 0.5
# Reports holding one key that arrive within this many seconds of each other
# (chained: a report every 20 minutes for hours is one burst) count as one
# source. Independent reporters of the same number rarely write within half
# an hour of one another; a flood, scripted or by hand, does. Kept short so
# that a genuinely common number, mentioned now and then over weeks, still
# counts as many sources and becomes a hub.
DEFAULT_SOURCE_WINDOW = 30 * 60

# Where a report comes from, as hub evidence: (source tag, received_at in
# seconds since the epoch). "" and None mean unknown: its own source.
Evidence = tuple[str, float | None]
NO_EVIDENCE: Evidence = ("", None)


@dataclass(frozen=True)
class Link:
    """Why reports are in one case: they share a key of this type."""

    key_type: str
    key: Key
    reports: tuple[ReportId, ...]


class Linker:
    def __init__(
        self,
        hub_threshold: int = DEFAULT_HUB_THRESHOLD,
        hub_coherence: float | None = DEFAULT_HUB_COHERENCE,
        source_window: float = DEFAULT_SOURCE_WINDOW,
    ):
        self.hub_threshold = hub_threshold
        self.hub_coherence = hub_coherence
        self.source_window = source_window
        # Only reports that came with evidence; the rest are their own source.
        self.evidence: dict[ReportId, Evidence] = {}
        self.keys: dict[ReportId, tuple[Key, ...]] = {}
        self.postings: dict[Key, list[ReportId]] = defaultdict(list)
        self.hubs: set[Key] = set()
        self._parent: dict[ReportId, ReportId] = {}
        self._members: dict[ReportId, list[ReportId]] = {}
        self._rejected: dict[ReportId, set[ReportId]] = defaultdict(set)
        # Links refused because staff rejected a pair: (report, report, key).
        self.conflicts: set[tuple[ReportId, ReportId, Key]] = set()

    # -- union-find -------------------------------------------------------
    def find(self, report: ReportId) -> ReportId:
        parent = self._parent
        root = report
        while parent[root] != root:
            root = parent[root]
        while parent[report] != root:  # path compression
            parent[report], report = root, parent[report]
        return root

    def _union(self, a: ReportId, b: ReportId, via: Key) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, large = (ra, rb) if len(self._members[ra]) < len(self._members[rb]) else (rb, ra)
        if self._rejected and self._would_join_rejected(small, large):
            first, second = sorted((a, b), key=report_order)
            self.conflicts.add((first, second, via))
            return False
        self._parent[small] = large
        self._members[large].extend(self._members.pop(small))
        return True

    def _would_join_rejected(self, small: ReportId, large: ReportId) -> bool:
        large_members = None
        for member in self._members[small]:
            rejected = self._rejected.get(member)
            if rejected:
                large_members = large_members or set(self._members[large])
                if rejected & large_members:
                    return True
        return False

    # -- adding reports ---------------------------------------------------
    def add(
        self, report: ReportId, keys: Iterable[Key], evidence: Evidence | None = None
    ) -> ReportId:
        """Index a report and link it; returns the root of its case.

        A tuple is taken as free of duplicates (``report_keys`` makes them so,
        and this is the hot path); any other iterable is de-duplicated here.
        ``evidence`` (source tag, received_at) groups reports into sources
        for hub decisions; without it the report is its own source.
        """
        if report in self.keys:
            raise ValueError(f"report {report!r} is already indexed")
        if evidence is not None and evidence != NO_EVIDENCE:
            self.evidence[report] = evidence
        own = keys if type(keys) is tuple else tuple(dict.fromkeys(keys))
        self.keys[report] = own
        self._parent[report] = report
        self._members[report] = [report]
        postings, hubs, threshold = self.postings, self.hubs, self.hub_threshold
        for key in own:
            posting = postings[key]
            posting.append(report)
            if key[2] != STRONG or key in hubs:  # key[2]: the strength (hot path)
                continue
            count = len(posting)
            if count > threshold and self._checkpoint(count) and self.is_hub(key):
                hubs.add(key)
                self._regroup(posting)
            elif count > 1:
                self._link_into(report, posting, key)
        return self.find(report)

    def _checkpoint(self, count: int) -> bool:
        """Counts at which a key is (re)examined: threshold+1, then doublings."""
        first = self.hub_threshold + 1
        if count < first:
            return False
        if self.hub_coherence is None:
            return True
        ratio = count // first
        return (count % first == 0 and ratio & (ratio - 1) == 0) or count == first

    def is_hub(self, key: Key) -> bool:
        """Too common to link: more independent sources than the threshold
        and (if set) incoherent. A staff confirmation is never a hub."""
        posting = self.postings[key]
        if len(posting) <= self.hub_threshold or key.type == CONFIRMED:
            return False
        if not self.evidence:  # the hot path: every report is its own source
            if self.hub_coherence is None:
                return True
            return coherence(key, posting, self.keys, self.postings) < self.hub_coherence
        evidence = self.evidence
        groups = source_groups(
            [(r, *evidence.get(r, NO_EVIDENCE)) for r in posting], self.source_window
        )
        coherent = (
            None
            if self.hub_coherence is None or len(groups) <= self.hub_threshold
            else coherent_reports(key, posting, self.keys, self.postings)
        )
        return hub_decision(groups, coherent, self.hub_threshold, self.hub_coherence)

    def sources_of(self, key: Key) -> int:
        """How many independent sources hold this key."""
        posting = self.postings[key]
        if not self.evidence:
            return len(posting)
        return independent_sources(
            [(r, *self.evidence.get(r, NO_EVIDENCE)) for r in posting], self.source_window
        )

    def _link_into(self, report: ReportId, posting: list[ReportId], key: Key) -> None:
        if self._union(posting[0], report, key) and not self._rejected:
            return  # every earlier holder is already in posting[0]'s case
        for other in posting[:-1]:
            if self.find(other) != self.find(report):
                self._union(other, report, key)

    def _regroup(self, reports: Iterable[ReportId]) -> None:
        """Rebuild the cases touching these reports without hub keys."""
        affected: set[ReportId] = set()
        for report in reports:
            affected.update(self._members[self.find(report)])
        for report in affected:
            self._parent[report] = report
            self._members[report] = [report]
        for report in sorted(affected, key=report_order):
            for key in self.keys[report]:
                if not key.strong or key in self.hubs:
                    continue
                posting = self.postings[key]
                if len(posting) > 1:
                    self._link_into(report, [r for r in posting if r != report] + [report], key)

    # -- staff decisions --------------------------------------------------
    def confirm(self, a: ReportId, b: ReportId) -> None:
        """Staff say a and b are about one situation: they stay linked
        whatever hub detection later says about the keys they share.

        The confirmation is a pseudo-key of the pair, so regrouping after a
        hub (which rebuilds cases from keys) keeps it, and explain() names it.
        """
        key = confirmed_key(a, b)
        for report in (a, b):
            if key not in self.keys[report]:
                self.keys[report] = (*self.keys[report], key)
                self.postings[key].append(report)
        self._union(a, b, key)

    def forbid(self, a: ReportId, b: ReportId) -> None:
        """Remember a rejection before the reports are added (loading decisions)."""
        self._rejected[a].add(b)
        self._rejected[b].add(a)

    def reject(self, a: ReportId, b: ReportId) -> None:
        """Staff say a and b are not about the same situation: split and remember."""
        self._rejected[a].add(b)
        self._rejected[b].add(a)
        if self.find(a) == self.find(b):
            self._regroup([a])

    # -- reading ----------------------------------------------------------
    def case_of(self, report: ReportId) -> list[ReportId]:
        return sorted(self._members[self.find(report)], key=report_order)

    def cases(self, min_size: int = 2) -> list[list[ReportId]]:
        """Every case with at least ``min_size`` reports, largest first."""
        found = [_sorted(m) for m in self._members.values() if len(m) >= min_size]
        try:
            return sorted(found, key=lambda c: (-len(c), c[0]))
        except TypeError:  # ids of mixed types
            return sorted(found, key=lambda c: (-len(c), report_order(c[0])))

    def explain(self, report: ReportId) -> list[Link]:
        """Which keys connect the reports of this report's case."""
        members = set(self._members[self.find(report)])
        links: list[Link] = []
        seen: set[Key] = set()
        for member in sorted(members, key=report_order):
            for key in self.keys[member]:
                if key in seen or not key.strong or key in self.hubs:
                    continue
                seen.add(key)
                sharing = tuple(r for r in self.postings[key] if r in members)
                if len(sharing) > 1:
                    links.append(Link(key.type, key, sharing))
        return links

    def hub_alerts(self) -> list[tuple[Key, int]]:
        return sorted(((k, len(self.postings[k])) for k in self.hubs), key=lambda x: -x[1])

    def why_alone(self, report: ReportId) -> str:
        """A plain reason when a report links to nothing."""
        keys = self.keys[report]
        if not keys:
            return "no identifiers"
        if not any(k.strong for k in keys):
            return "only weak identifiers"
        if all(k in self.hubs for k in keys if k.strong):
            return "only hub identifiers"
        return "no other report shares an identifier"


def confirmed_key(a: ReportId, b: ReportId) -> Key:
    """The pseudo-key a staff confirmation of the pair a, b adds to both."""
    first, second = sorted((a, b), key=report_order)
    return Key(CONFIRMED, f"{first}-{second}")


def coherent_reports(
    key: Key,
    posting: Iterable[R],
    keys: Mapping[R, Iterable[Key]],
    postings: Mapping[Key, Sequence[R]],
) -> set[R]:
    """The key's reports that share another strong key with one of them."""
    members = set(posting)
    coherent: set[R] = set()
    for report in members:
        for other in keys[report]:
            if other == key or not other.strong:
                continue
            holders = postings[other]
            if len(holders) > 1 and any(h != report and h in members for h in holders):
                coherent.add(report)
                break
    return coherent


def coherence(
    key: Key,
    posting: Iterable[R],
    keys: Mapping[R, Iterable[Key]],
    postings: Mapping[Key, Sequence[R]],
) -> float:
    """Share of the key's reports that share another strong key with one of them."""
    return len(coherent_reports(key, posting, keys, postings)) / len(set(posting))


def source_groups(
    holders: Iterable[tuple[R, str, float | None]],
    window: float = DEFAULT_SOURCE_WINDOW,
) -> list[list[R]]:
    """Group a key's holders (report, source tag, received_at in seconds)
    into independent sources.

    Reports with the same non-empty source tag are one source, and so are
    reports received within ``window`` seconds of each other, chained (a
    report every 20 minutes for a day is one burst); both relations join, so
    a client that switches networks mid-burst stays one source. A report
    with neither tag nor time is a source of its own. The result does not
    depend on the order of ``holders``; cost O(n log n).
    """
    reports: list[R] = []
    tags: list[str] = []
    times: list[float | None] = []
    for report, tag, received in {h[0]: h for h in holders}.values():
        reports.append(report)
        tags.append(tag)
        times.append(received)
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    first_with_tag: dict[str, int] = {}
    for i, tag in enumerate(tags):
        if tag:
            union(first_with_tag.setdefault(tag, i), i)
    if window and window > 0:
        timed = sorted((t, i) for i, t in enumerate(times) if t is not None)
        for (earlier, i), (later, j) in pairwise(timed):
            if later - earlier <= window:
                union(i, j)
    groups: dict[int, list[R]] = {}
    for i, report in enumerate(reports):
        groups.setdefault(find(i), []).append(report)
    return [_sorted(group) for group in groups.values()]


def independent_sources(
    holders: Iterable[tuple[ReportId, str, float | None]],
    window: float = DEFAULT_SOURCE_WINDOW,
) -> int:
    """How many independent sources these holders of a key are (see source_groups)."""
    return len(source_groups(holders, window))


def hub_decision(
    groups: Sequence[Iterable[ReportId]],
    coherent: AbstractSet[ReportId] | None,
    threshold: int,
    min_coherence: float | None,
) -> bool:
    """The hub rule on a key's sources: more than ``threshold`` of them and,
    when ``min_coherence`` is set, fewer than that share of the sources
    holding a report that shares another strong key (``coherent``).

    Coherence counts sources too: otherwise a flood of unrelated reports
    could dilute the coherence of a large genuine case's main number and
    silence it that way.
    """
    if len(groups) <= threshold:
        return False
    if min_coherence is None:
        return True
    coherent = coherent or set()
    coherent_sources = sum(1 for group in groups if not coherent.isdisjoint(group))
    return coherent_sources / len(groups) < min_coherence


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a batch run.

    Linking millions of keys allocates millions of small tuples and no
    reference cycles; the collector's repeated full-heap scans would then
    cost more than the linking itself (measured in docs/benchmarks.md).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sorted(reports: Iterable[R]) -> list[R]:
    try:
        # Ids of one type are comparable; mixed ones raise and take the key below.
        return sorted(reports)  # type: ignore[type-var]
    except TypeError:
        return sorted(reports, key=report_order)


def report_order(report: ReportId) -> tuple[int, int, str]:
    """Sort ids of mixed types stably (ints before strings)."""
    return (0, report, "") if isinstance(report, int) else (1, 0, str(report))


def link_all(
    records: Iterable[tuple[R, Iterable[Key]]],
    hub_threshold: int = DEFAULT_HUB_THRESHOLD,
    hub_coherence: float | None = DEFAULT_HUB_COHERENCE,
    evidence: Mapping[R, Evidence] | None = None,
    source_window: float = DEFAULT_SOURCE_WINDOW,
) -> Linker:
    """Batch linking: hubs are decided on the complete data first (so the
    result does not depend on the order of the file), then reports are
    grouped. ``evidence`` maps reports to (source tag, received_at); those
    missing are their own source. The SQL version (sql.py) computes the same."""
    indexed = [(report, tuple(dict.fromkeys(keys))) for report, keys in records]
    linker = Linker(hub_threshold, hub_coherence, source_window)
    linker.evidence = {r: e for r, e in (evidence or {}).items() if e != NO_EVIDENCE}
    for report, keys in indexed:
        linker.keys[report] = keys
        for key in keys:
            linker.postings[key].append(report)
    linker.hubs = {
        key
        for key, posting in linker.postings.items()
        if key.strong and len(posting) > hub_threshold and linker.is_hub(key)
    }
    for report, _keys in indexed:
        linker._parent[report] = report
        linker._members[report] = [report]
    for key, posting in linker.postings.items():
        if key.strong and key not in linker.hubs and len(posting) > 1:
            first = posting[0]
            for other in posting[1:]:
                linker._union(first, other, key)
    return linker
