"""A stored report is counted for campaign measurement: a tally per day, province and form.

The tally is what a campaign's effect is measured on once the report itself
is deleted (ADR 11); it must exist exactly when the report does.
"""

import io

import pytest
from django.db import DatabaseError
from django.utils import timezone

from trafficking.campaigns.models import ReportTally
from trafficking.reports.models import Report
from trafficking.reports.retention import purge_expired
from trafficking.reports.submission import submit_report

from .factories import make_draft

pytestmark = pytest.mark.django_db


def test_each_report_adds_one_to_its_province_and_form_of_the_day():
    submit_report(make_draft())  # Zwolle, labour
    submit_report(make_draft(form="", municipality_code="", abroad=True))
    submit_report(make_draft(form="sexual", municipality_code="GM0363"))  # Amsterdam
    submit_report(make_draft())
    today = timezone.localdate()
    counts = {(t.day, t.region, t.form, t.kind): t.count for t in ReportTally.objects.all()}
    assert counts == {
        (today, "PV23", "labour", "report"): 2,
        (today, "abroad", "", "report"): 1,
        (today, "PV27", "sexual", "report"): 1,
    }


def test_the_tally_outlives_the_report():
    submit_report(make_draft())
    Report.objects.update(delete_after=timezone.now() - timezone.timedelta(days=1))
    purge_expired()
    assert not Report.objects.exists()
    assert ReportTally.objects.get().count == 1


def test_a_failing_tally_never_loses_the_report(monkeypatch, caplog):
    def broken(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr("trafficking.reports.submission.tally_report", broken)
    receipt = submit_report(make_draft())
    assert Report.objects.filter(pk=receipt.report_id).exists()
    assert not ReportTally.objects.exists()
    assert "not counted for campaigns (DatabaseError)" in caplog.text
    assert "disk full" not in caplog.text


def test_the_count_is_undone_with_a_report_that_is_not_stored(monkeypatch):
    # The count happens in the report's transaction: when what follows it
    # fails, the report and its count go together.
    from trafficking.reports import submission

    real = submission._count_for_campaigns

    def count_then_fail(*args, **kwargs):
        real(*args, **kwargs)
        assert ReportTally.objects.exists()  # counted inside the transaction
        raise DatabaseError("commit refused")

    monkeypatch.setattr(submission, "_count_for_campaigns", count_then_fail)
    with pytest.raises(submission.NotStored):
        submit_report(make_draft())
    assert not Report.objects.exists()
    assert not ReportTally.objects.exists()


def test_reports_from_before_tallies_are_backfilled_once():
    from django.core.management import call_command

    submit_report(make_draft())
    submit_report(make_draft(form="sexual"))
    ReportTally.objects.all().delete()  # as if stored before tallies existed
    call_command("backfill_report_tallies", stdout=io.StringIO())
    first = {(t.region, t.form): t.count for t in ReportTally.objects.all()}
    assert first == {("PV23", "labour"): 1, ("PV23", "sexual"): 1}
    call_command("backfill_report_tallies", stdout=io.StringIO())
    assert {(t.region, t.form): t.count for t in ReportTally.objects.all()} == first


def test_the_day_tallies_began_is_completed_and_deleted_reports_stay_counted():
    from django.core.management import call_command

    submit_report(make_draft())
    submit_report(make_draft())
    submit_report(make_draft(form="sexual"))
    # The morning of the deploy: one labour report was stored before tallies.
    tally = ReportTally.objects.get(form="labour")
    tally.count = 1
    tally.save()
    # A sexual-exploitation report was deleted on schedule after it was counted.
    sexual = ReportTally.objects.get(form="sexual")
    sexual.count = 4
    sexual.save()
    out = io.StringIO()
    call_command("backfill_report_tallies", stdout=out)
    counts = {t.form: t.count for t in ReportTally.objects.all()}
    assert counts == {"labour": 2, "sexual": 4}
    assert out.getvalue().startswith("1 reports tallied anew")
    call_command("backfill_report_tallies", stdout=io.StringIO())
    assert {t.form: t.count for t in ReportTally.objects.all()} == counts
