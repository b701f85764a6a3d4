"""The browser's Back button on the wizard, with and without JavaScript (ADR 9).

Each wizard step is a POST to the same URL. Back must return to the previous
step with its answer, never show "Confirm form resubmission", and never put
an answer in the address bar or in the history's state.
"""

from __future__ import annotations

import contextlib
import json
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

QUESTIONS = {
    "acute": "Is iemand nu in direct gevaar?",
    "role": "Voor wie zoekt u hulp?",
    "need": "Wat wilt u doen?",
    "form": "Waar lijkt het op?",
    "minor": "Gaat het om iemand jonger dan 18 jaar?",
    "municipality": "Waar gebeurt het?",
}
ORDER = list(QUESTIONS)

# Representative walks: (step, how it is answered, the answer's label or text).
# "button" presses a button instead of choosing and pressing "Volgende".
PATHS = {
    "victim-shelter": [
        ("acute", "radio", "Nee"),
        ("role", "radio", "Het gaat om mijzelf"),
        ("need", "radio", "Een veilige plek om te verblijven (opvang)"),
        ("form", "radio", "Arbeidsuitbuiting"),
        ("minor", "radio", "Nee"),
        ("municipality", "text", "Zwolle"),
    ],
    "citizen-report-place": [
        ("acute", "radio", "Nee"),
        ("role", "radio", "Ik maak me zorgen om iemand anders"),
        ("need", "radio", "Een vermoeden melden"),
        ("form", "radio", "Seksuele uitbuiting"),
        ("minor", "skip", ""),
        ("municipality", "text", "Amersfoort"),
    ],
    "professional-advice-abroad": [
        ("acute", "radio", "Ja"),
        ("role", "radio", "Ik zie het in mijn werk"),
        ("need", "radio", "Advies, zonder te melden"),
        ("form", "radio", "Criminele uitbuiting"),
        ("minor", "radio", "Ja"),
        ("municipality", "button", "Het gebeurt in het buitenland"),
    ],
}
EVERY_ANSWER = [
    "victim",
    "citizen",
    "professional",
    "shelter",
    "report",
    "advice",
    "labour",
    "sexual",
    "criminal",
    "Zwolle",
    "Amersfoort",
    "abroad",
    "true",
]


RESULTS = "Hier kunt u terecht"


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text().strip()


def expect_heading(page, text: str) -> None:
    # With JavaScript a step arrives by fetch: wait for it to be swapped in.
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def answer(page, kind: str, value: str) -> None:
    if kind == "radio":
        page.get_by_label(value, exact=True).check()
        page.get_by_role("button", name="Volgende").click()
    elif kind == "text":
        page.get_by_label(QUESTIONS["municipality"]).fill(value)
        page.get_by_role("button", name="Volgende").click()
    elif kind == "skip":
        page.get_by_role("button", name="Overslaan").click()
    else:
        page.get_by_role("button", name=value).click()


def assert_answer_shown(page, step: str, kind: str, value: str, *, typed: bool = True) -> None:
    expect_heading(page, QUESTIONS[step])
    if kind == "radio":
        assert page.get_by_label(value, exact=True).is_checked(), (step, value)
    elif kind == "text" and typed:
        assert page.get_by_label(QUESTIONS[step]).input_value() == value
    elif kind == "skip":
        assert page.locator("main input[type=radio]:checked").count() == 0


def assert_nothing_readable_in_history(page) -> None:
    assert urlparse(page.url).path == "/nl/wegwijzer/"
    assert urlparse(page.url).query == ""
    state = page.evaluate("history.state")
    assert state is None or set(state) == {"steps"}, state
    text = json.dumps(state)
    assert not [word for word in EVERY_ANSWER if word in text]


def first_recommendation(page) -> str:
    return page.locator(".recommendation h2").first.inner_text()


def assert_no_error_page(page) -> None:
    content = page.content()
    assert "ERR_CACHE_MISS" not in content
    assert "Confirm Form Resubmission" not in content
    assert page.locator("main#main").count() == 1
    assert page.locator("#quick-exit").count() == 1


