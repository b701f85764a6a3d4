"""The open-data API at /api/v1/open/: public figures only, with licence and date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from trafficking.campaigns.models import ReportTally
from trafficking.insights import cache
from trafficking.insights.report_figures import week_start
from trafficking.reports.tests.factories import login_with_otp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh(settings, catalogue):
    settings.CAMPAIGN_PAGE_CHECK_SECONDS = 0
    cache.forget()
    yield
    cache.forget()


def monday():
    return week_start(timezone.localdate()) - timedelta(weeks=1)


def add(count, region="PV27", form="labour", channel="web", day=None):
    ReportTally.objects.create(
        day=day or monday(), region=region, form=form, kind="report", channel=channel, count=count
    )


def test_the_list_names_every_figure_with_the_licence(client):
    answer = client.get("/api/v1/open/figures").json()
    assert answer["licence"].startswith("CC BY 4.0")
    assert answer["attribution"] == "CoMensha / Wegwijzer mensenhandel"
    keys = {f["key"] for f in answer["figures"]}
    assert {"reporting-points-by-scale", "campaigns-by-form", "survey-campaign-cost"} <= keys


def test_one_figure_carries_source_date_and_denominator(client):
    answer = client.get("/api/v1/open/figures/reporting-points-by-scale").json()
    assert answer["as_of"] == timezone.localdate().isoformat()
    assert answer["denominator"] == sum(row["cells"][0] for row in answer["rows"])
    assert answer["licence"].startswith("CC BY 4.0") and answer["source"]
    assert client.get("/api/v1/open/figures/no-such-figure").status_code == 404


def test_reports_are_suppressed_for_everyone_even_staff(client):
    add(40)
    add(2, region="PV30")
    login_with_otp(client, "intake", "api-analist")
    answer = client.get("/api/v1/open/reports").json()
    assert answer["total"] == 40  # 42, rounded to a multiple of 5
    provinces = next(f for f in answer["figures"] if f["key"] == "reports-by-province")
    cells = {row["key"]: row["cells"][0] for row in provinces["rows"]}
    assert cells["PV30"] == "< 5" and cells["PV27"] == 40
    assert 42 not in cells.values() and 2 not in cells.values()


def test_a_small_selection_gives_only_less_than_five(client):
    add(40, form="sexual")
    add(3, region="PV30")
    answer = client.get("/api/v1/open/reports", {"province": "PV30"}).json()
    assert answer == {
        "licence": answer["licence"],
        "attribution": answer["attribution"],
        "too_small": True,
        "total": "< 5",
        "figures": [],
    }
    answer = client.get("/api/v1/open/reports", {"form": "sexual", "period": "all"}).json()
    assert answer["too_small"] is False
    keys = {figure["key"] for figure in answer["figures"]}
    # The filtered dimension is left out: one cell of 40 and zeros say nothing.
    assert "reports-by-form" not in keys and "reports-by-province" in keys


def test_bad_filters_get_a_message_in_the_callers_language(client):
    answer = client.get("/api/v1/open/reports", {"province": "PV99", "language": "en"})
    assert answer.status_code == 400
    assert "province" in answer.json()["errors"]
    assert client.get("/api/v1/open/reports", {"form": ""}).status_code == 400


def test_the_open_paths_are_in_the_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/open/figures", "/api/v1/open/figures/{key}", "/api/v1/open/reports"} <= set(
        paths
    )
