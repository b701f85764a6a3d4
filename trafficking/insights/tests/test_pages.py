"""The public insights pages, downloads and cache, on the loaded directory and register."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from trafficking.campaigns.models import Campaign, ReportTally
from trafficking.directory.constants import Kind
from trafficking.directory.models import Organisation
from trafficking.insights import cache
from trafficking.insights.figures import GROUPS
from trafficking.insights.report_figures import week_start
from trafficking.reports.tests.factories import login_with_otp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh(settings, catalogue):
    settings.CAMPAIGN_PAGE_CHECK_SECONDS = 0  # read the data version on every request
    cache.forget()
    yield
    cache.forget()


def last_monday():
    return week_start(timezone.localdate()) - timedelta(weeks=1)


def tally(day, count, region="PV27", form="labour", channel="web"):
    ReportTally.objects.create(
        day=day, region=region, form=form, kind="report", channel=channel, count=count
    )


def test_the_overview_links_every_group_the_reports_the_maps_and_the_factsheet(client):
    response = client.get(reverse("insights:overview"))
    assert response.status_code == 200
    page = response.content.decode()
    for group in GROUPS:
        assert reverse("insights:group", args=[group.slug]) in page
    for name in ("insights:reports", "insights:maps", "insights:factsheet"):
        assert reverse(name) in page


def test_every_group_page_has_a_chart_a_table_and_downloads(client):
    for group in GROUPS:
        response = client.get(reverse("insights:group", args=[group.slug]))
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count('role="img"') == len(response.context["items"]) > 0
        assert "<table" in page and "<desc" in page
        assert reverse("insights:export", args=[group.keys[0], "xlsx"]) in page
    assert client.get("/nl/inzichten/bestaat-niet/").status_code == 404


def test_the_scale_figure_counts_the_directory_and_an_edit_shows(client):
    def national_points():
        figure = client.get(reverse("insights:group", args=["meldpunten"])).context["items"][0]
        figure = figure["figure"]
        assert figure.key == "reporting-points-by-scale"
        return dict(zip(figure.row_keys, (cells[0] for _l, cells in figure.rows), strict=True))[
            "national"
        ]

    expected = Organisation.objects.filter(
        is_active=True, in_inventory=True, kind__in=[Kind.REPORTING_POINT, Kind.BOTH],
        reporting_scale="national",
    ).count()  # fmt: skip
    assert national_points() == expected
    org = Organisation.objects.filter(
        is_active=True, in_inventory=True, kind=Kind.REPORTING_POINT, reporting_scale="regional"
    ).first()
    org.reporting_scale = "national"
    org.save()
    from trafficking.directory.catalogue import reset_catalogue

    reset_catalogue()  # the directory snapshot's own check interval, not ours
    assert national_points() == expected + 1


def test_a_campaign_edit_shows_on_the_next_request(client):
    url = reverse("insights:group", args=["campagnes"])

    def general():
        items = client.get(url).context["items"]
        figure = next(i["figure"] for i in items if i["figure"].key == "campaigns-by-form")
        return figure.rows[0][1][0]

    before = general()
    campaign = Campaign.objects.active().exclude(forms=[]).exclude(forms=None).first()
    campaign.forms = []
    campaign.save()
    assert general() == before + 1


def test_small_report_counts_are_hidden_and_staff_see_them(client, django_user_model):
    monday = last_monday()
    tally(monday, 40)
    tally(monday + timedelta(days=1), 3, region="PV30", form="sexual")
    response = client.get(reverse("insights:reports"), {"periode": "52"})
    assert response.status_code == 200
    result = response.context["result"]
    by_key = {f.key: f for f in result.figures}
    provinces = dict(
        zip(by_key["reports-by-province"].row_keys, by_key["reports-by-province"].rows, strict=True)
    )
    assert provinces["PV30"][1] == ("< 5",)
    # The total and the 40 are rounded to a multiple of 5 (43 → 45), so
    # 45 - 40 does not give the 3 away: it could be anything from 0 to 4.
    assert result.total == 45
    assert provinces["PV27"][1] == (40,)
    assert ">43<" not in response.content.decode()


def test_a_selection_under_five_shows_nothing(client):
    tally(last_monday(), 4, region="PV21")
    tally(last_monday(), 30, region="PV27")
    response = client.get(reverse("insights:reports"), {"provincie": "PV21"})
    result = response.context["result"]
    assert result.too_small and result.figures == ()
    assert "minder dan 5 meldingen" in response.content.decode()
    # Made-up filter values get a message, not a server error.
    response = client.get(reverse("insights:reports"), {"provincie": "<script>"})
    assert response.status_code == 200
    assert response.context["result"] is None
    assert "&lt;script&gt;" not in response.content.decode() or "Deze keuze kennen" in (
        response.content.decode()
    )


def test_staff_see_exact_counts_and_the_public_cache_keeps_none(client):
    tally(last_monday(), 40)
    tally(last_monday(), 3, region="PV30")
    public = client.get(reverse("insights:reports"))
    provinces = next(f for f in public.context["result"].figures if f.key == "reports-by-province")
    assert dict(zip(provinces.row_keys, provinces.rows, strict=True))["PV30"][1] == ("< 5",)
    login_with_otp(client, "intake", "analist")
    response = client.get(reverse("insights:reports"))
    staff = next(f for f in response.context["result"].figures if f.key == "reports-by-province")
    assert dict(zip(staff.row_keys, staff.rows, strict=True))["PV30"][1] == (3,)
    assert response["Cache-Control"] == "private, no-store"
    client.logout()
    # The public page kept before is still the public one, served from the cache.
    page = client.get(reverse("insights:reports"))
    assert page.content == public.content
    assert ">3<" not in page.content.decode()


def test_signed_in_without_the_second_factor_is_public(client, django_user_model):
    tally(last_monday(), 40)
    tally(last_monday(), 3, region="PV30")
    user = django_user_model.objects.create_user("half", password="x")
    user.user_permissions.add(Permission.objects.get(codename="view_report_content"))
    client.force_login(user)
    result = client.get(reverse("insights:reports")).context["result"]
    provinces = next(f for f in result.figures if f.key == "reports-by-province")
    assert dict(zip(provinces.row_keys, provinces.rows, strict=True))["PV30"][1] == ("< 5",)


def test_csv_and_xlsx_downloads_carry_licence_and_date_and_defuse_formulas(client):
    org = Organisation.objects.filter(is_active=True, in_inventory=True).first()
    today = timezone.localdate()
    response = client.get(reverse("insights:export", args=["reporting-points-by-scale", "csv"]))
    assert response.status_code == 200
    assert f"reporting-points-by-scale-{today.isoformat()}.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    flat = [cell for row in rows for cell in row]
    assert "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in flat
    assert "CoMensha / Wegwijzer mensenhandel" in flat
    assert today.isoformat() in flat
    response = client.get(reverse("insights:export", args=["reporting-points-by-scale", "xlsx"]))
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(io.BytesIO(response.content))
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    assert "CoMensha / Wegwijzer mensenhandel" in values
    assert org is not None
    assert client.get("/nl/inzichten/download/nope.csv").status_code == 404


def test_the_pages_speak_english(client):
    with translation.override("en"):
        url = reverse("insights:overview")
    assert url.startswith("/en/")
    assert client.get(url).status_code == 200


def test_the_maps_page_is_wired(client):
    assert client.get(reverse("insights:maps")).status_code == 200


def test_tallies_of_this_week_are_not_shown(client):
    today = timezone.localdate()
    tally(today, 50)
    tally(last_monday(), 20)
    result = client.get(reverse("insights:reports")).context["result"]
    weekly = next(f for f in result.figures if f.key == "reports-weekly")
    assert weekly.row_keys[-1] == last_monday().isoformat()
    assert result.total == 20
    assert date.fromisoformat(weekly.row_keys[-1]) < week_start(today)


def test_a_kept_page_costs_no_query_until_the_version_is_read_again(
    client, settings, django_assert_max_num_queries
):
    settings.CAMPAIGN_PAGE_CHECK_SECONDS = 60
    cache.forget()
    first = client.get(reverse("insights:group", args=["campagnes"])).content
    with django_assert_max_num_queries(0):
        assert client.get(reverse("insights:group", args=["campagnes"])).content == first


def test_a_submitted_survey_response_shows_in_the_open_data(client):
    from trafficking.surveys.models import SurveyResponse

    def n():
        return client.get("/api/v1/open/figures/survey-campaign-cost").json()["denominator"]

    before = n()
    SurveyResponse.objects.create(
        source="import", respondent="nieuw", version="2025", state="submitted",
        answers={"q15": "a", "q16": ["b"], "q17": "a"}, campaigns=[{"q24": "b"}],
    )  # fmt: skip
    assert n() == before + 1


def test_the_downloads_of_a_filtered_page_are_its_own_figures(client):
    tally(last_monday(), 60, channel="web")
    tally(last_monday(), 30, channel="phone")
    page = client.get(reverse("insights:reports"), {"kanaal": "phone"}).content.decode()
    link = reverse("insights:export", args=["reports-by-form", "csv"])
    assert f'href="{link}?vorm=&amp;provincie=&amp;kanaal=phone&amp;periode=52"' in page
    phone = client.get(link, {"vorm": "", "provincie": "", "kanaal": "phone", "periode": "52"})
    rows = list(csv.reader(io.StringIO(phone.content.decode())))
    assert ["n", "30"] in rows
    national = list(csv.reader(io.StringIO(client.get(link).content.decode())))
    assert ["n", "90"] in national
    assert client.get(link, {"kanaal": "<script>"}).status_code == 404


def test_head_is_answered_like_get(client):
    for url in (reverse("insights:overview"), reverse("insights:reports")):
        assert client.head(url).status_code == 200
