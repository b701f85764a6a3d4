"""From a submitted response to proposed changes: what is proposed, and what is not."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

import pytest
from django.utils import timezone

from trafficking.campaigns.models import Campaign
from trafficking.directory.models import Organisation
from trafficking.surveys.definition import load_version
from trafficking.surveys.models import (
    ChangeStatus,
    ChangeTarget,
    Invitation,
    ProposedChange,
    ResponseSource,
    ResponseState,
    SurveyResponse,
)
from trafficking.surveys.proposals import MAPPINGS, propose_changes
from trafficking.surveys.responses import check_response
from trafficking.surveys.synthetic import random_response

pytestmark = pytest.mark.django_db

# Fier as the 2025 directory has it: both, national reporting point,
# regional knowledge centre, all four forms, for victims and professionals.
ANSWERS = {
    "q1": "Fier",
    "q2": ["b", "a"],
    "q3": "b",
    "q4": "a",
    "q5": ["a", "c", "d"],
    "q5_text": "Veilig Thuis en de politie",
    "q6": ["a", "c", "e"],
    "q6_text": "via de chat",
    "q7": ["a", "d", "e", "f"],
    "q7_text": {"e": "de zorgcoördinator", "f": "nazorg"},
    "q8": "Snellere terugkoppeling",
    "q9": "a",
    "q10": "Fier kenniscentrum",
    "q11": "https://www.fier.nl",
    "q12": "Kennis delen",
    "q13": ["a", "b", "g"],
    "q13_text": "gastlessen",
    "q14": ["a", "c", "d"],
    "q15": "a",
    "q16": ["b"],
    "q17": "b",
    "q36": "c",
    "q37": "e",
}
CAMPAIGNS = [
    {
        "q18": "Chaterover campagne 2023 https://www.chaterover.nl",
        "q19": "b",
        "q20": ["b"],
        "q21": ["a", "b", "d"],
        "q22": ["a", "b"],
        "q24": "b",
        "q25": "e",
        "q26": "a",
    },
    {
        "q18": "Lente in Leeuwarden",
        "q19": "a",
        "q19_text": "Leeuwarden",
        "q20": ["c", "a"],
        "q21": ["c", "e"],
        "q21_text": "werkgevers",
        "q22": ["a", "e"],
        "q22_text": "Werkgevers laten zien wat uitbuiting is",
        "q24": "a",
        "q25": "b",
        "q26": "b",
        "q27": "b",
    },
]


def make_response(
    slug: str = "fier",
    answers: dict | None = None,
    campaigns: list | None = None,
    version: str = "2025",
) -> SurveyResponse:
    organisation = Organisation.objects.get(slug=slug)
    token = f"{slug}-{random.random()}"
    invitation = Invitation.objects.create(
        organisation=organisation,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        version=version,
        expires_at=timezone.now() + timedelta(days=30),
    )
    return SurveyResponse.objects.create(
        invitation=invitation,
        source=ResponseSource.INVITATION,
        respondent=slug,
        version=version,
        state=ResponseState.SUBMITTED,
        answers=ANSWERS if answers is None else answers,
        campaigns=CAMPAIGNS if campaigns is None else campaigns,
        submitted_at=timezone.now(),
    )


def by_field(changes, target=ChangeTarget.ORGANISATION, block=None) -> dict:
    return {c.field: c for c in changes if c.target == target and c.block == block}


def test_the_realistic_answers_are_valid_for_the_questionnaire():
    line = {"respondent": "fier", "answers": ANSWERS, "campaigns": CAMPAIGNS}
    assert check_response(load_version("2025"), line).problems == ()


def test_a_realistic_response_proposes_the_directory_fields_that_differ():
    response = make_response()
    changes = propose_changes(response)
    assert all(c.pk and c.status == ChangeStatus.PENDING for c in changes)
    org = by_field(changes)
    # Fier is already "both", nationally reporting; q3 says national for both roles.
    assert "kind" not in org and "reporting_scale" not in org
    assert (org["knowledge_scale"].current, org["knowledge_scale"].proposed) == (
        "regional",
        "national",
    )
    assert org["forms"].current == ["sexual", "labour", "criminal", "organ_removal"]
    assert org["forms"].proposed == ["sexual", "criminal"]
    assert org["report_sources"].proposed == ["professionals", "anonymous", "organisations"]
    assert org["report_sources"].current == []
    assert "Veilig Thuis en de politie" in org["report_sources"].note
    assert org["reporting_methods"].proposed == ["phone_line", "online_form", "other"]
    assert "via de chat" in org["reporting_methods"].note
    assert org["follow_up"].proposed == ["assess", "victim_care", "forward_other", "other"]
    assert "de zorgcoördinator" in org["follow_up"].note and "nazorg" in org["follow_up"].note
    assert org["knowledge_activities"].proposed == ["website", "training", "other"]
    # q14: citizens and professionals map; "Bestuurders" has no directory
    # audience and is shown in the note, not applied.
    assert org["audiences"].proposed == ["citizens", "professionals"]
    assert "Bestuurders" in org["audiences"].note
    assert all(c.organisation.slug == "fier" for c in changes)


def test_the_campaign_blocks_are_matched_or_new():
    response = make_response()
    changes = propose_changes(response)
    first = by_field(changes, ChangeTarget.CAMPAIGN, 0)
    chaterover = Campaign.objects.get(slug="chaterover")
    assert {c.campaign for c in first.values()} == {chaterover}
    assert "name" not in first  # "Chaterover campagne 2023" is the same campaign
    assert {"citizens", "politicians", "victims"} <= set(first["audiences"].proposed)
    second = by_field(changes, ChangeTarget.CAMPAIGN, 1)
    assert {c.campaign for c in second.values()} == {None}
    assert second["name"].proposed == "Lente in Leeuwarden"
    assert second["region"].proposed == "Leeuwarden"
    assert second["areas"].proposed == ["GM0080"]
    assert second["forms"].proposed == ["labour", "criminal"]
    assert second["audiences"].proposed == ["professionals", "other"]
    assert "werkgevers" in second["audiences"].note
    assert "Werkgevers laten zien wat uitbuiting is" in second["goal"].proposed
    assert second["period"].proposed == "Een aantal weken"
    # A new campaign starts from the register's defaults: "not running" is one.
    assert "ongoing" not in second
    assert second["name"].current == "" and second["areas"].current == []
    assert second["forms"].current is None


def test_a_url_in_the_campaign_name_becomes_its_address():
    response = make_response(
        campaigns=[{"q18": "Nieuwe actie (www.voorbeeld-actie.nl)", "q19": "b"}]
    )
    block = by_field(propose_changes(response), ChangeTarget.CAMPAIGN, 0)
    assert block["name"].proposed == "Nieuwe actie"
    assert block["url"].proposed == "https://www.voorbeeld-actie.nl"
    assert block["areas"].proposed == ["NL"]


def test_answers_equal_to_the_record_propose_nothing():
    fier = Organisation.objects.get(slug="fier")
    answers = {
        "q1": "Fier",
        "q2": ["e"],  # all forms, as the directory has
        "q3": "b",
        "q4": "a",
        "q9": "c",
        "q15": "c",
    }
    fier.knowledge_scale = ""
    fier.kind = "reporting_point"
    fier.save()
    assert propose_changes(make_response(answers=answers, campaigns=[])) == []


def test_q4_and_q9_decide_the_kind():
    comensha = Organisation.objects.get(slug="comensha")
    comensha.kind = "knowledge_centre"
    comensha.save()
    answers = {"q1": "CoMensha", "q4": "a", "q9": "a", "q15": "c"}
    org = by_field(propose_changes(make_response("comensha", answers, [])))
    assert (org["kind"].current, org["kind"].proposed) == ("knowledge_centre", "both")
    answers = {"q1": "CoMensha", "q4": "b", "q9": "a", "q15": "c"}
    org = by_field(propose_changes(make_response("comensha", answers, [])))
    assert "kind" not in org
    assert org["reporting_scale"].proposed == ""


def test_a_regional_answer_does_not_overwrite_local():
    fier = Organisation.objects.get(slug="fier")
    fier.knowledge_scale = "local"
    fier.save()
    org = by_field(propose_changes(make_response(answers={**ANSWERS, "q3": "a"})))
    assert "knowledge_scale" not in org
    assert org["reporting_scale"].proposed == "regional"


def test_audiences_the_survey_cannot_express_are_kept():
    fier = Organisation.objects.get(slug="fier")
    fier.audiences = ["organisations", "victims"]
    fier.save()
    org = by_field(propose_changes(make_response(answers={**ANSWERS, "q14": ["b"]})))
    assert "audiences" not in org  # victims, and organisations kept: unchanged


def test_a_version_without_a_mapping_proposes_nothing(monkeypatch):
    monkeypatch.delitem(MAPPINGS, "2025")
    assert propose_changes(make_response()) == []
    assert not ProposedChange.objects.exists()


def test_an_import_without_invitation_proposes_nothing():
    response = SurveyResponse.objects.create(
        source=ResponseSource.IMPORT,
        respondent="x",
        version="2025",
        state=ResponseState.SUBMITTED,
        answers=ANSWERS,
    )
    assert propose_changes(response) == []


def test_proposing_again_replaces_the_pending_changes():
    response = make_response()
    first = propose_changes(response)
    second = propose_changes(response)
    assert len(first) == len(second) == ProposedChange.objects.filter(response=response).count()


def test_synthetic_responses_never_break_the_proposals():
    questionnaire = load_version("2025")
    rng = random.Random(13)
    for number in range(40):
        line = random_response(questionnaire, rng, f"synthetic-{number}")
        response = make_response(answers=line["answers"], campaigns=line.get("campaigns", []))
        for change in propose_changes(response):
            assert change.field
            assert change.current != change.proposed
