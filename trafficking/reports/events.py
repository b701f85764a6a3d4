"""Named events in a report's life: one function each.

Each function writes what that event leaves behind: a row in the report's
own history (ReportEvent, shown to staff on the report) and/or an entry in
the audit log (who looked at or did what, kept after the report is gone).
Services call these; views never write history themselves. The vocabulary
and its labels are reports.constants.EventType and audit.actions.AuditAction.

No function here stores report content: details are slugs, codes, statuses
and references.
"""

from __future__ import annotations

from collections.abc import Iterable

from trafficking.audit.actions import AuditAction, ObjectType
from trafficking.audit.log import record
from trafficking.directory.models import Organisation
from trafficking.linking.models import LinkDecision

from .constants import Direction, EventType, ForwardStatus
from .models import Attachment, Forward, Report, ReportEvent
from .workflow import Action

STATUS_AUDIT = {
    Action.TRIAGE: AuditAction.STATUS_TRIAGE,
    Action.ASK_REPORTER: AuditAction.STATUS_ASK_REPORTER,
    Action.REPORTER_REPLIED: AuditAction.STATUS_REPORTER_REPLIED,
    Action.FORWARD: AuditAction.STATUS_FORWARD,
    Action.CLOSE: AuditAction.STATUS_CLOSE,
    Action.REOPEN: AuditAction.STATUS_REOPEN,
}
PARTNER_ANSWER = {
    ForwardStatus.ACTED: (EventType.PARTNER_ACTED, AuditAction.PARTNER_ACTED),
    ForwardStatus.DECLINED: (EventType.PARTNER_DECLINED, AuditAction.PARTNER_DECLINED),
}
MESSAGE = {
    Direction.TO_REPORTER: (EventType.MESSAGE_TO_REPORTER, AuditAction.MESSAGE_TO_REPORTER),
    Direction.NOTE: (EventType.NOTE, AuditAction.NOTE),
}
LINK = {
    LinkDecision.CONFIRM: (EventType.LINK_CONFIRMED, AuditAction.LINK_CONFIRMED),
    LinkDecision.REJECT: (EventType.LINK_REJECTED, AuditAction.LINK_REJECTED),
}


# ReportEvent.detail's length; a longer detail is cut, never refused.
HISTORY_DETAIL_LENGTH = ReportEvent._meta.get_field("detail").max_length


def _history(
    report: Report,
    event: EventType,
    actor=None,
    *,
    detail: str = "",
    from_status: str = "",
    to_status: str = "",
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        actor=actor,
        action=EventType(event),
        from_status=from_status,
        to_status=to_status,
        detail=detail[:HISTORY_DETAIL_LENGTH],
    )


def _audit(actor, action: AuditAction, report: Report | str, detail: str = "") -> None:
    reference = report if isinstance(report, str) else report.reference
    record(actor, action, ObjectType.REPORT, reference, detail)


# --- Arriving --------------------------------------------------------------


def report_received(report: Report, channel: str) -> None:
    _history(report, EventType.RECEIVED, to_status=report.status, detail=channel)


def reporter_wrote(report: Report, before: str) -> None:
    """The reporter added a message or files through their receipt."""
    _history(report, EventType.REPORTER_MESSAGE, from_status=before, to_status=report.status)


# --- Reading ----------------------------------------------------------------


def report_viewed(report: Report, *, by, in_history: bool) -> None:
    """Every look is audited; the report's own history shows a look only
    when ``in_history`` (once per stretch of work, see triage)."""
    _audit(by, AuditAction.REPORT_VIEWED, report)
    if in_history:
        _history(report, EventType.VIEWED, by)


def queue_previewed(references: Iterable[str], *, by) -> None:
    """The queue showed previews of these reports' text."""
    record(by, AuditAction.QUEUE_PREVIEWED, ObjectType.QUEUE, "", " ".join(references))


def report_exported(report: Report, *, by) -> None:
    _audit(by, AuditAction.REPORT_EXPORTED, report)


def attachment_downloaded(attachment: Attachment, *, by) -> None:
    _audit(by, AuditAction.ATTACHMENT_DOWNLOADED, attachment.report, f"attachment {attachment.pk}")


