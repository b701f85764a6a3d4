"""Retention (reports/retention.py): a report past its period is deleted,
the audit log keeps one line for it and never its content."""

from datetime import timedelta

import pytest
from django.utils import timezone

from trafficking.audit.models import AuditEntry
from trafficking.reports.models import Report
from trafficking.reports.retention import purge_expired
from trafficking.reports.tests.factories import SECRET_TEXT, make_report

pytestmark = pytest.mark.django_db


def test_retention_deletes_old_reports_and_logs_it():
    old, _ = make_report()
    fresh, _ = make_report()
    Report.objects.filter(pk=old.pk).update(delete_after=timezone.now() - timedelta(days=1))
    result = purge_expired()
    assert result.reports == 1
    assert list(Report.objects.values_list("pk", flat=True)) == [fresh.pk]
    entry = AuditEntry.objects.get(action="deleted_by_retention")
    assert entry.object_ref == old.reference
    assert SECRET_TEXT not in entry.detail
