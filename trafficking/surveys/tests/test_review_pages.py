"""The staff review pages: who may see them, what they show, and what a post does.

Also the public side: nothing pending shows, accepted changes show with
their history and the survey as source.
"""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from trafficking.campaigns.models import Campaign
from trafficking.directory.catalogue import reset_catalogue
from trafficking.directory.models import Organisation
from trafficking.reports.tests.factories import login_with_otp
from trafficking.surveys.models import ChangeStatus, ChangeTarget, ProposedChange
from trafficking.surveys.proposals import propose_changes

from .test_proposals import ANSWERS, CAMPAIGNS, by_field, make_response

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'
EVIL = f"{SCRIPT} {IMG}"


def urls(response) -> list[str]:
    return [
        reverse("survey-staff:review-list"),
        reverse("survey-staff:review-response", args=[response.pk]),
    ]


@pytest.fixture
def submitted():
    response = make_response()
    propose_changes(response)
    return response


def test_anonymous_visitors_are_sent_to_the_login(client, submitted):
    for url in urls(submitted):
        for method in (client.get, client.post):
            answer = method(url)
            assert answer.status_code == 302 and "/intake/inloggen/" in answer["Location"]


@pytest.mark.parametrize(
    ("role", "organisation"),
    [("intake", ""), ("partner", "fier"), ("campaign_maker", "fier"), ("admin", "")],
)
def test_other_roles_are_refused(client, submitted, role, organisation):
    login_with_otp(client, role, f"{role}-user", organisation)
    for url in urls(submitted):
        assert client.get(url).status_code == 403
        assert client.post(url, {"all": "accept"}).status_code == 403
    assert not ProposedChange.objects.exclude(status=ChangeStatus.PENDING).exists()


def test_a_login_without_the_second_factor_is_not_enough(client, submitted):
    user = get_user_model().objects.create_user("half", password="x")
    user.groups.add(Group.objects.get(name="directory_editor"))
    client.force_login(user)
    for url in urls(submitted):
        assert client.get(url).status_code == 302


@pytest.mark.parametrize("role", ["directory_editor", "supervisor"])
def test_editors_and_supervisors_may_review(client, submitted, role):
    login_with_otp(client, role, f"{role}-user")
    listing = client.get(urls(submitted)[0])
    assert listing.status_code == 200
    assert "Fier" in listing.content.decode()
    page = client.get(urls(submitted)[1])
    assert page.status_code == 200


def test_the_page_shows_each_change_as_a_readable_diff(client, submitted):
    login_with_otp(client, "directory_editor", "redacteur")
    page = client.get(urls(submitted)[1]).content.decode()
    # Labels, not identifiers; lists as items that come and go.
    assert "Herkomst meldingen" in page or "herkomst meldingen" in page
    assert "erbij: Anoniem" in page
    assert "eraf: Arbeidsuitbuiting" in page
    assert "via de chat" in page  # the respondent's own words
    assert "Lente in Leeuwarden" in page
    assert "Chaterover.nl" in page  # the matched campaign
    assert "phone_line" not in page
    # One radio group per pending change, "later" chosen.
    pending = ProposedChange.objects.filter(response=submitted, status=ChangeStatus.PENDING)
    for change in pending:
        assert f'name="change-{change.pk}" value="later" checked' in page


def test_free_text_is_only_ever_shown_escaped(client):
    answers = {
        key: (
            f"{EVIL}"
            if isinstance(value, str) and key in {"q1", "q8", "q10", "q11", "q12"}
            else value
        )
        for key, value in ANSWERS.items()
    }
    answers.update(
        {
            "q5_text": EVIL,
            "q6_text": EVIL,
            "q7_text": {"e": EVIL, "f": EVIL},
            "q13_text": EVIL,
            "q14": ["a", "e"],
            "q14_text": EVIL,
            "q38": EVIL,
        }
    )
    campaigns = [
        {
            **CAMPAIGNS[1],
            "q18": f"Nieuw {EVIL}",
            "q19_text": EVIL,
            "q21_text": EVIL,
            "q22_text": EVIL,
            "q23": EVIL,
        }
    ]
    response = make_response(answers=answers, campaigns=campaigns)
    propose_changes(response)
    login_with_otp(client, "directory_editor", "redacteur")
    page = client.get(urls(response)[1]).content.decode()
    main = page.split("<main", 1)[1]
    assert "<script" not in main and "<img" not in main and 'onerror="' not in main
    assert html.escape(SCRIPT, quote=True) in main or "&lt;script&gt;" in main
    assert main.count("&lt;img src=x onerror=") >= 10


def test_accepting_part_applies_part_and_the_public_page_shows_it(client, submitted):
    org = by_field(ProposedChange.objects.filter(response=submitted))
    directory_url = reverse("directory:detail", args=["fier"])
    # Pending: nothing on the public page.
    reset_catalogue()
    public = client.get(directory_url).content.decode()
    assert "Herkomst meldingen" not in public and "Telefonische meldlijn" not in public
    assert "<h2>Wijzigingen</h2>" not in public

    login_with_otp(client, "directory_editor", "redacteur")
    answer = client.post(
        urls(submitted)[1],
        {
            f"change-{org['report_sources'].pk}": "accept",
            f"change-{org['reporting_methods'].pk}": "accept",
            f"change-{org['forms'].pk}": "reject",
            "note": "Telefonisch nagevraagd",
        },
    )
    assert answer.status_code == 302
    assert ProposedChange.objects.get(pk=org["forms"].pk).status == ChangeStatus.REJECTED
    assert ProposedChange.objects.get(pk=org["follow_up"].pk).status == ChangeStatus.PENDING
    client.logout()
    reset_catalogue()
    public = client.get(directory_url).content.decode()
    assert (
        "<dt>Herkomst meldingen</dt><dd>Professionals, Anoniem, Andere organisaties</dd>" in public
    )
    assert "Telefonische meldlijn" in public
    assert "Zorgen dat het slachtoffer steun krijgt" not in public  # still pending
    history = public.split("Wijzigingen", 1)[1]
    assert "bron: eigen antwoord van de organisatie (Enquête 2025)" in history
    assert "herkomst meldingen" in history and "manieren van melden" in history
    assert "redacteur" not in public  # never the staff member


