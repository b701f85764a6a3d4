""" "How did you hear of us?" on the report form and the advice path, without JavaScript.

Issue 12, point 5: optional, with the running campaigns as choices; stored per
report (inside the sealed content only) and counted in aggregates only
(campaigns/mentions.py). A campaign link (``?via=<code>``) preselects its
campaign for that visit only: carried in hidden fields, no cookie, no session.
"""

from __future__ import annotations

import datetime
import html as html_module
import logging
import re

import pytest
from django.apps import apps
from django.db import DatabaseError, connection
from django.utils import timezone

from trafficking.campaigns.constants import CampaignList, LinkTarget
from trafficking.campaigns.mentions import OTHER, week_of
from trafficking.campaigns.models import Campaign, CampaignLink, Mention
from trafficking.reports.models import Report
from trafficking.reports.submission import NotStored, submit_report
from trafficking.reports.tests.factories import login_with_otp, make_draft

from .test_public_form import ANSWERS as TYPO_ANSWERS
from .test_public_form import carried

pytestmark = pytest.mark.django_db

URL = "/nl/melden/"
ADVICE_URL = "/nl/advies-vragen/"
# Strings found nowhere else, so a trace of them anywhere is this answer's.
SLUG = "hoorde-ons-qz7x"
NAME = "Campagne Qz7x Zichtbaar"
CODE = "qz7xk9"
ANSWERS = {**TYPO_ANSWERS, "where": {"municipality": "Zwolle", "when": "elke avond"}}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def campaign(today):
    return Campaign.objects.create(
        moderation="published",
        slug=SLUG,
        name=NAME,
        origin=CampaignList.REGISTERED,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=10),
    )


@pytest.fixture
def link(campaign):
    return CampaignLink.objects.create(code=CODE, campaign=campaign, target=LinkTarget.REPORT)


