"""Campaigns against the desk that must answer them: overlap and intake capacity.

The report warns that a campaign calling people to report creates
expectations the desk must meet (section 2.2, line 230; section 4.4). This
module answers two questions for a calendar of campaigns:

- which campaigns overlap in time on the same audience and region, so their
  makers can agree on timing;
- in which weeks the expected reports (the usual number plus what campaigns
  that call to report are expected to add) outrun the hours the reporting
  point has, so a supervisor sees it before the campaign starts.

The expected addition comes from the measured effect (rate ratio) of earlier
campaigns with the same call to action; with none measured, the page says so
instead of guessing. Pure functions: the view gathers the facts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .coverage import NATIONAL


@dataclass(frozen=True)
class Capacity:
    hours_per_week: float
    minutes_per_report: float

    @property
    def reports_per_week(self) -> float:
        return self.hours_per_week * 60 / self.minutes_per_report


@dataclass(frozen=True)
class Planned:
    """A campaign on the calendar, as the capacity sees it."""

    slug: str
    name: str
    starts_on: date
    ends_on: date
    audiences: frozenset[str]
    regions: frozenset[str]  # province codes, or NATIONAL
    calls_to_report: bool
    # Reports a week the desk usually gets from this campaign's own region and
    # forms: what its uplift multiplies.
    usual_per_week: float = 0.0
    # No end date is known: it runs on as far as the calendar looks.
    open_ended: bool = False


@dataclass(frozen=True)
class Overlap:
    first: Planned
    second: Planned
    audiences: frozenset[str]
    regions: frozenset[str]
    starts_on: date
    ends_on: date


def _shared_regions(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    # A national campaign reaches every province.
    if NATIONAL in a:
        return b
    if NATIONAL in b:
        return a
    return a & b


def overlaps(plans: Sequence[Planned]) -> list[Overlap]:
    """Pairs of campaigns that run at the same time for the same audience in the same region."""
    found = []
    ordered = sorted(plans, key=lambda p: (p.starts_on, p.slug))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.starts_on > first.ends_on:
                break  # sorted by start: no later one can overlap the first
            audiences = first.audiences & second.audiences
            regions = _shared_regions(first.regions, second.regions)
            if audiences and regions:
                found.append(
                    Overlap(
                        first=first,
                        second=second,
                        audiences=audiences,
                        regions=regions,
                        starts_on=max(first.starts_on, second.starts_on),
                        ends_on=min(first.ends_on, second.ends_on),
                    )
                )
    return found


def expected_ratio(measured: Iterable[float]) -> float | None:
    """The typical rate ratio of earlier campaigns: the geometric mean, None without any.

    Ratios multiply, so their typical value is the mean on the log scale; an
    arithmetic mean would let one outlier campaign dominate.
    """
    logs = [math.log(r) for r in measured if r > 0]
    if not logs:
        return None
    return math.exp(sum(logs) / len(logs))


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Week:
    starts_on: date
    usual: float
    extra: float
    # The campaigns that call to report and run in this week.
    campaigns: tuple[Planned, ...]
    capacity: float | None

    @property
    def expected(self) -> float:
        return self.usual + self.extra

    @property
    def over_capacity(self) -> bool:
        return self.capacity is not None and self.expected > self.capacity

    @property
    def load(self) -> float | None:
        """Expected reports as a share of what the desk can handle (1.0 = full)."""
        return None if not self.capacity else self.expected / self.capacity


def weeks(
    first: date,
    last: date,
    *,
    usual_per_week: float,
    plans: Sequence[Planned],
    ratio: float | None,
    capacity: Capacity | Callable[[date], Capacity | None] | None,
) -> list[Week]:
    """Expected reports per week at the desk from ``first`` to ``last``.

    ``usual_per_week`` is the desk's usual intake (every report reaches the one
    national desk). Each campaign that calls to report adds its own slice's
    usual reports × (ratio − 1) for the days it runs that week: the uplift
    earlier campaigns of its kind achieved, on the reports of its region and
    forms. ``capacity`` is one for all weeks, or a function giving the one in
    force in the week that starts on a day (a supervisor enters rosters ahead).
    """
    capacity_in = capacity if callable(capacity) else (lambda _week: capacity)
    result = []
    week = monday(first)
    uplift = max((ratio or 1.0) - 1.0, 0.0)
    while week <= last:
        week_end = week + timedelta(days=6)
        running = tuple(
            p for p in plans if p.calls_to_report and p.starts_on <= week_end and p.ends_on >= week
        )
        extra = sum(
            p.usual_per_week
            / 7
            * uplift
            * ((min(p.ends_on, week_end) - max(p.starts_on, week)).days + 1)
            for p in running
        )
        result.append(
            Week(
                starts_on=week,
                usual=usual_per_week,
                extra=extra,
                campaigns=running,
                capacity=limit.reports_per_week if (limit := capacity_in(week)) else None,
            )
        )
        week += timedelta(days=7)
    return result
