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
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass

from .keys import STRONG, Key

ReportId = Hashable
# A key is examined as a possible hub once it is in more than this many reports;
# coherence (below) keeps the identifiers of a genuinely large case linking.
DEFAULT_HUB_THRESHOLD = 10
DEFAULT_HUB_COHERENCE = 0.5


@dataclass(frozen=True)
class Link:
    """Why reports are in one case: they share a key of this type."""

    key_type: str
    key: Key
    reports: tuple


class Linker:
    def __init__(
        self,
        hub_threshold: int = DEFAULT_HUB_THRESHOLD,
        hub_coherence: float | None = DEFAULT_HUB_COHERENCE,
    ):
        self.hub_threshold = hub_threshold
        self.hub_coherence = hub_coherence
        self.keys: dict[ReportId, tuple[Key, ...]] = {}
        self.postings: dict[Key, list[ReportId]] = defaultdict(list)
        self.hubs: set[Key] = set()
        self._parent: dict[ReportId, ReportId] = {}
        self._members: dict[ReportId, list[ReportId]] = {}
        self._rejected: dict[ReportId, set[ReportId]] = defaultdict(set)
        # Links refused because staff rejected a pair: (report, report, key).
        self.conflicts: set[tuple] = set()

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
            self.conflicts.add((*sorted((a, b), key=_order), via))
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
    def add(self, report: ReportId, keys: Iterable[Key]) -> ReportId:
        """Index a report and link it; returns the root of its case.

        A tuple is taken as free of duplicates (``report_keys`` makes them so,
        and this is the hot path); any other iterable is de-duplicated here.
        """
        if report in self.keys:
            raise ValueError(f"report {report!r} is already indexed")
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
        """Too common to link: past the threshold and (if set) incoherent."""
        posting = self.postings[key]
        if len(posting) <= self.hub_threshold:
            return False
        if self.hub_coherence is None:
            return True
        return coherence(key, posting, self.keys, self.postings) < self.hub_coherence

    def _link_into(self, report: ReportId, posting: list, key: Key) -> None:
        if self._union(posting[0], report, key) and not self._rejected:
            return  # every earlier holder is already in posting[0]'s case
        for other in posting[:-1]:
            if self.find(other) != self.find(report):
                self._union(other, report, key)

    def _regroup(self, reports: Iterable[ReportId]) -> None:
        """Rebuild the cases touching these reports without hub keys."""
        affected: set = set()
        for report in reports:
            affected.update(self._members[self.find(report)])
        for report in affected:
            self._parent[report] = report
            self._members[report] = [report]
        for report in sorted(affected, key=_order):
            for key in self.keys[report]:
                if not key.strong or key in self.hubs:
                    continue
                posting = self.postings[key]
                if len(posting) > 1:
                    self._link_into(report, [r for r in posting if r != report] + [report], key)

    # -- staff decisions --------------------------------------------------
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
        return sorted(self._members[self.find(report)], key=_order)

    def cases(self, min_size: int = 2) -> list[list[ReportId]]:
        """Every case with at least ``min_size`` reports, largest first."""
        found = [_sorted(m) for m in self._members.values() if len(m) >= min_size]
        try:
            return sorted(found, key=lambda c: (-len(c), c[0]))
        except TypeError:  # ids of mixed types
            return sorted(found, key=lambda c: (-len(c), _order(c[0])))

    def explain(self, report: ReportId) -> list[Link]:
        """Which keys connect the reports of this report's case."""
        members = set(self._members[self.find(report)])
        links = []
        seen: set = set()
        for member in sorted(members, key=_order):
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


def coherence(key: Key, posting: list, keys: dict, postings: dict) -> float:
    """Share of the key's reports that share another strong key with one of them."""
    members = set(posting)
    coherent = 0
    for report in members:
        for other in keys[report]:
            if other == key or not other.strong:
                continue
            holders = postings[other]
            if len(holders) > 1 and any(h != report and h in members for h in holders):
                coherent += 1
                break
    return coherent / len(members)


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


def _sorted(reports: list) -> list:
    try:
        return sorted(reports)
    except TypeError:
        return sorted(reports, key=_order)


def _order(report) -> tuple:
    """Sort ids of mixed types stably (ints before strings)."""
    return (0, report, "") if isinstance(report, int) else (1, 0, str(report))


def link_all(
    records: Iterable[tuple[ReportId, Iterable[Key]]],
    hub_threshold: int = DEFAULT_HUB_THRESHOLD,
    hub_coherence: float | None = DEFAULT_HUB_COHERENCE,
) -> Linker:
    """Batch linking: hubs are decided on the complete data first (so the
    result does not depend on the order of the file), then reports are
    grouped. The SQL version (sql.py) computes the same."""
    records = [(report, tuple(dict.fromkeys(keys))) for report, keys in records]
    linker = Linker(hub_threshold, hub_coherence)
    for report, keys in records:
        linker.keys[report] = keys
        for key in keys:
            linker.postings[key].append(report)
    linker.hubs = {
        key
        for key, posting in linker.postings.items()
        if key.strong and len(posting) > hub_threshold and linker.is_hub(key)
    }
    for report, _keys in records:
        linker._parent[report] = report
        linker._members[report] = [report]
    for key, posting in linker.postings.items():
        if key.strong and key not in linker.hubs and len(posting) > 1:
            first = posting[0]
            for report in posting[1:]:
                linker._union(first, report, key)
    return linker
