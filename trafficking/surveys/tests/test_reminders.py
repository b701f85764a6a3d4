"""Invitation e-mails and reminders (Django's locmem e-mail backend in tests)."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from trafficking.directory.models import Organisation
from trafficking.surveys import invitations, reminders
from trafficking.surveys.models import Invitation, ResponseState, SurveyResponse

pytestmark = pytest.mark.django_db
BASE = "https://wegwijzer.test"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = BASE


def invite(slug="fier", *, days_ago=10, email="contact@example.org", language="nl", **extra):
    organisation = Organisation.objects.get(slug=slug)
    invitation, token = invitations.create_invitation(
        organisation=organisation,
        email=email,
        language=language,
        now=timezone.now() - timedelta(days=days_ago),
        **extra,
    )
    return invitation, token


def link_in(message) -> str:
    found = re.search(r"https://\S+", message.body)
    assert found is not None
    return found.group(0)


def test_the_invitation_mail_carries_the_working_link(client):
    invitation, token = invite(days_ago=0)
    assert reminders.send_invitation(invitation, token, base=BASE)
    (message,) = mail.outbox
    assert message.to == ["contact@example.org"] and "Fier" in message.subject
    assert link_in(message) == f"{BASE}/nl/enquete/{token}/"
    assert client.get(link_in(message).removeprefix(BASE)).status_code == 303
    assert Invitation.objects.get(pk=invitation.pk).last_sent_at is not None


def test_an_english_invitation_mail_links_to_the_english_survey():
    invitation, token = invite(days_ago=0, language="en")
    reminders.send_invitation(invitation, token, base=BASE)
    assert link_in(mail.outbox[0]) == f"{BASE}/en/enquete/{token}/"


def test_a_reminder_carries_a_fresh_link_and_the_old_one_stops_working(client):
    invitation, token = invite()
    call_command("send_survey_reminders", stdout=io.StringIO())
    (message,) = mail.outbox
    assert "Herinnering" in message.subject
    new_link = link_in(message)
    assert token not in new_link
    assert client.get(f"/nl/enquete/{token}/").status_code == 404
    assert client.get(new_link.removeprefix(BASE)).status_code == 303
    row = Invitation.objects.get(pk=invitation.pk)
    assert row.reminders_sent == 1 and row.last_sent_at is not None


def test_reminders_wait_n_days_and_stop_after_k():
    invite(days_ago=3)  # too recent
    invitation, _token = invite("comensha", days_ago=30, valid_days=90)
    now = timezone.now()
    assert reminders.send_due_reminders(base=BASE, now=now, after_days=7, max_reminders=2) == (1, 0)
    # Just reminded: not again within seven days.
    assert reminders.send_due_reminders(base=BASE, now=now, after_days=7, max_reminders=2) == (0, 0)
    later = now + timedelta(days=8)  # both are due now
    assert reminders.send_due_reminders(base=BASE, now=later, after_days=7, max_reminders=2) == (
        2,
        0,
    )
    much_later = now + timedelta(days=16)  # comensha had its two
    assert reminders.send_due_reminders(
        base=BASE, now=much_later, after_days=7, max_reminders=2
    ) == (1, 0)
    assert Invitation.objects.get(pk=invitation.pk).reminders_sent == 2
    assert [m.to for m in mail.outbox].count(["contact@example.org"]) == 4


def test_never_to_revoked_expired_submitted_busy_or_addressless_invitations():
    revoked, _ = invite("fier")
    invitations.revoke_invitation(revoked)
    invite("comensha", days_ago=40, valid_days=30)  # expired
    submitted, _ = invite("blijf-groep")
    SurveyResponse.objects.create(
        invitation=submitted, respondent="x", version="2025", state=ResponseState.SUBMITTED
    )
    invite("dontlookaway", email="")
    busy, _ = invite("politie-noord-nederland")
    SurveyResponse.objects.create(invitation=busy, respondent="y", version="2025")  # saved today
    assert reminders.send_due_reminders(base=BASE) == (0, 0)
    assert mail.outbox == []
    for invitation in (revoked, submitted):
        assert reminders.send_reminder(invitation, base=BASE).reason == "closed"


def test_a_failed_send_keeps_the_old_link_working(client, settings):
    invitation, token = invite()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    outcome = reminders.send_reminder(invitation, base=BASE)
    assert outcome == reminders.Outcome(False, "failed")
    assert invitations.find_invitation(token) == invitation
    assert Invitation.objects.get(pk=invitation.pk).reminders_sent == 0
    with pytest.raises(CommandError):
        call_command("send_survey_reminders", stdout=io.StringIO())
    assert invitations.find_invitation(token) == invitation


def test_the_command_needs_the_site_address(settings):
    settings.SITE_URL = ""
    invite()
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("send_survey_reminders")
    call_command("send_survey_reminders", "--site-url", BASE, stdout=io.StringIO())
    assert link_in(mail.outbox[0]).startswith(BASE + "/nl/enquete/")


def test_staff_cannot_cut_off_someone_filling_it_in_right_now(client):
    invitation, token = invite()
    SurveyResponse.objects.create(
        invitation=invitation, respondent="fier", version="2025", answers={"q4": "a"}
    )  # saved just now
    outcome = reminders.send_reminder(invitation, base=BASE)
    assert outcome == reminders.Outcome(False, "busy")
    assert mail.outbox == []
    assert client.get(f"/nl/enquete/{token}/").status_code == 303  # the link still works
    SurveyResponse.objects.filter(invitation=invitation).update(
        updated_at=timezone.now() - timedelta(hours=3)
    )
    assert reminders.send_reminder(invitation, base=BASE).sent
