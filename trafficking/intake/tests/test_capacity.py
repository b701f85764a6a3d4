"""The supervisor's capacity page: set, validated, audited, and shown against the calendar."""

from datetime import timedelta

import pytest
from django.utils import timezone

from trafficking.audit.actions import AuditAction
from trafficking.audit.models import AuditEntry
from trafficking.campaigns.models import Campaign, IntakeCapacity, ReportTally
from trafficking.reports.tests.factories import login_with_otp

pytestmark = pytest.mark.django_db
URL = "/intake/capaciteit/"


def test_a_supervisor_sets_the_capacity_and_it_is_audited(client):
    user = login_with_otp(client, "supervisor", "chef")
    today = timezone.localdate()
    response = client.post(
        URL,
        {"effective_from": today.isoformat(), "hours_per_week": "20", "minutes_per_report": "30"},
    )
    assert response.status_code == 302
    row = IntakeCapacity.objects.get()
    assert (row.hours_per_week, row.minutes_per_report, row.set_by) == (20, 30, user)
    entry = AuditEntry.objects.get(action=AuditAction.CAPACITY_SET)
    assert entry.actor_id == user.pk and "20" in entry.detail
    page = client.get(URL).content.decode()
    assert "ruimte voor ongeveer 40 meldingen per week" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hours_per_week", "0"),
        ("hours_per_week", "veel"),
        ("minutes_per_report", "-5"),
        ("effective_from", "gisteren"),
    ],
)
def test_bad_values_are_refused_with_a_message_and_nothing_stored(client, field, value):
    login_with_otp(client, "supervisor", "chef")
    data = {"effective_from": "2027-01-04", "hours_per_week": "20", "minutes_per_report": "30"}
    data[field] = value
    response = client.post(URL, data)
    assert response.status_code == 400
    assert 'class="error-message"' in response.content.decode()
    assert not IntakeCapacity.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.CAPACITY_SET).exists()


def test_a_week_over_capacity_is_flagged_with_the_campaign_that_causes_it(client):
    login_with_otp(client, "supervisor", "chef")
    today = timezone.localdate()
    # Room for 35 reports a week.
    IntakeCapacity.objects.create(
        effective_from=today - timedelta(days=1), hours_per_week=17.5, minutes_per_report=30
    )
    # The desk usually gets 9 + 21 = 30 reports a week (the last eight weeks);
    # the coming campaign's slice (PV31, labour) brings 9 of them.
    monday = today - timedelta(days=today.weekday())
    for week in range(1, 9):
        ReportTally.objects.create(
            day=monday - timedelta(weeks=week), region="PV31", form="labour", kind="report", count=9
        )
    # An earlier campaign that called to report doubled its slice (3 a day, 21 a week).
    start = monday - timedelta(days=120)
    first = start - timedelta(days=400)
    day = first
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
        moderation="published",
        slug="earlier",
        name="Eerder",
        origin="registered",
        areas=["PV30"],
        forms=["sexual"],
        starts_on=start,
        ends_on=start + timedelta(days=27),
        call_to_action="report",
    )
    Campaign.objects.create(
        moderation="published",
        slug="next",
        name="Volgende campagne",
        origin="registered",
        areas=["PV31"],
        forms=["labour"],
        audiences=["citizens"],
        starts_on=monday + timedelta(weeks=2),
        ends_on=monday + timedelta(weeks=4),
        call_to_action="report",
    )
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "te veel" in page
    assert "Volgende campagne" in page
    weeks = response.context["cal"].weeks
    over = [w for w in weeks if w.over_capacity]
    # Doubling 9 a week adds 9: 39 > 35 in the weeks it runs in full, never otherwise.
    assert len(over) == 2
    assert all([p.slug for p in w.campaigns] == ["next"] for w in over)
    assert all(w.expected == pytest.approx(39) for w in over)
    assert response.context["cal"].ratio == pytest.approx(2.0, rel=0.25)


def test_only_supervisors_may_set_it(client):
    login_with_otp(client, "intake", "medewerker")
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"hours_per_week": "1"}).status_code == 403


def test_a_roster_entered_ahead_applies_from_its_week(client):
    login_with_otp(client, "supervisor", "chef")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    IntakeCapacity.objects.create(effective_from=today, hours_per_week=10, minutes_per_report=60)
    IntakeCapacity.objects.create(
        effective_from=monday + timedelta(weeks=4), hours_per_week=20, minutes_per_report=60
    )
    weeks = client.get(URL).context["cal"].weeks
    by_start = {w.starts_on: w.capacity for w in weeks}
    assert by_start[monday] == 10
    assert by_start[monday + timedelta(weeks=3)] == 10
    assert by_start[monday + timedelta(weeks=4)] == 20
