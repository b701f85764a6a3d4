"""``manage.py make_factsheet``: this month's factsheet as PDF, in Dutch and English.

Run monthly from a timer (README, "Commands"), e.g. on the first of the month.
It writes ``factsheet-<yyyy-mm>-<lang>.pdf`` for ``nl`` and ``en`` into
FACTSHEET_DIR (default ``VAR_DIR/factsheets``). A month's file, once written,
is that month's record and is left alone: running the command again (a retry
of the timer, a second server) writes only what is missing, so it is
idempotent. ``--force`` makes it again from today's data.

Files are written whole or not at all (a temporary file, fsynced, renamed),
so a crash never leaves half a PDF where a reader would pick it up.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from trafficking.insights.factsheet import LANGUAGES, monthly_name, render_factsheet
from trafficking.insights.key_figures import key_figures


def factsheet_dir() -> Path:
    configured = getattr(settings, "FACTSHEET_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "factsheets"


def write_whole(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` atomically; the old file stays on failure."""
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(partial, 0o644)  # a published document: the web server may serve it
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


class Command(BaseCommand):
    help = "Write this month's factsheet PDFs (nl, en) from live data; idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir", type=Path, default=None, help="where to write (default: FACTSHEET_DIR)"
        )
        parser.add_argument(
            "--force", action="store_true", help="make this month's files again from today's data"
        )

    def handle(self, *args: object, **options: Any) -> None:
        directory: Path = options["dir"] or factsheet_dir()
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot create {directory}: {error.strerror}") from None
        as_of = timezone.localdate()
        wanted = [
            (language, directory / monthly_name(as_of, language))
            for language in LANGUAGES
            if options["force"] or not (directory / monthly_name(as_of, language)).exists()
        ]
        for language in LANGUAGES:
            path = directory / monthly_name(as_of, language)
            if (language, path) not in wanted:
                self.stdout.write(f"{path}: already there, left as it is")
        if not wanted:
            return
        figures = key_figures(as_of)
        for language, path in wanted:
            try:
                write_whole(path, render_factsheet(figures, language))
            except OSError as error:
                raise CommandError(f"Cannot write {path}: {error.strerror}") from None
            self.stdout.write(f"{path}: written")