def options(html: str, name: str = "heard_via") -> list[tuple[str, str, bool]]:
    """(value, label, selected) of the select ``name`` on the page."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return [
        (html_module.unescape(value), html_module.unescape(label.strip()), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select.group(1)
        )
    ]


def chosen(html: str, name: str = "heard_via") -> str:
    picked = [value for value, _label, selected in options(html, name) if selected]
    return picked[0] if picked else ""


def walk_to(client, step: str, url: str = URL, answers=ANSWERS, start=None):
    """Fill the steps up to ``step`` (the page showing it), as a browser without
    JavaScript would; ``start`` is the first page (a GET of ``url`` by default)."""
    page = start or client.get(url)
    while page.context["step"] != step:
        current = page.context["step"]
        data = {**carried(page), **answers.get(current, {}), "action": "next"}
        if current == "you" and "heard_via" not in answers.get("you", {}):
            data["heard_via"] = chosen(page.content.decode())  # what the select shows
        page = client.post(url, data)
        assert page.status_code == 200, page.content[:300]
        assert page.context["errors"] == {}, page.context["errors"]
        assert page.context["step"] != current
    return page


def send(client, page, **extra):
    return client.post(URL, {**carried(page), **extra, "action": "send"})


def with_answer(value: str) -> dict:
    return {**ANSWERS, "you": {**ANSWERS["you"], "heard_via": value}}


def this_week(today) -> dict:
    return {
        (m.campaign.slug, m.kind): m.count
        for m in Mention.objects.filter(week=week_of(today)).select_related("campaign")
    }


# --- The question -----------------------------------------------------------------


def test_the_question_offers_the_running_campaigns_by_name_then_other(client, campaign, today):
    Campaign.objects.create(
        moderation="published",
        slug="al-voorbij",
        name="Al voorbij",
        origin=CampaignList.REGISTERED,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today - datetime.timedelta(days=1),
    )
    Campaign.objects.create(
        moderation="published",
        slug="uitgezet",
        name="Uitgezet",
        origin=CampaignList.REGISTERED,
        starts_on=today - datetime.timedelta(days=60),
        is_active=False,
    )
    page = walk_to(client, "you")
    html = page.content.decode()
    assert "Hoe kent u ons? (mag leeg blijven)" in html
    offered = options(html)
    assert offered[0] == ("", "Geen antwoord", True)  # not answered unless chosen
    assert offered[-1] == (OTHER, "Anders / weet ik niet", False)
    campaigns = offered[1:-1]
    assert (SLUG, NAME, False) in campaigns
    slugs = {value for value, _label, _selected in campaigns}
    assert not {"al-voorbij", "uitgezet"} & slugs
    running = Campaign.objects.active().running_on(today)
    assert slugs == set(running.values_list("slug", flat=True))
    labels = [label for _value, label, _selected in campaigns]
    assert labels == sorted(labels)
    # The help text says what happens with the answer, and the field points to it.
    assert 'aria-describedby="id_heard_via_helptext"' in html


def test_the_question_is_not_asked_on_the_other_steps_but_carried(client, campaign):
    page = walk_to(client, "you")
    page = client.post(URL, {**carried(page), **with_answer(SLUG)["you"], "action": "next"})
    assert page.context["step"] == "send"
    assert '<select name="heard_via"' not in page.content.decode()
    assert carried(page)["heard_via"] == SLUG


# --- Stored sealed, counted per week ---------------------------------------------


def test_a_chosen_campaign_is_sealed_in_the_report_and_counted_once(client, campaign, today):
    page = walk_to(client, "send", answers=with_answer(SLUG))
    review = page.content.decode()
    assert re.search(rf'<dd id="review-heard-via">{NAME}</dd>', review)
    response = send(client, page)
    assert response.status_code == 201
    content = Report.objects.get().content()
    assert content["heard_via"] == SLUG
    assert content["heard_via_name"] == NAME
    assert this_week(today) == {(SLUG, "report"): 1}
    assert not response.cookies


def test_the_same_form_sent_twice_counts_once(client, campaign, today):
    page = walk_to(client, "send", answers=with_answer(SLUG))
    assert send(client, page).status_code == 201
    assert send(client, page).status_code == 200  # the same receipt again
    assert Report.objects.count() == 1
    assert this_week(today) == {(SLUG, "report"): 1}


@pytest.mark.parametrize("answer", ["", OTHER])
def test_no_answer_or_other_is_sealed_and_counts_for_no_campaign(client, campaign, answer, today):
    page = walk_to(client, "send", answers=with_answer(answer))
    assert 'id="review-heard-via"' not in page.content.decode() or answer
    response = send(client, page)
    assert response.status_code == 201
    assert Report.objects.get().content()["heard_via"] == answer
    assert "heard_via_name" not in Report.objects.get().content()
    assert not Mention.objects.exists()


def test_other_shows_in_the_review(client, campaign):
    page = walk_to(client, "send", answers=with_answer(OTHER))
    assert '<dd id="review-heard-via">Anders / weet ik niet</dd>' in page.content.decode()


@pytest.mark.parametrize("answer", ["bestaat-niet", "al-voorbij", "<script>", "x" * 5000])
def test_an_answer_that_is_no_choice_never_stops_a_report(client, campaign, answer, today):
    # Tampered with, or a campaign that ended while the form was open: the
    # report goes through as if the question was not answered.
    Campaign.objects.create(
        moderation="published",
        slug="al-voorbij",
        name="Al voorbij",
        origin=CampaignList.REGISTERED,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today - datetime.timedelta(days=1),
    )
    page = walk_to(client, "send", answers=with_answer(SLUG))
    response = send(client, page, heard_via=answer)
    assert response.status_code == 201
    assert Report.objects.get().content()["heard_via"] == ""
    assert not Mention.objects.exists()


def test_a_campaign_that_ends_before_send_is_dropped_quietly(client, campaign, today):
    page = walk_to(client, "send", answers=with_answer(SLUG))
    campaign.ends_on = today - datetime.timedelta(days=1)
    campaign.save()
    response = send(client, page)
    assert response.status_code == 201
    assert Report.objects.get().content()["heard_via"] == ""
    assert not Mention.objects.exists()


def test_the_api_is_unchanged_and_answers_nothing(client, campaign):
    body = {"text": "Werk zonder loon in de kas.", "municipality": "Zwolle"}
    response = client.post("/api/v1/reports", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Report.objects.get().content()["heard_via"] == ""
    assert not Mention.objects.exists()


# --- Privacy: the answer exists only in the seal -----------------------------------


def plain_values_outside_the_register() -> str:
    """Every stored value of every table but the campaign register's, as text."""
    values = []
    for model in apps.get_models():
        if model._meta.app_label == "campaigns" or not model._meta.managed:
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._default_manager.values_list(*fields):
            values.extend(str(v) for v in row if not isinstance(v, bytes | memoryview))
    return "\n".join(values)


