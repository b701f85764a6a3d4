"""The factsheet's key figures from live data: directory, register, survey, tallies.

The test database holds the real reference data (trafficking/conftest.py):
the inventory of 95 reporting points and 39 knowledge centres and the 54
campaigns of the register, which the 2025 factsheet states.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from trafficking.campaigns.constants import GENERAL, CampaignList, Moderation
from trafficking.campaigns.models import Campaign, ReportTally
from trafficking.campaigns.stats import campaign_stats
from trafficking.directory.catalogue import current_catalogue, reset_catalogue
from trafficking.directory.constants import Form, Kind, Scale
from trafficking.directory.models import Organisation
from trafficking.directory.selectors import directory_stats
from trafficking.insights import report_figures as reports
from trafficking.insights.figure import SUPPRESSED
from trafficking.insights.key_figures import (
    UNKNOWN,
    data_version,
    key_figures,
    report_figures,
    report_period,
    survey_figures,
)
from trafficking.insights.suppression import WITHHELD
from trafficking.reports.constants import Channel
from trafficking.surveys.definition import load_version
from trafficking.surveys.models import ResponseSource, ResponseState, SurveyResponse
from trafficking.surveys.responses import check_response

AS_OF = date(2026, 11, 30)
IN_PERIOD = date(2026, 3, 10)


def counts(rows) -> dict:
    return {row.key: row.count for row in rows}


# ---- the period (pure) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "first", "last"),
    [
        # Monday 30 November 2026: the week before ends on Sunday the 29th.
        (date(2026, 11, 30), date(2025, 12, 1), date(2026, 11, 29)),
        (date(2026, 12, 6), date(2025, 12, 1), date(2026, 11, 29)),  # the Sunday after
        (date(2026, 12, 7), date(2025, 12, 8), date(2026, 12, 6)),
    ],
)
def test_reports_are_counted_over_the_last_52_complete_weeks(as_of, first, last):
    assert report_period(as_of) == (first, last)
    assert (last - first).days + 1 == 52 * 7


# ---- directory -----------------------------------------------------------------------


@pytest.mark.django_db
def test_directory_counts_match_the_inventory(catalogue):
    figures = key_figures(AS_OF).directory
    stats = directory_stats(catalogue)
    assert figures.reporting_points == stats["meldpunten"]["total"] == 95
    assert figures.knowledge_centres == stats["kenniscentra"]["total"] == 39
    reporting, knowledge = counts(figures.reporting_by_scale), counts(figures.knowledge_by_scale)
    assert reporting[Scale.NATIONAL] == stats["meldpunten"]["national"] == 6
    assert knowledge[Scale.NATIONAL] == stats["kenniscentra"]["national"] == 17
    assert reporting[Scale.REGIONAL] + reporting[Scale.LOCAL] == stats["meldpunten"]["regional"]
    assert list(reporting) == [Scale.NATIONAL, Scale.REGIONAL, Scale.LOCAL]


@pytest.mark.django_db
def test_inactive_and_uncounted_organisations_are_left_out():
    before = key_figures(AS_OF).directory
    local = list(
        Organisation.objects.active()
        .in_inventory()
        .filter(reporting_scale=Scale.LOCAL, kind=Kind.REPORTING_POINT)
        .values_list("pk", flat=True)[:2]
    )
    Organisation.objects.filter(pk=local[0]).update(is_active=False)
    Organisation.objects.filter(pk=local[1]).update(in_inventory=False)
    reset_catalogue()
    after = key_figures(AS_OF).directory
    assert after.reporting_points == before.reporting_points - 2
    assert counts(after.reporting_by_scale)[Scale.LOCAL] == (
        counts(before.reporting_by_scale)[Scale.LOCAL] - 2
    )
    assert after.knowledge_centres == before.knowledge_centres


# ---- campaigns ---------------------------------------------------------------------


def make_campaign(slug: str, **fields) -> Campaign:
    defaults = {
        "name": slug,
        "origin": CampaignList.REGISTERED,
        "moderation": Moderation.PUBLISHED,
        "forms": [],
        "audiences": [],
    }
    return Campaign.objects.create(slug=slug, **{**defaults, **fields})


@pytest.mark.django_db
def test_campaigns_in_the_public_register():
    stats = campaign_stats()
    figures = key_figures(AS_OF).campaigns
    assert figures.total == stats["total"] + stats["registered"] == 54
    by_form = counts(figures.by_form)
    # The B.2 campaigns have a name only: their forms were never recorded.
    assert by_form[UNKNOWN] == stats["named_by_respondents"] == 23
    assert list(by_form)[-1] == UNKNOWN
    assert sum(by_form.values()) >= figures.total


@pytest.mark.django_db
def test_only_published_active_campaigns_count_and_each_form_counts_once():
    before = key_figures(AS_OF).campaigns
    make_campaign("twee-vormen", forms=["labour", "sexual", "labour"], audiences=["youth"])
    make_campaign("wacht", forms=["labour"], moderation=Moderation.SUBMITTED)
    make_campaign("gestopt", forms=["labour"], is_active=False)
    after = key_figures(AS_OF).campaigns
    assert after.total == before.total + 1
    assert counts(after.by_form)[Form.LABOUR] == counts(before.by_form)[Form.LABOUR] + 1
    assert counts(after.by_form)[Form.SEXUAL] == counts(before.by_form)[Form.SEXUAL] + 1
    assert counts(after.by_form)[GENERAL] == counts(before.by_form)[GENERAL]
    assert counts(after.by_audience)["youth"] == counts(before.by_audience)["youth"] + 1


@pytest.mark.django_db
def test_the_newest_published_campaigns_are_named():
    now = timezone.now()
    make_campaign("oud", name="Oude campagne", moderated_at=now - timedelta(days=9))
    make_campaign("nieuw", name="Nieuwe campagne", moderated_at=now - timedelta(days=1))
    make_campaign("geheim", name="Nog niet openbaar", moderation=Moderation.SUBMITTED)
    recent = key_figures(AS_OF).campaigns.recent
    assert recent[:2] == ("Nieuwe campagne", "Oude campagne")
    assert "Nog niet openbaar" not in recent


# ---- survey ------------------------------------------------------------------------

Q = load_version("2025")


def campaign_answer(cost: str, insight: str) -> dict:
    return {
        "respondent": "x",
        "answers": {"q4": "a", "q15": "a", "q16": ["b"], "q17": "a"},
        "campaigns": [{"q20": ["c"], "q24": cost, "q25": "b", "q26": "b", "q27": insight}],
    }


def store(respondent: str, raw: dict, state: str = ResponseState.SUBMITTED) -> None:
    SurveyResponse.objects.create(
        source=ResponseSource.IMPORT,
        respondent=respondent,
        version="2025",
        state=state,
        answers=raw["answers"],
        campaigns=raw.get("campaigns", []),
    )


@pytest.mark.django_db
def test_survey_counts_submitted_checked_responses_only():
    assert check_response(Q, campaign_answer("a", "a")).ok
    for n in range(3):
        store(f"r{n}", campaign_answer("a", "a"))
    store("draft", campaign_answer("b", "b"), state=ResponseState.DRAFT)
    # q4 "b" (cannot report) skips the reporting questions: q5 is not reached.
    store("broken", {"answers": {"q4": "b", "q5": ["a"]}})
    figures = survey_figures(Q)
    assert (figures.respondents, figures.not_counted, figures.campaigns) == (3, 1, 3)
    # Three answers: too few for a share.
    assert [(s.question, s.n, s.share) for s in figures.headlines] == [
        ("q4", 3, None),
        ("q27", 3, None),
    ]
    assert all(value is None for _letter, value in figures.distributions[0].options)


@pytest.mark.django_db
def test_survey_shares_from_five_answers_on():
    for n, (cost, insight) in enumerate(
        [("a", "a"), ("a", "b"), ("b", "a"), ("c", "a"), ("a", "b")]
    ):
        store(f"r{n}", campaign_answer(cost, insight))
    figures = survey_figures(Q)
    assert figures.respondents == 5
    q4, q27 = figures.headlines
    assert (q4.n, q4.share) == (5, 1.0)
    assert (q27.n, q27.share) == (5, 0.6)
    cost = figures.distributions[0]
    assert cost.question == "q24"
    assert cost.n == 5
    assert dict(cost.options) == {"a": 0.6, "b": 0.2, "c": 0.2}


# ---- reports -----------------------------------------------------------------------

FORMS = (*Form.values, "")
CHANNELS = (*Channel.values, "")


def tally(
    day: date, form: str, count: int, kind: str = "report", region: str = "PV27", channel="web"
):
    ReportTally.objects.create(
        day=day, form=form, kind=kind, region=region, channel=channel, count=count
    )


def a_year_without_small_counts() -> int:
    """Ten reports every week of the period, spread so that no province, form,
    channel or week holds fewer than five: nothing needs hiding."""
    first, _last = report_period(AS_OF)
    places = current_catalogue().gazetteer.places.values()
    regions = [*sorted({place.province_code for place in places}), "abroad", ""]
    for week in range(52):
        tally(
            first + timedelta(weeks=week),
            FORMS[week % len(FORMS)],
            10,
            region=regions[week % len(regions)],
            channel=CHANNELS[week % len(CHANNELS)],
        )
    return 520


def published_by_form(as_of: date) -> dict:
    """What the insights reports page prints for the same selection."""
    page = reports.report_figures(
        reports.Selection(), today=as_of, gazetteer=current_catalogue().gazetteer
    )
    figure = next(f for f in page.figures if f.key == "reports-by-form")
    return {
        key: cells[0] for key, (_label, cells) in zip(figure.row_keys, figure.rows, strict=True)
    }


@pytest.mark.django_db
def test_a_year_without_small_counts_is_shown_exactly():
    total = a_year_without_small_counts()
    tally(AS_OF, Form.LABOUR, 50)  # this week: not yet in the period
    tally(date(2025, 11, 30), Form.LABOUR, 50)  # the Sunday before the period
    tally(IN_PERIOD, Form.LABOUR, 50, kind="advice")  # a question, not a report
    figures = report_figures(AS_OF)
    assert figures.total == total
    assert counts(figures.by_form) == {
        Form.SEXUAL: 110,
        Form.LABOUR: 110,
        Form.CRIMINAL: 100,
        Form.ORGAN_REMOVAL: 100,
        UNKNOWN: 100,
    }


@pytest.mark.django_db
def test_small_counts_are_hidden_as_on_the_reports_page():
    tally(IN_PERIOD, Form.SEXUAL, 30)
    tally(IN_PERIOD + timedelta(days=1), Form.SEXUAL, 12, region="PV20")
    tally(IN_PERIOD, Form.LABOUR, 9)
    tally(IN_PERIOD, Form.CRIMINAL, 3)
    tally(IN_PERIOD, "", 6)
    figures = report_figures(AS_OF)
    shown = counts(figures.by_form)
    assert shown[Form.CRIMINAL] == shown[Form.ORGAN_REMOVAL] == SUPPRESSED
    # The others rounded to a multiple of 5 (42 → 40, 9 → 10, 6 → 5), the
    # total too, so the small ones cannot be worked out from them.
    assert shown[Form.SEXUAL] == 40 and shown[Form.LABOUR] == 10 and shown[UNKNOWN] == 5
    assert WITHHELD not in shown.values()
    assert figures.total == 60
    assert 3 not in shown.values()
    assert shown == published_by_form(AS_OF)


@pytest.mark.django_db
def test_a_small_year_shows_nothing_but_under_five():
    tally(IN_PERIOD, Form.SEXUAL, 4)
    figures = report_figures(AS_OF)
    assert figures.total == SUPPRESSED
    assert figures.by_form == ()


# ---- data version ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_data_version_follows_every_source():
    versions = [data_version(AS_OF)]
    tally(IN_PERIOD, Form.SEXUAL, 4)  # as backfill_report_tallies adds a past day
    versions.append(data_version(AS_OF))
    make_campaign("nieuw")
    versions.append(data_version(AS_OF))
    store("r1", campaign_answer("a", "a"))
    versions.append(data_version(AS_OF))
    organisation = Organisation.objects.first()
    organisation.name += " (nieuw)"
    organisation.save()
    versions.append(data_version(AS_OF))
    versions.append(data_version(AS_OF + timedelta(days=1)))
    assert len(set(versions)) == len(versions)
    assert data_version(AS_OF + timedelta(days=1)) == versions[-1]


@pytest.mark.django_db
def test_reports_of_this_week_do_not_change_the_factsheet():
    a_year_without_small_counts()
    tally(AS_OF, Form.SEXUAL, 40)
    before = key_figures(AS_OF)
    ReportTally.objects.filter(day=AS_OF).update(count=90)  # today's reports
    assert key_figures(AS_OF) == before
