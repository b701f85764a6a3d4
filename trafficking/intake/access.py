"""Who may do what. Roles are Django groups with permissions (see the
migrations that create them); every staff and partner page also requires a
session verified with a second factor (TOTP).

No role is a superuser. The two roles that work in the admin (/beheer/) hold
no report permission at all: ``directory_editor`` keeps the directory,
``admin`` keeps accounts and groups. Opening reports, approving overrides and
reading the audit log belong to intake and supervisors (see
docs/threat-model.md, "Insiders").
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from trafficking.reports.models import PartnerMembership

INTAKE = "intake"
SUPERVISOR = "supervisor"
PARTNER = "partner"
CAMPAIGN_MAKER = "campaign_maker"
DIRECTORY_EDITOR = "directory_editor"
ADMIN = "admin"
# Roles that need is_staff to enter the admin; what they may do there comes
# from their group's permissions only.
ADMIN_SITE_ROLES = frozenset({DIRECTORY_EDITOR, ADMIN})
# Roles that work on reports: the people a report can be assigned to.
STAFF_ROLES = (INTAKE, SUPERVISOR)

# The permissions the console checks ("app_label.codename"); the roles that
# hold them are set in the migrations.
VIEW_REPORT = "reports.view_report_content"
TRIAGE_REPORT = "reports.triage_report"
APPROVE_OVERRIDE = "reports.approve_override"
VIEW_AUDIT_LOG = "audit.view_auditentry"
SET_CAPACITY = "campaigns.add_intakecapacity"


def verified(user) -> bool:
    """Logged in, active and past the second factor in this session."""
    return user.is_authenticated and user.is_active and user.is_verified()


def staff_required(permission: str):
    """Logged in with 2FA and holding ``permission``; else login or 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not verified(request.user):
                return redirect("intake:login")
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def partner_required(view):
    """Logged in with 2FA and linked to a partner organisation."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not verified(request.user):
            return redirect("intake:login")
        membership = PartnerMembership.objects.filter(user=request.user).first()
        if membership is None:
            raise PermissionDenied
        request.partner_organisation = membership.organisation
        return view(request, *args, **kwargs)

    return wrapper


def landing_for(user) -> str:
    """Where a user goes after logging in."""
    if user.has_perm(VIEW_REPORT):
        return "intake:queue"
    if PartnerMembership.objects.filter(user=user).exists():
        return "intake:partner_list"
    if hasattr(user, "campaign_maker"):
        return "makers:dashboard"
    if user.is_staff:
        return "admin:index"
    return "intake:no_role"
