"""Applying staff decisions: field by field, stale detection, history, new campaigns."""

from __future__ import annotations

import pytest

from trafficking.campaigns.constants import CampaignList, Moderation
from trafficking.campaigns.models import Campaign
from trafficking.directory.models import Organisation
from trafficking.reports.tests.factories import login_with_otp
from trafficking.surveys.models import ChangeStatus, ChangeTarget, ProposedChange
from trafficking.surveys.proposals import propose_changes
from trafficking.surveys.review import ACCEPT, REJECT, ReviewError, decide, is_survey_reason

from .test_proposals import by_field, make_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client):
    return login_with_otp(client, "directory_editor", "redacteur")


def test_accepted_changes_are_written_with_history_and_rejected_ones_are_not(reviewer):
    response = make_response()
    org = by_field(propose_changes(response))
    before = Organisation.objects.get(slug="fier").history.count()
    outcome = decide(
        response,
        {
            org["report_sources"].pk: ACCEPT,
            org["reporting_methods"].pk: ACCEPT,
            org["forms"].pk: REJECT,
        },
        user=reviewer,
        note="Gebeld met Fier",
    )
    assert len(outcome.accepted) == 2 and len(outcome.rejected) == 1 and not outcome.stale
    fier = Organisation.objects.get(slug="fier")
    assert fier.report_sources == ["professionals", "anonymous", "organisations"]
    assert fier.reporting_methods == ["phone_line", "online_form", "other"]
    assert fier.forms == ["sexual", "labour", "criminal", "organ_removal"]  # rejected
    assert fier.follow_up == []  # still pending: not applied
    # One save, one history row, naming the response and the reviewer.
    assert fier.history.count() == before + 1
    record = fier.history.first()
    assert record.history_change_reason == f"Enquête 2025, antwoord #{response.pk}"
    assert is_survey_reason(record.history_change_reason)
    assert record.history_user == reviewer
    statuses = {c.field: c.status for c in ProposedChange.objects.filter(response=response)}
    assert statuses["report_sources"] == ChangeStatus.ACCEPTED
    assert statuses["forms"] == ChangeStatus.REJECTED
    assert statuses["follow_up"] == ChangeStatus.PENDING
    decided = ProposedChange.objects.get(pk=org["forms"].pk)
    assert decided.decided_by == reviewer and decided.decided_at is not None
    assert "Gebeld met Fier" in decided.note


def test_a_record_changed_since_the_proposal_is_stale_not_overwritten(reviewer):
    response = make_response()
    org = by_field(propose_changes(response))
    fier = Organisation.objects.get(slug="fier")
    fier.report_sources = ["citizens"]  # an editor's change in the meantime
    fier.save()
    outcome = decide(
        response,
        {org["report_sources"].pk: ACCEPT, org["follow_up"].pk: ACCEPT},
        user=reviewer,
    )
    assert [c.field for c in outcome.stale] == ["report_sources"]
    assert [c.field for c in outcome.accepted] == ["follow_up"]
    fier.refresh_from_db()
    assert fier.report_sources == ["citizens"]
    assert ProposedChange.objects.get(pk=org["report_sources"].pk).status == ChangeStatus.STALE


def test_an_unchanged_order_of_a_list_is_not_stale(reviewer):
    response = make_response()
    org = by_field(propose_changes(response))
    fier = Organisation.objects.get(slug="fier")
    fier.forms = list(reversed(fier.forms))
    fier.save()
    outcome = decide(response, {org["forms"].pk: ACCEPT}, user=reviewer)
    assert [c.field for c in outcome.accepted] == ["forms"]


