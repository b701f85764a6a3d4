"""The same form sent twice (a double click, a refresh, a retry after a
time-out) files one report and shows the same receipt both times: the
browser may have thrown the first answer away."""

from __future__ import annotations

import json

import pytest

from trafficking.reports import receipts
from trafficking.reports.models import Report, SubmissionToken

pytestmark = pytest.mark.django_db
FORM = {
    "step": "send",
    "action": "send",
    "nonce": "form-token-1",
    "text": "Iets gezien bij de kas.",
    "acute": "false",
    "minor": "false",
}


def test_a_second_send_shows_the_first_receipt_and_files_nothing(client):
    first = client.post("/nl/melden/", FORM)
    second = client.post("/nl/melden/", FORM)
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.context["code"] == first.context["code"]
    assert first.context["code"] in second.content.decode()
    assert Report.objects.count() == 1


def test_the_receipt_kept_for_a_retry_opens_only_with_the_token(client):
    first = client.post("/nl/melden/", FORM)
    code = first.context["code"]
    token = SubmissionToken.objects.get()
    # Neither the token nor the code is in the row in a readable form.
    assert "form-token-1" not in token.token_hash
    assert code.encode() not in bytes(token.sealed_receipt)
    assert receipts.normalise(code).encode() not in bytes(token.sealed_receipt)
    # Another token does not open it.
    other = client.post("/nl/melden/", {**FORM, "nonce": "form-token-2"})
    assert other.status_code == 201 and other.context["code"] != code


def test_an_api_retry_with_the_same_idempotency_key_gets_the_same_receipt(client):
    body = json.dumps({"text": "Busje bij de kas"})
    headers = {"HTTP_IDEMPOTENCY_KEY": "b3b7c1f0-retry"}
    first = client.post("/api/v1/reports", body, content_type="application/json", **headers)
    again = client.post("/api/v1/reports", body, content_type="application/json", **headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["receipt"] == first.json()["receipt"]
    assert Report.objects.count() == 1
    # Without the header every call is a new report, as before.
    client.post("/api/v1/reports", body, content_type="application/json")
    assert Report.objects.count() == 2


def test_a_form_without_its_token_comes_back_to_be_sent_again(client):
    response = client.post("/nl/melden/", {**FORM, "nonce": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert FORM["text"] in html
    assert 'name="nonce" value="' in html and 'name="nonce" value=""' not in html
    assert Report.objects.count() == 0
