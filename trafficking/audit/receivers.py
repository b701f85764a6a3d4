"""Signal receivers that turn account changes into audit events.

Signals rather than admin hooks, deliberately: accounts change in the admin,
in ``manage.py create_staff_user`` and in the shell, and an audit trail that
misses one of those paths would be worse than none. The receivers only
translate a change into a named event in ``accounts.py``; they decide nothing.

Models of other apps are named as strings, so the audit log (a lower layer)
imports none of them.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from . import accounts

PARTNER_MEMBERSHIP = "reports.PartnerMembership"
TOTP_DEVICE = "otp_totp.TOTPDevice"

TRACKED_USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
)
USER_FLAGS = ("is_active", "is_staff", "is_superuser")

# Filled by connect(): many-to-many table -> (owner column, related column,
# event for an added link, event for a removed link).
_LINKS: dict = {}


def connect() -> None:
    user_model = get_user_model()
    _LINKS.update(
        {
            user_model.groups.through: (
                "user",
                "group",
                accounts.user_group_added,
                accounts.user_group_removed,
            ),
            user_model.user_permissions.through: (
                "user",
                "permission",
                accounts.user_permission_added,
                accounts.user_permission_removed,
            ),
            Group.permissions.through: (
                "group",
                "permission",
                accounts.group_permission_added,
                accounts.group_permission_removed,
            ),
        }
    )
    uid = "audit.accounts."
    pre_save.connect(_user_before_save, sender=user_model, dispatch_uid=uid + "user_pre")
    post_save.connect(_user_saved, sender=user_model, dispatch_uid=uid + "user_post")
    post_delete.connect(_user_deleted, sender=user_model, dispatch_uid=uid + "user_del")
    pre_save.connect(_group_before_save, sender=Group, dispatch_uid=uid + "group_pre")
    post_save.connect(_group_saved, sender=Group, dispatch_uid=uid + "group_post")
    post_delete.connect(_group_deleted, sender=Group, dispatch_uid=uid + "group_del")
    for through in _LINKS:
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=uid + through.__name__)
    post_save.connect(_membership_saved, sender=PARTNER_MEMBERSHIP, dispatch_uid=uid + "pm_post")
    post_delete.connect(_membership_deleted, sender=PARTNER_MEMBERSHIP, dispatch_uid=uid + "pm_del")
    post_save.connect(_device_saved, sender=TOTP_DEVICE, dispatch_uid=uid + "totp_post")
    post_delete.connect(_device_deleted, sender=TOTP_DEVICE, dispatch_uid=uid + "totp_del")


# --- Users -------------------------------------------------------------------


def _user_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._audit_before = None
    # Every login saves last_login; that is not an account change (the login
    # itself is logged by the login view).
    if raw or instance.pk is None or update_fields == frozenset({"last_login"}):
        return
    instance._audit_before = (
        sender._default_manager.filter(pk=instance.pk)
        .values(*TRACKED_USER_FIELDS, "password")
        .first()
    )


def _user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created:
        # Only what differs from an ordinary account.
        flags = {
            name: getattr(instance, name)
            for name, usual in (("is_active", True), ("is_staff", False), ("is_superuser", False))
            if getattr(instance, name) != usual
        }
        accounts.user_created(instance, flags=flags)
        return
    before = instance.__dict__.pop("_audit_before", None)
    if before is None:
        return
    changed = [name for name in TRACKED_USER_FIELDS if before[name] != getattr(instance, name)]
    if changed:
        # Names of changed fields only: the log needs no e-mail addresses.
        fields = [
            f"username (was {before['username']})" if name == "username" else name
            for name in changed
            if name not in USER_FLAGS
        ]
        flags = {name: getattr(instance, name) for name in changed if name in USER_FLAGS}
        accounts.user_changed(instance, fields=fields, flags=flags)
    if before["password"] != instance.password and not _is_rehash(instance, update_fields):
        accounts.password_changed(instance)


def _is_rehash(user, update_fields) -> bool:
    # AbstractBaseUser.check_password upgrades an old hash on login by saving
    # only the password with _password cleared: the same password, new hash.
    return update_fields == frozenset({"password"}) and getattr(user, "_password", None) is None


def _user_deleted(sender, instance, **kwargs):
    accounts.user_deleted(instance)


# --- Groups and permissions ----------------------------------------------------


def _group_before_save(sender, instance, raw=False, **kwargs):
    instance._audit_old_name = None
    if not raw and instance.pk is not None:
        instance._audit_old_name = (
            sender._default_manager.filter(pk=instance.pk).values_list("name", flat=True).first()
        )


def _group_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    old_name = instance.__dict__.pop("_audit_old_name", None)
    if created:
        accounts.group_created(instance.name)
    elif old_name is not None and old_name != instance.name:
        accounts.group_renamed(instance.name, old_name=old_name)


def _group_deleted(sender, instance, **kwargs):
    accounts.group_deleted(instance.name)


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """One event per link added or removed, from either side of the table."""
    owner_column, related_column, added, removed = _LINKS[sender]
    if action == "pre_clear":
        # post_clear does not say what was there: remember it now.
        mine, theirs = (related_column, owner_column) if reverse else (owner_column, related_column)
        instance._audit_cleared = set(
            sender._default_manager.filter(**{mine: instance.pk}).values_list(
                f"{theirs}_id", flat=True
            )
        )
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_audit_cleared", set())
    elif action not in ("post_add", "post_remove"):
        return
    event = added if action == "post_add" else removed
    for other in model._default_manager.filter(pk__in=pk_set or ()).select_related().order_by("pk"):
        owner, related = (other, instance) if reverse else (instance, other)
        event(_label(owner), _label(related))


def _label(obj) -> str:
    if isinstance(obj, Permission):
        return f"{obj.content_type.app_label}.{obj.codename}"
    if isinstance(obj, Group):
        return obj.name
    return obj.get_username()


# --- Partner memberships and second factors ----------------------------------


def _username(instance) -> str:
    # On a cascade the account may already be gone; its id still tells who.
    try:
        return instance.user.get_username()
    except ObjectDoesNotExist:
        return f"#{instance.user_id}"


def _organisation(membership) -> str:
    try:
        return membership.organisation.slug
    except ObjectDoesNotExist:
        return f"#{membership.organisation_id}"


def _membership_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    event = accounts.partner_membership_created if created else accounts.partner_membership_changed
    event(_username(instance), _organisation(instance))


def _membership_deleted(sender, instance, **kwargs):
    accounts.partner_membership_deleted(_username(instance), _organisation(instance))


def _device_saved(sender, instance, created, raw=False, **kwargs):
    # A device is saved on every login (last use, drift, throttling): only its
    # creation is an account change. Its key never goes into the log.
    if created and not raw:
        accounts.totp_device_created(_username(instance), instance.name[:100])


def _device_deleted(sender, instance, **kwargs):
    accounts.totp_device_deleted(_username(instance), instance.name[:100])
