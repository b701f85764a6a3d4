"""Who may do what. Roles are Django groups with permissions (see the
migration that creates them); every staff and partner page also requires a
session verified with a second factor (TOTP)."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from trafficking.reports.models import PartnerMembership

INTAKE = "intake"
SUPERVISOR = "supervisor"
PARTNER = "partner"


def _verified(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_verified()


def staff_required(permission: str):
    """Logged in with 2FA and holding ``permission``; else login or 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _verified(request.user):
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
        if not _verified(request.user):
            return redirect("intake:login")
        membership = PartnerMembership.objects.filter(user=request.user).first()
        if membership is None:
            raise PermissionDenied
        request.partner_organisation = membership.organisation
        return view(request, *args, **kwargs)

    return wrapper


def landing_for(user) -> str:
    """Where a user goes after logging in."""
    if user.has_perm("reports.view_report_content"):
        return "intake:queue"
    if PartnerMembership.objects.filter(user=user).exists():
        return "intake:partner_list"
    return "intake:no_role"
