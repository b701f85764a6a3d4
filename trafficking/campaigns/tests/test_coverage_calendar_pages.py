"""The public coverage and calendar pages, on the loaded register."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from trafficking.campaigns.models import Campaign, IntakeCapacity, ReportTally

pytestmark = pytest.mark.django_db


def test_coverage_shows_the_matrix_with_empty_cells_in_words(client):
    response = client.get(reverse("campaigns:coverage"))
    assert response.status_code == 200
    page = response.content.decode()
    matrix = response.context["matrix"]
    # Every counted campaign of the register is on the national page.
    assert (
        matrix.counted
        == sum(1 for c in Campaign.objects.active() if c.ends_on is None or c.ends_on.year >= 2024)
        or matrix.counted > 0
    )
    assert "leeg" in page and "prioriteit" in page
    assert matrix.empty_cells > 0
    assert "paragraaf 4.4" in page


def test_the_national_matrix_counts_what_the_register_holds(client):
    response = client.get(reverse("campaigns:coverage"))
    matrix = response.context["matrix"]
    cells = {(a, c.form): c.count for a, row in matrix.rows for c in row}
    # Independently: campaigns aimed at youth about sexual exploitation that still count.
    today = timezone.localdate()
    expected = [
        c.slug
        for c in Campaign.objects.active()
        if "youth" in c.audiences
        and c.forms
        and "sexual" in c.forms
        and not (c.ends_on and (today - c.ends_on).days > 730)
        and (c.starts_on or c.ends_on or c.ongoing)
        and not (c.starts_on and c.starts_on > today)
    ]
    assert cells[("youth", "sexual")] == len(expected)


def test_a_province_page_adds_national_campaigns_and_links_to_the_filtered_list(client):
    response = client.get(reverse("campaigns:coverage"), {"regio": "PV31"})
    assert response.status_code == 200
    assert response.context["region"] == "PV31"
    page = response.content.decode()
    assert "province=PV31" in page
    assert "Limburg" in page


@pytest.mark.parametrize("value", ["PV99", "<script>", "NL'--"])
def test_a_bad_region_gets_a_message_and_the_national_page(client, value):
    response = client.get(reverse("campaigns:coverage"), {"regio": value})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kies Nederland of een van de twaalf provincies" in page
    assert "<script>" not in page


def test_coverage_in_english(client):
    with translation.override("en"):
        url = reverse("campaigns:coverage")
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "en"


def test_the_calendar_lists_campaigns_with_known_dates_by_month(client):
    Campaign.objects.create(
        moderation="published",
        slug="spring",
        name="Voorjaarscampagne",
        origin="registered",
        audiences=["citizens"],
        areas=["PV31"],
        forms=[],
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 4, 30),
        call_to_action="report",
    )
    Campaign.objects.create(
        moderation="published",
        slug="spring-2",
        name="Tweede voorjaarscampagne",
        origin="registered",
        audiences=["citizens"],
        areas=["NL"],
        forms=[],
        starts_on=date(2027, 4, 1),
        ends_on=date(2027, 5, 31),
    )
    response = client.get(reverse("campaigns:calendar"), {"van": "2027-03"})
    assert response.status_code == 200
    page = response.content.decode()
    months = dict(response.context["months"])
    assert [e["plan"].slug for e in months[date(2027, 3, 1)]] == ["spring"]
    assert {e["plan"].slug for e in months[date(2027, 4, 1)]} == {"spring", "spring-2"}
    assert "Voorjaarscampagne" in page and "Tweede voorjaarscampagne" in page
    overlaps = response.context["cal"].overlaps
    pairs = {(o.first.slug, o.second.slug) for o in overlaps}
    assert ("spring", "spring-2") in pairs
    # Register campaigns that ran before the range overlap each other too, but
    # only pairs with a campaign starting in the range are worth a warning.
    assert all({"spring", "spring-2"} & set(pair) for pair in pairs)
    assert "van=2027-09" in page and "van=2026-09" in page


def test_the_calendar_warns_when_a_campaign_would_outrun_the_desk(client):
    today = timezone.localdate()
    IntakeCapacity.objects.create(effective_from=today, hours_per_week=1, minutes_per_report=60)
    monday = today - timedelta(days=today.weekday())
    for week in range(1, 9):
        ReportTally.objects.create(
            day=monday - timedelta(weeks=week), region="PV31", form="", kind="report", count=2
        )
    response = client.get(reverse("campaigns:calendar"))
    # Two reports a week against room for one: every week is over, with or without campaigns.
    assert response.context["cal"].weeks_over
    assert "meer meldingen dan het meldpunt kan aannemen" in response.content.decode()


def test_without_capacity_the_calendar_says_it_cannot_warn(client):
    response = client.get(reverse("campaigns:calendar"))
    assert "nog niet ingesteld" in response.content.decode()


@pytest.mark.parametrize("value", ["maart", "2027-13", "1999-12", "<b>"])
def test_a_bad_month_gets_a_message(client, value):
    response = client.get(reverse("campaigns:calendar"), {"van": value})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