def test_no_trace_of_the_answer_outside_the_sealed_report(client, campaign, link, caplog):
    caplog.set_level(logging.DEBUG)
    page = walk_to(client, "send", start=client.get(f"{URL}?via={CODE}"))
    assert send(client, page).status_code == 201
    assert Report.objects.get().content()["heard_via"] == SLUG  # it is in the seal...
    stored = plain_values_outside_the_register()
    for trace in (SLUG, NAME, CODE):
        assert trace not in stored  # ...and nowhere else: no column, event or audit entry
        assert trace not in caplog.text
    # The only trace in the register is a count of the week, with no time in it.
    assert list(Mention.objects.values_list("campaign__slug", "kind", "count")) == [
        (SLUG, "report", 1)
    ]


# --- A failure to count never loses the report -----------------------------------


def test_a_failure_to_count_keeps_the_report(client, campaign, caplog, today):
    # A real database error: the count's table is gone (rolled back after the test).
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {Mention._meta.db_table}")
    caplog.set_level(logging.WARNING)
    page = walk_to(client, "send", answers=with_answer(SLUG))
    response = send(client, page)
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.content()["heard_via"] == SLUG
    assert "A report was not counted for campaigns" in caplog.text
    assert SLUG not in caplog.text and NAME not in caplog.text


