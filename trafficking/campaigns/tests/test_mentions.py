""" "How did you hear of us?": weekly counts per campaign, and the campaigns offered.

Issue 12, point 5: the answer is stored per report (sealed, see
reports/tests/test_heard_via.py) and counted in aggregates only.
"""

from __future__ import annotations

import datetime

import pytest
from django.db.models import QuerySet

from trafficking.campaigns.constants import CampaignList, LinkTarget
from trafficking.campaigns.mentions import (
    OTHER,
    campaign_for_via,
    count_mention,
    mentions_by_campaign,
    mentions_by_week,
    running_campaigns,
    week_of,
)
from trafficking.campaigns.models import Campaign, CampaignLink, Mention

pytestmark = pytest.mark.django_db

# A Wednesday; its week starts on Monday 2026-11-23.
WEDNESDAY = datetime.date(2026, 11, 25)


def make_campaign(slug: str, name: str = "", **fields) -> Campaign:
    return Campaign.objects.create(
        moderation="published",
        slug=slug,
        name=name or slug.title(),
        origin=CampaignList.REGISTERED,
        **fields,
    )


def counts(campaign: Campaign) -> dict[tuple[datetime.date, str], int]:
    return {(m.week, m.kind): m.count for m in Mention.objects.filter(campaign=campaign)}


# --- Weeks ----------------------------------------------------------------------


@pytest.mark.parametrize("offset", range(14))
def test_a_day_belongs_to_the_monday_of_its_iso_week(offset):
    day = datetime.date(2026, 12, 28) + datetime.timedelta(days=offset)  # across a new year
    monday = week_of(day)
    assert monday.weekday() == 0
    assert monday.isocalendar()[:2] == day.isocalendar()[:2]
    assert 0 <= (day - monday).days <= 6


# --- Counting -------------------------------------------------------------------


def test_the_first_mention_of_a_week_makes_the_row_and_the_next_add_to_it():
    campaign = make_campaign("telt-mee")
    assert count_mention("telt-mee", "report", WEDNESDAY) is True
    assert counts(campaign) == {(datetime.date(2026, 11, 23), "report"): 1}
    # Sunday is the same week, the next Monday is not.
    assert count_mention("telt-mee", "report", datetime.date(2026, 11, 29))
    assert count_mention("telt-mee", "report", datetime.date(2026, 11, 30))
    assert counts(campaign) == {
        (datetime.date(2026, 11, 23), "report"): 2,
        (datetime.date(2026, 11, 30), "report"): 1,
    }


def test_reports_and_advice_questions_are_counted_apart():
    campaign = make_campaign("twee-soorten")
    count_mention("twee-soorten", "report", WEDNESDAY)
    count_mention("twee-soorten", "advice", WEDNESDAY)
    count_mention("twee-soorten", "advice", WEDNESDAY)
    monday = datetime.date(2026, 11, 23)
    assert counts(campaign) == {(monday, "report"): 1, (monday, "advice"): 2}


@pytest.mark.parametrize("slug", ["", OTHER, "bestaat-niet"])
def test_no_answer_other_and_unknown_campaigns_count_nothing(slug):
    make_campaign("iets-anders")
    before = Mention.objects.count()
    assert count_mention(slug, "report", WEDNESDAY) is False
    assert Mention.objects.count() == before


def test_a_kind_that_is_not_a_report_kind_is_refused():
    make_campaign("verkeerde-soort")
    with pytest.raises(ValueError):
        count_mention("verkeerde-soort", "visit", WEDNESDAY)
    assert not Mention.objects.filter(campaign__slug="verkeerde-soort").exists()


def test_a_count_keeps_nothing_that_could_date_or_name_a_report():
    # Only what the aggregate needs: no time of day, no report, no visitor.
    names = {field.name for field in Mention._meta.get_fields()}
    assert names == {"id", "campaign", "week", "kind", "count"}


def test_a_lost_race_for_the_first_row_adds_to_the_winners_row(monkeypatch):
    """Another process inserts the week's row between our update (no row yet)
    and our insert: the insert fails on the unique constraint, and the retry
    adds to the winner's row. On SQLite the writers queue (IMMEDIATE
    transactions), so the race is staged here; PostgreSQL runs it for real."""
    campaign = make_campaign("wedloop")
    week = week_of(WEDNESDAY)
    real_update = QuerySet.update
    staged = []

    def update_then_lose_the_race(queryset, **kwargs):
        updated = real_update(queryset, **kwargs)
        if queryset.model is Mention and not staged:
            staged.append(True)
            Mention.objects.create(campaign=campaign, week=week, kind="report", count=1)
        return updated

    monkeypatch.setattr(QuerySet, "update", update_then_lose_the_race)
    assert count_mention("wedloop", "report", WEDNESDAY) is True
    assert staged
    assert counts(campaign) == {(week, "report"): 2}


# --- Reading the counts ---------------------------------------------------------


