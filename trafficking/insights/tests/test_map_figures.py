"""The three map figures on the reference data (directory and campaign register)."""

import re
from datetime import date

import pytest
from django.utils import translation

from trafficking.campaigns.constants import CampaignList, Moderation
from trafficking.campaigns.models import Campaign
from trafficking.directory.catalogue import reset_catalogue
from trafficking.directory.constants import AreaScope
from trafficking.directory.models import Organisation, ServiceArea
from trafficking.insights.directory_figures import directory_figures
from trafficking.insights.map_figures import (
    map_figures,
    per_inhabitants,
    province_population,
)

AS_OF = date(2025, 6, 1)
PROVINCES = [f"PV{n}" for n in range(20, 32)]

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(catalogue):
    with translation.override("nl"):
        return {figure.key: (figure, svg) for figure, svg in map_figures(AS_OF)}


def _codes_in(svg):
    return set(re.findall(r'data-code="(\w+)"', svg))


def test_three_maps_with_a_table_each(figures):
    assert set(figures) == {
        "map-reporting-points-per-inhabitants",
        "map-municipalities-without-local-reporting-point",
        "map-campaigns-per-province",
    }
    for figure, svg in figures.values():
        assert figure.as_of == AS_OF and figure.source and figure.summary
        assert len(figure.rows) == len(figure.row_keys)
        assert _codes_in(svg) == set(figure.row_keys)
        assert figure.title in svg


def test_population_is_the_sourced_cbs_table():
    population = province_population()
    assert sorted(population) == PROVINCES
    assert sum(population.values()) == 17_947_684
    assert per_inhabitants(3, 300_000) == 1.0
    assert per_inhabitants(3, None) is None


def test_reporting_points_per_inhabitants_agree_with_the_directory_figure(figures, catalogue):
    figure, svg = figures["map-reporting-points-per-inhabitants"]
    assert sorted(figure.row_keys) == PROVINCES
    with translation.override("nl"):
        by_province = next(
            f
            for f in directory_figures(catalogue, AS_OF)
            if f.key == "reporting-points-by-province"
        )
    counts = dict(
        zip(by_province.row_keys, (cells[0] for _label, cells in by_province.rows), strict=True)
    )
    population = province_population()
    for code, (_name, (count, inhabitants, rate)) in zip(figure.row_keys, figure.rows, strict=True):
        assert count == counts[code]
        assert inhabitants == population[code]
        assert rate == round(count * 100_000 / inhabitants, 1)
    assert "landelijke meldpunten" in figure.notes[0]
    assert "<title>Groningen: " in svg and "per 100.000 inwoners</title>" in svg


def _local_codes():
    points = Organisation.objects.active().in_inventory().reporting_points()
    return set(
        ServiceArea.objects.filter(
            organisation__in=points, scope=AreaScope.MUNICIPALITY
        ).values_list("code", flat=True)
    )


def test_municipalities_without_a_local_reporting_point(figures):
    figure, svg = figures["map-municipalities-without-local-reporting-point"]
    local = _local_codes()
    assert len(local) == 42  # the report's 42 municipal reporting points
    assert len(figure.row_keys) == 342
    assert f"{342 - len(local)} van de 342 gemeenten" in figure.summary
    rows = dict(zip(figure.row_keys, figure.rows, strict=True))
    for code, (_name, (_province, count, _regional)) in rows.items():
        assert (count > 0) == (code in local)
    some_local = sorted(local)[0]
    name = rows[some_local][0]
    assert f"<title>{name}: Met lokaal meldpunt</title>" in svg.replace("&#x27;", "'")
    assert svg.count(": Zonder lokaal meldpunt</title>") == 342 - len(local)


def test_an_inactive_reporting_point_is_not_local(catalogue):
    area = (
        ServiceArea.objects.filter(
            scope=AreaScope.MUNICIPALITY,
            organisation__in=Organisation.objects.active().in_inventory().reporting_points(),
        )
        .select_related("organisation")
        .first()
    )
    others = ServiceArea.objects.filter(scope=AreaScope.MUNICIPALITY, code=area.code).exclude(
        organisation=area.organisation
    )
    assert not others.exists()
    Organisation.objects.filter(pk=area.organisation_id).update(is_active=False)
    reset_catalogue()
    with translation.override("nl"):
        found = {f.key: (f, s) for f, s in map_figures(AS_OF)}
    figure, _svg = found["map-municipalities-without-local-reporting-point"]
    rows = dict(zip(figure.row_keys, figure.rows, strict=True))
    assert rows[area.code][1][1] == 0
    assert "301 van de 342 gemeenten" in figure.summary


def _campaign(slug, areas, moderation=Moderation.PUBLISHED):
    return Campaign.objects.create(
        slug=slug,
        name=slug,
        origin=CampaignList.REGISTERED,
        areas=areas,
        moderation=moderation,
    )


def test_campaigns_per_province_count_public_regional_campaigns(catalogue):
    with translation.override("nl"):
        before = {f.key: f for f, _s in map_figures(AS_OF)}["map-campaigns-per-province"]
    _campaign("test-groningen", ["GM0014"])
    _campaign("test-national", ["NL"])
    _campaign("test-unpublished", ["PV20"], moderation=Moderation.SUBMITTED)
    with translation.override("nl"):
        after, svg = {f.key: (f, s) for f, s in map_figures(AS_OF)}["map-campaigns-per-province"]

    def count(figure, code):
        return dict(zip(figure.row_keys, figure.rows, strict=True))[code][1][0]

    assert count(after, "PV20") == count(before, "PV20") + 1
    assert all(count(after, code) == count(before, code) for code in PROVINCES[1:])
    national = lambda f: int(re.search(r"(\d+) landelijke", f.notes[0]).group(1))  # noqa: E731
    assert national(after) == national(before) + 1
    assert f"<title>Groningen: {count(after, 'PV20')} campagnes</title>" in svg


def test_titles_are_translatable_dutch_msgids(figures):
    titles = {figure.title for figure, _svg in figures.values()}
    assert titles == {
        "Meldpunten per 100.000 inwoners per provincie",
        "Gemeenten zonder lokaal meldpunt",
        "Publiekscampagnes per provincie",
    }
