"""The queue: the console's front page."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from trafficking.linking.alerts import recent_identifier_alerts

from ..access import APPROVE_OVERRIDE, VIEW_REPORT, landing_for, staff_required, verified
from ..forms import QueueFilterForm
from ..queue import filtered_reports, queue_page
from ..selectors import pending_overrides

PAGE_PARAMETER = "pagina"


@never_cache
def queue(request):
    """The queue for intake; anyone else is sent where their work is."""
    user = request.user
    if verified(user) and not user.has_perm(VIEW_REPORT):
        # A partner (or the directory editor) who opens /intake/ lands in
        # their own part, not on a bare 403.
        landing = landing_for(user)
        if landing != "intake:no_role":
            return redirect(landing)
    return _queue(request)


@staff_required(VIEW_REPORT)
def _queue(request):
    filters = QueueFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    reports, search = filtered_reports(data, request.user)
    page, rows = queue_page(reports, request.GET.get(PAGE_PARAMETER), request.user)
    # The page links keep the filters.
    params = request.GET.copy()
    params.pop(PAGE_PARAMETER, None)
    context = {
        "filters": filters,
        "rows": rows,
        "page": page,
        "search": search,
        "query_string": params.urlencode(),
        "pending": pending_overrides() if request.user.has_perm(APPROVE_OVERRIDE) else [],
        "identifier_alerts": recent_identifier_alerts(),
    }
    return render(request, "intake/queue.html", context)
