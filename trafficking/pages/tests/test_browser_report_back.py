"""The report form in headless Chromium, with and without JavaScript: the
browser's Back button on every step, contact details that appear only when
contact is allowed, a review of everything that will be sent, and an empty
description caught where it can be fixed."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import urlparse

import pytest
from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .test_browser import axe_violations
from .test_browser_back import assert_no_error_page, expect_heading

pytestmark = pytest.mark.browser

RECEIPT = r"[2-9A-Z]{6}-[2-9A-Z]{6}-[2-9A-Z]{6}"
NEXT = "button[name=action][value=next]:not(.visually-hidden)"
SEND = "button[name=action][value=send]:not(.visually-hidden)"


def png(name="kas.png") -> dict:
    """A small real picture, as Playwright hands a chosen file to the page."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


def heading(page) -> str:
    return page.locator("h1").inner_text()


# Each step: its heading, how to fill it, and how to check it still holds the answers.
def fill_danger(page):
    page.locator("#id_acute_1").check()
    page.locator("#id_minor_0").check()


def kept_danger(page):
    assert page.locator("#id_acute_1").is_checked()
    assert page.locator("#id_minor_0").is_checked()


def fill_what(page):
    page.locator("#id_text").fill("Mensen slapen in een container bij de kas.")
    page.locator("input[name=form][value=labour]").check()


def kept_what(page):
    assert page.locator("#id_text").input_value() == "Mensen slapen in een container bij de kas."
    assert page.locator("input[name=form][value=labour]").is_checked()


def fill_where(page):
    page.locator("#id_municipality").fill("Zwolle")
    page.locator("#id_when").fill("elke nacht")


def kept_where(page):
    assert page.locator("#id_municipality").input_value() == "Zwolle"
    assert page.locator("#id_when").input_value() == "elke nacht"


def fill_details(page):
    page.locator("#item-0-type").select_option("plate")
    page.locator("#item-0-value").fill("AB-123-C")


def kept_details(page):
    assert page.locator("#item-0-type").input_value() == "plate"
    assert page.locator("#item-0-value").input_value() == "AB-123-C"


def fill_you(page):
    page.locator("#id_consent_contact").check()
    page.locator("#id_contact_phone").fill("0612340000")
    page.locator("#id_consent_police").check()


def kept_you(page):
    assert page.locator("#id_consent_contact").is_checked()
    assert page.locator("#id_contact_phone").input_value() == "0612340000"
    assert page.locator("#id_consent_police").is_checked()


STEPS = [
    ("Iets melden over mensenhandel", fill_danger, kept_danger),
    ("Wat is er gebeurd?", fill_what, kept_what),
    ("Waar en wanneer?", fill_where, kept_where),
    ("Wie en wat zijn erbij betrokken?", fill_details, kept_details),
    ("Over u, en met wie we mogen delen", fill_you, kept_you),
]
LAST = "Bestanden en versturen"


TITLES = [name for name, _fill, _kept in STEPS] + [LAST]


def walk_to(page, title: str):
    page.goto("/nl/melden/")
    for number, (name, fill, _kept) in enumerate(STEPS):
        expect_heading(page, name)
        if name == title:
            return
        fill(page)
        page.locator(NEXT).click()
        expect_heading(page, TITLES[number + 1])
    assert title == LAST


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_contact_details_show_only_when_contact_is_allowed(page, page_no_js, javascript):
    page = page if javascript else page_no_js
    walk_to(page, "Over u, en met wie we mogen delen")
    phone = page.locator("#id_contact_phone")
    assert not phone.is_visible()
    assert not page.locator("#id_contact_email").is_visible()
    page.locator("#id_consent_contact").check()
    assert phone.is_visible()
    # The checkbox sits next to its label, on the same line.
    box = page.locator("#id_consent_contact").bounding_box()
    label = page.locator("label[for=id_consent_contact]").bounding_box()
    assert label["x"] > box["x"] + box["width"] - 1
    assert abs((label["y"] + 12) - (box["y"] + box["height"] / 2)) < 16
    if javascript:
        assert axe_violations(page) == []
    page.locator("#id_consent_contact").uncheck()
    assert not phone.is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_empty_description_is_caught_on_its_own_step(page, page_no_js, javascript):
    page = page if javascript else page_no_js
    walk_to(page, "Wat is er gebeurd?")
    page.locator(NEXT).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    assert heading(page) == "Wat is er gebeurd?"
    assert "1 ding om te verbeteren" in summary.inner_text()
    assert "Vul de beschrijving in" in summary.inner_text()
    assert page.locator("#id_text").get_attribute("aria-invalid") == "true"


