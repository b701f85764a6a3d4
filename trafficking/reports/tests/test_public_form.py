"""The public report form without JavaScript, the receipt and the follow-up."""

import html as html_module
import re

import pytest

from trafficking.reports import receipts
from trafficking.reports.models import Message, Report

pytestmark = pytest.mark.django_db
URL = "/nl/melden/"


def post_step(client, data, url=URL, **extra):
    return client.post(url, data, **extra)


def carried(response) -> dict:
    """Every named input of the form on the page, as the browser would send it."""
    html = response.content.decode()
    data = {}
    for match in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        data[match.group(1)] = html_module.unescape(match.group(2))
    return data


def walk(client, answers_per_step: dict, language="nl"):
    """Fill the form step by step, like a person with JavaScript switched off."""
    url = f"/{language}/melden/"
    page = client.get(url)
    assert page.status_code == 200
    for step in ("danger", "what", "where", "details", "you"):
        data = {**carried(page), **answers_per_step.get(step, {}), "action": "next"}
        page = client.post(url, data)
        assert page.status_code == 200, page.content[:500]
        assert page.context["errors"] == {}, (step, page.context["errors"])
    data = {**carried(page), **answers_per_step.get("send", {}), "action": "send"}
    return client.post(url, data)


ANSWERS = {
    "danger": {"acute": "false", "minor": "true"},
    "what": {"text": "Een meisje van 16 wordt elke avond opgehaald.", "form": "sexual"},
    "where": {"municipality": "Zwole", "when": "elke avond"},
    "details": {"item-0-type": "plate", "item-0-value": "AB-123-C"},
    "you": {"wants_updates": "on"},
}


def test_a_report_through_all_steps_without_javascript(client):
    answers = {**ANSWERS, "where": {"municipality": "Zwolle", "when": "elke avond"}}
    response = walk(client, answers)
    assert response.status_code == 201
    code = response.context["code"]
    assert receipts.normalise(code)
    assert code in response.content.decode()
    report = Report.objects.get()
    assert report.minor and not report.acute
    assert report.municipality_code == "GM0193"
    assert report.form_reported == "sexual"
    assert report.language == "nl"
    content = report.content()
    assert content["items"] == [{"type": "plate", "value": "AB-123-C"}]
    assert content["contact"] == {}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies, "the public form must not set cookies"


def test_a_wrong_municipality_keeps_everything_typed_and_suggests(client):
    page = client.get(URL)
    for step in ("danger", "what"):
        page = client.post(URL, {**carried(page), **ANSWERS[step], "action": "next"})
    page = client.post(URL, {**carried(page), **ANSWERS["where"], "action": "next"})
    assert page.context["step"] == "where"
    assert "municipality" in page.context["errors"]
    html = page.content.decode()
    assert "Zwolle" in html  # the suggestion
    assert 'value="Een meisje van 16 wordt elke avond opgehaald."' in html  # carried along
    assert 'value="Zwole"' in html  # what they typed stays


def test_an_empty_report_is_refused_with_a_way_forward(client):
    page = client.get(URL)
    response = client.post(URL, {**carried(page), "step": "send", "action": "send"})
    assert response.status_code == 200
    assert response.context["step"] == "what"
    assert "text" in response.context["errors"]
    assert Report.objects.count() == 0


def test_the_same_form_cannot_be_filed_twice(client):
    answers = {**ANSWERS, "where": {"municipality": "", "when": ""}}
    first = walk(client, answers)
    assert first.status_code == 201
    nonce = first.wsgi_request.POST["nonce"]
    again = client.post(URL, {**first.wsgi_request.POST.dict(), "nonce": nonce})
    # Filed once; the second answer repeats the first receipt (see
    # test_same_form_twice.py), since the browser may have dropped the first.
    assert again.status_code == 200
    assert again.context["code"] == first.context["code"]
    assert Report.objects.count() == 1


def test_acute_danger_shows_112_first(client):
    page = client.get(URL)
    page = client.post(URL, {**carried(page), "acute": "true", "action": "next"})
    html = page.content.decode()
    assert html.index("112") < html.index("<h1")


@pytest.mark.parametrize("language", ["nl", "en", "pl", "ro", "bg", "uk", "ar"])
def test_the_form_speaks_every_reporting_language(client, language):
    answers = {**ANSWERS, "where": {"municipality": "", "when": ""}}
    response = walk(client, answers, language=language)
    assert response.status_code == 201
    assert f'lang="{language}"' in response.content.decode()
    assert Report.objects.get().language == language


def test_follow_up_with_the_receipt(client):
    response = walk(client, {**ANSWERS, "where": {"municipality": "", "when": ""}})
    code = response.context["code"]
    page = client.post("/nl/melden/opvolgen/", {"code": code.lower().replace("-", " ")})
    assert page.status_code == 200
    assert page.context["report"] == Report.objects.get()
    reply = client.post(
        "/nl/melden/opvolgen/", {"code": code, "action": "reply", "text": "Nog iets: een busje."}
    )
    assert reply.status_code == 200
    assert Message.objects.filter(direction="from_reporter").count() == 1
    assert "Nog iets: een busje." in reply.content.decode()
    assert not reply.cookies


def test_guessing_receipts_is_slowed_down_not_locked(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from trafficking.core.models import RateCounter

    settings.RECEIPT_CHECK_LIMIT = 3
    settings.RECEIPT_CHECK_WINDOW = 600
    response = walk(client, {**ANSWERS, "where": {"municipality": "", "when": ""}})
    code = response.context["code"]
    wrong = "2222-2222-2222-2222-22"
    responses = [client.post("/nl/melden/opvolgen/", {"code": wrong}) for _ in range(4)]
    assert [r.status_code for r in responses] == [404, 404, 404, 429]
    # Slowed down: the refusal names a wait of at most the window (10 minutes)...
    wait = re.search(r"Wacht (\d+) minu", responses[-1].content.decode())
    assert wait is not None
    assert 1 <= int(wait.group(1)) <= 10
    # ...and the count behind it ends with that window: nothing outlives it.
    counter = RateCounter.objects.get(bucket__startswith="receipt:")
    assert counter.count == 4
    assert counter.expires_at <= timezone.now() + timedelta(seconds=600)
    # A different device (address) is not affected: no lockout of the receipt.
    other = client.post("/nl/melden/opvolgen/", {"code": code}, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200


def test_over_the_limit_every_code_waits_the_right_one_too(client, settings, monkeypatch):
    """Attempts count before the lookup: over the limit a right code gets the
    same 429 as a wrong one, so the limit reveals nothing; after the window
    the right code opens again (the receipt itself is never locked)."""
    settings.RECEIPT_CHECK_LIMIT = 2
    settings.RECEIPT_CHECK_WINDOW = 60
    response = walk(client, {**ANSWERS, "where": {"municipality": "", "when": ""}})
    code = response.context["code"]
    for _ in range(2):
        client.post("/nl/melden/opvolgen/", {"code": "ZZZZZZ-ZZZZZZ-ZZZZZZ"})
    wrong = client.post("/nl/melden/opvolgen/", {"code": "ZZZZZZ-ZZZZZZ-ZZZZZZ"})
    right = client.post("/nl/melden/opvolgen/", {"code": code})
    assert (wrong.status_code, right.status_code) == (429, 429)
    assert right.content.decode().count("Wacht") == wrong.content.decode().count("Wacht") == 1
    # A minute later the window has passed and the right code opens again.
    import time

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 61)
    assert client.post("/nl/melden/opvolgen/", {"code": code}).status_code == 200
