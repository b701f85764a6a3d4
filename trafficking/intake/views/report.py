"""One report: its page and its export."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from trafficking.reports import triage
from trafficking.reports.models import Report

from ..access import VIEW_REPORT, staff_required
from ..forms import ClassifyForm, ForwardForm, ItemForm, MessageForm
from ..selectors import report_page
from ..services import export_report


@never_cache
@staff_required(VIEW_REPORT)
def report_detail(request, pk: int):
    report = get_object_or_404(Report.objects.select_related("assigned_to"), pk=pk)
    # Decrypting the content is a look at it: triage writes that to the log.
    content = triage.open_report(report, request.user)
    context = {**report_page(report, request.user), **_forms(report), "content": content}
    return render(request, "intake/report.html", context)


def _forms(report: Report) -> dict:
    """The empty forms of the report page (they post to report_action)."""
    return {
        "message_form": MessageForm(),
        "classify_form": ClassifyForm(
            initial={"form": report.form_classified or report.form_reported or None}
        ),
        "forward_form": ForwardForm(report=report),
        "item_form": ItemForm(),
    }


@never_cache
@staff_required(VIEW_REPORT)
def report_export(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    response = HttpResponse(export_report(report, request.user), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.json"'
    return response
