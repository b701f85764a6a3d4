"""The audit log, for supervisors."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ..access import VIEW_AUDIT_LOG, staff_required
from ..selectors import latest_audit_entries


@never_cache
@staff_required(VIEW_AUDIT_LOG)
def audit_log(request):
    return render(request, "intake/audit.html", {"entries": latest_audit_entries()})
