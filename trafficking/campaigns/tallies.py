"""Daily report counts per province, form and channel: what a campaign's effect
is measured on, and what the public insights show of the reporting point."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Sum

from trafficking.geography.gazetteer import Gazetteer

from .counters import increment
from .effect import DailySeries
from .models import ReportTally

ABROAD = "abroad"


def region_of(municipality_code: str, abroad: bool, gazetteer: Gazetteer) -> str:
    """The province of a report's municipality, "abroad", or "" when not said."""
    if abroad:
        return ABROAD
    place = gazetteer.get(municipality_code) if municipality_code else None
    return place.province_code if place is not None else ""


def tally_report(
    *,
    day: date,
    municipality_code: str,
    abroad: bool,
    form: str,
    kind: str,
    gazetteer: Gazetteer,
    channel: str = "",
) -> None:
    """Count one received report. Call it in the transaction that stores the report.

    ``channel`` is how it came in (reports.constants.Channel); "" only for
    callers that do not know it, counted like the tallies from before channels.
    """
    increment(
        ReportTally,
        day=day,
        region=region_of(municipality_code, abroad, gazetteer),
        form=form or "",
        kind=kind,
        channel=channel or "",
    )


def daily_series(
    *,
    first: date,
    last: date,
    regions: frozenset[str] | None = None,
    forms: frozenset[str] | None = None,
    kind: str | None = None,
) -> DailySeries:
    """Reports per day from ``first`` to ``last``, zero-filled, for the given slice.

    ``regions`` are province codes (None: everywhere, reports without a region
    included); ``forms`` are form ids (None: every form, unknown included).
    """
    rows = ReportTally.objects.filter(day__gte=first, day__lte=last)
    if regions is not None:
        rows = rows.filter(region__in=regions)
    if forms is not None:
        rows = rows.filter(form__in=forms)
    if kind is not None:
        rows = rows.filter(kind=kind)
    per_day = dict(rows.values_list("day").annotate(total=Sum("count")).values_list("day", "total"))
    days = (last - first).days + 1
    return DailySeries(
        start=first,
        counts=tuple(int(per_day.get(first + timedelta(days=i), 0)) for i in range(days)),
    )


def first_tallied_day() -> date | None:
    """The first day reports were tallied: before it, no count means "not known", not zero."""
    return ReportTally.objects.order_by("day").values_list("day", flat=True).first()
