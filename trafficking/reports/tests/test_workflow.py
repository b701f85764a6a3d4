"""The report state machine and deadlines."""

from datetime import UTC, datetime, timedelta

import pytest

from trafficking.reports.workflow import (
    Action,
    Status,
    TransitionNotAllowed,
    Urgency,
    allowed_actions,
    deadline_for,
    next_status,
    urgency_of,
)


def test_the_happy_path():
    status = Status.NEW
    for action, expected in [
        (Action.TRIAGE, Status.TRIAGE),
        (Action.ASK_REPORTER, Status.WAITING),
        (Action.REPORTER_REPLIED, Status.TRIAGE),
        (Action.FORWARD, Status.FORWARDED),
        (Action.CLOSE, Status.CLOSED),
        (Action.REOPEN, Status.TRIAGE),
    ]:
        status = next_status(status, action)
        assert status == expected


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.CLOSED, Action.FORWARD),
        (Status.NEW, Action.REOPEN),
        (Status.CLOSED, Action.CLOSE),
        (Status.NEW, Action.REPORTER_REPLIED),
        (Status.TRIAGE, "delete"),
    ],
)
def test_moves_that_are_not_allowed(status, action):
    with pytest.raises(TransitionNotAllowed):
        next_status(status, action)


def test_every_open_state_can_be_closed_and_staff_never_fake_a_reply():
    for status in (Status.NEW, Status.TRIAGE, Status.WAITING, Status.FORWARDED):
        assert Action.CLOSE in allowed_actions(status)
        assert Action.REPORTER_REPLIED not in allowed_actions(status)
    assert allowed_actions(Status.CLOSED) == [Action.REOPEN]


def test_urgency_and_deadlines():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert urgency_of(acute=True, minor=True) == Urgency.ACUTE
    assert urgency_of(acute=False, minor=True) == Urgency.MINOR
    assert urgency_of(acute=False, minor=False) == Urgency.NORMAL
    assert deadline_for(Urgency.ACUTE, now) - now == timedelta(hours=1)
    assert deadline_for(Urgency.ACUTE, now) < deadline_for(Urgency.MINOR, now)
    assert deadline_for(Urgency.MINOR, now) < deadline_for(Urgency.NORMAL, now)
