"""Accounts, groups and second factors in the admin, without secrets.

Replaces the admins of django.contrib.auth and django-otp (this app comes
after them in INSTALLED_APPS, so they are registered by the time this runs):

- the user page shows no password hash, not even Django's masked summary;
  a password reset is a separate form and is written to the audit log;
- TOTP devices can be listed, looked at without their key and deleted (a
  lost phone), never added or changed: a new second factor comes only from
  ``manage.py create_staff_user`` on the server, so a web session alone can
  never give an account a factor it can log in with;
- an administrator cannot raise their own rights: their own groups, the
  permissions of a group they are in, superuser status and per-user
  permissions are read-only to them, and superusers are out of their reach;
- django-rq's queue pages (job arguments, errors, clear and requeue) need
  django-rq's own permission instead of merely is_staff; no role holds it.

Every change here is written to the audit log by trafficking.audit.receivers.
"""

from __future__ import annotations

from functools import wraps

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, reverse
from django.utils.html import format_html
from django_otp.plugins.otp_totp.models import TOTPDevice

User = get_user_model()

for model in (User, Group, TOTPDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class HashFreeUserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The stock field renders the algorithm, salt and the start of the hash.
        self.fields.pop("password", None)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    form = HashFreeUserChangeForm
    fieldsets = [
        (None, {"fields": ["username", "password_reset"]}),
        ("Persoonlijke gegevens", {"fields": ["first_name", "last_name", "email"]}),
        (
            "Rechten",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Belangrijke datums", {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["password_reset", "last_login", "date_joined"]

    @admin.display(description="Wachtwoord")
    def password_reset(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("admin:auth_user_password_change", args=[obj.pk])
        return format_html('<a href="{}">Nieuw wachtwoord instellen</a>', url)

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
            if obj is not None and obj.pk == request.user.pk:
                fields += ["is_active", "is_staff", "groups"]
        return fields


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if (
            obj is not None
            and not request.user.is_superuser
            and request.user.groups.filter(pk=obj.pk).exists()
        ):
            fields.append("permissions")
        return fields


@admin.register(TOTPDevice)
class KeylessTOTPDeviceAdmin(admin.ModelAdmin):
    # "key" is left out everywhere; so are django-otp's QR-code and config
    # pages, which show it too.
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "name"]
    fields = (
        "user",
        "name",
        "confirmed",
        "created_at",
        "last_used_at",
        "throttling_failure_count",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# django-rq's API views authenticate with their own token and show counts only.
RQ_TOKEN_VIEWS = frozenset({"django_rq_home_json", "django_rq_metrics"})


def _register_queue_dashboard() -> None:
    """django-rq's dashboard, behind its own permission, where the [redis]
    extra is installed (settings adds django_rq to INSTALLED_APPS then)."""
    from django_rq.admin import QueueAdmin
    from django_rq.models import Dashboard

    class GuardedQueueAdmin(QueueAdmin):
        def get_urls(self):
            return [
                pattern if pattern.name in RQ_TOKEN_VIEWS else _needs_rq_permission(pattern)
                for pattern in super().get_urls()
            ]

        def has_module_permission(self, request):
            return request.user.has_perm("django_rq.admin")

    if admin.site.is_registered(Dashboard):
        admin.site.unregister(Dashboard)
    admin.site.register(Dashboard, GuardedQueueAdmin)


def _needs_rq_permission(pattern: URLPattern) -> URLPattern:
    view = pattern.callback

    @wraps(view)
    def guarded(request, *args, **kwargs):
        # Others are sent to the admin's login by the view itself.
        if request.user.is_staff and not request.user.has_perm("django_rq.admin"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return URLPattern(pattern.pattern, guarded, pattern.default_args, pattern.name)


if apps.is_installed("django_rq"):
    _register_queue_dashboard()
