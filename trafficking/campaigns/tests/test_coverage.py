from datetime import date
from types import SimpleNamespace

import pytest

from trafficking.campaigns import coverage
from trafficking.campaigns.constants import GENERAL
from trafficking.campaigns.coverage import NATIONAL, Item, Status
from trafficking.geography.selectors import build_gazetteer

TODAY = date(2026, 11, 29)


def item(slug, audiences, forms, regions, state=Status.RUNNING):
    return Item(
        slug=slug,
        name=slug,
        audiences=frozenset(audiences),
        forms=None if forms is None else frozenset(forms),
        regions=frozenset(regions),
        status=state,
    )


def cell(matrix, audience, form):
    return next(c for a, cells in matrix.rows if a == audience for c in cells if c.form == form)


@pytest.mark.parametrize(
    ("starts", "ends", "expected"),
    [
        (None, None, Status.UNKNOWN),
        (date(2022, 5, 1), None, Status.RUNNING),
        (date(2022, 5, 1), date(2027, 1, 31), Status.RUNNING),
        (date(2023, 1, 1), date(2025, 6, 30), Status.RECENT),
        (date(2016, 1, 1), date(2023, 12, 31), Status.ENDED),
        (date(2027, 3, 1), date(2027, 4, 30), Status.PLANNED),
        (None, date(2025, 6, 30), Status.RECENT),
    ],
)
def test_status_follows_the_known_period(starts, ends, expected):
    assert coverage.status(starts, ends, TODAY) == expected


def test_a_campaign_the_source_says_still_runs_counts_as_running_until_its_end():
    assert coverage.status(None, None, TODAY, ongoing=True) == Status.RUNNING
    assert coverage.status(None, date(2024, 1, 31), TODAY, ongoing=True) == Status.ENDED


def test_a_general_campaign_fills_the_general_column_only():
    m = coverage.matrix([item("a", ["citizens"], [], [NATIONAL])])
    assert cell(m, "citizens", GENERAL).count == 1
    assert cell(m, "citizens", "labour").is_empty
    assert m.counted == 1


def test_a_province_sees_its_own_and_the_national_campaigns_but_not_others():
    items = [
        item("national", ["youth"], ["sexual"], [NATIONAL]),
        item("limburg", ["youth"], ["sexual"], ["PV31"]),
        item("utrecht", ["youth"], ["sexual"], ["PV26"]),
    ]
    limburg = cell(coverage.matrix(items, "PV31"), "youth", "sexual")
    assert [i.slug for i in limburg.regional] == ["limburg"]
    assert [i.slug for i in limburg.national] == ["national"]
    country = cell(coverage.matrix(items), "youth", "sexual")
    assert country.count == 3


def test_ended_campaigns_do_not_count_and_unrecorded_forms_fill_no_cell():
    items = [
        item("old", ["parents"], ["labour"], [NATIONAL], Status.ENDED),
        item("no-forms", ["parents"], None, [NATIONAL]),
    ]
    m = coverage.matrix(items)
    assert all(c.is_empty for _a, cells in m.rows for c in cells)
    assert [i.slug for i in m.unplaced] == ["no-forms"]
    assert m.counted == 1


def test_empty_priority_cells_are_counted():
    m = coverage.matrix([item("a", ["parents"], ["sexual"], [NATIONAL])])
    rows, columns = len(coverage.AUDIENCE_ROWS), len(coverage.FORM_COLUMNS)
    assert m.empty_cells == rows * columns - 1
    priority_rows = len(coverage.PRIORITY_AUDIENCES)
    assert m.empty_priority_cells == priority_rows * columns - 1


def test_per_region_leaves_national_campaigns_out_of_the_provinces():
    items = [
        item("n", ["citizens"], [], [NATIONAL]),
        item("r", ["citizens", "youth"], [], ["PV31", "PV30"]),
    ]
    counts = coverage.per_region(items, ["PV31", "PV30", "PV26", NATIONAL])
    assert counts["PV31"]["citizens"] == 1 and counts["PV31"]["youth"] == 1
    assert counts["PV26"]["citizens"] == 0
    assert counts[NATIONAL]["citizens"] == 1


@pytest.mark.django_db
def test_areas_are_read_as_provinces_through_the_gazetteer():
    gazetteer = build_gazetteer()
    amsterdam = gazetteer.find("Amsterdam")
    zwolle = gazetteer.find("Zwolle")
    regions = coverage.regions_of(
        [NATIONAL, amsterdam.code, zwolle.safety_region_code, "PV31"], gazetteer
    )
    assert regions == {NATIONAL, amsterdam.province_code, zwolle.province_code, "PV31"}
    assert coverage.regions_of(["GM9999", "VR99"], gazetteer) == frozenset()


@pytest.mark.django_db
def test_item_of_reads_a_campaign_row():
    gazetteer = build_gazetteer()
    row = SimpleNamespace(
        slug="x",
        name="X",
        audiences=["youth"],
        forms=None,
        areas=["PV31"],
        starts_on=None,
        ends_on=None,
        ongoing=False,
    )
    found = coverage.item_of(row, gazetteer, TODAY)
    assert found.forms is None
    assert found.regions == {"PV31"}
    assert found.status == Status.UNKNOWN
