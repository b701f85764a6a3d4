"""Account, role and second-factor changes in the audit log.

Who may open reports is decided by accounts, groups, group permissions,
partner memberships and TOTP devices, so every change to them is an audit
event, one named function each. They name accounts, groups and permissions,
never a password, a password hash or a TOTP key.

The actor is whoever's request is running (the admin), or the system for a
management command or the shell (see ``current_actor``).
"""

from __future__ import annotations

from simple_history.models import HistoricalRecords

from .actions import AuditAction, ObjectType
from .log import record


def current_actor():
    """The user of the request being handled, or None outside a request.

    simple_history's HistoryRequestMiddleware (in MIDDLEWARE for the
    directory's change history) already keeps the current request; reading
    it here means the signal receivers need no request of their own.
    """
    request = getattr(HistoricalRecords.context, "request", None)
    return getattr(request, "user", None)


def _user(action: AuditAction, user, detail: str = "") -> None:
    """``user`` is an account or, once it may be gone, its username."""
    name = user if isinstance(user, str) else user.get_username()
    record(current_actor(), action, ObjectType.USER, name, detail)


def user_created(user, *, flags: dict[str, bool]) -> None:
    _user(AuditAction.USER_CREATED, user, ", ".join(_flags(flags)))


def user_changed(user, *, fields: list[str], flags: dict[str, bool]) -> None:
    """``fields`` names what changed (not the values); ``flags`` gives the
    new value of changed yes/no fields such as is_active and is_staff."""
    _user(AuditAction.USER_CHANGED, user, ", ".join([*fields, *_flags(flags)]))


def user_deleted(user) -> None:
    _user(AuditAction.USER_DELETED, user)


def password_changed(user) -> None:
    _user(AuditAction.PASSWORD_CHANGED, user)


def user_group_added(user, group_name: str) -> None:
    _user(AuditAction.USER_GROUP_ADDED, user, group_name)


def user_group_removed(user, group_name: str) -> None:
    _user(AuditAction.USER_GROUP_REMOVED, user, group_name)


def user_permission_added(user, permission: str) -> None:
    _user(AuditAction.USER_PERMISSION_ADDED, user, permission)


def user_permission_removed(user, permission: str) -> None:
    _user(AuditAction.USER_PERMISSION_REMOVED, user, permission)


def _group(action: AuditAction, name: str, detail: str = "") -> None:
    record(current_actor(), action, ObjectType.GROUP, name, detail)


def group_created(name: str) -> None:
    _group(AuditAction.GROUP_CREATED, name)


def group_renamed(name: str, *, old_name: str) -> None:
    _group(AuditAction.GROUP_RENAMED, name, f"was {old_name}")


def group_deleted(name: str) -> None:
    _group(AuditAction.GROUP_DELETED, name)


def group_permission_added(name: str, permission: str) -> None:
    _group(AuditAction.GROUP_PERMISSION_ADDED, name, permission)


def group_permission_removed(name: str, permission: str) -> None:
    _group(AuditAction.GROUP_PERMISSION_REMOVED, name, permission)


def partner_membership_created(user, organisation: str) -> None:
    _user(AuditAction.PARTNER_MEMBERSHIP_CREATED, user, organisation)


def partner_membership_changed(user, organisation: str) -> None:
    _user(AuditAction.PARTNER_MEMBERSHIP_CHANGED, user, organisation)


def partner_membership_deleted(user, organisation: str) -> None:
    _user(AuditAction.PARTNER_MEMBERSHIP_DELETED, user, organisation)


def totp_device_created(user, device_name: str) -> None:
    _user(AuditAction.TOTP_DEVICE_CREATED, user, device_name)


def totp_device_deleted(user, device_name: str) -> None:
    _user(AuditAction.TOTP_DEVICE_DELETED, user, device_name)


def _flags(flags: dict[str, bool]) -> list[str]:
    return [f"{name}={value}" for name, value in flags.items()]
