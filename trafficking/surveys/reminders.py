"""E-mails to invited organisations: the invitation and its reminders.

Only the token's hash is stored, so a link can be put in an e-mail only
when its token is made. Two designs were possible for reminders:

1. remind without a link ("use the link from our first e-mail"), or
2. give the invitation a fresh token with every reminder and send the new
   link.

This module does 2. A reminder goes to people who have not finished,
and those are the people most likely to have lost or deleted the first
e-mail; a reminder they cannot act on would bring them to staff instead. It
also keeps every link short-lived in mailboxes: the previous link stops
working when a reminder is sent. The price is that an old link stops
working, so reminders are sent only to invitations nobody has touched for
``after_days`` (no page saved, no e-mail sent), never to someone filling it
in right now; the page for an unknown link tells the respondent to use the
newest e-mail; and the answers stay, under the invitation, whatever the
token. If sending fails, the previous token is put back, so nobody is left
without a working link.

Reminders never go to revoked, expired or submitted invitations, nor to
invitations without an e-mail address, and at most ``max_reminders`` times.
E-mails go through Django's e-mail framework (``django.core.mail``): SMTP
in production, the locmem backend in tests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import invitations
from .models import Invitation, ResponseState

logger = logging.getLogger(__name__)

DEFAULT_AFTER_DAYS = 7
DEFAULT_MAX_REMINDERS = 2


class NoSiteUrl(RuntimeError):
    """Links in e-mails need the site's address (settings.SITE_URL)."""


def site_url(request=None) -> str:
    """The site's address for links in e-mails: settings.SITE_URL, else the request's."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    raise NoSiteUrl("set SITE_URL (e.g. https://example.org) to put links in e-mails")


def survey_link(invitation: Invitation, token: str, base: str) -> str:
    language = invitation.language if invitation.language in ("nl", "en") else "nl"
    with translation.override(language):
        path = reverse("surveys:respond", kwargs={"token": token})
    return base + path


def _message(invitation: Invitation, token: str, base: str, kind: str) -> EmailMessage:
    language = invitation.language if invitation.language in ("nl", "en") else "nl"
    context = {
        "organisation": invitation.organisation,
        "link": survey_link(invitation, token, base),
        "expires_at": invitation.expires_at,
        "reminder": kind == "reminder",
    }
    with translation.override(language):
        subject = render_to_string(f"surveys/email/{kind}_subject.txt", context)
        body = render_to_string(f"surveys/email/{kind}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=None,  # DEFAULT_FROM_EMAIL
        to=[invitation.email],
    )


def send_invitation(invitation: Invitation, token: str, *, base: str) -> bool:
    """E-mail the link just made; False (logged, without the token) if it failed."""
    if not invitation.email:
        return False
    try:
        _message(invitation, token, base, "invitation").send()
    except Exception as error:  # SMTP errors, refused connections, bad addresses
        logger.warning(
            "Survey invitation %s: e-mail not sent (%s).", invitation.pk, type(error).__name__
        )
        return False
    Invitation.objects.filter(pk=invitation.pk).update(last_sent_at=timezone.now())
    return True


def due(
    now: datetime | None = None,
    *,
    after_days: int = DEFAULT_AFTER_DAYS,
    max_reminders: int = DEFAULT_MAX_REMINDERS,
):
    """Invitations a reminder is due for."""
    now = now or timezone.now()
    quiet_since = now - timedelta(days=after_days)
    return (
        Invitation.objects.filter(
            revoked_at__isnull=True,
            expires_at__gt=now,
            reminders_sent__lt=max_reminders,
            created_at__lte=quiet_since,
        )
        .exclude(email="")
        .exclude(response__state=ResponseState.SUBMITTED)
        .exclude(last_sent_at__gt=quiet_since)
        .filter(Q(response__isnull=True) | Q(response__updated_at__lte=quiet_since))
        .select_related("organisation")
        .order_by("pk")
    )


# A respondent who saved a page this recently may be filling it in right now:
# a new link would cut them off mid-page.
BUSY = timedelta(hours=2)


@dataclass(frozen=True)
class Outcome:
    sent: bool
    reason: str = ""  # why not: "closed", "no_email", "busy", "failed"


def send_reminder(invitation: Invitation, *, base: str, now: datetime | None = None) -> Outcome:
    """A reminder with a fresh link, now (also what staff's "send a reminder" does).

    Refused for revoked, expired and submitted invitations and without an
    e-mail address; the limits on how often are the caller's (``due``).
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=invitation.pk)
            .first()
        )
        if locked is None or not locked.is_open(now) or invitations.is_submitted(locked):
            return Outcome(False, "closed")
        if not locked.email:
            return Outcome(False, "no_email")
        response = getattr(locked, "response", None)
        if response is not None and response.updated_at > now - BUSY:
            return Outcome(False, "busy")
        token, previous = invitations.rotate_token(locked)
        Invitation.objects.filter(pk=locked.pk).update(
            reminders_sent=locked.reminders_sent + 1, last_sent_at=now
        )
    try:
        _message(locked, token, base, "reminder").send()
    except Exception as error:
        # The new link never reached anyone: the previous one works again.
        invitations.restore_token(locked, previous)
        Invitation.objects.filter(pk=locked.pk).update(
            reminders_sent=locked.reminders_sent, last_sent_at=locked.last_sent_at
        )
        logger.warning(
            "Survey invitation %s: reminder not sent (%s).", locked.pk, type(error).__name__
        )
        return Outcome(False, "failed")
    invitation.refresh_from_db()
    return Outcome(True)


def send_due_reminders(
    *,
    base: str,
    now: datetime | None = None,
    after_days: int = DEFAULT_AFTER_DAYS,
    max_reminders: int = DEFAULT_MAX_REMINDERS,
) -> tuple[int, int]:
    """Send every due reminder; returns (sent, failed)."""
    now = now or timezone.now()
    sent = failed = 0
    for invitation in due(now, after_days=after_days, max_reminders=max_reminders):
        outcome = send_reminder(invitation, base=base, now=now)
        if outcome.sent:
            sent += 1
        elif outcome.reason == "failed":
            failed += 1
    return sent, failed
