"""Coverage and the calendar in headless Chromium: WCAG 2.1 AA, phones, no JavaScript."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from trafficking.campaigns.tests.test_browser_campaigns import DESKTOP, PHONE, url
from trafficking.pages.tests.test_browser import axe_violations

pytestmark = pytest.mark.browser

PAGES = [
    ("campaigns:coverage", None, 200),
    ("campaigns:coverage", {"regio": "PV31"}, 200),
    ("campaigns:coverage", {"regio": "elders"}, 400),
    ("campaigns:calendar", None, 200),
    ("campaigns:calendar", {"van": "2023-01"}, 200),
    ("campaigns:calendar", {"van": "januari"}, 400),
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["nl", "en", "ar"])
@pytest.mark.parametrize(("name", "query", "status"), PAGES)
def test_pages_are_accessible_and_fit_a_phone(
    page, site_url, viewport, language, name, query, status
):
    page.set_viewport_size(viewport)
    response = page.goto(url(name, language, query=query))
    assert response.status == status
    assert page.locator("#quick-exit").is_visible()
    assert axe_violations(page) == []
    # The wide table scrolls inside its own region; the page never does.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    origin = urlparse(site_url).netloc
    assert [u for u in page.requests if urlparse(u).netloc not in ("", origin)] == []


def test_choosing_a_province_without_javascript(page_no_js):
    page = page_no_js
    page.goto(url("campaigns:coverage", "nl"))
    page.get_by_label("Regio", exact=True).select_option(label="Limburg")
    page.get_by_role("button", name="Tonen").click()
    expect(
        page.get_by_role("heading", name="Campagnes per doelgroep en vorm: Limburg")
    ).to_be_visible()
    # A number in the matrix leads to the campaigns it counts: the province's
    # own, and apart from them the national ones that reach it too.
    link = page.locator("table.coverage td a.regional").first
    count = int(link.inner_text().split()[0])
    link.click()
    expect(page.get_by_role("status")).to_contain_text(str(count))


def test_the_calendar_pages_back_and_forth_without_javascript(page_no_js):
    page = page_no_js
    page.goto(url("campaigns:calendar", "nl", query={"van": "2022-01"}))
    expect(page.get_by_role("heading", name="januari 2022")).to_be_visible()
    page.get_by_role("link", name="Volgende zes maanden").click()
    expect(page.get_by_role("heading", name="juli 2022")).to_be_visible()


def test_a_national_count_in_a_province_leads_to_the_national_campaigns(page_no_js):
    page = page_no_js
    page.goto(url("campaigns:coverage", "nl", query={"regio": "PV31"}))
    link = page.locator("table.coverage td a.national").first
    count = int(link.inner_text().split()[0])
    link.click()
    # The list also holds national campaigns that ended long ago, which
    # coverage no longer counts: never fewer than the cell says.
    expect(page.get_by_role("status")).to_contain_text("campagnes gevonden")
    assert int(page.get_by_role("status").inner_text().split()[0]) >= count
    assert "province=national" in page.url