def test_the_review_lists_what_will_be_sent(page):
    walk_to(page, LAST)
    review = page.locator(".review")
    text = review.inner_text()
    assert "Mensen slapen in een container bij de kas." in text
    assert "Kenteken: AB-123-C" in text
    assert "Zwolle" in text and "elke nacht" in text
    assert "0612340000" in text
    assert re.search(r"Delen met: De politie\s+Ja", text)
    assert re.search(r"Delen met: De Nederlandse Arbeidsinspectie\s+Nee", text)
    page.locator("#id_files").set_input_files(png("<b>kas</b>.png"))
    files = page.locator("#chosen-files")
    assert re.search(r"<b>kas</b>\.png \(\d", files.inner_text())  # as text, not markup
    assert files.locator("b").count() == 0
    assert axe_violations(page) == []
    page.locator(SEND).click()
    assert re.fullmatch(RECEIPT, page.locator("#receipt-code").inner_text())


def test_without_javascript_files_to_choose_again_are_named(page_no_js):
    page = page_no_js
    walk_to(page, LAST)
    page.locator("#id_files").set_input_files(png())
    page.get_by_role("button", name=re.compile(r"Aanpassen\W+Wat er gebeurde")).click()
    expect_heading(page, "Wat is er gebeurd?")
    for _step in STEPS[1:]:
        page.locator(NEXT).click()
    expect_heading(page, LAST)
    reminder = page.locator("#files-again")
    assert "Kies uw bestanden opnieuw." in reminder.inner_text()
    assert "kas.png" in reminder.inner_text()


def test_back_on_every_step_with_javascript_shows_the_answers(page):
    walk_to(page, LAST)
    # Back from every step: the step before it, as it was answered.
    for name, _fill, kept in reversed(STEPS):
        page.go_back()
        expect_heading(page, name)
        kept(page)
        assert_nothing_readable_in_history(page)
    # Forward through the kept steps, then on with the buttons, and send.
    for name in TITLES[1:3]:
        page.go_forward()
        expect_heading(page, name)
    for name in TITLES[3:]:
        page.locator(NEXT).click()
        expect_heading(page, name)
    assert "Kenteken: AB-123-C" in page.locator(".review").inner_text()
    page.locator(SEND).click()
    expect(page.locator("#receipt-code")).to_have_text(re.compile(RECEIPT))
    assert_nothing_readable_in_history(page)


def test_with_javascript_back_after_sending_cannot_bring_the_answers_back(page):
    walk_to(page, LAST)
    page.locator(SEND).click()
    expect(page.locator("#receipt-code")).to_have_text(re.compile(RECEIPT))
    page.go_back()
    page.wait_for_timeout(300)  # a restored step would be swapped in by now
    assert page.locator("#id_files").count() == 0
    expect(page.locator("#receipt-code")).to_be_visible()
    assert_no_error_page(page)


def test_back_on_every_step_without_javascript_is_never_an_error(page_no_js):
    page = page_no_js
    walk_to(page, LAST)
    for name in reversed(TITLES[:-1]):
        page.go_back()
        assert_no_error_page(page)
        expect_heading(page, name)
    # Forward again through the history, and on to send from where it ends.
    for name in TITLES[1:]:
        page.go_forward()
        assert_no_error_page(page)
        expect_heading(page, name)
    page.locator(SEND).click()
    expect(page.locator("#receipt-code")).to_have_text(re.compile(RECEIPT))
    # The receipt clears the browser's copies of the steps (Clear-Site-Data):
    # Back now asks the browser to post again instead of showing the answers
    # (ADR 9); posting again is harmless thanks to the form's one-time token.
    with pytest.raises(PlaywrightError, match="ERR_CACHE_MISS"):
        page.go_back()


def test_with_javascript_a_chosen_file_survives_back_after_changing_something(page):
    walk_to(page, LAST)
    page.locator("#id_files").set_input_files(png())
    page.get_by_role("button", name=re.compile(r"Aanpassen\W+Wat er gebeurde")).click()
    expect_heading(page, "Wat is er gebeurd?")
    kept_what(page)
    # Back: the same review, the file still chosen and listed.
    page.go_back()
    expect_heading(page, LAST)
    assert page.locator("#id_files").evaluate("input => input.files.length") == 1
    assert "kas.png" in page.locator("#chosen-files").inner_text()
    # Forward with the buttons instead: the server asks for the file again.
    page.go_forward()
    expect_heading(page, "Wat is er gebeurd?")
    for name in TITLES[2:]:
        page.locator(NEXT).click()
        expect_heading(page, name)
    expect(page.locator("#files-again")).to_contain_text("kas.png")
    page.locator("#id_files").set_input_files(png())
    page.locator(SEND).click()
    expect(page.locator("#receipt-code")).to_have_text(re.compile(RECEIPT))


def assert_nothing_readable_in_history(page) -> None:
    assert urlparse(page.url).path == "/nl/melden/"
    assert urlparse(page.url).query == ""
    state = page.evaluate("history.state")
    assert state is None or set(state) == {"steps"}, state
    for answer in ("container", "Zwolle", "AB-123-C", "0612340000", "labour", "true"):
        assert answer not in json.dumps(state)
