"""Every public page fits a phone and a desktop screen, in every language.

A right-to-left page counts content pushed off its left edge as scrollable
width, so one element parked at ``left: -999px`` made every Arabic page about
1,000 px wider than the phone showing it. These tests load each public page in
each language at a phone and a desktop width, check that nothing overflows and
that the page heading is on the first screen, and run axe-core on it.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from .test_browser import axe_violations

pytestmark = pytest.mark.browser

WIDTHS = {390: 844, 1280: 800}  # width: height, a common phone and a laptop
LANGUAGES = [code for code, _name in settings.LANGUAGES]

# name: (url name, args, query string); "404" is a path that does not exist.
PAGES = {
    "home": ("pages:home", (), ""),
    "wizard": ("pages:wizard", (), ""),
    "results": ("pages:results", (), "?role=victim&need=shelter&municipality=Zwolle"),
    "directory": ("directory:list", (), ""),
    "organisation": ("directory:detail", ("comensha",), ""),
    "signals": ("pages:signals", (), ""),
    "report": ("reports:report", (), ""),
    "advice": ("reports:advice", (), ""),
    "followup": ("reports:followup", (), ""),
    "404": (None, (), ""),
}

# What the browser reports about the layout, in one round trip.
MEASURE = """() => {
  const heading = document.querySelector('main h1');
  const box = heading ? heading.getBoundingClientRect() : null;
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
    dir: document.documentElement.dir,
    heading: box && {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
  };
}"""


def page_path(name: str, language: str) -> str:
    url_name, args, query = PAGES[name]
    with translation.override(language):
        if url_name is None:
            return f"/{language}/deze-pagina-bestaat-niet/"
        return reverse(url_name, args=args) + query


@pytest.fixture(scope="module")
def pages_by_width(browser, site_url):
    """One browser context per width, reused by every page and language."""
    contexts = {
        width: browser.new_context(
            bypass_csp=True, base_url=site_url, viewport={"width": width, "height": height}
        )
        for width, height in WIDTHS.items()
    }
    yield {width: context.new_page() for width, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_screen_and_passes_axe(pages_by_width, name, language, width):
    page = pages_by_width[width]
    path = page_path(name, language)
    response = page.goto(path)
    expected = 404 if name == "404" else 200
    assert response.status == expected, path

    layout = page.evaluate(MEASURE)
    problems = []
    if layout["scrollWidth"] > layout["innerWidth"]:
        problems.append(
            f"page is {layout['scrollWidth']} px wide in a {layout['innerWidth']} px window"
        )
    box = layout["heading"]
    if box is None:
        problems.append("no <h1> in <main>")
    elif not (
        box["left"] >= 0
        and box["right"] <= layout["innerWidth"]
        and 0 <= box["top"] < layout["innerHeight"]
    ):
        problems.append(f"heading outside the first screen: {box}")
    violations = axe_violations(page)
    if violations:
        problems.append(f"axe: {violations}")
    assert problems == [], f"{path} at {width} px ({layout['dir']}): {problems}"


def test_directory_filters_fold_away_on_a_phone_and_open_by_keyboard(pages_by_width):
    phone, desktop = pages_by_width[390], pages_by_width[1280]
    phone.goto("/nl/organisaties/")
    select = phone.get_by_label("Vorm van uitbuiting")
    assert not select.is_visible()
    phone.locator(".filter-details > summary").focus()
    phone.keyboard.press("Enter")
    assert select.is_visible()
    # Once a filter is chosen the page comes back with the filters open.
    phone.goto("/nl/organisaties/?form=labour")
    assert phone.get_by_label("Vorm van uitbuiting").is_visible()
    # A wide screen always shows them.
    desktop.goto("/nl/organisaties/")
    assert desktop.get_by_label("Vorm van uitbuiting").is_visible()


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_skip_link_appears_inside_the_screen_when_focused(pages_by_width, language):
    page = pages_by_width[390]
    page.goto(f"/{language}/")
    page.keyboard.press("Tab")
    link = page.locator(".skip-link")
    assert link.evaluate("element => element === document.activeElement")
    box = link.bounding_box()
    assert box["width"] > 40 and box["height"] > 20, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
