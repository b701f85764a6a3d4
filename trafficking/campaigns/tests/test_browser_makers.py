"""Campaign results and the maker's plan form in headless Chromium, axe-core on each.

The live site's database is shared by every browser test: the seed uses its
own slugs and the one form of exploitation no other test files reports about
(organ removal), and computes the desk's capacity from what is there, so the
warning appears because of this campaign and not by accident.
"""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from trafficking.pages.tests.test_browser import axe_violations
from trafficking.pages.tests.test_browser_reporting import account, staff_login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
RESULTS = "browsertest-resultaten"

SEED_RESULTS = f"""
import datetime
import numpy as np
from django.utils import timezone
from trafficking.campaigns.models import (
    Campaign, CampaignLink, Evaluation, LinkVisit, Mention, ReachFigure, ReportTally,
)
today = timezone.localdate()
start, end = today - datetime.timedelta(days=200), today - datetime.timedelta(days=140)
rng = np.random.default_rng(3)
day = start - datetime.timedelta(days=400)
while day < today:
    mean = 4.0 * (2.0 if start <= day <= end else 1.0)
    ReportTally.objects.update_or_create(
        day=day, region="PV22", form="organ_removal", kind="report",
        defaults={{"count": int(rng.poisson(mean))}},
    )
    day += datetime.timedelta(days=1)
campaign, _ = Campaign.objects.update_or_create(
    slug={RESULTS!r},
    defaults=dict(
        name="Browsertest: resultaten", origin="registered", areas=["PV22"],
        forms=["organ_removal"], audiences=["professionals"], starts_on=start, ends_on=end,
        call_to_action="visit_page", is_active=True, moderation="published",
    ),
)
Evaluation.objects.update_or_create(
    campaign=campaign,
    defaults=dict(has_insight="yes", more_reports="yes", evidence_level="reports",
                  other_results="Docenten herkennen signalen vaker."),
)
ReachFigure.objects.filter(campaign=campaign).delete()
ReachFigure.objects.create(campaign=campaign, period_start=start, period_end=end,
                           channel="Instagram", impressions=442000, clicks=1300)
link, _ = CampaignLink.objects.update_or_create(
    code="btres1", defaults=dict(campaign=campaign, target="landing", is_active=True))
LinkVisit.objects.update_or_create(link=link, day=start, defaults={{"count": 3}})
LinkVisit.objects.update_or_create(link=link, day=start + datetime.timedelta(days=7),
                                   defaults={{"count": 40}})
week = start - datetime.timedelta(days=start.weekday())
Mention.objects.update_or_create(campaign=campaign, week=week, kind="report",
                                 defaults={{"count": 2}})
print("ok")
"""

SEED_DESK = """
import datetime, json
from django.utils import timezone
from trafficking.campaigns.calendar import calendar
from trafficking.directory.catalogue import current_catalogue
from trafficking.campaigns.models import Campaign, IntakeCapacity, ReportTally
today = timezone.localdate()
monday = today - datetime.timedelta(days=today.weekday())
# Fryslân's organ-removal reports: 9 a week, what the new plan's uplift multiplies.
for week in range(1, 9):
    ReportTally.objects.update_or_create(
        day=monday - datetime.timedelta(weeks=week), region="PV21", form="organ_removal",
        kind="report", defaults={"count": 9},
    )
# An earlier campaign that called to report doubled its slice (Groningen).
start = monday - datetime.timedelta(days=120)
day = start - datetime.timedelta(days=400)
while day < monday:
    doubled = start <= day <= start + datetime.timedelta(days=27)
    ReportTally.objects.update_or_create(
        day=day, region="PV20", form="organ_removal", kind="report",
        defaults={"count": 6 if doubled else 3},
    )
    day += datetime.timedelta(days=1)
Campaign.objects.update_or_create(
    slug="browsertest-eerder-melden",
    defaults=dict(name="Browsertest: eerder", origin="registered", areas=["PV20"],
                  forms=["organ_removal"], starts_on=start,
                  ends_on=start + datetime.timedelta(days=27), call_to_action="report",
                  is_active=True, moderation="published"),
)
# Room for the usual reports plus half of what the plan adds (9 a week).
usual = calendar(monday, monday, current_catalogue().gazetteer, today).usual_per_week
IntakeCapacity.objects.create(
    effective_from=today - datetime.timedelta(days=1),
    hours_per_week=round((usual + 4.5) * 30 / 60, 1), minutes_per_report=30,
)
# The calendar keeps the measured ratios for an hour: measure again with this seed.
from django.core.cache import cache
cache.delete(f"campaigns:ratios:report:{today.isoformat()}")
print(json.dumps({"monday": monday.isoformat(), "usual": usual}))
"""


