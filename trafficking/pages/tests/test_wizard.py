"""The referral wizard (pages/wizard.py and its view), through the test client:
its steps stay in the browser's own cache for Back (ADR 9), its results
offer a link that holds only the question, and it understands "abroad" in
the site's languages."""

import pytest

pytestmark = pytest.mark.django_db


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


def test_a_campaign_link_code_rides_through_the_wizard_to_the_report_links(client):
    first = client.get("/nl/wegwijzer/", {"via": "abc234"})
    assert '<input type="hidden" name="via" value="abc234">' in first.content.decode()
    results = client.post(
        "/nl/wegwijzer/",
        {"step": "municipality", "role": "citizen", "municipality": "Zwolle", "via": "abc234"},
    )
    page = results.content.decode()
    assert 'href="/nl/melden/?via=abc234"' in page
    assert 'href="/nl/advies-vragen/?via=abc234"' in page
    # Never in the link meant for sharing: the campaign is for this visit only.
    assert "via" not in results.context["share_url"]


@pytest.mark.parametrize("via", ["<b>", "a" * 40, "abc 234", "é"])
def test_anything_but_a_short_code_is_dropped(client, via):
    results = client.post(
        "/nl/wegwijzer/",
        {"step": "municipality", "role": "citizen", "municipality": "Zwolle", "via": via},
    )
    assert "?via=" not in results.content.decode()
