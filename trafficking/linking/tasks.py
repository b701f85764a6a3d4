"""Linking in the background (inline with the default task backend).

A report's ``link_pending`` flag is set in the transaction that stores new
content and cleared here, under the same row lock, once the index holds that
content. If the queue was down when a report was stored, its flag stays set:
``link_pending_reports`` (run by ``manage.py relink --pending`` from a timer,
and after every successful link task) catches up.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

CATCH_UP_BATCH = 200
CATCH_UP_EVERY = 30.0  # seconds
_last_catch_up = float("-inf")


def _catch_up_after() -> timedelta:
    # Reports pending for longer than this are clearly not waiting for a task
    # still in the queue; younger ones are left to their own task.
    return timedelta(seconds=settings.LINK_CATCH_UP_AFTER)


def index_pending(report_id: int) -> bool:
    """(Re)index one report and clear its pending flag; False if it is gone."""
    from trafficking.reports.models import Report

    from .index import index_report

    with transaction.atomic():
        # The lock orders this against a reporter adding information at the
        # same moment: their transaction sets the flag again after ours.
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            return False
        index_report(report)
        Report.objects.filter(pk=report_id).update(link_pending=False)
    return True


def catch_up(older_than: timedelta | None = None, limit: int = CATCH_UP_BATCH) -> int:
    """Index reports whose link task never ran (queue down at the time)."""
    from trafficking.reports.models import Report

    older_than = _catch_up_after() if older_than is None else older_than
    cutoff = timezone.now() - older_than
    ids = list(
        Report.objects.filter(link_pending=True, updated_at__lt=cutoff)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:limit]
    )
    done = 0
    for report_id in ids:
        try:
            done += index_pending(report_id)
        except Exception as error:
            # One report that cannot be indexed (a key that will not unwrap)
            # must not stop the others; it stays pending and is retried.
            logger.error(
                "Linking report %s failed (%s); it stays pending.", report_id, type(error).__name__
            )
    if done:
        logger.info("Linked %d report(s) that were still pending.", done)
    return done


@task()
def link_report(report_id: int) -> int:
    from .models import LinkKey

    index_pending(report_id)
    # The queue works (again): take the chance to catch up on what it missed,
    # at most every CATCH_UP_EVERY seconds per process, not on every report.
    global _last_catch_up
    now = time.monotonic()
    if now - _last_catch_up >= CATCH_UP_EVERY:
        _last_catch_up = now
        catch_up()
    return LinkKey.objects.filter(report_id=report_id).count()


@task()
def link_pending_reports() -> int:
    return catch_up(older_than=timedelta(0), limit=10_000)
