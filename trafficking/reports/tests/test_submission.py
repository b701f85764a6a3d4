"""Submitting is atomic: the whole report or nothing, and the reporter knows."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError

from trafficking.reports import receipts, storage
from trafficking.reports.attachments import sanitise
from trafficking.reports.models import Attachment, Report, ReportEvent
from trafficking.reports.submission import NotStored, submit_report
from trafficking.reports.workflow import Status, Urgency

from .factories import make_draft
from .pdfs import MINIMAL_PDF

pytestmark = pytest.mark.django_db
PDF = MINIMAL_PDF


def files_on_disk() -> set[str]:
    root = Path(settings.ATTACHMENT_DIR)
    return {p.name for p in root.iterdir()} if root.exists() else set()


def test_a_report_is_stored_with_its_receipt_hash_only():
    receipt = submit_report(make_draft(acute=True), [sanitise(PDF, "a.pdf")])
    report = Report.objects.get(pk=receipt.report_id)
    assert report.receipt_hash == receipts.digest(receipt.code)
    assert report.status == Status.NEW
    assert report.urgency == Urgency.ACUTE
    assert report.deadline > report.received_at
    assert report.attachments.count() == 1
    assert ReportEvent.objects.filter(report=report, action="received").exists()


def test_a_failure_halfway_stores_nothing_and_leaves_no_files(monkeypatch):
    before_files = files_on_disk()
    calls = {"n": 0}
    real_write = storage.write_sealed

    def failing_second_write(key, content):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_write(key, content)

    monkeypatch.setattr(storage, "write_sealed", failing_second_write)
    with pytest.raises(NotStored) as failure:
        submit_report(make_draft(), [sanitise(PDF, "a.pdf"), sanitise(PDF, "b.pdf")])
    assert isinstance(failure.value.__cause__, OSError)
    assert Report.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert files_on_disk() == before_files


def test_a_database_failure_removes_the_files_already_written(monkeypatch):
    before_files = files_on_disk()

    def broken_event(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(ReportEvent.objects, "create", broken_event)
    with pytest.raises(NotStored) as failure:
        submit_report(make_draft(), [sanitise(PDF, "a.pdf")])
    assert isinstance(failure.value.__cause__, IntegrityError)
    assert Report.objects.count() == 0
    assert files_on_disk() == before_files
