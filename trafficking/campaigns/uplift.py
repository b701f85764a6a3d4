"""A campaign's effect on the reporting point: its window against the reports tallied.

The slice is the campaign's own: the provinces it ran in (all of them for a
national campaign) and its forms of exploitation (every form for a campaign
about trafficking in general). The series runs from a year before the window
(the baseline the model needs for trend and weekday) to ninety days after it,
or to yesterday, and the model in effect.py does the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from trafficking.geography.gazetteer import Gazetteer

from .coverage import NATIONAL, regions_of
from .effect import DailySeries, EffectInputError, EffectResult, estimate_effect
from .tallies import daily_series, first_tallied_day

BASELINE = timedelta(days=365)
FOLLOW_UP = timedelta(days=90)
REPORT = "report"


class NotMeasurable(EffectInputError):
    """The campaign lacks what a measurement needs (dates, a finished window)."""


@dataclass(frozen=True)
class Measurement:
    series: DailySeries
    result: EffectResult
    regions: frozenset[str] | None
    forms: frozenset[str] | None


def slice_of(campaign, gazetteer: Gazetteer) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    regions = regions_of(campaign.areas or (), gazetteer)
    forms = frozenset(campaign.forms) if campaign.forms else None
    return (None if not regions or NATIONAL in regions else regions), forms


def measure(campaign, gazetteer: Gazetteer, today: date) -> Measurement:
    """The effect of ``campaign`` on reports; NotMeasurable or EffectInputError say why not."""
    if campaign.starts_on is None:
        raise NotMeasurable(_("De begindatum van deze campagne is niet bekend."))
    yesterday = today - timedelta(days=1)
    if campaign.starts_on > yesterday:
        raise NotMeasurable(_("Deze campagne is nog niet begonnen."))
    end = min(campaign.ends_on or yesterday, yesterday)
    regions, forms = slice_of(campaign, gazetteer)
    # Before the first tally there is no count at all, not zero reports: a
    # zero-filled baseline would inflate the ratio (effect.py then refuses a
    # baseline that is too short).
    known_from = first_tallied_day()
    if known_from is None or known_from >= campaign.starts_on:
        raise NotMeasurable(_("Er zijn geen meldingen geteld van vóór deze campagne."))
    series = daily_series(
        first=max(campaign.starts_on - BASELINE, known_from),
        last=min(end + FOLLOW_UP, yesterday),
        regions=regions,
        forms=forms,
        kind=REPORT,
    )
    result = estimate_effect(series, campaign.starts_on, end)
    return Measurement(series=series, result=result, regions=regions, forms=forms)
