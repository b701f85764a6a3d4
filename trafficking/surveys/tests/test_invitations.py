"""Invitation links: only the hash is stored; unknown, expired and revoked links are refused."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from trafficking.directory.models import Organisation
from trafficking.surveys import invitations
from trafficking.surveys.invitations import Status
from trafficking.surveys.models import Invitation, ResponseState, SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def fier():
    return Organisation.objects.get(slug="fier")


def test_only_the_hash_of_the_token_is_stored(fier):
    invitation, token = invitations.create_invitation(organisation=fier, email="a@example.org")
    assert len(token) == 43
    row = Invitation.objects.get(pk=invitation.pk)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(v) for v in Invitation.objects.values_list().get(pk=invitation.pk)]
    assert not any(token in value for value in stored)
    assert row.version == "2025" and row.language == "nl"
    assert row.expires_at - row.created_at == timedelta(days=30)


def test_the_token_finds_its_invitation_and_nothing_else_does(fier):
    invitation, token = invitations.create_invitation(organisation=fier)
    assert invitations.find_invitation(token) == invitation
    other = invitations.new_token()
    for guess in (other, token[:-1], token + "x", "", "../../etc", invitation.token_hash):
        assert invitations.find_invitation(guess) is None


def test_two_invitations_never_share_a_token(fier):
    tokens = {invitations.create_invitation(organisation=fier)[1] for _ in range(20)}
    assert len(tokens) == 20


def test_status_follows_the_life_of_an_invitation(fier):
    now = timezone.now()
    invitation, _token = invitations.create_invitation(organisation=fier, valid_days=10, now=now)
    assert invitations.status(invitation, now) == Status.NOT_STARTED
    assert invitations.status(invitation, now + timedelta(days=10)) == Status.EXPIRED
    response = SurveyResponse.objects.create(
        invitation=invitation, respondent="fier", version="2025", answers={"q1": "Fier"}
    )
    invitation.refresh_from_db()
    assert invitations.status(invitation, now) == Status.IN_PROGRESS
    assert invitations.revoke_invitation(invitation)
    assert invitations.status(invitation) == Status.REVOKED
    assert not invitations.revoke_invitation(invitation)  # once
    response.state = ResponseState.SUBMITTED
    response.save()
    invitation.refresh_from_db()
    assert invitations.status(invitation) == Status.SUBMITTED


def test_a_submitted_invitation_cannot_be_revoked(fier):
    invitation, _token = invitations.create_invitation(organisation=fier)
    SurveyResponse.objects.create(
        invitation=invitation, respondent="fier", version="2025", state=ResponseState.SUBMITTED
    )
    invitation.refresh_from_db()
    assert not invitations.revoke_invitation(invitation)
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


@pytest.mark.parametrize(("field", "value"), [("language", "pl"), ("valid_days", 0)])
def test_bad_settings_are_refused(fier, field, value):
    with pytest.raises(ValueError):
        invitations.create_invitation(organisation=fier, **{field: value})
    assert not Invitation.objects.exists()


def test_rotating_the_token_closes_the_old_link_and_restoring_reopens_it(fier):
    invitation, token = invitations.create_invitation(organisation=fier)
    new, previous = invitations.rotate_token(invitation)
    assert invitations.find_invitation(token) is None
    assert invitations.find_invitation(new) == invitation
    invitations.restore_token(invitation, previous)
    assert invitations.find_invitation(token) == invitation
    assert invitations.find_invitation(new) is None


# ---- the staff pages ----------------------------------------------------------------

LIST = "/intake/enquete/uitnodigingen/"
NEW = "/intake/enquete/uitnodigingen/nieuw/"


def _login(client, role):
    from trafficking.reports.tests.factories import login_with_otp

    return login_with_otp(client, role, f"{role}-enquete")


def test_anonymous_visitors_are_sent_to_the_login(client, fier):
    invitation, _token = invitations.create_invitation(organisation=fier)
    for url in (LIST, NEW):
        response = client.get(url)
        assert response.status_code == 302 and "/intake/inloggen/" in response["Location"]
    for url in (f"{LIST}{invitation.pk}/intrekken/", f"{LIST}{invitation.pk}/herinneren/"):
        assert client.post(url).status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


@pytest.mark.parametrize("role", ["intake", "partner_less"])
def test_roles_without_the_permission_are_refused(client, fier, role, mailoutbox):
    from trafficking.reports.tests.factories import login_with_otp

    if role == "partner_less":
        login_with_otp(client, "campaign_maker", "maker-enquete", organisation="fier")
    else:
        _login(client, role)
    invitation, _token = invitations.create_invitation(organisation=fier, email="a@example.org")
    assert client.get(LIST).status_code == 403
    assert (
        client.post(NEW, {"organisation": fier.pk, "language": "nl", "valid_days": 30}).status_code
        == 403
    )
    assert client.post(f"{LIST}{invitation.pk}/intrekken/").status_code == 403
    assert client.post(f"{LIST}{invitation.pk}/herinneren/").status_code == 403
    assert Invitation.objects.count() == 1 and mailoutbox == []
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


@pytest.mark.parametrize("role", ["directory_editor", "supervisor"])
def test_staff_invite_see_the_link_once_revoke_and_remind(client, fier, role, mailoutbox, settings):
    user = _login(client, role)
    assert client.get(LIST).status_code == 200
    form = client.get(NEW)
    assert form.status_code == 200 and 'value="30"' in form.content.decode()
    response = client.post(
        NEW,
        {
            "organisation": fier.pk,
            "email": "info@example.org",
            "language": "en",
            "valid_days": "14",
        },
    )
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    link = re.search(r'value="(http://testserver/en/enquete/[^"]+/)"', html).group(1)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    invitation = Invitation.objects.get()
    assert invitations.find_invitation(token) == invitation
    assert (invitation.created_by, invitation.language, invitation.email) == (
        user,
        "en",
        "info@example.org",
    )
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    (message,) = mailoutbox
    assert link in message.body and message.to == ["info@example.org"]
    # Never shown again.
    listing = client.get(LIST).content.decode()
    assert token not in listing and "Nog niet begonnen" in listing and "Fier" in listing
    # A reminder now: a fresh link by e-mail, the old one closed.
    assert client.post(f"{LIST}{invitation.pk}/herinneren/").status_code == 302
    assert len(mailoutbox) == 2 and token not in mailoutbox[1].body
    assert invitations.find_invitation(token) is None
    # Revoked: the list says so.
    assert client.post(f"{LIST}{invitation.pk}/intrekken/").status_code == 302
    assert Invitation.objects.get().revoked_at is not None
    assert "Ingetrokken" in client.get(LIST).content.decode()
    assert client.post(f"{LIST}{invitation.pk}/herinneren/").status_code == 302
    assert len(mailoutbox) == 2


def test_bad_invitation_input_is_refused_and_nothing_stored(client, fier):
    _login(client, "directory_editor")
    for data in (
        {"organisation": fier.pk, "language": "pl", "valid_days": "30"},
        {"organisation": fier.pk, "language": "nl", "valid_days": "0"},
        {"organisation": "999999", "language": "nl", "valid_days": "30"},
        {"organisation": fier.pk, "language": "nl", "valid_days": "30", "email": "geen adres"},
    ):
        response = client.post(NEW, data)
        assert response.status_code == 400 and 'class="error-message"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_list_shows_each_status(client, fier):
    _login(client, "directory_editor")
    now = timezone.now()
    invitations.create_invitation(organisation=fier)
    invitations.create_invitation(organisation=fier, valid_days=1, now=now - timedelta(days=2))
    busy, _t = invitations.create_invitation(organisation=fier)
    SurveyResponse.objects.create(invitation=busy, respondent="fier", version="2025")
    done, _t = invitations.create_invitation(organisation=fier)
    SurveyResponse.objects.create(
        invitation=done, respondent="fier", version="2025", state=ResponseState.SUBMITTED
    )
    gone, _t = invitations.create_invitation(organisation=fier)
    invitations.revoke_invitation(gone)
    html = client.get(LIST).content.decode()
    for label in ("Nog niet begonnen", "Verlopen", "Wordt ingevuld", "Ingestuurd", "Ingetrokken"):
        assert label in html


def test_creating_and_revoking_are_audited_without_the_token(client, fier):
    from trafficking.audit.actions import AuditAction
    from trafficking.audit.models import AuditEntry

    user = _login(client, "directory_editor")
    client.post(NEW, {"organisation": fier.pk, "language": "nl", "valid_days": "30"})
    invitation = Invitation.objects.get()
    client.post(f"{LIST}{invitation.pk}/intrekken/")
    entries = AuditEntry.objects.filter(object_ref=str(invitation.pk))
    assert {(e.action, e.actor_id) for e in entries} == {
        (AuditAction.SURVEY_INVITED, user.pk),
        (AuditAction.SURVEY_INVITATION_REVOKED, user.pk),
    }
    assert all(invitation.token_hash not in e.detail for e in entries)