def test_a_new_campaign_is_created_submitted_owned_and_with_history(reviewer):
    response = make_response()
    changes = propose_changes(response)
    block = by_field(changes, ChangeTarget.CAMPAIGN, 1)
    outcome = decide(
        response,
        {
            block["name"].pk: ACCEPT,
            block["forms"].pk: ACCEPT,
            block["areas"].pk: ACCEPT,
            block["goal"].pk: REJECT,
        },
        user=reviewer,
    )
    [campaign] = outcome.created
    campaign.refresh_from_db()
    assert campaign.name == "Lente in Leeuwarden"
    assert campaign.origin == CampaignList.REGISTERED
    assert campaign.moderation == Moderation.SUBMITTED  # publishing stays with moderation
    assert campaign.owner.slug == "fier"
    assert [s.organisation.slug for s in campaign.senders.all()] == ["fier"]
    assert campaign.forms == ["labour", "criminal"] and campaign.areas == ["GM0080"]
    assert campaign.goal == ""
    assert campaign not in Campaign.objects.active()
    record = campaign.history.first()
    assert record.history_change_reason == f"Enquête 2025, antwoord #{response.pk}"
    assert record.history_user == reviewer
    # The block's other changes now concern the new campaign.
    rest = ProposedChange.objects.filter(response=response, block=1)
    assert {c.campaign_id for c in rest} == {campaign.pk}
    # Deciding later on a pending field of the block applies it to that campaign.
    outcome = decide(response, {block["audiences"].pk: ACCEPT}, user=reviewer)
    assert not outcome.stale and not outcome.created
    campaign.refresh_from_db()
    assert campaign.audiences == ["professionals", "other"]


def test_a_new_campaign_needs_its_name(reviewer):
    response = make_response()
    block = by_field(propose_changes(response), ChangeTarget.CAMPAIGN, 1)
    with pytest.raises(ReviewError):
        decide(response, {block["forms"].pk: ACCEPT, block["name"].pk: REJECT}, user=reviewer)
    assert not Campaign.objects.filter(name="Lente in Leeuwarden").exists()
    assert ProposedChange.objects.get(pk=block["forms"].pk).status == ChangeStatus.PENDING


def test_an_existing_published_campaign_takes_held_text_directly(reviewer):
    campaign = Campaign.objects.get(slug="chaterover")
    campaign.goal = ""
    campaign.save()
    response = make_response()
    block = by_field(propose_changes(response), ChangeTarget.CAMPAIGN, 0)
    decide(response, {block["goal"].pk: ACCEPT}, user=reviewer)
    campaign.refresh_from_db()
    assert campaign.goal == "Bewustwording vergroten. Meldingen stimuleren."
    assert campaign.pending_changes == {}
    assert campaign.moderation == Moderation.PUBLISHED
    assert is_survey_reason(campaign.history.first().history_change_reason)


def test_decisions_on_changes_of_another_response_are_ignored(reviewer):
    first = make_response()
    other = by_field(
        propose_changes(make_response("comensha", {"q1": "x", "q4": "b", "q15": "c"}, []))
    )
    propose_changes(first)
    outcome = decide(first, {other["reporting_scale"].pk: ACCEPT}, user=reviewer)
    assert not outcome.accepted
    assert Organisation.objects.get(slug="comensha").reporting_scale == "national"


def test_an_unknown_decision_is_refused(reviewer):
    response = make_response()
    change = propose_changes(response)[0]
    with pytest.raises(ReviewError):
        decide(response, {change.pk: "maybe"}, user=reviewer)


def test_a_later_decision_on_a_created_campaign_is_not_stale(reviewer):
    response = make_response(
        campaigns=[{"q18": "Zomeractie Drachten", "q19": "b", "q20": ["a"], "q26": "a"}]
    )
    block = by_field(propose_changes(response), ChangeTarget.CAMPAIGN, 0)
    decide(response, {block["name"].pk: ACCEPT}, user=reviewer)
    outcome = decide(
        response,
        {block["ongoing"].pk: ACCEPT, block["forms"].pk: ACCEPT, block["areas"].pk: ACCEPT},
        user=reviewer,
    )
    assert not outcome.stale and len(outcome.accepted) == 3
    campaign = Campaign.objects.get(name="Zomeractie Drachten")
    assert campaign.ongoing is True and campaign.forms == ["criminal"]
    assert campaign.areas == ["NL"]
    assert campaign.history.count() == 2


def test_a_decision_is_in_the_audit_log(reviewer):
    from trafficking.audit.actions import AuditAction
    from trafficking.audit.models import AuditEntry

    response = make_response()
    org = by_field(propose_changes(response))
    decide(
        response,
        {org["report_sources"].pk: ACCEPT, org["forms"].pk: REJECT},
        user=reviewer,
    )
    entry = AuditEntry.objects.get(action=AuditAction.SURVEY_CHANGES_DECIDED)
    assert entry.object_ref == str(response.pk)
    assert entry.actor == reviewer
    assert entry.detail == "1 accepted, 1 rejected, 0 stale"
