"""A stored report's candidate case, read from the linking index, and the
staff decisions that confirm or reject a link.

Reading a case walks the index from one report outwards, strong non-hub keys
only, and runs the same Linker as the batch tools over what it found, so the
live console and ``link_file`` follow the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.db import transaction
from django.db.models import Q

from trafficking.reports.models import Report

from .engine import Link, Linker, confirmed_key
from .hubs import hub_hashes
from .keys import STRONG, WEAK, Key
from .models import LinkDecision, LinkKey

MAX_CASE = 500  # a walk stops here; staff see that the case is larger


@dataclass
class CaseView:
    report: int
    members: list[int]
    links: list[Link]
    hubs: list[tuple[str, int]] = field(default_factory=list)
    truncated: bool = False
    rejected: list[int] = field(default_factory=list)
    confirmed: list[int] = field(default_factory=list)
    alone_reason: str = ""


def candidate_case(report: Report) -> CaseView:
    """The reports linked to this one, with the keys that link them."""
    seen: set[int] = {report.pk}
    frontier = {report.pk}
    rows: dict[int, list[tuple[str, str, bool]]] = {}
    hubs: dict[str, int] = {}
    truncated = False
    while frontier:
        found = list(
            LinkKey.objects.filter(report_id__in=frontier).values_list(
                "report_id", "key_type", "key_hash", "strong"
            )
        )
        for report_id, key_type, key_hash, strong in found:
            rows.setdefault(report_id, []).append((key_type, key_hash, strong))
        strong_hashes = {h for _r, _t, h, s in found if s} - set(hubs)
        hubs.update(hub_hashes(strong_hashes))
        usable = strong_hashes - set(hubs)
        neighbours = set(
            LinkKey.objects.filter(key_hash__in=usable, strong=True)
            .exclude(report_id__in=seen)
            .values_list("report_id", flat=True)
        )
        # Links staff confirmed hold even without a shared strong key.
        for a, b in LinkDecision.objects.filter(
            Q(report_a_id__in=frontier) | Q(report_b_id__in=frontier),
            decision=LinkDecision.CONFIRM,
        ).values_list("report_a_id", "report_b_id"):
            neighbours |= {a, b} - seen
        if len(seen) + len(neighbours) > MAX_CASE:
            neighbours = set(sorted(neighbours)[: MAX_CASE - len(seen)])
            truncated = True
        seen |= neighbours
        frontier = neighbours
    # Hubs were decided on the whole index above, so the linker takes them as
    # given and decides none itself. A staff confirmation is a pseudo-key of
    # its pair, so it links even when the pair's shared key is a hub.
    linker = Linker(hub_threshold=10**9)
    linker.hubs = {Key(t, h) for keys in rows.values() for t, h, s in keys if s and h in hubs}
    decisions = LinkDecision.objects.filter(report_a_id__in=seen, report_b_id__in=seen)
    for decision in decisions:
        if decision.decision == LinkDecision.REJECT:
            linker.forbid(decision.report_a_id, decision.report_b_id)
    confirmed_pairs = [
        (d.report_a_id, d.report_b_id) for d in decisions if d.decision == LinkDecision.CONFIRM
    ]
    for report_id in sorted(seen):
        keys = [Key(t, h, STRONG if s else WEAK) for t, h, s in rows.get(report_id, [])]
        # A confirmed pair shares a pseudo-key, so explain() names it too.
        keys += [confirmed_key(a, b) for a, b in confirmed_pairs if report_id in (a, b)]
        linker.add(report_id, keys)
    # The linker holds any hashable id; this one was given report pks only.
    members = cast(list[int], linker.case_of(report.pk))
    related = {
        d.report_a_id if d.report_b_id == report.pk else d.report_b_id: d.decision
        for d in LinkDecision.objects.filter(Q(report_a=report) | Q(report_b=report))
    }
    return CaseView(
        report=report.pk,
        members=members,
        links=linker.explain(report.pk),
        hubs=[(t, hubs[h]) for t, h, s in rows.get(report.pk, []) if s and h in hubs],
        truncated=truncated,
        rejected=sorted(r for r, d in related.items() if d == LinkDecision.REJECT),
        confirmed=sorted(r for r, d in related.items() if d == LinkDecision.CONFIRM),
        alone_reason=linker.why_alone(report.pk) if len(members) == 1 else "",
    )


@transaction.atomic
def decide(report: Report, other: Report, decision: str, user) -> LinkDecision:
    """Record staff's decision on a pair (one per pair; a new one replaces it)."""
    a, b = sorted((report.pk, other.pk))
    item, _created = LinkDecision.objects.update_or_create(
        report_a_id=a, report_b_id=b, defaults={"decision": decision, "decided_by": user}
    )
    return item
