"""The "Resultaten" section of a campaign's public page."""

import re
from datetime import date, timedelta

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from trafficking.campaigns.models import (
    Campaign,
    CampaignLink,
    Evaluation,
    LinkVisit,
    Mention,
    ReachFigure,
    ReportTally,
)
from trafficking.campaigns.results import reach_summary

pytestmark = pytest.mark.django_db


def detail(client, slug):
    response = client.get(f"/nl/campagnes/{slug}/")
    assert response.status_code == 200
    return response, response.content.decode()


def results_html(page: str) -> str:
    start = page.index('id="results-heading"')
    return page[start : page.index("</section>", start)]


def test_the_reach_is_summarised_like_the_report_quotes_it():
    figure = ReachFigure(impressions=10_447_635, complete_views=391_753, clicks=20_895)
    summary, ctr = reach_summary(figure)
    # 20.895 / 10.447.635 = 0,2%: the click-through rate the page shows.
    assert (
        summary
        == "10.447.635 vertoningen, waarvan 391.753 keer volledig bekeken; 20.895 kliks (CTR 0,20%)"
    )
    assert ctr == "0,20%"
    assert reach_summary(ReachFigure(people_trained=700, materials_distributed=15000))[0] == (
        "700 mensen getraind; 15.000 materialen verspreid"
    )


def test_a_campaign_without_anything_says_so(client):
    Campaign.objects.create(moderation="published", slug="leeg", name="Leeg", origin="registered")
    _response, page = detail(client, "leeg")
    section = results_html(page)
    assert "nog geen resultaten bekend" in section
    assert "De begindatum van deze campagne is niet bekend." in section


def test_evaluation_reach_visits_and_mentions_with_small_counts_hidden(client):
    campaign = Campaign.objects.create(
        moderation="published",
        slug="bekend",
        name="Bekend",
        origin="registered",
        starts_on=timezone.localdate() + timedelta(days=10),
    )
    Evaluation.objects.create(
        campaign=campaign,
        has_insight="yes",
        more_reports="unknown",
        more_knowledge="yes",
        other_results="Meer inzicht in criminele uitbuiting.",
        research_document="javascript:alert(1)",
        evidence_level="survey",
    )
    ReachFigure.objects.create(
        campaign=campaign,
        period_start=date(2023, 12, 5),
        period_end=date(2023, 12, 24),
        channel="Snapchat",
        impressions=940_000,
        clicks=4_700,
    )
    link = CampaignLink.objects.create(code="abc123", campaign=campaign, target="landing")
    # Week of Monday 4 March 2024: 3 visits; week of 11 March: 12 visits.
    LinkVisit.objects.create(link=link, day=date(2024, 3, 5), count=2)
    LinkVisit.objects.create(link=link, day=date(2024, 3, 6), count=1)
    LinkVisit.objects.create(link=link, day=date(2024, 3, 11), count=12)
    # March: 3 + 4 reports and questions named it (7, shown); April: 2 (hidden).
    Mention.objects.create(campaign=campaign, week=date(2024, 3, 4), kind="report", count=3)
    Mention.objects.create(campaign=campaign, week=date(2024, 3, 18), kind="advice", count=4)
    Mention.objects.create(campaign=campaign, week=date(2024, 4, 1), kind="report", count=2)

    _response, page = detail(client, "bekend")
    section = results_html(page)
    assert "Meting onder de doelgroep" in section  # the evidence level
    assert "Meer kennis over mensenhandel?</dt><dd>Ja" in section
    assert "Meer meldingen?</dt><dd>Weet ik niet" in section
    assert "Meer bewustzijn van signalen?" not in section  # not answered
    assert "Meer inzicht in criminele uitbuiting." in section
    assert "javascript:" not in section
    assert "940.000 vertoningen; 4.700 kliks (CTR 0,50%)" in section
    assert "Snapchat" in section
    # The table: impressions, complete views (unknown), clicks, CTR, in Dutch notation.
    assert "<td>940.000</td><td>–</td><td>4.700</td><td>0,50%</td>" in section

    visits = re.findall(r"<tr><th scope=\"row\">week van ([^<]+)</th><td>([^<]+)</td>", section)
    assert visits == [("4 maart 2024", "minder dan 5"), ("11 maart 2024", "12")]
    months = re.findall(r"<tr><th scope=\"row\">(\w+ 2024)</th><td>([^<]+)</td>", section)
    assert months == [("maart 2024", "7"), ("april 2024", "minder dan 5")]
    # No small number leaks in either table.
    assert ">3<" not in section and ">2<" not in section and ">4<" not in section
    assert "Deze campagne is nog niet begonnen." in section


