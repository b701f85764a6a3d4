"""The API answers in the caller's language: ``language=``, else Accept-Language,
else Dutch, in all seven languages of the site (issue 10, point 10)."""

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
QUESTION = {"role": "victim", "need": "shelter", "municipality": "Zwolle"}


def _dutch_and(language: str, msgid: str) -> tuple[str, str]:
    with translation.override("nl"):
        dutch = translation.gettext(msgid)
    with translation.override(language):
        return dutch, translation.gettext(msgid)


def test_all_seven_languages_are_offered():
    assert LANGUAGES == ["nl", "en", "pl", "ro", "bg", "uk", "ar"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_messages_come_in_the_language_parameter(client, language):
    # Today a Polish caller got "Unknown organisation.": messages were Dutch or English only.
    response = client.get(
        "/api/v1/organisations/does-not-exist", {"language": language}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 404
    assert response["Content-Language"] == language
    dutch, expected = _dutch_and(language, "Onbekende organisatie.")
    assert response.json()["errors"]["slug"] == [expected]
    if language != "nl":
        assert expected != dutch  # the catalogue has it: a real translation came back


@pytest.mark.parametrize("language", LANGUAGES)
def test_accept_language_alone_gives_the_same_answer(client, language):
    by_header = client.get(
        "/api/v1/organisations/does-not-exist", HTTP_ACCEPT_LANGUAGE=f"{language};q=0.9"
    )
    by_parameter = client.get("/api/v1/organisations/does-not-exist", {"language": language})
    assert by_header.json() == by_parameter.json()
    assert by_header["Content-Language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_route_reasons_follow_the_language_parameter_over_the_header(client, language):
    other = "en" if language != "en" else "pl"
    asked = client.get(
        "/api/v1/route", {**QUESTION, "language": language}, HTTP_ACCEPT_LANGUAGE=other
    )
    by_header = client.get("/api/v1/route", QUESTION, HTTP_ACCEPT_LANGUAGE=language)
    assert asked.status_code == by_header.status_code == 200
    reasons = [r["reason"] for r in asked.json()["recommendations"]]
    assert reasons == [r["reason"] for r in by_header.json()["recommendations"]]
    first = asked.json()["recommendations"][0]
    if language == "nl":
        assert first["reason"] == first["reason_nl"]
    elif language == "en":
        assert first["reason"] == first["reason_en"]
    else:
        assert first["reason"] not in (first["reason_nl"], first["reason_en"])


def test_a_region_in_accept_language_counts_as_the_language(client):
    response = client.get(
        "/api/v1/organisations/does-not-exist", HTTP_ACCEPT_LANGUAGE="pl-PL,pl;q=0.9,en;q=0.8"
    )
    assert response["Content-Language"] == "pl"
    assert response.json()["errors"]["slug"] == [_dutch_and("pl", "Onbekende organisatie.")[1]]


def test_without_language_or_header_the_answer_is_dutch(client):
    response = client.get("/api/v1/organisations/does-not-exist")
    assert response["Content-Language"] == "nl"
    assert response.json()["errors"]["slug"] == ["Onbekende organisatie."]


def test_a_header_language_the_site_does_not_speak_falls_through_to_the_next(client):
    response = client.get("/api/v1/stats", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,ro;q=0.5")
    assert response.status_code == 200
    assert response["Content-Language"] == "ro"


@pytest.mark.parametrize("value", ["xx", "de", "PL", "pl-PL", ""])
@pytest.mark.parametrize(
    "url", ["/api/v1/organisations", "/api/v1/stats", "/api/v1/health", "/api/v1/municipalities"]
)
def test_an_unknown_language_parameter_is_refused_not_ignored(client, url, value):
    # Answering a typo in Dutch would look like the parameter worked; say so instead,
    # in the header's language, and list what may be sent.
    response = client.get(url, {"language": value}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    (message,) = body["errors"]["language"]
    assert response["Content-Language"] == "en"
    assert [s["code"] for s in body["suggestions"]] == LANGUAGES
    if value:
        assert value in message
        for code in LANGUAGES:
            assert code in message


def test_route_keeps_its_wider_language_parameter(client):
    # On /route, language= is also the language the person wants to be helped in,
    # which may be one the site does not speak: it is accepted, the channels
    # follow it, and the answer's language falls back to the header.
    response = client.get(
        "/api/v1/route", {**QUESTION, "language": "de"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    first = response.json()["recommendations"][0]
    assert first["reason"] == first["reason_en"]
    refused = client.get("/api/v1/route", {**QUESTION, "language": "xx"}, HTTP_ACCEPT_LANGUAGE="pl")
    assert refused.status_code == 400
    assert refused["Content-Language"] == "pl"
    assert "language" in refused.json()["errors"]


def test_every_parameter_of_every_operation_is_described(client):
    schema = client.get("/api/v1/openapi.json").json()
    undescribed = []
    operations = 0
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations += 1
            names = set()
            for parameter in operation.get("parameters", []):
                names.add(parameter["name"])
                if not parameter.get("description", "").strip():
                    undescribed.append(f"{method.upper()} {path}: {parameter['name']}")
            assert {"language", "Accept-Language"} <= names, (method, path)
            assert "400" in operation["responses"], (method, path)
    assert operations >= 8
    assert undescribed == []


def test_the_language_parameter_lists_the_seven_languages(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/stats"]["get"]["parameters"]
    (language,) = [p for p in parameters if p["name"] == "language"]
    assert language["schema"]["enum"] == LANGUAGES


# Messages of the API itself (trafficking/api.py, directory/api.py). Until
# the catalogues have them, a caller in another language gets the Dutch text.
API_MESSAGES = [
    "De vraag klopt niet. Controleer de parameters.",
    "De inhoud is geen geldige JSON (UTF-8). Controleer wat u verstuurt.",
    "Kies een van de toegestane waarden, of laat deze parameter weg.",
    "Onbekende gemeentecode.",
    "We kennen geen taal ‘%(value)s’. Kies een van: %(codes)s.",
    "Onbekende organisatie.",
]


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "nl"])
def test_every_api_message_is_translated(language):
    untranslated = [m for m in API_MESSAGES if _dutch_and(language, m)[1] == m]
    assert untranslated == []
