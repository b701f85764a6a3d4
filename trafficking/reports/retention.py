"""Deleting reports when their retention period has passed.

A report is kept ``REPORT_RETENTION_DAYS`` after its last activity (a new
message, a status change). Deleting the row deletes its wrapped data key, so
any copy of its sealed content elsewhere (a backup, a stray file) can no
longer be opened. The audit log keeps a line per deleted report: its
reference and what was removed, never its content.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from . import events, storage
from .models import Attachment, Report


@dataclass(frozen=True)
class PurgeResult:
    reports: int
    attachments: int
    references: tuple[str, ...]


def purge_expired(now: datetime | None = None, batch: int = 500) -> PurgeResult:
    now = now or timezone.now()
    references: list[str] = []
    files = 0
    while True:
        ids = list(Report.objects.filter(delete_after__lt=now).values_list("pk", flat=True)[:batch])
        if not ids:
            break
        with transaction.atomic():
            stored = list(
                Attachment.objects.filter(report_id__in=ids).values_list("stored_name", flat=True)
            )
            for report in Report.objects.filter(pk__in=ids).only("pk", "received_at"):
                events.deleted_by_retention(report.reference, f"{report.received_at:%Y-%m-%d}")
                references.append(report.reference)
            Report.objects.filter(pk__in=ids).delete()
        # Files go after the commit: a crash in between leaves an unreadable
        # orphan (its key is gone), never a report without its file.
        for name in stored:
            with contextlib.suppress(OSError):
                storage.remove(name)
        files += len(stored)
    return PurgeResult(reports=len(references), attachments=files, references=tuple(references))