def partner_downloaded(attachment: Attachment, item: Forward, *, by) -> None:
    _audit(
        by,
        AuditAction.PARTNER_DOWNLOADED,
        attachment.report,
        f"attachment {attachment.pk} ({item.organisation.slug})",
    )


# --- Working on it ----------------------------------------------------------


def status_changed(report: Report, action: str, before: str, *, by, detail: str = "") -> None:
    """A move through the workflow; ``report.status`` is already the new one."""
    audit_action = STATUS_AUDIT[Action(action)]  # refuses an unknown step before writing
    _history(
        report,
        EventType(action),
        by,
        from_status=before,
        to_status=report.status,
        detail=detail,
    )
    _audit(by, audit_action, report, f"{before} -> {report.status}")


def forwarded_status(report: Report, before: str, *, by) -> None:
    """The report's status moved to forwarded because a partner now has it
    (the forward itself is audited by report_forwarded / override_approved)."""
    _history(report, EventType.FORWARD, by, from_status=before, to_status=report.status)


def report_assigned(report: Report, assignee_name: str, *, by) -> None:
    _history(report, EventType.ASSIGNED, by, detail=assignee_name)
    _audit(by, AuditAction.ASSIGNED, report, assignee_name)


def report_classified(report: Report, form: str, *, by) -> None:
    _history(report, EventType.CLASSIFIED, by, detail=form)
    _audit(by, AuditAction.CLASSIFIED, report, form)


def message_written(report: Report, direction: str, *, by) -> None:
    event, action = MESSAGE[Direction(direction)]
    _history(report, event, by)
    _audit(by, action, report)


def item_added(report: Report, kind: str, *, by) -> None:
    _history(report, EventType.ITEM_ADDED, by, detail=kind)
    _audit(by, AuditAction.ITEM_ADDED, report, kind)


def link_decided(report: Report, other: Report, decision: str, *, by) -> None:
    """Staff confirmed or rejected that ``other`` is about the same situation."""
    event, action = LINK[decision]
    _history(report, event, by, detail=other.reference)
    _audit(by, action, report, other.reference)


# --- Sharing with partners --------------------------------------------------


def report_forwarded(report: Report, organisation: Organisation, basis: str, *, by) -> None:
    _history(report, EventType.FORWARD, by, detail=organisation.slug)
    _audit(by, AuditAction.FORWARDED, report, f"to {organisation.slug} ({basis})")


def override_requested(report: Report, organisation: Organisation, basis: str, *, by) -> None:
    _history(report, EventType.FORWARD_OVERRIDE_REQUESTED, by, detail=organisation.slug)
    _audit(by, AuditAction.FORWARD_OVERRIDE_REQUESTED, report, f"to {organisation.slug} ({basis})")


def override_approved(item: Forward, *, by) -> None:
    _history(item.report, EventType.FORWARD_OVERRIDE_APPROVED, by, detail=item.organisation.slug)
    _audit(by, AuditAction.FORWARD_OVERRIDE_APPROVED, item.report, f"to {item.organisation.slug}")


def partner_viewed(item: Forward, *, by) -> None:
    _audit(by, AuditAction.PARTNER_VIEWED, item.report, item.organisation.slug)


def partner_received(item: Forward, *, by) -> None:
    _history(item.report, EventType.PARTNER_RECEIVED, by, detail=item.organisation.slug)
    _audit(by, AuditAction.PARTNER_RECEIVED, item.report, item.organisation.slug)


def partner_answered(item: Forward, *, by) -> None:
    """The partner said whether they acted (``item.status`` holds the answer)."""
    event, action = PARTNER_ANSWER[ForwardStatus(item.status)]
    _history(item.report, event, by, detail=item.organisation.slug)
    _audit(by, action, item.report, item.organisation.slug)


def all_partners_answered(report: Report, *, by) -> None:
    _history(report, EventType.ALL_PARTNERS_ANSWERED, by)


# --- Leaving ----------------------------------------------------------------


def deleted_by_retention(reference: str, received_on: str) -> None:
    _audit(None, AuditAction.DELETED_BY_RETENTION, reference, f"received {received_on}")
