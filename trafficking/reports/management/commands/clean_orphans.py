"""Remove files that belong to no report: sealed attachments whose submission
never committed (a crash between file and transaction), partial writes, and
upload originals spooled by Django before uploads were kept in memory.

Run at start-up (gunicorn's on_starting hook and ``make run`` do) and daily
with ``purge_reports``. Files younger than an hour are left alone, so a
submission in flight keeps its file."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from trafficking.reports import storage
from trafficking.reports.models import Attachment


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=float, default=3600, help="seconds (default: an hour)"
        )

    def handle(self, *args, **options):
        age = options["older_than"]
        referenced = set(Attachment.objects.values_list("stored_name", flat=True))
        sealed = storage.remove_orphans(referenced, older_than=age)
        spool = Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir())
        spooled = storage.remove_spooled_uploads(spool, older_than=age)
        self.stdout.write(
            f"Removed {sealed} orphaned attachment file(s), {spooled} spooled upload(s)."
        )
