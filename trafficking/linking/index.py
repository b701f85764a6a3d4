"""Keeping the linking index of stored reports, and reading a report's
candidate case from it.

Keys are computed while a report's content is in memory (at submission, or
when the reporter adds information) and stored as keyed hashes. Reading a
case walks the index from one report outwards, strong non-hub keys only, and
runs the same Linker as the batch tools over what it found, so the live
console and ``link_file`` follow the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q
from rapidfuzz import fuzz

from trafficking.reports.constants import Direction
from trafficking.reports.models import Message, Report

from .engine import Link, Linker, confirmed_key
from .hubs import hub_hashes
from .keys import Key, keyed_hash
from .models import LinkDecision, LinkKey
from .normalise import report_keys
from .suggestions import BLOCK_TYPES, FUZZY_TYPES, MAX_BLOCK, MIN_SCORE

MAX_CASE = 500  # a walk stops here; staff see that the case is larger


def _secret() -> bytes:
    return settings.LINK_SECRET.encode()


def keys_of_content(content: dict, extra_texts: list[str] = ()) -> tuple[Key, ...]:
    text = "\n".join([content.get("text", ""), content.get("address", ""), *extra_texts])
    items = list(content.get("items", []))
    if content.get("address"):
        items.append({"type": "address", "value": content["address"]})
    return report_keys(items, text)


def _reporter_messages():
    return Message.objects.filter(direction=Direction.FROM_REPORTER)


def reporter_texts(report: Report) -> list[str]:
    """What the reporter added later (prefetched as ``reporter_messages`` when many)."""
    key = report.data_key()
    messages = getattr(report, "reporter_messages", None)
    if messages is None:
        messages = _reporter_messages().filter(report=report)
    return [m.body(key).get("text", "") for m in messages]


@transaction.atomic
def index_report(report: Report) -> int:
    """(Re)compute a report's keys and store their hashes; returns the count."""
    if report.kind != "report":
        return 0
    keys = keys_of_content(report.content(), reporter_texts(report))
    secret = _secret()
    rows = {(key.type, keyed_hash(secret, key)): key.strong for key in keys}
    LinkKey.objects.filter(report=report).delete()
    LinkKey.objects.bulk_create(
        [LinkKey(report=report, key_type=t, key_hash=h, strong=s) for (t, h), s in rows.items()]
    )
    return len(rows)


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


def _hub_hashes(hashes: set[str]) -> dict[str, int]:
    """Which of these keys are hubs, by the engine's rule (independent
    sources, then coherence; see hubs.py)."""
    return hub_hashes(hashes)


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
        hubs.update(_hub_hashes(strong_hashes))
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
    # Hubs were decided on the whole index above; a staff confirmation is a
    # pseudo-key of its pair, so it links even when the pair's shared key is
    # a hub.
    linker = Linker(hub_threshold=10**9)
    decisions = LinkDecision.objects.filter(report_a_id__in=seen, report_b_id__in=seen)
    for decision in decisions:
        if decision.decision == LinkDecision.REJECT:
            linker.forbid(decision.report_a_id, decision.report_b_id)
    confirmed_pairs = [
        (d.report_a_id, d.report_b_id) for d in decisions if d.decision == LinkDecision.CONFIRM
    ]
    for report_id in sorted(seen):
        keys = [
            Key(t, h, "strong" if s and h not in hubs else "weak")
            for t, h, s in rows.get(report_id, [])
        ]
        # A confirmed pair shares a pseudo-key, so explain() names it too.
        keys += [confirmed_key(a, b) for a, b in confirmed_pairs if report_id in (a, b)]
        linker.add(report_id, keys)
    members = linker.case_of(report.pk)
    own_hubs = [(t, hubs[h]) for t, h, s in rows.get(report.pk, []) if s and h in hubs]
    related = {
        d.report_a_id if d.report_b_id == report.pk else d.report_b_id: d.decision
        for d in LinkDecision.objects.filter(Q(report_a=report) | Q(report_b=report))
    }
    view = CaseView(
        report=report.pk,
        members=members,
        links=linker.explain(report.pk),
        hubs=own_hubs,
        truncated=truncated,
        rejected=sorted(r for r, d in related.items() if d == LinkDecision.REJECT),
        confirmed=sorted(r for r, d in related.items() if d == LinkDecision.CONFIRM),
    )
    if len(members) == 1:
        if not rows.get(report.pk):
            view.alone_reason = "no identifiers"
        elif not any(s for _t, _h, s in rows[report.pk]):
            view.alone_reason = "only weak identifiers"
        elif own_hubs and all(h in hubs for _t, h, s in rows[report.pk] if s):
            view.alone_reason = "only hub identifiers"
        else:
            view.alone_reason = "no other report shares an identifier"
    return view


@transaction.atomic
def decide(report: Report, other: Report, decision: str, user) -> LinkDecision:
    a, b = sorted((report.pk, other.pk))
    item, _created = LinkDecision.objects.update_or_create(
        report_a_id=a, report_b_id=b, defaults={"decision": decision, "decided_by": user}
    )
    return item


def rebuild_index() -> tuple[int, int]:
    """Recompute every report's keys (manage.py relink)."""
    reports = keys = 0
    LinkKey.objects.all().delete()
    for report in Report.objects.filter(kind="report").iterator(chunk_size=200):
        keys += index_report(report)
        reports += 1
    return reports, keys


__all__ = [
    "CaseView",
    "LinkSuggestion",
    "candidate_case",
    "decide",
    "index_report",
    "rebuild_index",
    "suggestions_for",
]


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
    mine = _weak_values(report)
    if not mine:
        return []
    found = []
    others = Report.objects.filter(pk__in=sorted(candidates)[:limit]).prefetch_related(
        Prefetch("messages", queryset=_reporter_messages(), to_attr="reporter_messages")
    )
    for other in others:
        theirs = _weak_values(other)
        best = None
        for kind in FUZZY_TYPES:
            for x in mine.get(kind, ()):
                for y in theirs.get(kind, ()):
                    score = fuzz.token_sort_ratio(x, y)
                    if score >= MIN_SCORE and (best is None or score > best[1]):
                        best = (kind, score)
        if best:
            found.append(LinkSuggestion(other.pk, best[0], round(best[1], 1), candidates[other.pk]))
    return sorted(found, key=lambda s: (-s.score, s.other))


def _weak_values(report: Report) -> dict[str, set[str]]:
    values: dict[str, set[str]] = {}
    for key in keys_of_content(report.content(), reporter_texts(report)):
        if key.type in FUZZY_TYPES:
            values.setdefault(key.type, set()).add(key.value)
    return values
