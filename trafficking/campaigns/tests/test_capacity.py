from datetime import date

import pytest

from trafficking.campaigns.capacity import (
    Capacity,
    Planned,
    expected_ratio,
    monday,
    overlaps,
    weeks,
)


def plan(slug, start, end, audiences=("citizens",), regions=("PV31",), report=True, usual=14.0):
    return Planned(
        slug=slug,
        name=slug,
        starts_on=start,
        ends_on=end,
        audiences=frozenset(audiences),
        regions=frozenset(regions),
        calls_to_report=report,
        usual_per_week=usual,
    )


def test_campaigns_overlap_on_time_audience_and_region():
    a = plan("a", date(2027, 3, 1), date(2027, 3, 31))
    b = plan("b", date(2027, 3, 20), date(2027, 4, 30))
    other_audience = plan("c", date(2027, 3, 1), date(2027, 3, 31), audiences=("youth",))
    other_region = plan("d", date(2027, 3, 1), date(2027, 3, 31), regions=("PV30",))
    national = plan("e", date(2027, 3, 25), date(2027, 5, 1), regions=("NL",))
    later = plan("f", date(2027, 6, 1), date(2027, 6, 30))
    found = {
        (o.first.slug, o.second.slug): o
        for o in overlaps([a, b, other_audience, other_region, national, later])
    }
    assert set(found) == {("a", "b"), ("a", "e"), ("b", "e"), ("d", "e")}
    assert found[("a", "b")].starts_on == date(2027, 3, 20)
    assert found[("a", "b")].ends_on == date(2027, 3, 31)
    assert found[("d", "e")].regions == {"PV30"}


def test_the_expected_ratio_is_the_geometric_mean():
    assert expected_ratio([]) is None
    assert expected_ratio([2.0, 0.5]) == pytest.approx(1.0)
    assert expected_ratio([1.21, 1.0]) == pytest.approx(1.1)


def test_a_campaign_that_calls_to_report_adds_its_uplift_for_the_days_it_runs():
    # Runs Wednesday 3 March to Tuesday 9 March 2027: five days in the first
    # week, two in the second; its slice usually brings 14 reports a week.
    campaign = plan("a", date(2027, 3, 3), date(2027, 3, 9), usual=14.0)
    silent = plan("b", date(2027, 3, 1), date(2027, 3, 31), report=False, usual=1000.0)
    found = weeks(
        date(2027, 3, 1),
        date(2027, 3, 14),
        usual_per_week=50.0,
        plans=[campaign, silent],
        ratio=1.5,
        capacity=Capacity(hours_per_week=20, minutes_per_report=30),
    )
    assert [w.starts_on for w in found] == [date(2027, 3, 1), date(2027, 3, 8)]
    assert found[0].extra == pytest.approx(2 * 0.5 * 5)
    assert found[1].extra == pytest.approx(2 * 0.5 * 2)
    assert [p.slug for p in found[0].campaigns] == ["a"]
    assert found[0].capacity == 40
    assert found[0].over_capacity and found[0].load == pytest.approx(55 / 40)


def test_without_a_measured_ratio_nothing_is_added_and_without_capacity_nothing_warns():
    found = weeks(
        date(2027, 3, 1),
        date(2027, 3, 7),
        usual_per_week=50.0,
        plans=[plan("a", date(2027, 3, 1), date(2027, 3, 7))],
        ratio=None,
        capacity=None,
    )
    assert found[0].extra == 0
    assert not found[0].over_capacity and found[0].load is None


def test_monday():
    assert monday(date(2026, 11, 29)) == date(2026, 11, 23)
