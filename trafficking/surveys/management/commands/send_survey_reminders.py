"""Send the survey reminders that are due (run daily, e.g. from cron).

    manage.py send_survey_reminders [--after-days 7] [--max 2] [--site-url https://...]

See trafficking/surveys/reminders.py for who gets one and why each reminder
carries a fresh link.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trafficking.surveys import reminders


class Command(BaseCommand):
    help = "E-mail a reminder with a fresh link to invited organisations that have not finished."

    def add_arguments(self, parser):
        parser.add_argument(
            "--after-days",
            type=int,
            default=getattr(settings, "SURVEY_REMINDER_AFTER_DAYS", reminders.DEFAULT_AFTER_DAYS),
            help="days without activity or e-mail before a reminder (default 7)",
        )
        parser.add_argument(
            "--max",
            type=int,
            dest="max_reminders",
            default=getattr(settings, "SURVEY_REMINDER_MAX", reminders.DEFAULT_MAX_REMINDERS),
            help="at most this many reminders per invitation (default 2)",
        )
        parser.add_argument("--site-url", default="", help="the site's address for the links")

    def handle(self, *args, after_days, max_reminders, site_url, **options):
        if after_days < 1 or max_reminders < 0:
            raise CommandError("--after-days must be at least 1 and --max at least 0")
        try:
            base = site_url.rstrip("/") or reminders.site_url()
        except reminders.NoSiteUrl as error:
            raise CommandError(str(error)) from None
        sent, failed = reminders.send_due_reminders(
            base=base, after_days=after_days, max_reminders=max_reminders
        )
        self.stdout.write(f"{sent} reminder(s) sent, {failed} failed.")
        if failed:
            raise CommandError(f"{failed} reminder(s) could not be sent; they are retried next run")
