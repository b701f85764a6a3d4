"""Refusals written before the API runs still speak the caller's language."""

import json

import pytest

API = "/api/v1/reports"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        ("?language=pl", "en", "Wyślij treść jako JSON"),
        ("", "pl-PL,pl;q=0.9", "Wyślij treść jako JSON"),
        ("?language=en", "pl", "Send the content as JSON"),
        ("", "", "Stuur de inhoud als JSON"),
    ],
)
def test_the_json_only_refusal_follows_language_then_accept_language(
    client, query, header, expected
):
    response = client.post(
        API + query,
        json.dumps({"text": "x"}),
        content_type="text/plain",
        headers={"accept-language": header} if header else {},
    )
    assert response.status_code == 415
    assert response.json()["errors"]["request"][0].startswith(expected)


@pytest.mark.django_db
def test_the_too_large_refusal_follows_language(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = json.dumps({"text": "x" * (2 * 1024 * 1024)})
    response = client.post(API + "?language=pl", body, content_type="application/json")
    assert response.status_code == 413
    message = response.json()["errors"]["request"][0]
    assert "MB" in message and not message.startswith("De inhoud")
