"""Every public page, in every language, through the test client: it answers
HEAD (monitors, link checkers and some browsers' prefetch use it) and tells
no other site where the visitor came from.

The walk is built from the URL configuration; a public page added without a
row in PAGES fails test_every_public_url_is_walked.
"""

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

# url name -> (arguments, query string that makes the page answer 200)
PAGES = {
    "pages:home": ([], ""),
    "pages:wizard": ([], ""),
    "pages:results": ([], "?role=victim&need=shelter&municipality=Zwolle&acute=true"),
    "pages:signals": ([], ""),
    "directory:list": ([], ""),
    "directory:detail": (["comensha"], ""),
    "reports:report": ([], ""),
    "reports:advice": ([], ""),
    "reports:followup": ([], ""),
}
PUBLIC_NAMESPACES = ("pages", "directory", "reports")
# Public URLs that are not pages: each has its own test.
NOT_PAGES = {"pages:quick-exit"}  # test_quick_exit_without_javascript_clears_the_cache_and_leaves


def public_urls() -> list[str]:
    urls = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name, (args, query) in PAGES.items():
                urls.append(reverse(name, args=args) + query)
    return urls


def test_every_public_url_is_walked():
    resolver = get_resolver()
    names = {
        f"{namespace}:{pattern.name}"
        for namespace in PUBLIC_NAMESPACES
        for pattern in resolver.namespace_dict[namespace][1].url_patterns
    }
    assert names == set(PAGES) | NOT_PAGES
    assert "/ar/melden/opvolgen/" in public_urls()


@pytest.mark.parametrize("url", public_urls())
def test_head_answers_200_without_a_body(client, url):
    get = client.get(url)
    assert get.status_code == 200, url
    head = client.head(url)
    assert head.status_code == 200, url
    assert head.content == b""
    # HEAD describes the same page: the same type and no caching where GET forbids it.
    assert head["Content-Type"] == get["Content-Type"]
    assert head.get("Cache-Control") == get.get("Cache-Control")


@pytest.mark.parametrize("url", public_urls())
def test_public_pages_send_no_referrer(client, url):
    assert client.get(url)["Referrer-Policy"] == "no-referrer"


def test_head_on_the_follow_up_page_is_not_a_receipt_guess(client, settings):
    # Before HEAD was answered as GET, it ran the POST branch with an empty code.
    settings.RECEIPT_CHECK_LIMIT = 1
    for _ in range(3):
        assert client.head("/nl/melden/opvolgen/").status_code == 200
    assert client.post("/nl/melden/opvolgen/", {"code": "WRONG"}).status_code == 404


# --- The wizard's steps stay in the browser's own cache, for Back (ADR 9) ---


def test_wizard_steps_are_kept_by_the_browser_only_for_back(client):
    first = client.get("/nl/wegwijzer/")
    step = client.post("/nl/wegwijzer/", {"step": "acute", "acute": "false"})
    error = client.post("/nl/wegwijzer/", {"step": "municipality", "municipality": "Zwole"})
    results = client.post(
        "/nl/wegwijzer/", {"step": "municipality", "role": "victim", "municipality": "Zwolle"}
    )
    assert (step.status_code, error.status_code, results.status_code) == (200, 400, 200)
    for response in (first, step, error, results):
        # no-store made Back to a POST show "Confirm form resubmission".
        assert response["Cache-Control"] == "private, no-cache"
        assert "Expires" not in response
        assert "Clear-Site-Data" not in response
        assert "Set-Cookie" not in response


def test_steps_finished_drops_every_kept_copy():
    from django.http import HttpResponse

    from trafficking.core.step_cache import step_page, steps_finished

    assert step_page(HttpResponse())["Cache-Control"] == "private, no-cache"
    finished = steps_finished(step_page(HttpResponse()))
    assert finished["Cache-Control"] == "no-store, private"
    assert finished["Clear-Site-Data"] == '"cache"'


def test_results_offer_a_link_that_holds_only_the_question(client):
    response = client.post(
        "/nl/wegwijzer/",
        {
            "step": "municipality",
            "acute": "false",
            "role": "victim",
            "need": "shelter",
            "form": "unknown",
            "minor": "false",
            "municipality": "zwole ",  # misspelt: the suggestion is not taken
        },
    )
    assert response.status_code == 400
    assert "share_url" not in response.context
    response = client.post(
        "/nl/wegwijzer/",
        {
            "step": "municipality",
            "acute": "true",
            "role": "victim",
            "need": "shelter",
            "form": "labour",
            "minor": "false",
            "municipality": "  zwolle",
        },
    )
    share = response.context["share_url"]
    assert share == (
        "http://testserver/nl/advies/?role=victim&need=shelter&form=labour"
        "&municipality=GM0193&acute=true"
    )
    shared = client.get(share)
    assert shared.context["share_url"] == share
    first = [item["rec"].organisation.slug for item in response.context["recommendations"]]
    assert [item["rec"].organisation.slug for item in shared.context["recommendations"]] == first


def test_share_link_from_abroad_has_no_place(client):
    response = client.post(
        "/nl/wegwijzer/",
        {"step": "municipality", "role": "professional", "need": "advice", "action": "abroad"},
    )
    assert response.context["share_url"].endswith(
        "/nl/advies/?role=professional&need=advice&abroad=true"
    )


def test_share_partial_shows_the_link_read_only():
    from django.template.loader import render_to_string

    html = render_to_string(
        "pages/_share.html", {"share_url": "http://x.test/nl/advies/?need=help"}
    )
    assert "readonly" in html and 'value="http://x.test/nl/advies/?need=help"' in html
    assert "Link om te delen" in html
    assert render_to_string("pages/_share.html", {}).strip() == ""


def test_acute_alert_links_112_for_a_phone(client):
    response = client.post("/nl/wegwijzer/", {"step": "acute", "acute": "true"})
    assert b'<a href="tel:112">112</a>' in response.content


@pytest.mark.parametrize(
    "typed",
    [
        "in het buitenland",
        "Abroad",
        "za granica",
        "în străinătate",
        "зад граница",
        "закордоном",
        "بالخارج",
    ],
)
def test_wizard_understands_abroad_in_the_sites_languages(client, typed):
    response = client.post(
        "/nl/wegwijzer/", {"step": "municipality", "role": "victim", "municipality": typed}
    )
    assert response.status_code == 200
    assert response.context["situation"].abroad
    assert response.context["share_url"].endswith("abroad=true")


def test_quick_exit_without_javascript_clears_the_cache_and_leaves(client, settings):
    response = client.get("/nl/weg/")
    assert response.status_code == 302
    assert response["Location"] == settings.QUICK_EXIT_URL
    assert response["Clear-Site-Data"] == '"cache"'
    assert "no-store" in response["Cache-Control"]
    home = client.get("/nl/").content.decode()
    assert 'href="/weg/"' not in home and 'href="/nl/weg/"' in home
