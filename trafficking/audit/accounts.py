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

from .log import record

# AuditEntry.object_ref is 64 characters; usernames may be longer.
REF_LENGTH = 64


def current_actor():
    """The user of the request being handled, or None outside a request.

    simple_history's HistoryRequestMiddleware (in MIDDLEWARE for the
    directory's change history) already keeps the current request; reading
    it here means the signal receivers need no request of their own.
    """
    request = getattr(HistoricalRecords.context, "request", None)
    return getattr(request, "user", None)


def _ref(value) -> str:
    return str(value)[:REF_LENGTH]


def _user(action: str, user, detail: str = "") -> None:
    """``user`` is an account or, once it may be gone, its username."""
    name = user if isinstance(user, str) else user.get_username()
    record(current_actor(), action, "user", _ref(name), detail)


def user_created(user, *, flags: dict[str, bool]) -> None:
    _user("user_created", user, ", ".join(_flags(flags)))


def user_changed(user, *, fields: list[str], flags: dict[str, bool]) -> None:
    """``fields`` names what changed (not the values); ``flags`` gives the
    new value of changed yes/no fields such as is_active and is_staff."""
    _user("user_changed", user, ", ".join([*fields, *_flags(flags)]))


def user_deleted(user) -> None:
    _user("user_deleted", user)


def password_changed(user) -> None:
    _user("password_changed", user)


def user_group_added(user, group_name: str) -> None:
    _user("user_group_added", user, group_name)


def user_group_removed(user, group_name: str) -> None:
    _user("user_group_removed", user, group_name)


def user_permission_added(user, permission: str) -> None:
    _user("user_permission_added", user, permission)


def user_permission_removed(user, permission: str) -> None:
    _user("user_permission_removed", user, permission)


def _group(action: str, name: str, detail: str = "") -> None:
    record(current_actor(), action, "group", _ref(name), detail)


def group_created(name: str) -> None:
    _group("group_created", name)


def group_renamed(name: str, *, old_name: str) -> None:
    _group("group_renamed", name, f"was {old_name}")


def group_deleted(name: str) -> None:
    _group("group_deleted", name)


def group_permission_added(name: str, permission: str) -> None:
    _group("group_permission_added", name, permission)


def group_permission_removed(name: str, permission: str) -> None:
    _group("group_permission_removed", name, permission)


def partner_membership_created(user, organisation: str) -> None:
    _user("partner_membership_created", user, organisation)


def partner_membership_changed(user, organisation: str) -> None:
    _user("partner_membership_changed", user, organisation)


def partner_membership_deleted(user, organisation: str) -> None:
    _user("partner_membership_deleted", user, organisation)


def totp_device_created(user, device_name: str) -> None:
    _user("totp_device_created", user, device_name)


def totp_device_deleted(user, device_name: str) -> None:
    _user("totp_device_deleted", user, device_name)


def _flags(flags: dict[str, bool]) -> list[str]:
    return [f"{name}={value}" for name, value in flags.items()]
