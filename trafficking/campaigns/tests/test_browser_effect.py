""" "Effect meten" in headless Chromium: upload, result, figure; axe clean, phone width, no JS."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import translation

from trafficking.campaigns.tests.test_effect_page import WINDOW, as_csv, day, simulated_counts
from trafficking.pages.tests.test_browser import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def url(language: str = "nl") -> str:
    with translation.override(language):
        return reverse("campaigns:effect")


def fill_and_send(page, csv: str, start: str, end: str) -> int:
    page.get_by_label("CSV-bestand met meldingen per dag").set_input_files(
        files=[{"name": "meldingen.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_label("Eerste dag van de campagne").fill(start)
    page.get_by_label("Laatste dag van de campagne").fill(end)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Effect berekenen").click()
    return navigation.value.status


def assert_fits_and_is_accessible(page, width: int) -> None:
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_upload_a_csv_with_a_known_effect_and_see_it(page, page_no_js, site_url, javascript):
    tab = page if javascript else page_no_js
    tab.set_viewport_size(PHONE)
    tab.goto(url())
    status = fill_and_send(tab, as_csv(simulated_counts()), day(WINDOW[0]), day(WINDOW[1]))
    assert status == 200
    result = tab.get_by_role("region", name="Uitkomst")
    assert "Waarschijnlijk effect" in result.get_by_role("status").inner_text()
    figure = tab.get_by_role("img", name="Meldingen per dag, met en zonder campagne")
    assert figure.is_visible()
    assert figure.bounding_box()["width"] <= PHONE["width"]
    table = tab.get_by_role("region", name="Per week").get_by_role("table")
    assert table.locator("tbody tr").count() > 30
    assert "tijdens de campagne" in table.inner_text()
    if javascript:
        assert_fits_and_is_accessible(tab, PHONE["width"])
        origin = urlparse(site_url).netloc
        outside = [u for u in tab.requests if urlparse(u).netloc not in ("", origin)]
        assert outside == []
    else:
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert tab.context.cookies() == []


def test_a_window_outside_the_series_gives_the_form_again_with_the_message(page_no_js):
    page = page_no_js
    page.set_viewport_size(PHONE)
    page.goto(url())
    status = fill_and_send(page, as_csv(simulated_counts()), day(230), day(260))
    assert status == 400
    alert = page.get_by_role("alert")
    assert "valt buiten de reeks" in alert.inner_text()
    # The file's lines and the dates are kept, to correct them here.
    assert page.get_by_label("Of plak de regels hier").input_value().startswith("date,count\n")
    assert page.get_by_label("Eerste dag van de campagne").input_value() == day(230)
    assert page.get_by_role("img").count() == 0


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_the_page_its_result_and_its_errors_are_accessible(page, viewport, language):
    page.set_viewport_size(viewport)
    response = page.goto(url(language))
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert_fits_and_is_accessible(page, viewport["width"])
    # An error: one day is too short a window (the labels differ per language, so by name).
    page.locator("#id_counts_text").fill(as_csv(simulated_counts()))
    page.locator("#id_start").fill(day(150))
    page.locator("#id_end").fill(day(150))
    with page.expect_navigation() as navigation:
        page.locator("form.effect-form button[type=submit]").click()
    assert navigation.value.status == 400
    assert page.get_by_role("alert").is_visible()
    assert_fits_and_is_accessible(page, viewport["width"])
    page.locator("#id_end").fill(day(WINDOW[1]))
    with page.expect_navigation() as navigation:
        page.locator("form.effect-form button[type=submit]").click()
    assert navigation.value.status == 200
    assert page.locator("svg[role=img]").is_visible()
    assert_fits_and_is_accessible(page, viewport["width"])
