"""Delete reports past their retention period (run daily, e.g. from a timer),
with spent form tokens and ended rate-limit windows."""

import json

from django.core.management.base import BaseCommand

from trafficking.core import ratelimit
from trafficking.reports.retention import purge_expired
from trafficking.reports.sources import forget_old_salts
from trafficking.reports.submission import forget_spent_tokens


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        result = purge_expired()
        forget_spent_tokens()
        forget_old_salts()
        ratelimit.purge_expired()
        if options["json"]:
            self.stdout.write(
                json.dumps({"reports": result.reports, "attachments": result.attachments})
            )
        else:
            self.stdout.write(
                f"Deleted {result.reports} report(s) and {result.attachments} attachment(s)."
            )
