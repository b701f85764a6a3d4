"""Remove files that belong to no report: sealed attachments whose submission
never committed (a crash between file and transaction), partial writes, and
upload originals spooled by Django before uploads were kept in memory; and
files sent with survey answers whose response no longer exists.

Run at start-up (gunicorn's on_starting hook and ``make run`` do), and from a
daily timer. Files younger than an hour are left alone, so a submission in
flight keeps its file. If the database references no attachment at all while
the folder holds files, it refuses (a wrong or empty DATABASE_URL would
otherwise empty the folder) unless given --force."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trafficking.reports import storage
from trafficking.reports.models import Attachment


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=float, default=3600, help="seconds (default: an hour)"
        )
        parser.add_argument(
            "--force", action="store_true", help="even if no attachment is referenced at all"
        )

    def handle(self, *args, **options):
        age = options["older_than"]
        referenced = set(Attachment.objects.values_list("stored_name", flat=True))
        visible = {n for n in storage.stored_names() if not n.startswith(".")}
        if not referenced and visible and not options["force"]:
            raise CommandError(
                f"The database references no attachment, but {len(visible)} file(s) are in "
                f"{settings.ATTACHMENT_DIR}: is this the right database? Nothing was removed "
                "(use --force if it is)."
            )
        sealed = storage.remove_orphans(referenced, older_than=age)
        spool = Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir())
        spooled = storage.remove_spooled_uploads(spool, older_than=age)
        # Files sent with survey answers (q35) whose response is gone.
        from trafficking.surveys.answering import remove_orphan_files

        surveyed = remove_orphan_files(older_than=age)
        self.stdout.write(
            f"Removed {sealed} orphaned attachment file(s), {spooled} spooled upload(s), "
            f"{surveyed} survey file(s) no answer holds."
        )
