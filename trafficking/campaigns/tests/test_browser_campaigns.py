"""The campaign register in headless Chromium: WCAG 2.1 AA, phones, no JavaScript.

The live site's database holds the register as ``load_campaigns`` loads it
(live_site.prepare_database): the 31 + 23 campaigns of appendix B.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlparse

import pytest
from django.urls import reverse
from django.utils import translation

from trafficking.pages.tests.test_browser import axe_violations

pytestmark = pytest.mark.browser

AMSTERDAM = "Amsterdamse Week tegen Mensenhandel"
AMSTERDAM_SLUG = "amsterdamse-week-tegen-mensenhandel"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def url(name: str, language: str, *args, query: dict | None = None) -> str:
    """The page's path in a language, as the site's own (translated) URLs give it."""
    with translation.override(language):
        path = reverse(name, args=args)
    return path + ("?" + urlencode(query) if query else "")


def found(page) -> int:
    return int(page.get_by_role("status").inner_text().split()[0])


PAGES = [
    ("campaigns:list", (), None),
    ("campaigns:list", (), {"audience": "citizens", "form": "general", "status": "ended"}),
    ("campaigns:list", (), {"q": "mensenhandel", "province": "PV27"}),
    ("campaigns:list", (), {"status": "soon"}),  # a 400 with its message
    ("campaigns:detail", (AMSTERDAM_SLUG,), None),
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["nl", "en", "ar"])
@pytest.mark.parametrize(("name", "args", "query"), PAGES)
def test_register_pages_are_accessible_and_fit_a_phone(
    page, site_url, viewport, language, name, args, query
):
    page.set_viewport_size(viewport)
    response = page.goto(url(name, language, *args, query=query))
    assert response.status == (400 if query == {"status": "soon"} else 200)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("#quick-exit").is_visible()
    assert axe_violations(page) == []
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    origin = urlparse(site_url).netloc
    outside = [u for u in page.requests if urlparse(u).netloc not in ("", origin)]
    assert outside == []


def test_the_register_holds_the_campaigns_of_appendix_b(page):
    page.goto(url("campaigns:list", "nl"))
    assert found(page) == 54
    page.goto(url("campaigns:list", "nl", query={"origin": "named_by_respondents"}))
    assert found(page) == 23
    assert page.get_by_text("nog niet beschreven — details open voor de eigenaar").count() == 20


def test_search_and_follow_a_campaign_to_its_sender_in_the_directory(page):
    page.goto(url("campaigns:list", "nl"))
    page.get_by_label("Zoeken", exact=True).fill(AMSTERDAM)
    page.get_by_role("button", name="Zoeken").click()
    assert found(page) == 1
    page.get_by_role("link", name=AMSTERDAM).click()
    assert page.get_by_role("heading", level=1).inner_text() == AMSTERDAM
    # The transcription note is English text on a Dutch page.
    assert page.locator("main p[lang=en]").count() == 1
    page.locator("ul.senders").get_by_role("link", name="Gemeente Amsterdam").click()
    assert page.url.endswith(url("directory:detail", "nl", "gemeente-amsterdam"))


def test_filters_work_without_javascript_on_a_phone(page_no_js):
    page = page_no_js
    page.set_viewport_size(PHONE)
    page.goto(url("campaigns:list", "nl"))
    total = found(page)
    audience = page.get_by_label("Doelgroep")
    # Folded away on a phone until the person opens them (a <details>, no script).
    assert not audience.is_visible()
    page.get_by_text("Filters", exact=True).click()
    audience.select_option("youth")
    page.get_by_label("Vorm van uitbuiting").select_option("sexual")
    page.get_by_role("button", name="Zoeken").click()
    filtered = found(page)
    assert 0 < filtered < total
    assert "audience=youth" in page.url and "form=sexual" in page.url
    # The chosen filters stay open and keep their values.
    assert page.get_by_label("Doelgroep").is_visible()
    assert page.get_by_label("Doelgroep").input_value() == "youth"


def test_filters_show_on_a_wide_screen_and_a_bad_value_says_what_is_wrong(page_no_js):
    page = page_no_js
    page.set_viewport_size(DESKTOP)
    page.goto(url("campaigns:list", "nl"))
    assert page.get_by_label("Provincie").is_visible()
    page.goto(url("campaigns:list", "nl", query={"province": "Atlantis"}))
    alert = page.get_by_role("alert")
    assert "Provincie" in alert.inner_text()
    assert "Atlantis" in alert.inner_text()
    alert.get_by_role("link").first.click()
    assert page.url.endswith("#id_province")
