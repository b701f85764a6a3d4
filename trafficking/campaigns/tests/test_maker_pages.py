"""The campaign maker's pages: access, planning with the calendar's warnings, evaluation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from trafficking.campaigns.models import (
    Campaign,
    Evaluation,
    IntakeCapacity,
    ReportTally,
    Sender,
)
from trafficking.directory.models import Organisation
from trafficking.reports.tests.factories import login_with_otp

pytestmark = pytest.mark.django_db
HOME = "/intake/campagnes/"
NEW = "/intake/campagnes/nieuw/"


def edit_url(slug):
    return f"/intake/campagnes/campagne/{slug}/"


def plan_data(**changes):
    today = timezone.localdate()
    data = {
        "name": "Kijk verder dan je neus",
        "goal": "Ouders leren signalen van loverboys herkennen.",
        "audiences": ["parents"],
        "exploitation": ["sexual"],
        "provinces": [],
        "municipalities": "Zwolle, Kampen",
        "starts_on": (today + timedelta(days=30)).isoformat(),
        "ends_on": (today + timedelta(days=60)).isoformat(),
        "call_to_action": "webinar",
        "url": "https://example.org/campagne",
        "format": "Webinar en posters",
        "channels": "Scholen",
    }
    data.update(changes)
    return data


@pytest.fixture
def maker(client):
    return login_with_otp(client, "campaign_maker", "maker", organisation="comensha")


def other_campaign(slug="van-een-ander", owner="fier", **fields):
    return Campaign.objects.create(
        slug=slug,
        name="Campagne van een ander",
        origin="registered",
        owner=Organisation.objects.get(slug=owner),
        moderation="published",
        **fields,
    )


def test_anonymous_visitors_are_sent_to_the_login(client):
    for url in (HOME, NEW, edit_url("x"), edit_url("x") + "evaluatie/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/intake/inloggen/")


@pytest.mark.parametrize(
    ("role", "organisation"), [("intake", ""), ("partner", "comensha"), ("supervisor", "")]
)
def test_accounts_without_the_maker_role_are_refused(client, role, organisation):
    login_with_otp(client, role, "iemand", organisation=organisation)
    assert client.get(HOME).status_code == 403
    assert client.post(NEW, plan_data()).status_code == 403
    assert not Campaign.objects.filter(name="Kijk verder dan je neus").exists()


def test_a_maker_sees_only_their_own_organisations_campaigns(client, maker):
    comensha = Organisation.objects.get(slug="comensha")
    mine = Campaign.objects.create(
        slug="mijn", name="Mijn campagne", origin="registered", owner=comensha
    )
    other_campaign()
    page = client.get(HOME).content.decode()
    assert "Mijn campagne" in page
    assert "Campagne van een ander" not in page
    assert 'href="/nl/campagnes/kalender/"' in page
    assert 'href="/nl/campagnes/dekking/"' in page
    assert f'href="{edit_url(mine.slug)}evaluatie/"' in page
    # Another organisation's campaign does not exist for this maker.
    for suffix in ("", "evaluatie/", "bereik/"):
        assert client.get(edit_url("van-een-ander") + suffix).status_code == 404
    response = client.post(edit_url("van-een-ander"), plan_data(name="Gekaapt"))
    assert response.status_code == 404
    assert Campaign.objects.get(slug="van-een-ander").name == "Campagne van een ander"


def test_a_maker_of_another_organisation_cannot_edit(client):
    comensha = Organisation.objects.get(slug="comensha")
    Campaign.objects.create(slug="mijn", name="Mijn campagne", origin="registered", owner=comensha)
    login_with_otp(client, "campaign_maker", "fier-maker", organisation="fier")
    assert client.get(edit_url("mijn")).status_code == 404
    assert "Mijn campagne" not in client.get(HOME).content.decode()


def test_a_plan_is_saved_as_registered_with_the_organisation_as_owner_and_sender(client, maker):
    response = client.post(NEW, plan_data())
    assert response.status_code == 302
    campaign = Campaign.objects.get(name="Kijk verder dan je neus")
    assert response.url == edit_url(campaign.slug)
    comensha = Organisation.objects.get(slug="comensha")
    assert campaign.origin == "registered"
    assert campaign.owner == comensha
    assert campaign.forms == ["sexual"]
    assert campaign.audiences == ["parents"]
    assert campaign.areas == ["GM0193", "GM0166"]  # Zwolle, Kampen
    assert [(s.name, s.organisation) for s in campaign.senders.all()] == [(comensha.name, comensha)]
    # Saved again: still one sender, and simple-history knows who changed it.
    client.post(
        edit_url(campaign.slug), plan_data(name="Kijk verder", provinces=["NL"], municipalities="")
    )
    campaign.refresh_from_db()
    assert campaign.name == "Kijk verder" and campaign.areas == ["NL"]
    assert Sender.objects.filter(campaign=campaign).count() == 1
    assert campaign.history.count() == 2
    assert campaign.history.first().history_user == maker
    page = client.get(edit_url(campaign.slug)).content.decode()
    assert 'value="Kijk verder"' in page
    # Not public before staff published it (test_campaign_moderation.py).
    assert campaign.moderation == "submitted"
    assert client.get(f"/nl/campagnes/{campaign.slug}/").status_code == 404


def test_general_is_stored_as_no_forms(client, maker):
    client.post(NEW, plan_data(exploitation=["general"]))
    assert Campaign.objects.get(name="Kijk verder dan je neus").forms == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_on": "volgende week"}, "Schrijf de datum als jaar-maand-dag"),
        ({"ends_on": ""}, "Vul de einddatum in."),
        (
            {"starts_on": "2027-05-01", "ends_on": "2027-04-01"},
            "De einddatum ligt vóór de begindatum.",
        ),
        ({"starts_on": "2027-01-01", "ends_on": "2030-01-01"}, "hoogstens twee jaar"),
        ({"url": "javascript:alert(1)"}, "begint met https:// of http://"),
        ({"url": "data:text/html,hoi"}, "begint met https:// of http://"),
        ({"municipalities": "Zwole"}, "We kennen geen gemeente ‘Zwole’. Bedoelt u: Zwolle"),
        ({"municipalities": "Atlantis"}, "We kennen geen gemeente ‘Atlantis’"),
        ({"municipalities": "", "provinces": []}, "Kies landelijk, een of meer provincies"),
        ({"provinces": ["NL", "PV23"]}, "Een landelijke campagne heeft geen provincies"),
        ({"provinces": ["PV99"]}, "Selecteer een geldige keuze"),
        ({"audiences": []}, "Kies ten minste één doelgroep."),
        ({"exploitation": ["general", "labour"]}, "niet allebei"),
        ({"call_to_action": "bellen maar"}, "Selecteer een geldige keuze"),
        ({"name": ""}, "Dit veld is verplicht."),
    ],
)
def test_bad_plans_are_refused_with_a_message_and_nothing_stored(client, maker, changes, message):
    before = Campaign.objects.count()
    response = client.post(NEW, plan_data(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'class="alert alert-error"' in page
    assert Campaign.objects.count() == before


def test_a_script_in_the_name_is_shown_as_text(client, maker):
    client.post(NEW, plan_data(name="<script>alert(1)</script>"))
    campaign = Campaign.objects.get(owner__slug="comensha", origin="registered")
    page = client.get(edit_url(campaign.slug)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_an_overlap_on_audience_and_region_is_shown_after_saving(client, maker):
    today = timezone.localdate()
    other_campaign(
        slug="ouders-overijssel",
        audiences=["parents"],
        areas=["PV23"],  # Overijssel, where Zwolle and Kampen lie
        starts_on=today + timedelta(days=45),
        ends_on=today + timedelta(days=90),
    )
    other_campaign(
        slug="jongeren-overijssel",
        audiences=["youth"],
        areas=["PV23"],
        starts_on=today + timedelta(days=45),
        ends_on=today + timedelta(days=90),
    )
    response = client.post(NEW, plan_data(), follow=True)
    page = response.content.decode()
    assert "De campagne is opgeslagen." in page
    warnings = response.context["warnings"]
    overlapping = {o.other for o in warnings.overlaps}
    assert "Campagne van een ander" in overlapping
    start = (today + timedelta(days=45)).strftime("%-d")
    assert "Overlap met <bdi>Campagne van een ander</bdi> van " + start in page
    # The youth campaign shares the region but not the audience.
    assert len([o for o in warnings.overlaps if o.other == "Campagne van een ander"]) == 1


def seed_busy_desk(today):
    """Room for 35 reports a week, usually 30, and an earlier report campaign that doubled."""
    IntakeCapacity.objects.create(
        effective_from=today - timedelta(days=1), hours_per_week=17.5, minutes_per_report=30
    )
    monday = today - timedelta(days=today.weekday())
    for week in range(1, 9):
        ReportTally.objects.create(
            day=monday - timedelta(weeks=week), region="PV31", form="labour", kind="report", count=9
        )
    start = monday - timedelta(days=120)
    day = start - timedelta(days=400)
    while day < monday:
        doubled = start <= day <= start + timedelta(days=27)
        ReportTally.objects.get_or_create(
            day=day,
            region="PV30",
            form="sexual",
            kind="report",
            defaults={"count": 6 if doubled else 3},
        )
        day += timedelta(days=1)
    Campaign.objects.create(
        slug="earlier",
        name="Eerder",
        origin="registered",
        moderation="published",
        areas=["PV30"],
        forms=["sexual"],
        starts_on=start,
        ends_on=start + timedelta(days=27),
        call_to_action="report",
    )
    return monday


def test_a_plan_that_calls_to_report_warns_of_weeks_over_capacity(client, maker):
    monday = seed_busy_desk(timezone.localdate())
    data = plan_data(
        municipalities="Maastricht",  # PV31 (Limburg): 9 of the usual reports a week
        exploitation=["labour"],
        call_to_action="report",
        starts_on=(monday + timedelta(weeks=2)).isoformat(),
        ends_on=(monday + timedelta(weeks=4)).isoformat(),
    )
    response = client.post(NEW, data, follow=True)
    page = response.content.decode()
    weeks = response.context["warnings"].weeks_over
    # Doubling 9 a week adds 9: 39 > 35 in the two weeks it runs in full.
    assert [w.starts_on for w in weeks] == [
        monday + timedelta(weeks=2),
        monday + timedelta(weeks=3),
    ]
    assert "te weinig capaciteit" in page
    assert "ongeveer 39 meldingen verwacht, ruimte voor 35" in page

    # The same plan with another call to action gives the desk no extra work.
    campaign = Campaign.objects.get(name="Kijk verder dan je neus")
    response = client.post(
        edit_url(campaign.slug), {**data, "call_to_action": "webinar"}, follow=True
    )
    assert response.context["warnings"].weeks_over == []
    assert "te weinig capaciteit" not in response.content.decode()


def test_an_evaluation_is_saved_and_validated(client, maker):
    comensha = Organisation.objects.get(slug="comensha")
    campaign = Campaign.objects.create(
        slug="mijn", name="Mijn", origin="registered", owner=comensha
    )
    url = edit_url("mijn") + "evaluatie/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"research_document": "javascript:alert(1)", "evidence_level": "none"})
    assert bad.status_code == 400
    assert "begint met https:// of http://" in bad.content.decode()
    assert not Evaluation.objects.exists()
    bad = client.post(url, {"more_reports": "misschien", "evidence_level": "none"})
    assert bad.status_code == 400 and not Evaluation.objects.exists()
    response = client.post(
        url,
        {
            "has_insight": "yes",
            "impact_researched": "no",
            "more_reports": "unknown",
            "more_knowledge": "yes",
            "more_signal_awareness": "",
            "more_reporting_point_awareness": "no",
            "other_results": "31% van de doelgroep bereikt.",
            "research_document": "https://example.org/evaluatie.pdf",
            "evidence_level": "survey",
        },
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(campaign=campaign)
    assert (evaluation.has_insight, evaluation.more_signal_awareness) == ("yes", "")
    assert evaluation.evidence_level == "survey"
    assert evaluation.updated_by == maker
    # Saving again updates the one evaluation.
    client.post(url, {"has_insight": "no", "evidence_level": "none"})
    assert Evaluation.objects.get(campaign=campaign).has_insight == "no"
    assert Evaluation.objects.count() == 1
