"""POST /api/v1/reports: the JSON door to the same reporting point."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trafficking.reports import receipts
from trafficking.reports.models import Report

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports"


def post(client, payload, language="nl"):
    return client.post(
        URL, json.dumps(payload), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )


def test_a_report_as_json_gets_a_receipt(client):
    response = post(
        client,
        {
            "text": "Arbeiders slapen in een container.",
            "form": "labour",
            "municipality": "GM0193",
            "items": [
                {"type": "phone", "value": "06-12345678"},
                {"type": "kvk", "value": "12345678"},
            ],
            "language": "pl",
            "consents": {"labour": True},
        },
    )
    assert response.status_code == 201, response.content
    code = response.json()["receipt"]
    assert receipts.normalise(code)
    report = Report.objects.get()
    assert report.channel == "api"
    assert report.language == "pl"
    assert report.consent_labour and not report.consent_police
    assert len(report.content()["items"]) == 2


def test_the_schema_documents_the_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/reports"]["post"]
    assert "201" in operation["responses"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x", "municipality": "Atlantis"}, "municipality"),
        ({"text": "x", "items": [{"type": "ufo", "value": "1"}]}, "items[0]"),
        ({"text": "x", "consents": {"contact": True}}, "contact_phone"),
    ],
)
def test_bad_reports_get_a_clear_message_and_nothing_is_stored(client, payload, field):
    response = post(client, payload)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Report.objects.count() == 0


def test_messages_follow_the_language(client):
    dutch = post(client, {"text": ""}, "nl").json()["errors"]["text"][0]
    english = post(client, {"text": ""}, "en").json()["errors"]["text"][0]
    assert dutch != english
    assert "Schrijf" in dutch and "Write" in english


@pytest.mark.parametrize(
    "payload",
    [
        {"text": "x" * 20_000},
        {"text": "x", "language": "tlh"},
        {"text": "x", "items": "not a list"},
        {"text": "x", "items": [{"type": "phone"}]},
        {"text": 5},
        {"text": "x", "items": [{"type": "phone", "value": "1"}] * 100},
    ],
)
def test_malformed_json_is_refused_without_storing(client, payload):
    response = post(client, payload)
    assert response.status_code == 400
    assert response.json()["errors"]
    assert Report.objects.count() == 0


def test_invalid_json_and_encoding(client):
    for body in (b"{not json", b"\xff\xfe\xfa", b'{"text": "\\ud800"}'):
        response = client.post(URL, body, content_type="application/json")
        assert response.status_code == 400, body
    assert Report.objects.count() == 0


@given(
    text=st.text(max_size=300),
    items=st.lists(
        st.fixed_dictionaries({"type": st.sampled_from(["phone", "url", "x"]), "value": st.text()}),
        max_size=4,
    ),
)
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_fuzzed_reports_never_cause_a_server_error(client, text, items):
    response = post(client, {"text": text, "items": items})
    assert response.status_code in (201, 400)


def test_a_report_posted_with_a_language_parameter_is_answered_in_it(client):
    def send(query="", accept="en"):
        return client.post(
            "/api/v1/reports" + query,
            "{}",
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=accept,
        )

    polish = send("?language=pl", accept="en")
    assert polish.status_code == 400
    assert polish["Content-Language"] == "pl"
    assert polish.json() == send(accept="pl").json()
    assert polish.json() != send(accept="en").json()