@pytest.fixture
def mentioned():
    """Three campaigns with counts over three weeks, one never mentioned."""
    a = make_campaign("alfa", "Alfa")
    b = make_campaign("bravo", "Bravo")
    c = make_campaign("charlie", "Charlie")
    make_campaign("delta", "Delta")
    weeks = [datetime.date(2026, 11, 9), datetime.date(2026, 11, 16), datetime.date(2026, 11, 23)]
    for campaign, week, kind, count in [
        (a, weeks[0], "report", 5),
        (a, weeks[2], "advice", 1),
        (b, weeks[1], "report", 2),
        (b, weeks[1], "advice", 4),
        (c, weeks[2], "report", 6),
    ]:
        Mention.objects.create(campaign=campaign, week=week, kind=kind, count=count)
    return {"alfa": a, "bravo": b, "charlie": c, "weeks": weeks}


def summary(rows) -> list[tuple[str, int, int, int]]:
    return [(m.campaign.slug, m.reports, m.advice, m.total) for m in rows]


def test_mentions_add_up_per_campaign_most_mentioned_first(mentioned):
    rows = [m for m in mentions_by_campaign() if m.campaign.slug in {"alfa", "bravo", "charlie"}]
    # alfa 5+1 and bravo 2+4 tie at 6 with charlie: then by name.
    assert summary(rows) == [
        ("alfa", 5, 1, 6),
        ("bravo", 2, 4, 6),
        ("charlie", 6, 0, 6),
    ]
    assert "delta" not in {m.campaign.slug for m in mentions_by_campaign()}


def test_a_period_counts_the_weeks_it_touches(mentioned):
    mine = Campaign.objects.filter(slug__in=["alfa", "bravo", "charlie"])
    # Any day of a week selects the whole week: Thursday 19 Nov is in week 16 Nov.
    rows = mentions_by_campaign(
        since=datetime.date(2026, 11, 19), until=datetime.date(2026, 11, 29), campaigns=mine
    )
    # bravo and charlie tie at 6: by name.
    assert summary(rows) == [("bravo", 2, 4, 6), ("charlie", 6, 0, 6), ("alfa", 0, 1, 1)]
    rows = mentions_by_campaign(until=datetime.date(2026, 11, 15), campaigns=mine)
    assert summary(rows) == [("alfa", 5, 0, 5)]


def test_mentions_by_week_of_one_campaign(mentioned):
    weeks = mentioned["weeks"]
    assert mentions_by_week(mentioned["alfa"]) == [(weeks[0], 5, 0), (weeks[2], 0, 1)]
    assert mentions_by_week(mentioned["bravo"]) == [(weeks[1], 2, 4)]


def test_counting_and_reading_agree():
    make_campaign("rond")
    for day in range(1, 15):
        count_mention("rond", "report" if day % 3 else "advice", datetime.date(2026, 11, day))
    (row,) = mentions_by_campaign(campaigns=Campaign.objects.filter(slug="rond"))
    assert (row.reports, row.advice) == (10, 4)  # days 3, 6, 9 and 12 are advice


# --- The campaigns offered --------------------------------------------------------


def test_the_running_campaigns_are_offered_by_name():
    day = datetime.date(2026, 11, 25)
    make_campaign("z-loopt", "Zeer lopend", starts_on=datetime.date(2026, 11, 1))
    make_campaign("a-loopt", "Al lopend", starts_on=datetime.date(2026, 1, 1), ends_on=day)
    make_campaign("nog-niet", "Nog niet", starts_on=datetime.date(2026, 12, 1))
    make_campaign(
        "voorbij",
        "Voorbij",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 11, 24),
    )
    make_campaign("uit", "Uitgezet", starts_on=datetime.date(2026, 1, 1), is_active=False)
    make_campaign("zonder-datum", "Zonder datum", ongoing=True)
    offered = [c.slug for c in running_campaigns(day)]
    assert {"z-loopt", "a-loopt", "zonder-datum"} <= set(offered)
    assert not {"nog-niet", "voorbij", "uit"} & set(offered)
    names = [c.name for c in running_campaigns(day)]
    assert names == sorted(names)


@pytest.fixture
def link():
    campaign = make_campaign("via-campagne", "Via campagne")
    return CampaignLink.objects.create(code="k7qm2x", campaign=campaign, target=LinkTarget.REPORT)


@pytest.mark.parametrize("code", ["k7qm2x", "K7QM2X", "K7qm2X"])
def test_a_link_code_in_any_case_names_its_campaign(link, code):
    assert campaign_for_via(code) == link.campaign


@pytest.mark.parametrize(
    "code", ["", "onbekend", "k7qm2", "k7qm2x ", "k7qm2x" * 6, None, ["k7qm2x"], "k7qm2%"]
)
def test_anything_else_names_no_campaign(link, code):
    assert campaign_for_via(code) is None


def test_an_inactive_link_or_campaign_names_no_campaign(link):
    link.is_active = False
    link.save()
    assert campaign_for_via("k7qm2x") is None
    link.is_active = True
    link.save()
    link.campaign.is_active = False
    link.campaign.save()
    assert campaign_for_via("k7qm2x") is None
