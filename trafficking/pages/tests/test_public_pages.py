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


def test_quick_exit_without_javascript_clears_the_cache_and_leaves(client, settings):
    response = client.get("/nl/weg/")
    assert response.status_code == 302
    assert response["Location"] == settings.QUICK_EXIT_URL
    assert response["Clear-Site-Data"] == '"cache"'
    assert "no-store" in response["Cache-Control"]
    home = client.get("/nl/").content.decode()
    assert 'href="/weg/"' not in home and 'href="/nl/weg/"' in home
