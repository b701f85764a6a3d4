"""The reporter's side after submitting: finding the report by receipt,
reading questions from staff, answering and adding information."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from django.db import DatabaseError, transaction
from django.utils import timezone

from . import crypto, events, receipts
from .attachments import CleanAttachment
from .constants import Direction, ReportKind
from .models import Message, Report
from .signals import announce_content_changed
from .submission import NotStored, files_removed_on_failure, retention_deadline, store_attachment
from .workflow import Action, Status, TransitionNotAllowed, next_status


def find_by_receipt(code: str) -> Report | None:
    digests = receipts.candidate_digests(code)
    if not digests:
        return None
    report = Report.objects.filter(receipt_hash__in=digests).first()
    if report is not None and report.receipt_hash != digests[0]:
        # Hashed under a former pepper: move it to the current one.
        Report.objects.filter(pk=report.pk).update(receipt_hash=digests[0])
        report.receipt_hash = digests[0]
    return report


def conversation(report: Report) -> list[dict]:
    """Messages the reporter may see (not staff notes), oldest first."""
    key = report.data_key()
    return [
        {
            "direction": m.direction,
            "at": m.created_at,
            "text": m.body(key).get("text", ""),
            "attachments": m.attachments.count(),
        }
        for m in report.messages.exclude(direction=Direction.NOTE)
    ]


def add_reporter_message(
    report: Report, text: str, attachments: Sequence[CleanAttachment] = (), language: str = ""
) -> Message:
    """Store the reporter's answer or addition, sealed, in one transaction.

    Raises :class:`NotStored` when storing fails (nothing is kept).
    """
    try:
        key = report.data_key()
        with files_removed_on_failure() as written, transaction.atomic():
            locked = Report.objects.select_for_update().get(pk=report.pk)
            message = Message.objects.create(
                report=locked,
                direction=Direction.FROM_REPORTER,
                language=language or locked.language,
                sealed_body=crypto.seal_json(key, {"text": text}),
            )
            for attachment in attachments:
                store_attachment(locked, key, attachment, written, message=message)
            before = locked.status
            with contextlib.suppress(TransitionNotAllowed):
                locked.status = next_status(before, Action.REPORTER_REPLIED)
            if locked.status == Status.CLOSED:
                # New information on a closed report reopens it for intake.
                locked.status = next_status(Status.CLOSED, Action.REOPEN)
            locked.unread_from_reporter = True
            locked.link_pending = locked.kind == ReportKind.REPORT
            locked.delete_after = retention_deadline(timezone.now())
            locked.save()
            events.reporter_wrote(locked, before)
            announce_content_changed(locked.pk)
    except (DatabaseError, OSError) as error:
        raise NotStored(type(error).__name__) from error
    return message