def no_outside_requests(page, site_url) -> None:
    origin = urlparse(site_url).netloc
    assert [u for u in page.requests if urlparse(u).netloc not in ("", origin)] == []


def test_campaign_results_with_the_effect_figure_are_accessible(page, site, site_url):
    assert site.manage("shell", "-c", SEED_RESULTS).strip().endswith("ok")
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        response = page.goto(f"/nl/campagnes/{RESULTS}/")
        assert response.status == 200
        section = page.locator("section.results")
        text = section.inner_text()
        assert "442.000 vertoningen; 1.300 kliks (CTR 0,29%)" in text
        assert "minder dan 5" in text  # the week with 3 visits, the month with 2 mentions
        assert "40" in text
        assert "keer zoveel meldingen" in text
        svg = section.locator("svg[role=img]")
        assert svg.count() == 1 and svg.is_visible()
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    no_outside_requests(page, site_url)


def test_a_maker_plans_a_campaign_and_sees_the_capacity_warning(browser, site):
    desk = json.loads(site.manage("shell", "-c", SEED_DESK).strip().splitlines()[-1])
    monday = timezone.datetime.fromisoformat(desk["monday"]).date()
    password, key = account(site, "browser-maker", "campaign_maker", "comensha")
    maker = staff_login(browser, site, "browser-maker", password, key)
    assert maker.url.endswith("/intake/campagnes/")
    assert axe_violations(maker) == []
    maker.get_by_role("link", name="Nieuwe campagne plannen").click()
    for viewport in (PHONE, DESKTOP):
        maker.set_viewport_size(viewport)
        assert axe_violations(maker) == []
        assert maker.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    # A bad plan first: the message, and the form still accessible.
    maker.get_by_label("Naam van de campagne").fill("Browsertest: nieuw plan")
    maker.get_by_label("Professionals").check()
    maker.get_by_label("Gedwongen orgaanverwijdering").check()
    maker.get_by_label("Gemeenten").fill("Leewarden")
    maker.get_by_label("Begint op").fill((monday + timedelta(weeks=2)).isoformat())
    maker.get_by_label("Eindigt op").fill((monday + timedelta(weeks=4)).isoformat())
    maker.get_by_label("Melden", exact=True).check()
    maker.get_by_role("button", name="Opslaan").click()
    assert "We kennen geen gemeente ‘Leewarden’. Bedoelt u: Leeuwarden?" in maker.content()
    assert axe_violations(maker) == []

    maker.get_by_label("Gemeenten").fill("Leeuwarden")
    maker.get_by_role("button", name="Opslaan").click()
    assert "De campagne is opgeslagen." in maker.content()
    # Waiting for staff, and said so; its own plan is still weighed on the calendar.
    assert "Wacht op controle" in maker.content()
    warning = maker.locator("section[aria-labelledby=warnings-heading]").inner_text()
    assert "te weinig capaciteit" in warning
    first_week = (monday + timedelta(weeks=2)).day
    assert f"week van {first_week} " in warning
    for viewport in (PHONE, DESKTOP):
        maker.set_viewport_size(viewport)
        assert axe_violations(maker) == []
        assert maker.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    # The evaluation and the reach pages of the same campaign.
    nav = maker.get_by_role("navigation", name="Deze campagne")
    nav.get_by_role("link", name="Evaluatie").click()
    maker.get_by_role("group", name="Is er inzicht in de resultaten?").get_by_label("Ja").check()
    maker.get_by_role("button", name="Opslaan").click()
    assert "De evaluatie is opgeslagen." in maker.content()
    assert axe_violations(maker) == []
    maker.get_by_role("navigation", name="Deze campagne").get_by_role("link", name="Bereik").click()
    maker.locator("#id_hand-period_start").fill("2026-01-05")
    maker.locator("#id_hand-period_end").fill("2026-01-31")
    maker.locator("#id_hand-impressions").fill("-5")
    maker.get_by_role("button", name="Opslaan").click()
    assert "Een aantal kan niet negatief zijn." in maker.content()
    assert axe_violations(maker) == []
    maker.locator("#id_hand-impressions").fill("12000")
    maker.locator("#id_hand-clicks").fill("300")
    maker.get_by_role("button", name="Opslaan").click()
    assert "12.000 vertoningen; 300 kliks (CTR 2,50%)" in maker.content()
    for viewport in (PHONE, DESKTOP):
        maker.set_viewport_size(viewport)
        assert axe_violations(maker) == []
        assert maker.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    maker.context.close()
