"""Public insights pages: one call to figures.py, then a template."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from trafficking.directory.catalogue import current_catalogue
from trafficking.intake.access import verified

from . import cache, charts, exports, figures
from .figure import Figure
from .forms import ReportFilterForm, quick_selection
from .report_figures import Selection

# Who sees exact report counts (suppression.py does not apply to them).
# Only the roles that may read reports see exact report counts; survey
# reviewers (directory editors) hold no report permission (intake/access.py).
EXACT_PERMISSIONS = ("reports.view_report_content",)


def sees_exact(user) -> bool:
    return verified(user) and any(user.has_perm(p) for p in EXACT_PERMISSIONS)


def kept_page(request, name: str, question: str, build) -> HttpResponse:
    """A public page kept whole per path, cleaned question and data version (cache.py).

    These pages hold no user, no form token and no nonce; staff versions never
    come through here.
    """
    today = timezone.localdate()
    path = hashlib.blake2b(request.path.encode(), digest_size=8).hexdigest()

    def render_page():
        response = build()
        return (response.status_code, response.content, response["Content-Type"])

    status, content, content_type = cache.cached(
        f"page:{name}:{path}", question, today, render_page
    )
    return HttpResponse(content, content_type=content_type, status=status)


def shown(figure: Figure, *, column: bool = False) -> dict:
    """A figure with its chart, ready for the template."""
    values = [cells[0] for _label, cells in figure.rows]
    labels = [label for label, _cells in figure.rows]
    draw = charts.column_chart if column else charts.bar_chart
    chart = draw(
        chart_id=f"chart-{figure.key}",
        title=figure.title,
        description=figure.summary,
        labels=labels,
        values=values,
    )
    rows = list(zip(figure.row_keys, figure.rows, strict=True))
    return {"figure": figure, "chart": chart, "rows": rows}


@require_safe
def overview(request):
    return kept_page(request, "overview", "", lambda: _overview(request))


def _overview(request):
    today = timezone.localdate()
    found = figures.all_figures(today)
    groups = [
        (group, [found[key] for key in group.keys if key in found]) for group in figures.GROUPS
    ]
    return render(request, "insights/overview.html", {"groups": groups, "today": today})


@require_safe
def group_page(request, slug: str):
    group = figures.group(slug)
    if group is None:
        raise Http404
    return kept_page(request, "group", slug, lambda: _group_page(request, group))


def _group_page(request, group):
    today = timezone.localdate()
    found = figures.all_figures(today)
    items = [shown(found[key]) for key in group.keys if key in found]
    return render(request, "insights/group.html", {"group": group, "items": items})


@require_safe
def reports_page(request):
    today = timezone.localdate()
    if not sees_exact(request.user):
        gazetteer = current_catalogue().gazetteer
        quick = quick_selection(request.GET, gazetteer=gazetteer, today=today)
        if quick is not None:
            return kept_page(
                request,
                "reports",
                quick.key(),
                lambda: _public_reports_page(request, gazetteer, today, quick),
            )
    form = ReportFilterForm(
        request.GET or None, gazetteer=current_catalogue().gazetteer, today=today
    )
    if form.is_bound and not form.is_valid():
        return _reports_page(request, form, None)
    selection = form.selection() if form.is_bound else Selection()
    if sees_exact(request.user):
        return _reports_page(request, form, figures.staff_reports(selection, today))
    return kept_page(
        request,
        "reports",
        selection.key(),
        lambda: _reports_page(request, form, figures.public_reports(selection, today)),
    )


def export_query(selection: Selection) -> str:
    """The query that selects ``selection`` again, for the page's download links."""
    return urlencode(
        {
            "vorm": selection.form,
            "provincie": selection.region,
            "kanaal": selection.channel,
            "periode": selection.period or "all",
        }
    )


def _public_reports_page(request, gazetteer, today, selection):
    form = ReportFilterForm(request.GET or None, gazetteer=gazetteer, today=today)
    form.is_valid()
    return _reports_page(request, form, figures.public_reports(selection, today))


def _reports_page(request, form, result):
    items = []
    if result is not None:
        items = [shown(f, column=f.key == "reports-weekly") for f in result.figures]
    query = export_query(result.selection) if result is not None else ""
    response = render(
        request,
        "insights/reports.html",
        {"form": form, "result": result, "items": items, "export_query": query},
    )
    if result is not None and result.exact:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def maps_page(request):
    return kept_page(request, "maps", "", lambda: _maps_page(request))


def _maps_page(request):
    maps = figures.maps(timezone.localdate())
    return render(request, "insights/maps.html", {"maps": maps, "missing": not maps})


@require_safe
def export(request, key: str, extension: str):
    """One figure as CSV or XLSX; report figures for the selection in the query
    (the reports page links with its own), always the public version."""
    today = timezone.localdate()
    selection = None
    if request.GET:
        gazetteer = current_catalogue().gazetteer
        selection = quick_selection(request.GET, gazetteer=gazetteer, today=today)
        if selection is None:
            form = ReportFilterForm(request.GET, gazetteer=gazetteer, today=today)
            if not form.is_valid():
                raise Http404
            selection = form.selection()
    figure = figures.find_figure(key, today, selection)
    if figure is None:
        raise Http404
    name = exports.filename(figure, extension, today)
    if extension == "csv":
        response = HttpResponse(exports.as_csv(figure), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.as_xlsx(figure),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def factsheet(request):
    from .factsheet_views import factsheet_pdf

    return factsheet_pdf(request)