def test_accept_all_and_reject_all(client, submitted):
    login_with_otp(client, "directory_editor", "redacteur")
    client.post(urls(submitted)[1], {"all": "reject"})
    assert set(
        ProposedChange.objects.filter(response=submitted).values_list("status", flat=True)
    ) == {ChangeStatus.REJECTED}
    other = make_response("comensha", {"q1": "x", "q4": "b", "q9": "a", "q15": "c"}, [])
    propose_changes(other)
    client.post(urls(other)[1], {"all": "accept"})
    assert Organisation.objects.get(slug="comensha").kind == "knowledge_centre"


def test_a_stale_change_is_reported_to_the_reviewer(client, submitted):
    org = by_field(ProposedChange.objects.filter(response=submitted))
    fier = Organisation.objects.get(slug="fier")
    fier.report_sources = ["citizens"]
    fier.save()
    login_with_otp(client, "directory_editor", "redacteur")
    answer = client.post(
        urls(submitted)[1], {f"change-{org['report_sources'].pk}": "accept"}, follow=True
    )
    assert "verouderd" in answer.content.decode()
    assert Organisation.objects.get(slug="fier").report_sources == ["citizens"]


def test_a_new_campaign_without_its_name_is_refused_with_a_message(client, submitted):
    block = by_field(ProposedChange.objects.filter(response=submitted), ChangeTarget.CAMPAIGN, 1)
    login_with_otp(client, "directory_editor", "redacteur")
    answer = client.post(
        urls(submitted)[1],
        {f"change-{block['forms'].pk}": "accept", f"change-{block['name'].pk}": "reject"},
    )
    assert answer.status_code == 400
    assert "heeft een naam nodig" in answer.content.decode()
    assert not ProposedChange.objects.exclude(status=ChangeStatus.PENDING).exists()


def test_a_too_long_note_is_refused_and_nothing_stored(client, submitted):
    change = ProposedChange.objects.filter(response=submitted).first()
    login_with_otp(client, "directory_editor", "redacteur")
    answer = client.post(urls(submitted)[1], {f"change-{change.pk}": "accept", "note": "x" * 3000})
    assert answer.status_code == 400
    assert ProposedChange.objects.get(pk=change.pk).status == ChangeStatus.PENDING


def test_nothing_chosen_changes_nothing(client, submitted):
    login_with_otp(client, "directory_editor", "redacteur")
    answer = client.post(urls(submitted)[1], {}, follow=True)
    assert "er is niets gewijzigd" in answer.content.decode()
    assert not ProposedChange.objects.exclude(status=ChangeStatus.PENDING).exists()


def test_an_unknown_response_is_not_found(client):
    login_with_otp(client, "directory_editor", "redacteur")
    assert client.get(reverse("survey-staff:review-response", args=[999999])).status_code == 404


def test_the_campaign_page_shows_accepted_changes_with_the_survey_as_source(client, submitted):
    block = by_field(ProposedChange.objects.filter(response=submitted), ChangeTarget.CAMPAIGN, 0)
    login_with_otp(client, "directory_editor", "redacteur")
    client.post(urls(submitted)[1], {f"change-{block['audiences'].pk}": "accept"})
    client.logout()
    page = client.get(reverse("campaigns:detail", args=["chaterover"])).content.decode()
    assert "Politici en bestuurders" in page
    changes = page.split("Wijzigingen", 1)[1]
    assert re.search(
        r"doelgroepen – bron: eigen antwoord van de organisatie \(Enquête 2025\)", changes
    )


def test_a_new_campaign_from_the_survey_is_not_public_until_published(client, submitted):
    block = by_field(ProposedChange.objects.filter(response=submitted), ChangeTarget.CAMPAIGN, 1)
    login_with_otp(client, "directory_editor", "redacteur")
    client.post(urls(submitted)[1], {f"change-{block['name'].pk}": "accept"})
    campaign = Campaign.objects.get(name="Lente in Leeuwarden")
    client.logout()
    assert client.get(reverse("campaigns:detail", args=[campaign.slug])).status_code == 404


def test_a_file_sent_with_the_answers_is_a_staff_download_of_its_own_response(
    client, submitted, settings, tmp_path
):
    settings.SURVEY_FILE_DIR = tmp_path
    name = "d" * 40 + ".pdf"
    (tmp_path / name).write_bytes(b"%PDF-1.7 evaluatie")
    submitted.campaigns = [{**submitted.campaigns[0], "q35": name}, *submitted.campaigns[1:]]
    submitted.save()
    other = make_response()
    url = reverse("survey-staff:review-file", args=[submitted.pk, name])

    assert client.get(url).status_code == 302  # to the login
    login_with_otp(client, "intake", "intake-user")
    assert client.get(url).status_code == 403
    client.logout()
    login_with_otp(client, "directory_editor", "redacteur-bestand")
    page = client.get(reverse("survey-staff:review-response", args=[submitted.pk]))
    assert f'href="{url}"' in page.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 evaluatie"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    # Not through another response, and not a name it does not hold.
    assert client.get(reverse("survey-staff:review-file", args=[other.pk, name])).status_code == 404
    missing = reverse("survey-staff:review-file", args=[submitted.pk, "e" * 40 + ".pdf"])
    assert client.get(missing).status_code == 404
