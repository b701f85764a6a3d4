"""The queue's filters are named ReportQuerySet methods (reports/querysets.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from trafficking.reports.models import Report
from trafficking.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db


def pks(reports) -> set[int]:
    return set(reports.values_list("pk", flat=True))


def report(**fields) -> Report:
    made, _code = make_report()
    Report.objects.filter(pk=made.pk).update(**fields)
    made.refresh_from_db()
    return made


def test_open_leaves_out_closed_reports_and_with_status_picks_one():
    new = report(status="new")
    waiting = report(status="waiting")
    closed = report(status="closed")
    assert pks(Report.objects.open()) == {new.pk, waiting.pk}
    assert pks(Report.objects.with_status("closed")) == {closed.pk}


def test_the_form_is_the_classified_one_once_staff_classified():
    guessed = report(form_reported="labour", form_classified="")
    reclassified = report(form_reported="labour", form_classified="sexual")
    assert pks(Report.objects.of_form("labour")) == {guessed.pk}
    assert pks(Report.objects.of_form("sexual")) == {reclassified.pk}


def test_assigned_to_a_user_and_unassigned():
    user = get_user_model().objects.create_user("nachtdienst")
    mine = report(assigned_to=user)
    nobodys = report(assigned_to=None)
    assert pks(Report.objects.assigned_to(user)) == {mine.pk}
    assert pks(Report.objects.unassigned()) == {nobodys.pk}


def test_overdue_is_past_the_deadline_and_not_closed():
    now = timezone.now()
    late = report(deadline=now - timedelta(hours=1), status="triage")
    closed = report(deadline=now - timedelta(hours=1), status="closed")
    early = report(deadline=now + timedelta(hours=1), status="triage")
    assert late.is_overdue(now)
    assert not closed.is_overdue(now)
    assert not early.is_overdue(now)


def test_urgency_kind_and_language_filters():
    acute = report(urgency="acute", language="pl")
    report(urgency="normal", language="nl")
    assert pks(Report.objects.with_urgency("acute")) == {acute.pk}
    assert pks(Report.objects.in_language("pl")) == {acute.pk}
    assert pks(Report.objects.of_kind(acute.kind).in_language("pl")) == {acute.pk}


def test_deadline_first_breaks_ties_by_number():
    deadline = timezone.now() + timedelta(days=1)
    first = report(deadline=deadline)
    second = report(deadline=deadline)
    earlier = report(deadline=deadline - timedelta(hours=1))
    ordered = list(Report.objects.deadline_first().values_list("pk", flat=True))
    assert ordered == [earlier.pk, first.pk, second.pk]
