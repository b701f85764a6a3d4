"""The insights pages in headless Chromium: WCAG 2.1 AA (axe), phones, no JavaScript."""

from __future__ import annotations

from urllib.parse import urlencode, urlparse

import pytest
from django.urls import reverse
from django.utils import translation

from trafficking.pages.tests.test_browser import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def url(name: str, language: str, *args, query: dict | None = None) -> str:
    with translation.override(language):
        path = reverse(name, args=args)
    return path + ("?" + urlencode(query) if query else "")


PAGES = [
    ("insights:overview", (), None),
    ("insights:group", ("meldpunten",), None),
    ("insights:group", ("kenniscentra",), None),
    ("insights:group", ("campagnes",), None),
    ("insights:reports", (), None),
    ("insights:reports", (), {"provincie": "Atlantis"}),
    ("insights:maps", (), None),
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("name", "args", "query"), PAGES)
def test_insights_pages_are_accessible_and_fit_a_phone(
    page, site_url, viewport, language, name, args, query
):
    page.set_viewport_size(viewport)
    response = page.goto(url(name, language, *args, query=query))
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    origin = urlparse(site_url).netloc
    assert [u for u in page.requests if urlparse(u).netloc not in ("", origin)] == []


def test_filtering_reports_without_javascript(page_no_js):
    page = page_no_js
    page.set_viewport_size(PHONE)
    page.goto(url("insights:overview", "nl"))
    page.get_by_role("link", name="Meldingen per week, vorm, provincie en kanaal").click()
    page.get_by_label("Provincie", exact=True).select_option("PV30")
    page.get_by_label("Periode", exact=True).select_option("all")
    page.get_by_role("button", name="Tonen").click()
    assert "provincie=PV30" in page.url
    # The live site holds no reports: the selection is too small to show.
    assert "minder dan 5 meldingen" in page.get_by_role("status").inner_text()
    assert page.get_by_label("Provincie", exact=True).input_value() == "PV30"


def test_charts_have_a_name_and_a_table_beside_them(page_no_js):
    page = page_no_js
    page.goto(url("insights:group", "nl", "campagnes"))
    chart = page.get_by_role("img", name="Campagnes per vorm van uitbuiting")
    assert chart.count() == 1
    assert page.get_by_role("table", name="Campagnes per vorm van uitbuiting").count() == 1


def test_chart_labels_stay_inside_the_chart_right_to_left(page_no_js):
    """On an Arabic page the chart is still drawn left to right: no label runs off it."""
    page = page_no_js
    page.set_viewport_size(PHONE)
    page.goto(url("insights:group", "ar", "meldpunten"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    outside = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')]
                .map(t => t.getBoundingClientRect())
                .filter(r => r.left < box.left - 1 || r.right > box.right + 1);
        }).length"""
    )
    assert outside == 0