def walk(page, steps) -> None:
    page.goto("/nl/wegwijzer/")
    for step, kind, value in steps:
        expect_heading(page, QUESTIONS[step])
        answer(page, kind, value)
        assert_nothing_readable_in_history(page)
    expect_heading(page, RESULTS)


@pytest.mark.parametrize("name", list(PATHS))
def test_back_and_forward_on_every_step_with_javascript(page, name):
    steps = PATHS[name]
    walk(page, steps)
    result = first_recommendation(page)

    # Back from the results and from every step: the previous step, as answered.
    for step, kind, value in reversed(steps):
        page.go_back()
        assert_answer_shown(page, step, kind, value)
        assert_nothing_readable_in_history(page)

    # Forward again, through the kept steps, to the same result.
    for step, _kind, _value in steps[1:]:
        page.go_forward()
        expect_heading(page, QUESTIONS[step])
    page.go_forward()
    expect_heading(page, RESULTS)
    assert first_recommendation(page) == result

    # Back two steps and continue with the buttons: the answers are still there.
    page.go_back()
    page.go_back()
    for step, kind, value in steps[-2:]:
        assert_answer_shown(page, step, kind, value)
        if kind in ("radio", "text"):
            page.get_by_role("button", name="Volgende").click()
        else:
            answer(page, kind, value)
    expect_heading(page, RESULTS)
    assert first_recommendation(page) == result
    assert_nothing_readable_in_history(page)


def test_javascript_steps_move_focus_and_title(page):
    page.goto("/nl/wegwijzer/")
    answer(page, "radio", "Nee")
    expect_heading(page, QUESTIONS["role"])
    assert page.title().startswith(QUESTIONS["role"])
    focused = page.evaluate("document.activeElement && document.activeElement.tagName")
    assert focused == "H1"
    # A wrong place: the error summary gets the focus.
    for step in ("role", "need", "form", "minor"):
        expect_heading(page, QUESTIONS[step])
        answer(page, "skip", "")
    expect_heading(page, QUESTIONS["municipality"])
    answer(page, "text", "Zwole")
    expect(page.locator("#error-summary")).to_be_focused()
    assert page.title().startswith("Fout")
    page.go_back()
    expect_heading(page, QUESTIONS["municipality"])
    assert page.locator("#error-summary").count() == 0
    page.go_back()
    expect_heading(page, QUESTIONS["minor"])


def test_after_the_end_back_cannot_bring_answers_back(page):
    # A page that ends the steps (the report receipt) carries data-steps-end;
    # here the real results page is marked so, on its way to the browser.
    def mark_end(route):
        response = route.fetch()
        body = response.text().replace('<main id="main"', '<main data-steps-end id="main"', 1)
        route.fulfill(response=response, body=body)

    page.goto("/nl/wegwijzer/")
    page.route("**/nl/wegwijzer/", mark_end)
    for step, kind, value in PATHS["victim-shelter"]:
        expect_heading(page, QUESTIONS[step])
        answer(page, kind, value)
    expect_heading(page, RESULTS)
    page.go_back()
    page.go_back()
    page.wait_for_timeout(200)
    expect_heading(page, RESULTS)
    assert "Het gaat om mijzelf" not in page.locator("body").inner_text()
    assert page.locator("input[name=role]").count() == 0


def test_quick_exit_then_back_shows_no_answers(page, site_url):
    page.route(
        "**/*",
        lambda route: (
            route.fulfill(status=200, body="neutral")
            if urlparse(route.request.url).netloc != urlparse(site_url).netloc
            else route.continue_()
        ),
    )
    page.goto("/nl/wegwijzer/")
    for step, kind, value in PATHS["victim-shelter"][:3]:
        expect_heading(page, QUESTIONS[step])
        answer(page, kind, value)
    expect_heading(page, QUESTIONS["form"])
    exit_url = page.locator("#quick-exit").get_attribute("data-exit-url")
    page.locator("#quick-exit").click()
    page.wait_for_url(exit_url)
    page.go_back()
    assert_no_error_page(page)
    assert page.locator("input[value=victim]").count() == 0
    assert page.locator("input[value=shelter]").count() == 0
    assert page.locator("main input:checked").count() == 0