def test_a_transaction_spoilt_by_the_count_is_not_acknowledged(
    client, campaign, monkeypatch, caplog
):
    """If the count's savepoint cannot even be rolled back, the transaction
    would quietly roll back at its end: the reporter must be told, not given
    a receipt for a report that is not there."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {Mention._meta.db_table}")
    real_rollback = connection.savepoint_rollback
    failed = []

    def rollback_fails_once(sid):
        if not failed:
            failed.append(sid)
            raise DatabaseError("connection lost")
        return real_rollback(sid)

    page = walk_to(client, "send", answers=with_answer(SLUG))
    monkeypatch.setattr(connection, "savepoint_rollback", rollback_fails_once)
    response = send(client, page)
    monkeypatch.undo()
    assert failed
    assert response.status_code == 503
    assert "Er is niets bewaard" in response.content.decode()
    assert not Report.objects.exists()


def test_the_service_refuses_to_acknowledge_a_spoilt_transaction(campaign, monkeypatch):
    # Without a budget or token, nothing else would touch the database after
    # the count: only the explicit check stops a receipt for a rolled-back report.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {Mention._meta.db_table}")
    real_rollback = connection.savepoint_rollback
    failed = []

    def rollback_fails_once(sid):
        if not failed:
            failed.append(sid)
            raise DatabaseError("connection lost")
        return real_rollback(sid)

    monkeypatch.setattr(connection, "savepoint_rollback", rollback_fails_once)
    with pytest.raises(NotStored):
        submit_report(make_draft(heard_via=SLUG, heard_via_name=NAME))
    monkeypatch.undo()
    assert failed
    assert not Report.objects.exists()


# --- A campaign link remembers its campaign for the visit ------------------------


def test_a_campaign_link_preselects_its_campaign_through_the_steps(client, link, today):
    first = client.get(f"{URL}?via={CODE.upper()}")
    assert first.status_code == 200
    hidden = carried(first)
    assert hidden["heard_via"] == SLUG
    assert hidden["via"] == CODE.upper()
    assert not first.cookies
    page = walk_to(client, "you", start=first)
    assert chosen(page.content.decode()) == SLUG
    page = walk_to(client, "send", start=page)
    assert send(client, page).status_code == 201
    assert Report.objects.get().content()["heard_via"] == SLUG
    assert this_week(today) == {(SLUG, "report"): 1}


def test_the_preselected_campaign_can_be_changed(client, link):
    page = walk_to(client, "send", start=client.get(f"{URL}?via={CODE}"), answers=with_answer(""))
    assert send(client, page).status_code == 201
    assert Report.objects.get().content()["heard_via"] == ""
    assert not Mention.objects.exists()


def test_a_link_of_a_campaign_whose_dates_passed_still_counts(client, link, today):
    # The posters hang longer than the campaign's dates: while its link and the
    # campaign are active, the visitor who came by it may name it.
    link.campaign.ends_on = today - datetime.timedelta(days=3)
    link.campaign.save()
    page = walk_to(client, "you", start=client.get(f"{URL}?via={CODE}"))
    assert (SLUG, NAME, True) in options(page.content.decode())
    page = walk_to(client, "send", start=page)
    assert send(client, page).status_code == 201
    assert Report.objects.get().content()["heard_via"] == SLUG
    assert this_week(today) == {(SLUG, "report"): 1}


def test_without_the_link_an_ended_campaign_is_no_answer(client, link, today):
    link.campaign.ends_on = today - datetime.timedelta(days=3)
    link.campaign.save()
    page = walk_to(client, "send", answers=with_answer(SLUG))
    assert send(client, page).status_code == 201
    assert Report.objects.get().content()["heard_via"] == ""


@pytest.mark.parametrize("via", ["onbekend", "", "%00", "x" * 200, CODE + "'\"><b>"])
def test_an_unknown_via_is_ignored_silently(client, link, via):
    page = client.get(URL, {"via": via})
    assert page.status_code == 200
    assert page.context["errors"] == {}
    assert carried(page).get("heard_via", "") == ""
    assert carried(page).get("via", "") == ""
    assert "<b>" not in page.content.decode()


def test_an_inactive_link_is_ignored(client, link):
    link.is_active = False
    link.save()
    assert carried(client.get(f"{URL}?via={CODE}")).get("heard_via", "") == ""


# --- The advice path ------------------------------------------------------------


def test_an_advice_question_asks_too_and_counts_as_advice(client, campaign, today):
    page = client.get(ADVICE_URL)
    offered = options(page.content.decode())
    assert offered[0] == ("", "Geen antwoord", True)
    assert (SLUG, NAME, False) in offered
    nonce = re.search(r'name="nonce" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        ADVICE_URL, {"text": "Is dit uitbuiting?", "heard_via": SLUG, "nonce": nonce}
    )
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.kind == "advice"
    assert report.content()["heard_via"] == SLUG
    assert this_week(today) == {(SLUG, "advice"): 1}


def test_the_advice_page_remembers_a_campaign_link(client, link, today):
    page = client.get(ADVICE_URL, {"via": CODE})
    html = page.content.decode()
    assert chosen(html) == SLUG
    assert re.search(rf'<input type="hidden" name="via" value="{CODE}"', html)
    nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
    # An empty question comes back with the choice kept.
    again = client.post(ADVICE_URL, {"text": "", "heard_via": SLUG, "via": CODE, "nonce": nonce})
    assert again.status_code == 400
    assert chosen(again.content.decode()) == SLUG
    response = client.post(
        ADVICE_URL, {"text": "Wat kan ik doen?", "heard_via": SLUG, "via": CODE, "nonce": nonce}
    )
    assert response.status_code == 201
    assert this_week(today) == {(SLUG, "advice"): 1}


def test_an_advice_answer_that_is_no_choice_is_dropped(client, campaign):
    page = client.get(ADVICE_URL)
    nonce = re.search(r'name="nonce" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(ADVICE_URL, {"text": "Vraag", "heard_via": "niets", "nonce": nonce})
    assert response.status_code == 201
    assert Report.objects.get().content()["heard_via"] == ""


# --- The intake console shows it -------------------------------------------------


def test_the_console_shows_how_the_reporter_knows_us(client, campaign):
    page = walk_to(client, "send", answers=with_answer(SLUG))
    send(client, page)
    report = Report.objects.get()
    # Renamed after the report came in: the report keeps the name it was sent with.
    campaign.name = "Nieuwe naam"
    campaign.save()
    login_with_otp(client, "intake")
    html = client.get(f"/intake/meldingen/{report.pk}/").content.decode()
    assert re.search(rf'<p id="heard-via"><strong>Kent ons via:</strong> {NAME}</p>', html)


def test_the_console_says_nothing_when_the_question_was_not_answered(client, campaign):
    page = walk_to(client, "send")
    send(client, page)
    login_with_otp(client, "intake")
    html = client.get(f"/intake/meldingen/{Report.objects.get().pk}/").content.decode()
    assert 'id="heard-via"' not in html
