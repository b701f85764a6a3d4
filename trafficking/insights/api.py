"""Open data: the insights figures as JSON at /api/v1/open/ (CC BY 4.0).

The same ``Figure`` objects as the pages and downloads, always the public
version: counts of reports under 5 are the string "< 5" and the other counts
of reports are rounded to a multiple of 5, so that small ones cannot be
computed back (suppression.py). No staff figure is ever served here, whoever
asks.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from trafficking.directory.api import ErrorOut, _empty_choices, _enum_param
from trafficking.directory.catalogue import current_catalogue

from . import cache, figures
from .exports import ATTRIBUTION, LICENCE
from .figure import Figure
from .forms import ReportFilterForm
from .report_figures import Selection
from .report_figures import channel_choices as _channels
from .report_figures import form_choices as _forms

router = Router(tags=["open data"])

Cell = int | float | str | None


class FigureSummaryOut(Schema):
    key: str
    title: str
    url: str = Field(..., description="This figure's path in the open-data API")


class FigureListOut(Schema):
    licence: str
    attribution: str
    figures: list[FigureSummaryOut]


class RowOut(Schema):
    key: str = Field(..., description="Stable key of the row (an option, a CBS code, a week)")
    label: str
    cells: list[Cell] = Field(
        ...,
        description='Values per column; report counts: "< 5" for a suppressed count, others '
        "rounded to a multiple of 5",
    )


class FigureOut(Schema):
    key: str
    title: str
    summary: str
    columns: list[str]
    rows: list[RowOut]
    source: str
    as_of: str = Field(..., description="ISO date of the data")
    denominator: int | None = Field(None, description="n: what shares are of")
    unit: str
    notes: list[str]
    licence: str
    attribution: str


class ReportsOut(Schema):
    licence: str
    attribution: str
    too_small: bool = Field(
        ..., description='True: the selection holds fewer than 5 reports and only "< 5" is given'
    )
    total: Cell = Field(
        ..., description='The selection\'s total, rounded to a multiple of 5, or "< 5"'
    )
    figures: list[FigureOut]


def kept_json(name: str, question: str, today, build) -> HttpResponse:
    """The answer as JSON bytes kept per data version and language (cache.py).

    Public answers only, so the same for everyone; serialising and checking
    thirty figures against the schema on every request cost more than the
    rest of the request. ``build`` returns what the operation's schema says.
    """
    content = cache.cached(
        f"api:{name}", question, today, lambda: json.dumps(build(), ensure_ascii=False).encode()
    )
    return HttpResponse(content, content_type="application/json; charset=utf-8")


def figure_out(figure: Figure) -> dict:
    return {
        "key": figure.key,
        "title": figure.title,
        "summary": figure.summary,
        "columns": list(figure.columns),
        "rows": [
            {"key": key, "label": label, "cells": list(cells)}
            for key, (label, cells) in zip(figure.row_keys, figure.rows, strict=True)
        ],
        "source": figure.source,
        "as_of": figure.as_of.isoformat(),
        "denominator": figure.denominator,
        "unit": figure.unit,
        "notes": list(figure.notes),
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
    }


@router.get(
    "/open/figures",
    response={200: FigureListOut, 400: ErrorOut},
    summary="The insights figures (open data)",
    description="Every figure of the insights pages: the directory, the campaign register, the "
    "survey and the reports over time (national). Licence CC BY 4.0.",
)
def list_figures(request: HttpRequest):
    today = timezone.localdate()

    def build() -> dict:
        found = list(figures.all_figures(today).values())
        found += list(figures.public_reports(Selection(), today).figures)
        found += [figure for figure, _svg in figures.maps(today)]
        return {
            "licence": LICENCE,
            "attribution": ATTRIBUTION,
            "figures": [
                {"key": f.key, "title": f.title, "url": f"/api/v1/open/figures/{f.key}"}
                for f in found
            ],
        }

    return kept_json("figures", "", today, build)


@router.get(
    "/open/figures/{key}",
    response={200: FigureOut, 400: ErrorOut, 404: ErrorOut},
    summary="One insights figure (open data)",
)
def get_figure(
    request: HttpRequest,
    key: str = Path(..., description="The figure's key, as in `/open/figures`"),
):
    today = timezone.localdate()
    figure = figures.find_figure(key, today)
    if figure is None:
        return Status(404, {"errors": {"key": [_("Deze figuur bestaat niet.")]}})
    return kept_json("figure", key, today, lambda: figure_out(figure))


class ReportFilters(Schema):
    form: str | None = _enum_param([k for k, _l in _forms()], "Form of exploitation")
    province: str | None = Field(
        None, description='A province\'s CBS code (PVxx), "abroad" or "unknown"'
    )
    channel: str | None = _enum_param([k for k, _l in _channels()], "How reports came in")
    period: str | None = Field(
        None, description='"52" (the last 52 complete weeks, default), a year, or "all"'
    )


@router.get(
    "/open/reports",
    response={200: ReportsOut, 400: ErrorOut},
    summary="Reports over time (open data, small counts suppressed)",
    description="Weekly counts of reports by form, province and channel for the chosen "
    'selection. Counts under 5 are "< 5"; a selection of fewer than 5 reports gives nothing '
    "but that.",
)
def reports(request: HttpRequest, filters: Query[ReportFilters]):
    if refused := _empty_choices(filters):
        return refused
    today = timezone.localdate()
    values = filters.dict()
    data = {
        "vorm": values.get("form") or "",
        "provincie": values.get("province") or "",
        "kanaal": values.get("channel") or "",
        "periode": values.get("period") or "52",
    }
    form = ReportFilterForm(data, gazetteer=current_catalogue().gazetteer, today=today)
    if not form.is_valid():
        names = {"vorm": "form", "provincie": "province", "kanaal": "channel", "periode": "period"}
        errors = {names[field]: [str(e) for e in errs] for field, errs in form.errors.items()}
        return Status(400, {"errors": errors})
    selection = form.selection()

    def build() -> dict:
        result = figures.public_reports(selection, today)
        return {
            "licence": LICENCE,
            "attribution": ATTRIBUTION,
            "too_small": result.too_small,
            "total": result.total,
            "figures": [figure_out(f) for f in result.figures],
        }

    return kept_json("reports", selection.key(), today, build)
