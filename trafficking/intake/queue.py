"""Reading the intake queue: filtering, one page of rows, and what each row shows.

A page is 25 reports. Only the reports of that page are decrypted, for a
short preview of their description; that costs one key unwrap and one
unseal per row, so the page stays fast whatever the size of the queue (see
the measurement in the tests). The preview is a look at content and is
written to the audit log, once per page, naming the reports shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import Truncator

from trafficking.core.text import visible
from trafficking.linking.hubs import hub_hashes
from trafficking.linking.models import LinkDecision, LinkKey
from trafficking.reports import events
from trafficking.reports.constants import ReportKind
from trafficking.reports.models import Report
from trafficking.reports.querysets import ReportQuerySet

from .search import QueueSearch, queue_search

PAGE_SIZE = 25
PREVIEW_CHARS = 80


# The queue's filter fields (QueueFilterForm) and the ReportQuerySet method
# each one applies.
FILTERS: dict[str, Callable[[ReportQuerySet, str], ReportQuerySet]] = {
    "urgency": ReportQuerySet.with_urgency,
    "kind": ReportQuerySet.of_kind,
    "language": ReportQuerySet.in_language,
    "form": ReportQuerySet.of_form,
}
# The "assigned" filter's values.
ASSIGNED_TO_ME = "me"
UNASSIGNED = "none"
ASSIGNED: dict[str, Callable[[ReportQuerySet, object], ReportQuerySet]] = {
    ASSIGNED_TO_ME: ReportQuerySet.assigned_to,
    UNASSIGNED: lambda reports, _user: reports.unassigned(),
}


@dataclass
class QueueRow:
    report: Report
    overdue: bool
    preview: str
    linked: int  # other reports sharing a (non-hub) identifier or confirmed by staff


def filtered_reports(data: dict, user) -> tuple[QuerySet[Report], QueueSearch | None]:
    """The reports matching the queue's filters and search, deadline first."""
    reports = Report.objects.select_related("assigned_to")
    search = queue_search(data["q"]) if data.get("q") else None
    if search is not None:
        reports = reports.filter(search.condition)
    if data.get("status"):
        reports = reports.with_status(data["status"])
    elif search is None:
        # Searching looks in closed reports too: that is where a number or a
        # phone number from a call is often found.
        reports = reports.open()
    for field, narrow in FILTERS.items():
        if data.get(field):
            reports = narrow(reports, data[field])
    assigned = ASSIGNED.get(data.get("assigned", ""))
    if assigned is not None:
        reports = assigned(reports, user)
    return reports.deadline_first(), search


def preview_of(report: Report) -> str:
    """The start of the description, without invisible characters."""
    text = " ".join(visible(report.content().get("text", "")).split())
    return Truncator(text).chars(PREVIEW_CHARS)


def linked_counts(report_ids: list[int]) -> dict[int, int]:
    """For each report, how many others share a strong identifier that is not
    a hub, or were confirmed as the same situation, minus rejected pairs.

    A few queries for the whole page; the report page shows the full case.
    """
    own = list(
        LinkKey.objects.filter(report_id__in=report_ids, strong=True).values_list(
            "report_id", "key_hash"
        )
    )
    hashes = {h for _r, h in own}
    usable = hashes - set(hub_hashes(hashes)) if hashes else set()
    holders: dict[str, set[int]] = {}
    for key_hash, report_id in LinkKey.objects.filter(key_hash__in=usable, strong=True).values_list(
        "key_hash", "report_id"
    ):
        holders.setdefault(key_hash, set()).add(report_id)
    others: dict[int, set[int]] = {pk: set() for pk in report_ids}
    for report_id, key_hash in own:
        others[report_id] |= holders.get(key_hash, set())
    decisions = LinkDecision.objects.filter(
        Q(report_a_id__in=report_ids) | Q(report_b_id__in=report_ids)
    ).values_list("report_a_id", "report_b_id", "decision")
    for a, b, decision in decisions:
        for mine, other in ((a, b), (b, a)):
            if mine in others:
                if decision == LinkDecision.CONFIRM:
                    others[mine].add(other)
                else:
                    others[mine].discard(other)
    return {pk: len(found - {pk}) for pk, found in others.items()}


def queue_page(reports: QuerySet, number, user) -> tuple[Page, list[QueueRow]]:
    """One page of the queue with previews (audited) and link counts."""
    page = Paginator(reports, PAGE_SIZE).get_page(number)
    items = list(page.object_list)
    now = timezone.now()
    linked = linked_counts([r.pk for r in items if r.kind == ReportKind.REPORT])
    rows = [
        QueueRow(
            report=r,
            overdue=r.is_overdue(now),
            preview=preview_of(r),
            linked=linked.get(r.pk, 0),
        )
        for r in items
    ]
    if rows:
        events.queue_previewed((row.report.reference for row in rows), by=user)
    return page, rows