@pytest.mark.parametrize("name", list(PATHS))
def test_back_on_every_step_without_javascript_is_never_an_error_page(page_no_js, name):
    page = page_no_js
    steps = PATHS[name]
    walk(page, steps)
    for step, kind, value in reversed(steps):
        page.go_back()  # raises on net::ERR_CACHE_MISS
        assert_no_error_page(page)
        # The browser restores choices; the place field has autocomplete=off,
        # so Chromium keeps no copy of what was typed there.
        assert_answer_shown(page, step, kind, value, typed=False)
    page.go_back()  # from the first step to the empty start of the browser history
    for _ in range(len(steps) + 1):
        page.go_forward()
        assert_no_error_page(page)
    expect_heading(page, RESULTS)


@pytest.mark.parametrize("name", list(PATHS))
def test_share_link_holds_only_the_question(page, name):
    steps = PATHS[name]
    walk(page, steps)
    result = first_recommendation(page)
    share = page.get_by_label("Link om te delen")
    assert share.get_attribute("readonly") is not None
    url = share.input_value()
    parsed = urlparse(url)
    assert parsed.path == "/nl/advies/"
    query = parse_qs(parsed.query)
    assert set(query) <= {
        "role",
        "need",
        "form",
        "municipality",
        "abroad",
        "acute",
        "minor",
        "language",
    }
    assert all(len(values) == 1 for values in query.values())
    # The place is the municipality's code, never what the person typed.
    assert "Zwolle" not in url and "Amersfoort" not in url
    # Opt-in: the address bar still shows only the wizard.
    assert urlparse(page.url).path == "/nl/wegwijzer/"

    page.goto(url)
    expect_heading(page, RESULTS)
    assert first_recommendation(page) == result


def test_a_failed_fetch_falls_back_to_a_native_submit(page):
    # The fetch fails (network); the same form and button go as a normal post.
    page.route(
        "**/nl/wegwijzer/",
        lambda route: (
            route.abort() if route.request.resource_type == "fetch" else route.continue_()
        ),
    )
    page.goto("/nl/wegwijzer/")
    page.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Overslaan").click()
    expect_heading(page, QUESTIONS["role"])
    # "Overslaan" was the button sent: the acute answer was skipped, not "Nee".
    assert page.locator("input[name=acute]").get_attribute("value") == ""


def test_quick_exit_without_javascript_forgets_the_cached_steps(page_no_js):
    """Without JavaScript the exit link passes through /weg/, which clears the cache.

    The steps were cached so that Back works; after fleeing, Back must not
    bring the answers back (the browser may show its own "resubmit" page).
    No request is intercepted here: Playwright turns the HTTP cache off when
    routing is on, and the cache is what this test is about. The neutral site
    is unreachable from the test machine, which does not matter.
    """
    page = page_no_js
    page.goto("/nl/wegwijzer/")
    for step, kind, value in PATHS["victim-shelter"][:3]:
        expect_heading(page, QUESTIONS[step])
        answer(page, kind, value)
    expect_heading(page, QUESTIONS["form"])
    with page.expect_response(lambda response: response.url.endswith("/nl/weg/")) as exit_info:
        page.locator("#quick-exit").click()
    assert exit_info.value.status == 302
    page.wait_for_load_state()
    # Chromium's ERR_CACHE_MISS ("resubmit") page is the expected outcome here.
    with contextlib.suppress(PlaywrightError):
        page.go_back()
    assert page.locator("input[value=victim]").count() == 0
    assert page.locator("input[value=shelter]").count() == 0
    assert page.locator("main input:checked").count() == 0
