"""Keeping the linking index of stored reports.

Keys are computed while a report's content is in memory (at submission, or
when the reporter adds information) and stored as keyed hashes, so the index
alone reveals no identifier. Reading a case from the index is cases.py;
look-alike suggestions are case_suggestions.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from trafficking.reports.constants import Direction, ReportKind
from trafficking.reports.models import Message, Report

from .keys import Key, keyed_hash
from .models import LinkKey
from .normalise import report_keys


def _secret() -> bytes:
    return settings.LINK_SECRET.encode()


def keys_of_content(content: dict, extra_texts: Iterable[str] = ()) -> tuple[Key, ...]:
    """The keys of a report's content, plus texts the reporter added later."""
    text = "\n".join([content.get("text", ""), content.get("address", ""), *extra_texts])
    items = list(content.get("items", []))
    if content.get("address"):
        items.append({"type": "address", "value": content["address"]})
    return report_keys(items, text)


def _reporter_messages() -> QuerySet[Message]:
    return Message.objects.filter(direction=Direction.FROM_REPORTER)


def with_reporter_messages(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Prefetch what the reporters added later, for ``keys_of_report`` on many."""
    return reports.prefetch_related(
        Prefetch("messages", queryset=_reporter_messages(), to_attr="reporter_messages")
    )


def reporter_texts(report: Report) -> list[str]:
    """What the reporter added later (prefetched by ``with_reporter_messages``)."""
    key = report.data_key()
    messages = getattr(report, "reporter_messages", None)
    if messages is None:
        messages = _reporter_messages().filter(report=report)
    return [m.body(key).get("text", "") for m in messages]


def keys_of_report(report: Report) -> tuple[Key, ...]:
    """The keys of a stored report; opens (decrypts) its content."""
    return keys_of_content(report.content(), reporter_texts(report))


@transaction.atomic
def index_report(report: Report) -> int:
    """(Re)compute a report's keys and store their hashes; returns the count."""
    if report.kind != ReportKind.REPORT:
        return 0
    secret = _secret()
    rows = {(key.type, keyed_hash(secret, key)): key.strong for key in keys_of_report(report)}
    LinkKey.objects.filter(report=report).delete()
    LinkKey.objects.bulk_create(
        [LinkKey(report=report, key_type=t, key_hash=h, strong=s) for (t, h), s in rows.items()]
    )
    return len(rows)


def rebuild_index() -> tuple[int, int]:
    """Recompute every report's keys (manage.py relink)."""
    reports = keys = 0
    LinkKey.objects.all().delete()
    for report in Report.objects.filter(kind=ReportKind.REPORT).iterator(chunk_size=200):
        keys += index_report(report)
        reports += 1
    return reports, keys
