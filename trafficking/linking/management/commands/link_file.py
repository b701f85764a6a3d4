"""Link a file of reports (JSON lines) with the live linker's code; stores nothing.

manage.py link_file reports.jsonl [--json] [--hub-threshold 25]

Each line: {"id", "text", "items": [{"type", "value"}]}, optionally "source" and
"received_at" (ISO 8601): reports from one source, or arriving within minutes of
each other, count as one source when deciding hubs; without them each line is
its own source. Prints a summary to read; --json prints the whole result as JSON
(cases, links, hubs, suggestions, unlinked reports and bad lines) for a program.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from trafficking.linking.batch import link_lines, summary
from trafficking.linking.engine import DEFAULT_HUB_THRESHOLD


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON lines; - for standard input")
        parser.add_argument(
            "--json", action="store_true", help="print the whole result as JSON, not a summary"
        )
        parser.add_argument("--hub-threshold", type=int, default=DEFAULT_HUB_THRESHOLD)

    def handle(self, *args, **options):
        try:
            if options["file"] == "-":
                result = link_lines(sys.stdin, options["hub_threshold"])
            else:
                with open(options["file"], encoding="utf-8", errors="replace") as handle:
                    result = link_lines(handle, options["hub_threshold"])
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error.strerror}") from error
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(summary(result)))