def _seed(region, form, first, last, rate, start, end, ratio, rng):
    day, rows = first, []
    while day <= last:
        mean = rate * (ratio if start <= day <= end else 1.0) * (0.7 if day.weekday() >= 5 else 1.0)
        count = int(rng.poisson(mean))
        if count:
            rows.append(ReportTally(day=day, region=region, form=form, kind="report", count=count))
        day += timedelta(days=1)
    ReportTally.objects.bulk_create(rows)


def test_a_measured_effect_is_shown_with_its_interval_figure_and_table(client):
    today = timezone.localdate()
    start, end = today - timedelta(days=200), today - timedelta(days=140)
    rng = np.random.default_rng(7)
    # Limburg's labour reports double during the campaign; nothing else moves.
    # Twenty a day: no week, not even the last partial one, falls below five,
    # so the figure is drawn.
    _seed("PV31", "labour", start - timedelta(days=400), today, 20.0, start, end, 2.0, rng)
    _seed("PV30", "labour", start - timedelta(days=400), today, 5.0, start, end, 1.0, rng)
    Campaign.objects.create(
        moderation="published",
        slug="gemeten",
        name="Gemeten",
        origin="registered",
        areas=["PV31"],
        forms=["labour"],
        starts_on=start,
        ends_on=end,
        call_to_action="report",
    )
    response, page = detail(client, "gemeten")
    section = results_html(page)
    effect = response.context["results"].effect
    assert effect is not None
    assert effect.result.ci_low < 2.0 < effect.result.ci_high
    assert effect.result.ci_low > 1.4
    # The sentence uses the model's own numbers in Dutch notation.
    assert f"{effect.rate_ratio} keer zoveel meldingen" in section
    assert re.search(r"\d,\d\d keer zoveel", section)
    assert f"95%-interval {effect.ci_low} tot {effect.ci_high} keer" in section
    assert "extra meldingen (95%-interval" in section
    assert "Het effect is statistisch significant." in section
    # The inline SVG: accessible, no script, no outside resource.
    svg = section[section.index("<svg") : section.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "<script" not in svg and "href" not in svg
    # The table has a row per week, the campaign's weeks marked.
    assert section.count("<td>tijdens de campagne</td>") == len(
        [w for w, _shown in effect.weeks if w.period == "during"]
    )
    observed_total = sum(w.observed for w, _shown in effect.weeks if w.period == "during")
    assert observed_total == effect.result.observed_during
    # A week's count below five is not shown as a number.
    for week, shown in effect.weeks:
        assert (shown == "minder dan 5") == (week.observed < 5)


def test_no_effect_message_when_there_are_no_reports(client):
    today = timezone.localdate()
    Campaign.objects.create(
        moderation="published",
        slug="stil",
        name="Stil",
        origin="registered",
        areas=["PV31"],
        forms=["organ_removal"],
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=30),
    )
    response, page = detail(client, "stil")
    assert response.context["results"].effect is None
    message = response.context["results"].effect_unavailable
    assert message
    assert message in results_html(page)


def test_the_figure_is_left_out_when_a_week_holds_fewer_than_five_reports(client):
    today = timezone.localdate()
    start, end = today - timedelta(days=200), today - timedelta(days=140)
    rng = np.random.default_rng(7)
    _seed("PV31", "labour", start - timedelta(days=400), today, 0.5, start, end, 2.0, rng)
    Campaign.objects.create(
        moderation="published",
        slug="klein",
        name="Klein",
        origin="registered",
        areas=["PV31"],
        forms=["labour"],
        starts_on=start,
        ends_on=end,
    )
    page = client.get(reverse("campaigns:detail", args=["klein"])).content.decode()
    assert "minder dan 5" in page
    assert "<svg" not in page
