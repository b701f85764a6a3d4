"""The campaign calendar: what runs where and when, overlaps, and the desk's load.

Gathers the facts from the database (campaigns, report tallies, measured
effects, the intake capacity) and leaves the reasoning to capacity.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Sum

from trafficking.geography.gazetteer import Gazetteer

from .capacity import (
    Capacity,
    Overlap,
    Planned,
    Week,
    expected_ratio,
    monday,
    overlaps,
    weeks,
)
from .constants import CallToAction
from .coverage import regions_of
from .effect import EffectInputError
from .models import Campaign, IntakeCapacity, ReportTally
from .uplift import REPORT, measure, slice_of

# The usual level is the mean of the last eight full weeks: long enough to
# smooth a quiet week, short enough to follow a growing desk.
USUAL_WEEKS = 8


def current_capacity(today: date) -> IntakeCapacity | None:
    return IntakeCapacity.objects.filter(effective_from__lte=today).first()


def capacity_on(today: date) -> Capacity | None:
    return _capacity(current_capacity(today))


def _capacity(row: IntakeCapacity | None) -> Capacity | None:
    if row is None:
        return None
    return Capacity(
        hours_per_week=float(row.hours_per_week), minutes_per_report=row.minutes_per_report
    )


def capacity_by_week(today: date, last: date) -> Callable[[date], Capacity | None]:
    """The capacity in force in a week, from the rows a supervisor entered (one query).

    A week that has begun gets today's; a later week the one in force when it starts.
    """
    rows = list(IntakeCapacity.objects.filter(effective_from__lte=last))  # newest first

    def in_force(week: date) -> Capacity | None:
        day = max(week, today)
        return _capacity(next((r for r in rows if r.effective_from <= day), None))

    return in_force


def _usual_window(today: date) -> tuple[date, date]:
    last = monday(today) - timedelta(days=1)
    return last - timedelta(weeks=USUAL_WEEKS) + timedelta(days=1), last


def usual_levels(today: date) -> dict[tuple[str, str], int]:
    """Reports in the last USUAL_WEEKS full weeks per (region, form): one query for a page."""
    first, last = _usual_window(today)
    rows = (
        ReportTally.objects.filter(day__gte=first, day__lte=last, kind=REPORT)
        .values_list("region", "form")
        .annotate(total=Sum("count"))
    )
    return {(region, form): total for region, form, total in rows}


def usual_per_week(
    levels: dict[tuple[str, str], int],
    regions: frozenset[str] | None = None,
    forms: frozenset[str] | None = None,
) -> float:
    """Reports a week for a slice (None: all regions or all forms, unknown ones included)."""
    total = sum(
        count
        for (region, form), count in levels.items()
        if (regions is None or region in regions) and (forms is None or form in forms)
    )
    return total / USUAL_WEEKS


# Measuring every earlier campaign takes a model fit each (tens of ms); the
# answer changes with the day's tallies, so it is kept for an hour.
RATIOS_CACHED = 3600


def measured_ratios(call_to_action: str, gazetteer: Gazetteer, today: date) -> list[float]:
    """Rate ratios of earlier campaigns with this call to action that can be measured."""
    key = f"campaigns:ratios:{call_to_action}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = _measure_ratios(call_to_action, gazetteer, today)
        cache.set(key, found, RATIOS_CACHED)
    return found


def _measure_ratios(call_to_action: str, gazetteer: Gazetteer, today: date) -> list[float]:
    ratios = []
    earlier = Campaign.objects.active().filter(
        call_to_action=call_to_action, starts_on__isnull=False, starts_on__lt=today
    )
    for campaign in earlier:
        try:
            ratios.append(measure(campaign, gazetteer, today).result.rate_ratio)
        except EffectInputError:
            continue  # no baseline or too short: it says nothing about the kind
    return ratios


def planned(
    campaign: Campaign, gazetteer: Gazetteer, last: date, levels: dict[tuple[str, str], int]
) -> Planned:
    """The calendar entry of a campaign with a known start; an open end runs to ``last``."""
    if campaign.starts_on is None:
        raise ValueError(f"{campaign.slug} has no start date: it cannot be on the calendar")
    regions, forms = slice_of(campaign, gazetteer)
    return Planned(
        slug=campaign.slug,
        name=campaign.name,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on or last,
        audiences=frozenset(campaign.audiences or ()),
        regions=regions_of(campaign.areas or (), gazetteer),
        calls_to_report=campaign.call_to_action == CallToAction.REPORT,
        open_ended=campaign.ends_on is None,
        usual_per_week=usual_per_week(levels, regions, forms)
        if campaign.call_to_action == CallToAction.REPORT
        else 0.0,
    )


@dataclass
class Calendar:
    first: date
    last: date
    plans: list[Planned]
    overlaps: list[Overlap]
    weeks: list[Week]
    ratio: float | None
    ratio_basis: int  # how many measured campaigns the ratio comes from
    capacity: Capacity | None
    usual_per_week: float

    @property
    def weeks_over(self) -> list[Week]:
        return [w for w in self.weeks if w.over_capacity]

    @property
    def running_on(self) -> list[Planned]:
        """Campaigns that began before the range and have no end: listed once, not per month."""
        return [p for p in self.plans if p.open_ended and p.starts_on < self.first]

    def months(self) -> list[tuple[date, list[Planned]]]:
        """Each month of the range with the campaigns that run in it (the long-running apart)."""
        result = []
        month = self.first.replace(day=1)
        dated = [p for p in self.plans if not (p.open_ended and p.starts_on < self.first)]
        while month <= self.last:
            next_month = (month + timedelta(days=32)).replace(day=1)
            running = [p for p in dated if p.starts_on < next_month and p.ends_on >= month]
            result.append((month, running))
            month = next_month
        return result


def calendar(first: date, last: date, gazetteer: Gazetteer, today: date) -> Calendar:
    rows = (
        Campaign.objects.active()
        .filter(starts_on__isnull=False, starts_on__lte=last)
        .exclude(ends_on__lt=first)
        .order_by("starts_on", "name")
    )
    levels = usual_levels(today)
    plans = [planned(c, gazetteer, last, levels) for c in rows]
    ratios = measured_ratios(CallToAction.REPORT, gazetteer, today)
    ratio = expected_ratio(ratios)
    limit = capacity_on(today)
    usual = usual_per_week(levels)
    return Calendar(
        first=first,
        last=last,
        plans=plans,
        # Two campaigns that both ran before this range are nobody's plan to
        # change; an overlap matters when at least one starts in the range.
        overlaps=[
            o for o in overlaps(plans) if o.first.starts_on >= first or o.second.starts_on >= first
        ],
        weeks=weeks(
            first,
            last,
            usual_per_week=usual,
            plans=plans,
            ratio=ratio,
            capacity=capacity_by_week(today, last),
        ),
        ratio=ratio,
        ratio_basis=len(ratios),
        capacity=limit,
        usual_per_week=usual,
    )
