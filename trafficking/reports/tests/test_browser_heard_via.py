""" "How did you hear of us?" in headless Chromium, with and without JavaScript.

A reporter picks a running campaign on the "you" step, sees it in the review,
and sends; the answer is in the sealed report and the campaign's weekly count
went up by one. A campaign link (``/c/<code>`` or ``?via=<code>``) preselects
its campaign for that visit. axe-core on the pages with the question.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from trafficking.pages.tests.test_browser import axe_violations

pytestmark = pytest.mark.browser

SLUG = "browsertest-hoorde-ons"
NAME = "Browsertest: hoe kent u ons"
CODE = "bt7hkq"
NEXT = "button[name=action][value=next]:not(.visually-hidden)"
SEND = "button[name=action][value=send]:not(.visually-hidden)"
RECEIPT = r"[2-9A-Z]{6}-[2-9A-Z]{6}-[2-9A-Z]{6}"

SEED = f"""
import datetime
from django.utils import timezone
from trafficking.campaigns.models import Campaign, CampaignLink
campaign, _ = Campaign.objects.update_or_create(
    slug={SLUG!r},
    defaults=dict(
        name={NAME!r},
        origin="registered",
        moderation="published",
        starts_on=timezone.localdate() - datetime.timedelta(days=7),
        ends_on=None,
        is_active=True,
    ),
)
CampaignLink.objects.update_or_create(
    code={CODE!r}, defaults=dict(campaign=campaign, target="report", is_active=True)
)
print("ok")
"""


def stored(site, text: str) -> dict:
    """The answer sealed in the report with ``text``, and the campaign's counts."""
    script = (
        "import json;"
        "from trafficking.reports.models import Report;"
        "from trafficking.campaigns.models import Mention;"
        f"found = [r.content() for r in Report.objects.all() if r.content()['text'] == {text!r}];"
        "print(json.dumps({"
        "'answers': [c.get('heard_via') for c in found],"
        f"'count': sum(Mention.objects.filter(campaign__slug={SLUG!r}, kind='report')"
        ".values_list('count', flat=True)),"
        "}))"
    )
    return json.loads(site.manage("shell", "-c", script).strip().splitlines()[-1])


@pytest.fixture(scope="module")
def campaign(site):
    assert site.manage("shell", "-c", SEED).strip().endswith("ok")
    return SLUG


def fill_until_you(page, text: str) -> None:
    # Each step waits for the next one: with JavaScript a step replaces <main>.
    page.locator("#id_acute_1").check()
    page.locator("#id_minor_1").check()
    page.locator(NEXT).click()
    page.locator("#id_text").fill(text)
    page.locator(NEXT).click()
    page.locator("#id_municipality").fill("Zwolle")
    page.locator(NEXT).click()
    expect(page.locator("#item-0-type")).to_be_visible()
    page.locator(NEXT).click()  # no details
    expect(page.locator("#id_heard_via")).to_be_visible()


def send_and_receipt(page) -> str:
    page.locator(SEND).click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(RECEIPT, code)
    return code


def choose_and_send(page, site, text: str, *, axe: bool = True) -> None:
    before = stored(site, text)["count"]
    page.goto("/nl/melden/")
    fill_until_you(page, text)
    select = page.locator("#id_heard_via")
    assert select.input_value() == ""  # not answered unless chosen
    assert page.get_by_label("Hoe kent u ons? (mag leeg blijven)").count() == 1
    select.select_option(SLUG)
    if axe:  # axe-core is a script: it runs only where JavaScript does
        assert axe_violations(page) == []
    page.locator(NEXT).click()
    expect(page.locator("#review-heard-via")).to_have_text(NAME)
    send_and_receipt(page)
    after = stored(site, text)
    assert after["answers"] == [SLUG]
    assert after["count"] == before + 1


def test_choosing_a_campaign_with_javascript(page, site, campaign):
    choose_and_send(page, site, "Browsertest heard_via met JavaScript: werk zonder loon.")
    assert all(r.startswith(site.url) for r in page.requests)  # no third party


def test_choosing_a_campaign_without_javascript(page_no_js, site, campaign):
    text = "Browsertest heard_via zonder JavaScript: werk zonder loon."
    choose_and_send(page_no_js, site, text, axe=False)


def test_the_question_fits_a_phone(page, campaign):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/nl/melden/")
    fill_until_you(page, "Browsertest: past op een telefoon.")
    page.locator("#id_heard_via").scroll_into_view_if_needed()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    box = page.locator("#id_heard_via").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


@pytest.mark.parametrize("javascript", [True, False])
def test_a_campaign_link_preselects_its_campaign(request, site, campaign, javascript):
    page = request.getfixturevalue("page" if javascript else "page_no_js")
    text = f"Browsertest via campagnelink (JavaScript {javascript}): container bij de kas."
    before = stored(site, text)["count"]
    # The short link as printed on a poster, in capitals: it sends the visitor
    # to the report form with the campaign remembered for this visit.
    page.goto(f"/c/{CODE.upper()}")
    assert re.search(r"/nl/melden/\?via=", page.url), page.url
    assert page.locator("input[type=hidden][name=heard_via]").input_value() == SLUG
    assert not page.context.cookies()
    if javascript:
        assert axe_violations(page) == []
    fill_until_you(page, text)
    assert page.locator("#id_heard_via").input_value() == SLUG
    page.locator(NEXT).click()
    expect(page.locator("#review-heard-via")).to_have_text(NAME)
    send_and_receipt(page)
    after = stored(site, text)
    assert after["answers"] == [SLUG]
    assert after["count"] == before + 1


def test_an_unknown_via_is_ignored(page, campaign):
    page.goto("/nl/melden/?via=bestaatniet")
    assert page.locator("input[type=hidden][name=heard_via]").input_value() == ""
    fill_until_you(page, "Browsertest: onbekende via.")
    assert page.locator("#id_heard_via").input_value() == ""


def test_the_advice_page_asks_and_remembers_the_link(page, site, campaign):
    page.goto(f"/nl/advies-vragen/?via={CODE}")
    assert page.locator("#id_heard_via").input_value() == SLUG
    assert axe_violations(page) == []
    page.locator("#id_text").fill("Browsertest: is dit uitbuiting?")
    page.get_by_role("button", name="Vraag versturen").click()
    assert re.fullmatch(RECEIPT, page.locator("#receipt-code").inner_text().strip())
