from datetime import date, timedelta

import numpy as np
import pytest

from trafficking.campaigns.effect import EffectInputError
from trafficking.campaigns.models import Campaign, ReportTally
from trafficking.campaigns.tallies import ABROAD, daily_series, region_of, tally_report
from trafficking.campaigns.uplift import NotMeasurable, measure
from trafficking.geography.selectors import build_gazetteer

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 29)


@pytest.fixture
def gazetteer():
    return build_gazetteer()


def test_a_report_is_tallied_by_province_and_nothing_else(gazetteer):
    zwolle = gazetteer.find("Zwolle")
    for _ in range(2):
        tally_report(
            day=TODAY,
            municipality_code=zwolle.code,
            abroad=False,
            form="labour",
            kind="report",
            gazetteer=gazetteer,
        )
    tally_report(
        day=TODAY, municipality_code="", abroad=True, form="", kind="advice", gazetteer=gazetteer
    )
    rows = {(t.region, t.form, t.kind): t.count for t in ReportTally.objects.all()}
    assert rows == {(zwolle.province_code, "labour", "report"): 2, (ABROAD, "", "advice"): 1}
    assert region_of("GM9999", False, gazetteer) == ""


def test_the_daily_series_is_zero_filled_and_sliced():
    ReportTally.objects.create(
        day=date(2026, 1, 2), region="PV31", form="labour", kind="report", count=3
    )
    ReportTally.objects.create(
        day=date(2026, 1, 2), region="PV30", form="labour", kind="report", count=5
    )
    ReportTally.objects.create(
        day=date(2026, 1, 4), region="PV31", form="sexual", kind="report", count=7
    )
    series = daily_series(
        first=date(2026, 1, 1), last=date(2026, 1, 5), regions=frozenset({"PV31"}), kind="report"
    )
    assert series.counts == (0, 3, 0, 7, 0)
    labour = daily_series(
        first=date(2026, 1, 1), last=date(2026, 1, 3), forms=frozenset({"labour"})
    )
    assert labour.counts == (0, 8, 0)


def _seed(region, form, first, last, rate, start, end, ratio, rng):
    day = first
    rows = []
    while day <= last:
        mean = rate * (ratio if start <= day <= end else 1.0) * (0.7 if day.weekday() >= 5 else 1.0)
        count = int(rng.poisson(mean))
        if count:
            rows.append(ReportTally(day=day, region=region, form=form, kind="report", count=count))
        day += timedelta(days=1)
    ReportTally.objects.bulk_create(rows)


def test_a_campaign_is_measured_on_its_own_province_and_form(gazetteer):
    rng = np.random.default_rng(12)
    start, end = date(2025, 3, 1), date(2025, 4, 30)
    tilburg = gazetteer.find("Tilburg")
    # The campaign's slice doubles; another province and another form do not move.
    _seed(tilburg.province_code, "labour", date(2024, 1, 1), TODAY, 4.0, start, end, 2.0, rng)
    _seed("PV31", "labour", date(2024, 1, 1), TODAY, 20.0, start, end, 1.0, rng)
    _seed(tilburg.province_code, "sexual", date(2024, 1, 1), TODAY, 20.0, start, end, 1.0, rng)
    campaign = Campaign.objects.create(
        moderation="published",
        slug="c",
        name="C",
        origin="registered",
        areas=[tilburg.code],
        forms=["labour"],
        starts_on=start,
        ends_on=end,
    )
    found = measure(campaign, gazetteer, TODAY)
    assert found.regions == {tilburg.province_code}
    assert found.result.ci_low < 2.0 < found.result.ci_high
    # Mixed with the other two slices the ratio would be about (8 + 40) / 44 = 1.09.
    assert found.result.ci_low > 1.3
    assert found.series.start == start - timedelta(days=365)


def test_a_campaign_without_dates_or_baseline_says_why(gazetteer):
    undated = Campaign(slug="u", name="U", areas=["NL"], forms=[])
    with pytest.raises(NotMeasurable):
        measure(undated, gazetteer, TODAY)
    future = Campaign(slug="f", name="F", areas=["NL"], forms=[], starts_on=TODAY)
    with pytest.raises(NotMeasurable):
        measure(future, gazetteer, TODAY)
    no_reports = Campaign(
        slug="n",
        name="N",
        areas=["NL"],
        forms=[],
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 6, 1),
    )
    with pytest.raises(EffectInputError):
        measure(no_reports, gazetteer, TODAY)
