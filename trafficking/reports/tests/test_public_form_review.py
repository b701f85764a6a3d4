"""The report form tells the reporter what is wrong and what will be sent:
an empty description caught on its own step, error headings that say how
much to fix, a review of every answer, files that must be chosen again,
dates with the right month forms, and 112 as a link."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trafficking.reports.models import Report
from trafficking.reports.tests.test_public_form import ANSWERS, URL, carried, walk

pytestmark = pytest.mark.django_db
ANSWERS = {**ANSWERS, "where": {"municipality": "Zwolle", "when": "elke avond"}}


def at_step(client, step: str, answers=ANSWERS):
    """The page of ``step``, reached by filling the steps before it."""
    page = client.get(URL)
    for done in ("danger", "what", "where", "details", "you"):
        if done == step:
            return page
        page = client.post(URL, {**carried(page), **answers.get(done, {}), "action": "next"})
        assert page.context["errors"] == {}, (done, page.context["errors"])
    assert step == "send"
    return page


def test_an_empty_description_is_caught_on_its_own_step(client):
    page = at_step(client, "what")
    response = client.post(URL, {**carried(page), "text": " \u200b ", "action": "next"})
    assert response.context["step"] == "what"
    assert "text" in response.context["errors"]
    html = response.content.decode()
    assert "Vul de beschrijving in" in html
    assert 'href="#id_text"' in html


def test_the_error_heading_says_how_much_to_fix(client):
    page = at_step(client, "you")
    response = client.post(
        URL,
        {**carried(page), "consent_contact": "on", "contact_email": "geen-adres", "action": "next"},
    )
    assert response.context["step"] == "you"
    html = response.content.decode()
    assert "2 dingen om te verbeteren" in html
    assert "Er ging iets mis" not in html
    assert 'href="#id_contact_phone"' in html and 'href="#id_contact_email"' in html


def test_contact_details_are_grouped_under_the_contact_checkbox(client):
    html = at_step(client, "you").content.decode()
    group = html[html.index('class="field contact-group') :]
    group = group[: group.index("</fieldset>")]
    assert "contact-open" not in group.split(">")[0]  # hidden until contact is allowed
    details = group[group.index('class="contact-details"') :]
    for name in ("contact_name", "contact_phone", "contact_email", "contact_safe_times"):
        assert f'name="{name}"' in details
    # A checkbox next to its label, in the shared markup.
    assert re.search(r'<div class="choice"><input type="checkbox" name="consent_contact"', group)
    # Typed details keep the group open, so an error about them can be fixed.
    page = at_step(client, "you")
    response = client.post(URL, {**carried(page), "contact_phone": "0612345678", "action": "next"})
    assert "consent_contact" in response.context["errors"]
    assert "contact-group contact-open" in response.content.decode()


def test_the_review_shows_every_answer_as_text(client):
    answers = {
        **ANSWERS,
        "what": {"text": '<script>alert("x")</script> Busje bij de kas', "form": "labour"},
        "where": {"municipality": "Zwolle", "address": "Kasweg 1", "when": "gisteren"},
        "details": {
            "item-0-type": "plate",
            "item-0-value": "AB-123-C",
            "item-1-type": "phone",
            "item-1-value": "<b>06-12345678</b>",
        },
        "you": {
            "consent_contact": "on",
            "contact_phone": "0612340000",
            "consent_police": "on",
            "wants_updates": "on",
        },
    }
    page = at_step(client, "send", answers)
    html = page.content.decode()
    review = html[html.index('class="review"') :]
    assert "Kenteken: AB-123-C" in review
    assert "Telefoonnummer: &lt;b&gt;06-12345678&lt;/b&gt;" in review
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Busje bij de kas" in review
    assert "<script>alert" not in html
    assert "Zwolle" in review and "Kasweg 1" in review and "gisteren" in review
    assert "Nederlands" in review  # the language of the report
    assert "0612340000" in review  # contact details, since contact is allowed
    consents = re.sub(r"\s+", " ", review[review.index('id="review-consents"') :])
    assert "Delen met: De politie</dt><dd>Ja" in consents
    assert "Delen met: Hulp en opvang (zorgcoördinator)</dt><dd>Nee" in consents
    assert "Delen met: De Nederlandse Arbeidsinspectie</dt><dd>Nee" in consents
    assert 'id="chosen-files"' in review


def test_files_chosen_before_changing_something_must_be_chosen_again(client):
    page = at_step(client, "send")
    photo = SimpleUploadedFile("kas <1>.jpg", b"x" * 2048, "image/jpeg")
    back = client.post(URL, {**carried(page), "files": [photo], "action": "goto:what"})
    assert back.context["step"] == "what"
    # Forward again: the page names the files and asks for them once more.
    page = back
    for step in ("what", "where", "details", "you"):
        page = client.post(URL, {**carried(page), **ANSWERS[step], "action": "next"})
    assert page.context["step"] == "send"
    html = page.content.decode()
    reminder = html[html.index('id="files-again"') :]
    assert "Kies uw bestanden opnieuw." in reminder
    assert "kas &lt;1&gt;.jpg (2,0" in reminder  # name escaped, and its size
    # The reminder stays until files are chosen again...
    page = client.post(URL, {**carried(page), "action": "goto:where"})
    page = client.post(URL, {**carried(page), "action": "goto:send"})
    assert 'id="files-again"' in page.content.decode()
    # ...and a report sent with them carries them.
    photo = SimpleUploadedFile("kas.jpg", b"not really a jpeg", "image/jpeg")
    sent = client.post(URL, {**carried(page), "files": [photo], "action": "send"})
    assert sent.context["upload_errors"]  # a bad file: the upload message says it
    assert 'id="files-again"' not in sent.content.decode()


@pytest.mark.parametrize(
    "language, month", [("pl", "29 listopada 2026"), ("uk", "29 листопада 2026")]
)
def test_dates_use_the_genitive_month(client, language, month):
    response = walk(client, {**ANSWERS, "where": {"municipality": "", "when": ""}}, language)
    code = response.context["code"]
    day = timezone.make_aware(datetime.datetime(2026, 11, 29, 12, 0))
    Report.objects.update(received_at=day)
    page = client.post(f"/{language}/melden/opvolgen/", {"code": code})
    assert month in page.content.decode()


def test_112_in_the_acute_alerts_can_be_called(client):
    page = client.get(URL)
    page = client.post(URL, {**carried(page), "acute": "true", "action": "next"})
    alert = page.content.decode().split('class="alert alert-danger"')[1].split("</div>")[0]
    assert '<a href="tel:112">112</a>' in alert
    answers = {**ANSWERS, "danger": {"acute": "true", "minor": "false"}}
    receipt = walk(client, {**answers, "where": {"municipality": "", "when": ""}})
    assert receipt.status_code == 201
    assert '<a href="tel:112">112</a>' in receipt.content.decode()


@pytest.mark.parametrize(
    "language, abroad",
    [("pl", "Za granicę"), ("ar", "في الخارج"), ("en", "outside the Netherlands")],
)
def test_abroad_may_be_typed_in_the_reporters_language(client, language, abroad):
    answers = {**ANSWERS, "where": {"municipality": abroad, "when": ""}}
    response = walk(client, answers, language=language)
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.abroad and report.municipality_code == ""


def test_steps_stay_in_the_browser_for_back_until_the_receipt_clears_them(client):
    page = client.get(URL)
    assert page["Cache-Control"] == "private, no-cache"  # ADR 9: Back without JavaScript
    html = page.content.decode()
    assert re.search(r'<form method="post" action="/nl/melden/"[^>]* data-steps>', html)
    assert "js/steps.js" in html
    step = client.post(URL, {**carried(page), **ANSWERS["danger"], "action": "next"})
    assert step["Cache-Control"] == "private, no-cache"
    receipt = walk(client, ANSWERS)
    assert receipt.status_code == 201
    assert "no-store" in receipt["Cache-Control"]
    assert receipt["Clear-Site-Data"] == '"cache"'
    assert "data-steps-end" in receipt.content.decode()


def test_the_advice_form_keeps_its_page_for_back_too(client):
    page = client.get("/nl/advies-vragen/")
    assert page["Cache-Control"] == "private, no-cache"
    assert "data-steps" in page.content.decode()
    wrong = client.post("/nl/advies-vragen/", {"text": "", "nonce": "n-advies"})
    assert wrong.status_code == 400
    assert wrong["Cache-Control"] == "private, no-cache"
    assert "1 ding om te verbeteren" in wrong.content.decode()
    sent = client.post("/nl/advies-vragen/", {"text": "Is dit uitbuiting?", "nonce": "n-advies"})
    assert sent.status_code == 201
    assert sent["Clear-Site-Data"] == '"cache"'
