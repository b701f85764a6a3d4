"""Load the reply templates of the reporting point (idempotent)."""

from django.core.management.base import BaseCommand

from trafficking.reports.replies import load_reply_templates


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        self.stdout.write(f"{load_reply_templates()} reply template(s) created.")
