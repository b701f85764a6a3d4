"""The JSON API: behaviour, bad input, and a schemathesis run over the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_test_connection():
    """Calling the WSGI app directly fires request_finished, which would close
    the test transaction's connection on PostgreSQL; Django's own test client
    disconnects the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema_and_never_errors(case):
    # A syntactically valid but unknown municipality is rightly answered with
    # 400 and suggestions ("positive data acceptance" does not hold), and an
    # empty optional parameter is read as "not answered" rather than rejected
    # ("negative data rejection"). Every other check applies: no server error,
    # documented status codes, content types and response schemas.
    case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection])


def test_openapi_schema_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/organisations", "/api/v1/municipalities", "/api/v1/route"):
        assert path in paths


def test_route_endpoint(client):
    response = client.get(
        "/api/v1/route",
        {
            "role": "victim",
            "form": "labour",
            "municipality": "Zwolle",
            "need": "shelter",
            "acute": "true",
        },
    )
    assert response.status_code == 200
    recommendations = response.json()["recommendations"]
    assert recommendations[0]["slug"] == "alarmnummer-112"
    assert recommendations[0]["channel"]["value"] == "112"


def test_unknown_municipality_gets_suggestions_in_dutch(client):
    response = client.get("/api/v1/route", {"municipality": "Zwole"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    body = response.json()
    assert "Zwole" in body["errors"]["municipality"][0]
    assert "Zwolle" in [s["name"] for s in body["suggestions"]]


def test_unknown_municipality_message_in_english(client):
    response = client.get("/api/v1/route", {"municipality": "Zwole"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"]["municipality"][0].startswith("We don't know")


def test_contradiction_abroad_and_municipality(client):
    response = client.get("/api/v1/route", {"municipality": "Zwolle", "abroad": "true"})
    assert response.status_code == 400
    assert "__all__" in response.json()["errors"]


@pytest.mark.parametrize(
    "params",
    [
        {"role": "x" * 5000},
        {"municipality": "z" * 10_000},
        {"acute": "maybe"},
        {"need": "\x00"},
        {"language": "xx"},
        {"form": "<script>alert(1)</script>"},
    ],
)
def test_malformed_parameters_get_400_not_500(client, params):
    response = client.get("/api/v1/route", params)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_organisations_filter(client):
    everything = client.get("/api/v1/organisations").json()["count"]
    labour = client.get("/api/v1/organisations", {"form": "labour", "province": "PV23"}).json()
    assert 0 < labour["count"] < everything
    assert all(not o["forms"] or "labour" in o["forms"] for o in labour["results"])


def test_organisation_detail_and_404(client):
    assert client.get("/api/v1/organisations/comensha").json()["name"] == "CoMensha"
    assert client.get("/api/v1/organisations/does-not-exist").status_code == 404


def test_municipality_lookup(client):
    body = client.get("/api/v1/municipalities/GM0193").json()
    assert body["name"] == "Zwolle"
    assert body["police_unit"] == "Oost-Nederland"
    assert len(client.get("/api/v1/municipalities").json()) == 342
    assert client.get("/api/v1/municipalities", {"q": "den haag"}).json()[0]["code"] == "GM0518"


def test_route_reasons_follow_the_language(client):
    question = {"role": "victim", "need": "shelter", "municipality": "Zwolle"}
    polish = client.get("/api/v1/route", question, HTTP_ACCEPT_LANGUAGE="pl").json()
    first = polish["recommendations"][0]
    assert first["reason"] not in (first["reason_nl"], first["reason_en"])
    # A sentence that names the organisation through {name} has the name filled
    # in (the first, CoMensha's, spells its own name out, so it cannot tell).
    by_rule = {r["rule"]: r for r in polish["recommendations"]}
    coordinator = by_rule["shelter_care_coordinator"]
    assert coordinator["reason"] not in (coordinator["reason_nl"], coordinator["reason_en"])
    assert coordinator["organisation"] in coordinator["reason"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisations?form=",
        "/api/v1/organisations?audience=",
        "/api/v1/organisations?kind=",
        "/api/v1/route?form=",
        "/api/v1/route?need=",
    ],
)
def test_an_empty_choice_parameter_is_refused_not_read_as_any(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    (field,) = response.json()["errors"]
    assert field == url.split("?")[1].rstrip("=")
    # Leaving it out is how to say "any".
    assert client.get(url.split("?")[0]).status_code == 200


def test_the_schema_says_a_report_must_hold_something(client):
    schema = client.get("/api/v1/openapi.json").json()
    report_in = schema["components"]["schemas"]["ReportIn"]
    required = sorted(tuple(option["required"]) for option in report_in["anyOf"])
    assert required == [("address",), ("items",), ("text",)]
    empty = client.post("/api/v1/reports", "{}", content_type="application/json")
    assert empty.status_code == 400


def test_route_names_the_way_to_an_organisation_without_contact_details(client):
    question = {"role": "victim", "need": "help", "municipality": "Leiden"}
    recommendations = client.get("/api/v1/route", question).json()["recommendations"]
    assert recommendations[0]["slug"] == "comensha"
    shop = next(r for r in recommendations if r["slug"] == "shop")
    assert shop["channel"] is None
    assert [r["slug"] for r in shop["reach"]] == ["comensha", "meldpunt-online"]
    assert shop["reach"][0]["channel"]["value"] == "033 448 11 86"


def test_route_from_abroad_uses_numbers_that_work_from_abroad(client):
    question = {"role": "citizen", "form": "labour", "need": "report", "abroad": "true"}
    recommendations = client.get("/api/v1/route", question).json()["recommendations"]
    first = recommendations[0]["channel"]
    assert first["value"] == "+31 70 333 44 44" and first["works_from_abroad"] is True
    assert {"bz-contact-center", "meldpunt-online"} <= {r["slug"] for r in recommendations}
