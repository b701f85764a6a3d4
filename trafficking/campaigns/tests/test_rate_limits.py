"""Rate limits on the campaign tools that compute per request (throttle.py).

Through the real views and API with Django's test client, with low limits so
the tests stay fast. The window is a day here, so that no test runs across
the boundary of a fixed window (the counters would start again).
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from html import unescape

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from trafficking.campaigns.models import Campaign, ReportTally

pytestmark = pytest.mark.django_db

WINDOW = 86_400
FIRST = date(2024, 1, 1)
START, END = (FIRST + timedelta(days=150)).isoformat(), (FIRST + timedelta(days=179)).isoformat()
OTHER_NETWORK = "192.0.2.7"


@pytest.fixture
def effect_limit(settings):
    settings.EFFECT_LIMIT = 2
    settings.EFFECT_WINDOW = WINDOW
    return settings.EFFECT_LIMIT


@pytest.fixture
def poster_limit(settings):
    settings.POSTER_LIMIT = 2
    settings.POSTER_WINDOW = WINDOW
    return settings.POSTER_LIMIT


def counts(*, days=240, ratio=2.0, seed=3) -> list[int]:
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    weekday = np.array([0.2, 0.1, 0.05, 0.0, -0.05, -0.3, -0.4])
    mu = 8.0 * np.exp(weekday[t % 7])
    mu[150:180] *= ratio
    return [int(c) for c in rng.poisson(mu)]


def as_csv(values) -> str:
    lines = ["date,count"]
    lines += [f"{(FIRST + timedelta(days=i)).isoformat()},{c}" for i, c in enumerate(values)]
    return "\n".join(lines) + "\n"


def text_of(response) -> str:
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def textarea(response) -> str:
    html = response.content.decode()
    found = re.search(r'<textarea name="counts_text"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, "no text box on the page"
    return unescape(found.group(1))


def waited(response, window=WINDOW) -> int:
    """The Retry-After in seconds, checked; returned as the minutes the message names."""
    seconds = int(response["Retry-After"])
    assert 0 < seconds <= window
    return max(1, round(seconds / 60))


def minutes(n: int, language: str) -> str:
    if language == "nl":
        return f"{n} minuut" if n == 1 else f"{n} minuten"
    return f"{n} minute" if n == 1 else f"{n} minutes"


# --- "Effect meten" ---------------------------------------------------------------


def effect_url(language="nl") -> str:
    with translation.override(language):
        return reverse("campaigns:effect")


def ask_effect(client, language="nl", **extra):
    data = {"counts_text": as_csv(counts()), "start": START, "end": END}
    files = extra.pop("files", {})
    return client.post(effect_url(language), {**data, **files}, **extra)


def test_the_effect_page_refuses_past_the_limit_and_keeps_the_question(client, effect_limit):
    pasted = as_csv(counts())
    for _ in range(effect_limit):
        response = ask_effect(client)
        assert response.status_code == 200
        assert "Waarschijnlijk effect" in text_of(response)
    refused = ask_effect(client)
    assert refused.status_code == 429
    n = waited(refused)
    text = text_of(refused)
    assert (
        "Er zijn vanaf uw verbinding veel berekeningen gevraagd. "
        f"Wacht {minutes(n, 'nl')} en klik dan opnieuw op “Effect berekenen”; "
        "wat u heeft ingevuld staat hieronder nog."
    ) in text
    # Nothing was computed, and nothing the person typed is lost.
    assert "Waarschijnlijk effect" not in text and "<svg" not in refused.content.decode()
    assert textarea(refused) == pasted
    html = refused.content.decode()
    assert f'name="start" id="id_start" value="{START}"' in html
    assert f'name="end" id="id_end" value="{END}"' in html
    assert not refused.cookies


def test_the_refusal_is_in_english_on_the_english_page(client, effect_limit):
    for _ in range(effect_limit):
        ask_effect(client, "en")
    refused = ask_effect(client, "en")
    assert refused.status_code == 429
    assert refused["Content-Language"] == "en"
    n = waited(refused)
    assert (
        "Many calculations have been requested from your connection. "
        f"Wait {minutes(n, 'en')} and then click “Calculate effect” again; "
        "what you entered is still below."
    ) in text_of(refused)


def test_a_refused_file_comes_back_in_the_text_box(client, effect_limit):
    for _ in range(effect_limit):
        ask_effect(client)
    sent = as_csv(counts(seed=8))
    upload = SimpleUploadedFile("meldingen.csv", sent.encode(), content_type="text/csv")
    refused = ask_effect(client, counts_text="", files={"counts_file": upload})
    assert refused.status_code == 429
    assert textarea(refused) == sent
    assert "De cijfers uit uw bestand staan nu in het tekstvak hieronder" in text_of(refused)


def test_another_network_is_not_held_back(client, effect_limit):
    for _ in range(effect_limit + 1):
        ask_effect(client)
    assert ask_effect(client).status_code == 429
    elsewhere = ask_effect(client, REMOTE_ADDR=OTHER_NETWORK)
    assert elsewhere.status_code == 200
    assert "Waarschijnlijk effect" in text_of(elsewhere)


def test_the_empty_form_is_never_limited(client, effect_limit):
    for _ in range(effect_limit + 1):
        ask_effect(client)
    assert client.get(effect_url()).status_code == 200


# --- POST /api/v1/effect ---------------------------------------------------------


def api_body(**changes) -> dict:
    rows = [
        {"date": (FIRST + timedelta(days=i)).isoformat(), "count": c}
        for i, c in enumerate(counts())
    ]
    return {"counts": rows, "start": START, "end": END, **changes}


def post_api(client, body, **headers):
    return client.post(
        "/api/v1/effect", json.dumps(body), content_type="application/json", **headers
    )


def test_the_effect_api_refuses_past_the_limit_with_retry_after(client, effect_limit):
    for _ in range(effect_limit):
        assert post_api(client, api_body()).status_code == 200
    refused = post_api(client, api_body(), HTTP_ACCEPT_LANGUAGE="nl")
    assert refused.status_code == 429
    n = waited(refused)
    assert refused.json() == {
        "errors": {
            "request": [
                "Te veel berekeningen vanaf deze verbinding. "
                f"Probeer het over {minutes(n, 'nl')} opnieuw."
            ]
        },
        "suggestions": [],
    }
    english = post_api(client, api_body(), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 429
    n = waited(english)
    assert english.json()["errors"]["request"] == [
        f"Too many calculations from this connection. Try again in {minutes(n, 'en')}."
    ]
    assert post_api(client, api_body(), REMOTE_ADDR=OTHER_NETWORK).status_code == 200


def test_a_series_refused_as_bad_input_costs_nothing(client, effect_limit):
    for _ in range(effect_limit + 3):
        response = post_api(client, api_body(start="gisteren"))
        assert response.status_code == 400
    assert post_api(client, api_body()).status_code == 200


def test_the_page_and_the_api_share_one_budget(client, effect_limit):
    assert ask_effect(client).status_code == 200
    assert post_api(client, api_body()).status_code == 200
    assert ask_effect(client).status_code == 429
    assert post_api(client, api_body()).status_code == 429


def test_the_schema_documents_the_refusals(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "429" in paths["/api/v1/effect"]["post"]["responses"]
    assert "429" in paths["/api/v1/campaigns/{slug}/effect"]["get"]["responses"]


# --- GET /api/v1/campaigns/{slug}/effect -------------------------------------------


def measurable_campaign(slug: str, region: str) -> Campaign:
    today = timezone.localdate()
    start, end = today - timedelta(days=120), today - timedelta(days=91)
    rng = np.random.default_rng(len(slug))
    rows = []
    current = start - timedelta(days=400)
    while current < today:
        count = int(rng.poisson(6.0 * (2.0 if start <= current <= end else 1.0)))
        if count:
            rows.append(
                ReportTally(day=current, region=region, form="labour", kind="report", count=count)
            )
        current += timedelta(days=1)
    ReportTally.objects.bulk_create(rows)
    return Campaign.objects.create(
        slug=slug,
        name=slug,
        origin="registered",
        moderation="published",
        areas=[region],
        forms=["labour"],
        starts_on=start,
        ends_on=end,
    )


def test_a_campaign_s_effect_is_fitted_once_a_day_and_then_served_from_the_cache(client, settings):
    settings.EFFECT_LIMIT = 1
    settings.EFFECT_WINDOW = WINDOW
    first = measurable_campaign("effect-a", "PV30")
    second = measurable_campaign("effect-b", "PV31")
    # A campaign refused before any fit (no start date) costs nothing.
    undated = Campaign.objects.filter(starts_on__isnull=True).active().first()
    assert client.get(f"/api/v1/campaigns/{undated.slug}/effect").status_code == 422

    answer = client.get(f"/api/v1/campaigns/{first.slug}/effect")
    assert answer.status_code == 200
    # Kept: the same figures even when the tallies change and the budget is spent.
    ReportTally.objects.all().delete()
    again = client.get(f"/api/v1/campaigns/{first.slug}/effect")
    assert again.status_code == 200
    assert again.json() == answer.json()

    refused = client.get(f"/api/v1/campaigns/{second.slug}/effect", HTTP_ACCEPT_LANGUAGE="nl")
    assert refused.status_code == 429
    n = waited(refused)
    assert refused.json()["errors"]["request"] == [
        f"Te veel berekeningen vanaf deze verbinding. Probeer het over {minutes(n, 'nl')} opnieuw."
    ]
    elsewhere = client.get(f"/api/v1/campaigns/{second.slug}/effect", REMOTE_ADDR=OTHER_NETWORK)
    assert elsewhere.status_code == 422  # its tallies are gone now: measured, not refused


# --- "Materiaal voor uw regio" ---------------------------------------------------

POSTER = {
    "template": "citizens",
    "language": "nl",
    "municipality": "Zwolle",
    "organisation": "Stichting Voorbeeld",
}


def poster_url(language="nl") -> str:
    with translation.override(language):
        return reverse("campaigns:region-materials")


def test_posters_past_the_limit_get_the_form_back_with_the_choices(client, catalogue, poster_limit):
    for _ in range(poster_limit):
        response = client.get(poster_url(), POSTER)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
    refused = client.get(poster_url(), POSTER)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    n = waited(refused)
    assert (
        f"Er zijn vanaf uw verbinding veel PDF's gemaakt. Wacht {minutes(n, 'nl')} en klik "
        "dan opnieuw op “PDF maken”; uw keuzes staan hieronder nog."
    ) in text_of(refused)
    html = refused.content.decode()
    assert 'value="Stichting Voorbeeld"' in html
    assert 'value="Zwolle"' in html
    assert 'id="id_template_0" value="citizens" checked' in html
    assert not refused.cookies

    english = client.get(poster_url("en"), {**POSTER, "language": "en"})
    assert english.status_code == 429
    assert (
        f"Many PDFs have been made from your connection. Wait {minutes(waited(english), 'en')} "
        "and then click “Create PDF” again; your choices are still below."
    ) in text_of(english)

    elsewhere = client.get(poster_url(), POSTER, REMOTE_ADDR=OTHER_NETWORK)
    assert elsewhere.status_code == 200
    assert elsewhere["Content-Type"] == "application/pdf"


def test_the_empty_and_the_wrong_poster_form_cost_nothing(client, catalogue, poster_limit):
    for _ in range(poster_limit + 2):
        assert client.get(poster_url()).status_code == 200
        assert (
            client.get(poster_url(), {**POSTER, "municipality": "Nergensdorp"}).status_code == 400
        )
    response = client.get(poster_url(), POSTER)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    for _ in range(poster_limit):
        client.get(poster_url(), POSTER)
    # Over the limit, a form with mistakes still gets its messages, not a wait.
    wrong = client.get(poster_url(), {**POSTER, "municipality": "Nergensdorp"})
    assert wrong.status_code == 400
