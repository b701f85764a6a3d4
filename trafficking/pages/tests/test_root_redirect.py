"""/ sends the visitor to the start page in their own language (pages.views.root)."""

import pytest
from django.conf import settings


@pytest.mark.parametrize(
    ("accept_language", "start"),
    [
        ("pl", "/pl/"),
        ("pl-PL,pl;q=0.9,en;q=0.5", "/pl/"),
        ("ar", "/ar/"),
        ("ar-MA", "/ar/"),
        ("en-GB,en;q=0.8", "/en/"),
        ("uk", "/uk/"),
        ("de", "/nl/"),  # not a language of the site: Dutch
        ("de-DE,fr;q=0.8", "/nl/"),
        ("de,ro;q=0.5", "/ro/"),  # the first language the site speaks
    ],
)
def test_root_follows_the_browsers_language(client, accept_language, start):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == start


def test_root_without_a_language_goes_to_dutch(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/nl/"


def test_the_chosen_language_wins_over_the_browsers(client):
    # The language switcher (/i18n/setlang/) sets this cookie.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="pl")["Location"] == "/ar/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="pl")["Location"] == "/pl/"


def test_no_cache_keeps_one_visitors_redirect_for_another(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pl")
    vary = {header.strip().lower() for header in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_every_language_of_the_site_has_a_start_page(client):
    for language, _name in settings.LANGUAGES:
        start = client.get("/", HTTP_ACCEPT_LANGUAGE=language)["Location"]
        assert start == f"/{language}/"
        assert client.get(start).status_code == 200
