"""The catch-up sweep links what the queue missed, and one report that
cannot be indexed does not stop it."""

from __future__ import annotations

import pytest

from trafficking.linking import tasks
from trafficking.linking.models import LinkKey
from trafficking.reports.models import Report
from trafficking.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db


def test_one_broken_report_does_not_stop_the_others():
    broken, _code = make_report()
    fine, _code = make_report()
    assert Report.objects.filter(link_pending=True).count() == 2  # no task ran yet
    # A report whose key no longer unwraps (a master key removed too early).
    Report.objects.filter(pk=broken.pk).update(key_id="gone")
    Report.objects.filter(pk=broken.pk).update(updated_at=fine.updated_at.replace(year=2020))
    from datetime import timedelta

    assert tasks.catch_up(older_than=timedelta(0)) == 1
    assert LinkKey.objects.filter(report=fine).exists()
    assert Report.objects.get(pk=broken.pk).link_pending  # stays pending, retried later
    assert not Report.objects.get(pk=fine.pk).link_pending
