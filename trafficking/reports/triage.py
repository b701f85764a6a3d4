"""What intake staff do with a report. Every function records who did what in
the report's history and, for anything that reveals content, the audit log."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import crypto, events
from .constants import Direction, ReportKind
from .models import Message, Report, ReportEvent
from .signals import announce_content_changed
from .submission import retention_deadline
from .workflow import Action, Status, next_status

# The history says who opened a report, not every page load: a staff member
# who opens a report, acts on it and is sent back to it shows once per
# stretch of work. The audit log still records every single look.
OPENED_QUIET_PERIOD = timedelta(minutes=30)


def open_report(report: Report, user) -> dict:
    """Decrypt a report for a staff member, and log that they looked."""
    since = timezone.now() - OPENED_QUIET_PERIOD
    seen = ReportEvent.objects.filter(report=report, actor=user, at__gte=since).exists()
    events.report_viewed(report, by=user, in_history=not seen)
    if report.unread_from_reporter:
        Report.objects.filter(pk=report.pk).update(unread_from_reporter=False)
    return report.content()


@transaction.atomic
def apply_action(report: Report, user, action: str, detail: str = "") -> Report:
    """Move a report through the workflow (raises TransitionNotAllowed)."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    before = locked.status
    locked.status = next_status(before, action)
    if action == Action.TRIAGE and locked.assigned_to_id is None:
        locked.assigned_to = user
    locked.delete_after = retention_deadline(timezone.now())
    locked.save()
    events.status_changed(locked, action, before, by=user, detail=detail)
    return locked


@transaction.atomic
def assign(report: Report, user, assignee) -> None:
    Report.objects.filter(pk=report.pk).update(assigned_to=assignee)
    name = assignee.get_username() if assignee else "-"
    events.report_assigned(report, name, by=user)


@transaction.atomic
def classify(report: Report, user, form: str) -> None:
    Report.objects.filter(pk=report.pk).update(form_classified=form)
    events.report_classified(report, form, by=user)


@transaction.atomic
def write_message(report: Report, user, text: str, *, to_reporter: bool, language: str = ""):
    """A question or answer to the reporter, or an internal note."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    key = locked.data_key()
    direction = Direction.TO_REPORTER if to_reporter else Direction.NOTE
    message = Message.objects.create(
        report=locked,
        direction=direction,
        author=user,
        language=language or locked.language,
        sealed_body=crypto.seal_json(key, {"text": text}),
    )
    events.message_written(locked, direction, by=user)
    if to_reporter and locked.status in (Status.NEW, Status.TRIAGE, Status.FORWARDED):
        if locked.status == Status.NEW:
            apply_action(locked, user, Action.TRIAGE)
            locked.refresh_from_db()
        apply_action(locked, user, Action.ASK_REPORTER)
    return message


def messages_for_staff(report: Report) -> list[dict]:
    key = report.data_key()
    return [
        {
            "direction": m.direction,
            "at": m.created_at,
            "author": m.author.get_username() if m.author else "",
            "language": m.language,
            "text": m.body(key).get("text", ""),
        }
        for m in report.messages.select_related("author")
    ]


@transaction.atomic
def add_item(report: Report, user, kind: str, value: str) -> None:
    """Staff enrich a report with an identifier they found (a phone number from
    a call, a plate from a partner); it is sealed with the rest and linked."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    key = locked.data_key()
    content = crypto.unseal_json(key, bytes(locked.sealed_content))
    content.setdefault("items", []).append(
        {"type": kind, "value": value, "added_by": user.get_username()}
    )
    locked.sealed_content = crypto.seal_json(key, content)
    locked.link_pending = locked.kind == ReportKind.REPORT
    locked.save(update_fields=["sealed_content", "link_pending", "updated_at"])
    events.item_added(locked, kind, by=user)
    announce_content_changed(locked.pk)
