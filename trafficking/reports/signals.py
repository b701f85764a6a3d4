"""Signals of the reporting point, so other apps (linking) can react to new
information without the reporting point knowing about them."""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent after the transaction that stored a report, or new information from
# its reporter, has committed. Argument: report_id.
report_content_changed = Signal()


def _announce(report_id: int) -> None:
    # send_robust: the report is stored and the reporter is about to see their
    # receipt; a receiver failing here (Redis down, a bug) must not turn that
    # into an error page. The report keeps link_pending=True, so the sweep
    # (manage.py relink --pending, or the next successful link task) catches up.
    from .models import Report

    for receiver, result in report_content_changed.send_robust(sender=Report, report_id=report_id):
        if isinstance(result, Exception):
            # Ids and exception types only: never content.
            logger.error(
                "After storing report %s, %s failed (%s); it stays pending for the sweep.",
                report_id,
                getattr(receiver, "__qualname__", repr(receiver)),
                type(result).__name__,
            )


def announce_content_changed(report_id: int) -> None:
    """Tell the other apps, once the current transaction has committed."""
    transaction.on_commit(partial(_announce, report_id), robust=True)
