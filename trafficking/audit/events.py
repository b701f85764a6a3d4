"""Named audit events that do not concern one report: signing in and out,
and system jobs. Report events are in reports/events.py, account changes in
audit/accounts.py."""

from __future__ import annotations

from .actions import AuditAction, ObjectType
from .log import record


def logged_in(user) -> None:
    record(user, AuditAction.LOGIN, ObjectType.USER, user.get_username())


def login_token_rejected(user) -> None:
    """The password was right, the code from the app was not."""
    record(user, AuditAction.LOGIN_BAD_TOKEN, ObjectType.USER, user.get_username())


def logged_out(user) -> None:
    record(user, AuditAction.LOGOUT, ObjectType.USER, user.get_username())


def index_rebuilt(reports: int, keys: int) -> None:
    record(
        None, AuditAction.RELINKED, ObjectType.LINKING, "index", f"{reports} reports, {keys} keys"
    )


def capacity_set(capacity, *, by) -> None:
    """A supervisor set the reporting point's intake capacity from a date."""
    record(
        by,
        AuditAction.CAPACITY_SET,
        ObjectType.CAPACITY,
        str(capacity.pk),
        f"{capacity.hours_per_week} h/week, {capacity.minutes_per_report} min/report "
        f"from {capacity.effective_from.isoformat()}",
    )


def survey_invited(invitation, *, by) -> None:
    """Staff invited an organisation to the survey (the token is never logged)."""
    record(
        by,
        AuditAction.SURVEY_INVITED,
        ObjectType.SURVEY_INVITATION,
        str(invitation.pk),
        f"{invitation.organisation.slug}, until {invitation.expires_at.date().isoformat()}",
    )


def survey_invitation_revoked(invitation, *, by) -> None:
    record(
        by,
        AuditAction.SURVEY_INVITATION_REVOKED,
        ObjectType.SURVEY_INVITATION,
        str(invitation.pk),
        invitation.organisation.slug,
    )


def survey_changes_decided(response, *, accepted: int, rejected: int, stale: int, by) -> None:
    """Staff decided on proposed changes of one survey response."""
    record(
        by,
        AuditAction.SURVEY_CHANGES_DECIDED,
        ObjectType.SURVEY_RESPONSE,
        str(response.pk),
        f"{accepted} accepted, {rejected} rejected, {stale} stale",
    )
