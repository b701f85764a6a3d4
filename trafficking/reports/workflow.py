"""The life of a report as an explicit state machine (pure, no database).

    new ──triage──▶ triage ──ask_reporter──▶ waiting ──reporter_replied──▶ triage
                      │                          │
                      ├──forward──▶ forwarded ◀──┘ (forward)
                      │                │
                      └──close──▶ closed ◀──close (from any open state)
    closed ──reopen──▶ triage

Every transition is recorded by the caller as a ReportEvent; this module only
says which moves are allowed, so the rules are tested in one place.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("Nieuw")
    TRIAGE = "triage", _("In behandeling")
    WAITING = "waiting", _("Wacht op melder")
    FORWARDED = "forwarded", _("Doorgezet")
    CLOSED = "closed", _("Afgesloten")


class Action(models.TextChoices):
    TRIAGE = "triage", _("In behandeling nemen")
    ASK_REPORTER = "ask_reporter", _("Vraag aan melder")
    REPORTER_REPLIED = "reporter_replied", _("Melder heeft gereageerd")
    FORWARD = "forward", _("Doorzetten")
    CLOSE = "close", _("Afsluiten")
    REOPEN = "reopen", _("Heropenen")


OPEN = (Status.NEW, Status.TRIAGE, Status.WAITING, Status.FORWARDED)

TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.NEW, Action.TRIAGE): Status.TRIAGE,
    (Status.TRIAGE, Action.ASK_REPORTER): Status.WAITING,
    (Status.FORWARDED, Action.ASK_REPORTER): Status.WAITING,
    (Status.WAITING, Action.REPORTER_REPLIED): Status.TRIAGE,
    (Status.NEW, Action.FORWARD): Status.FORWARDED,
    (Status.TRIAGE, Action.FORWARD): Status.FORWARDED,
    (Status.WAITING, Action.FORWARD): Status.FORWARDED,
    (Status.FORWARDED, Action.FORWARD): Status.FORWARDED,
    **{(state, Action.CLOSE): Status.CLOSED for state in OPEN},
    (Status.CLOSED, Action.REOPEN): Status.TRIAGE,
}


class TransitionNotAllowed(Exception):
    def __init__(self, status: str, action: str):
        super().__init__(f"{action!r} is not allowed from {status!r}")
        self.status = status
        self.action = action


def next_status(status: str, action: str) -> str:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise TransitionNotAllowed(status, action) from None


def allowed_actions(status: str) -> list[str]:
    """Actions staff may take now (the reporter's reply is not a staff action)."""
    return [
        action
        for (state, action) in TRANSITIONS
        if state == status and action != Action.REPORTER_REPLIED
    ]


class Urgency(models.TextChoices):
    ACUTE = "acute", _("Acuut gevaar")
    MINOR = "minor", _("Minderjarige betrokken")
    NORMAL = "normal", _("Normaal")


# How soon intake must have looked at a report. Acute danger is also routed to
# 112 on the form itself; the deadline is for the follow-up by intake.
# Keyed by plain str: callers pass the stored urgency value, not the enum member.
DEADLINES: dict[str, timedelta] = {
    Urgency.ACUTE: timedelta(hours=1),
    Urgency.MINOR: timedelta(hours=24),
    Urgency.NORMAL: timedelta(days=3),
}


def urgency_of(acute: bool, minor: bool) -> str:
    if acute:
        return Urgency.ACUTE
    if minor:
        return Urgency.MINOR
    return Urgency.NORMAL


def deadline_for(urgency: str, received_at: datetime) -> datetime:
    return received_at + DEADLINES[urgency]
