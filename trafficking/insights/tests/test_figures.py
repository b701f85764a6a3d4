"""Figures from live data: survey shares over n, register durations, tallies by channel."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from trafficking.campaigns.models import ReportTally
from trafficking.campaigns.tallies import tally_report
from trafficking.geography.selectors import build_gazetteer
from trafficking.insights import charts, exports
from trafficking.insights.campaign_figures import NO_END, WEEKS, duration_class
from trafficking.insights.figure import Figure
from trafficking.insights.survey_figures import survey_figures
from trafficking.surveys.definition import load_version
from trafficking.surveys.models import ResponseSource, ResponseState, SurveyResponse

pytestmark = pytest.mark.django_db
Q = load_version("2025")


def respond(name, cost, state=ResponseState.SUBMITTED, extra=None):
    SurveyResponse.objects.create(
        source=ResponseSource.IMPORT,
        respondent=name,
        version="2025",
        state=state,
        answers={"q15": "a", "q16": ["b"], "q17": "a", **(extra or {})},
        campaigns=[{"q24": cost}],
    )


def test_survey_cost_shares_are_over_the_campaigns_that_answered():
    for i, cost in enumerate("aaabcc"):
        respond(f"r{i}", cost)
    respond("draft", "c", state=ResponseState.DRAFT)  # not submitted: not counted
    # Breaks the branching (q9 answered without being reached? no: a q21 letter
    # that does not exist): left out, not half counted.
    SurveyResponse.objects.create(
        source=ResponseSource.IMPORT, respondent="bad", version="2025",
        state=ResponseState.SUBMITTED, answers={"q15": "a", "q17": "a"},
        campaigns=[{"q24": "z"}],
    )  # fmt: skip
    figure = next(
        f for f in survey_figures(date(2026, 11, 1), Q) if f.key == "survey-campaign-cost"
    )
    assert figure.denominator == 6
    assert [cells for _label, cells in figure.rows] == [(3, 50.0), (1, 16.7), (2, 33.3)]
    assert "n=6" in figure.summary


def test_fewer_than_five_answers_show_no_shares():
    for i in range(3):
        respond(f"r{i}", "a")
    figure = next(
        f for f in survey_figures(date(2026, 11, 1), Q) if f.key == "survey-campaign-cost"
    )
    assert figure.denominator == 3
    assert all(cells == ("< 5", None) for _label, cells in figure.rows)


def test_durations_are_read_from_the_dates():
    assert duration_class(date(2025, 1, 1), date(2025, 1, 31), False) == WEEKS
    assert duration_class(date(2025, 1, 1), None, False) == NO_END


def test_a_report_is_tallied_with_its_channel():
    gazetteer = build_gazetteer()
    for channel in ("web", "web", "phone"):
        tally_report(
            day=date(2026, 11, 2), municipality_code="", abroad=True, form="labour",
            kind="report", gazetteer=gazetteer, channel=channel,
        )  # fmt: skip
    assert {t.channel: t.count for t in ReportTally.objects.all()} == {"web": 2, "phone": 1}


def test_the_backfill_moves_counts_from_before_channels_instead_of_doubling():
    from trafficking.reports.submission import submit_report
    from trafficking.reports.tests.factories import make_draft

    submit_report(make_draft())
    submit_report(make_draft())
    tally = ReportTally.objects.get()
    assert tally.channel == "web" and tally.count == 2
    # As if both were counted before channels existed.
    tally.channel = ""
    tally.save()
    call_command("backfill_report_tallies", stdout=io.StringIO())
    assert {t.channel: t.count for t in ReportTally.objects.all()} == {"web": 2}
    # One counted under "" and one not counted at all: one moved, one raised.
    ReportTally.objects.all().delete()
    day = timezone.localdate()
    ReportTally.objects.create(
        day=day, region=tally.region, form=tally.form, kind=tally.kind, channel="", count=1
    )
    call_command("backfill_report_tallies", stdout=io.StringIO())
    assert {t.channel: t.count for t in ReportTally.objects.all()} == {"web": 2}


def test_charts_escape_labels_and_carry_title_and_description():
    svg = charts.bar_chart(
        chart_id="c", title="T <b>", description="D", labels=["<script>x</script>"], values=["< 5"]
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    column = charts.column_chart(
        chart_id="w", title="W", description="D", labels=["2026-01-05"] * 3, values=[5, "< 5", 9]
    )
    assert column.count("<rect") == 3


def test_exports_defuse_formulas():
    figure = Figure(
        key="k", title="=cmd|' /C calc'!A0", summary="", columns=("n",),
        rows=(("+1", (1,)), ("@SUM(A1)", ("-2",))), row_keys=("a", "b"), source="s",
        as_of=date(2026, 1, 1),
    )  # fmt: skip
    text = exports.as_csv(figure)
    assert "'=cmd" in text and "'+1" in text and "'@SUM" in text and "'-2" in text
    assert "\n=" not in text and ",=" not in text
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    values = [
        c.value
        for row in load_workbook(io.BytesIO(exports.as_xlsx(figure))).active.iter_rows()
        for c in row
    ]
    assert "'=cmd|' /C calc'!A0" in values and not any(
        isinstance(v, str) and v.startswith("=") for v in values
    )
    assert exports.filename(figure, "xlsx", date(2026, 1, 2)) == "k-2026-01-02.xlsx"


def test_timedelta_import_is_used():
    assert timedelta(days=1)
