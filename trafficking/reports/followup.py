"""The reporter's side after submitting: finding the report by receipt,
reading questions from staff, answering and adding information."""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.utils import timezone

from . import crypto, receipts
from .attachments import CleanAttachment
from .constants import Direction
from .models import Message, Report, ReportEvent
from .signals import report_content_changed
from .submission import files_removed_on_failure, retention_deadline, store_attachment
from .workflow import Action, Status, TransitionNotAllowed, next_status


def find_by_receipt(code: str) -> Report | None:
    compact = receipts.normalise(code)
    if compact is None:
        return None
    return Report.objects.filter(receipt_hash=receipts.digest(compact)).first()


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
    report: Report, text: str, attachments: list[CleanAttachment] = (), language: str = ""
) -> Message:
    """Store the reporter's answer or addition, sealed, in one transaction."""
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
        locked.delete_after = retention_deadline(timezone.now())
        locked.save()
        ReportEvent.objects.create(
            report=locked,
            action="reporter_message",
            from_status=before,
            to_status=locked.status,
        )
        transaction.on_commit(
            lambda: report_content_changed.send(sender=Report, report_id=locked.pk)
        )
    return message
