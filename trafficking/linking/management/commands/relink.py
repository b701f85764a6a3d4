"""Rebuild the linking index from scratch (after a change of LINK_SECRET or of
the normalisation rules): every stored report is opened and re-keyed.

With --pending, only link the reports whose link task never ran (the queue
was down when they were stored); run it from a timer every few minutes."""

from django.core.management.base import BaseCommand

from trafficking.audit.events import index_rebuilt
from trafficking.linking.index import rebuild_index
from trafficking.linking.tasks import catch_up


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending",
            action="store_true",
            help="only reports still waiting to be linked (fast; for a timer)",
        )

    def handle(self, *args, **options):
        if options["pending"]:
            from datetime import timedelta

            done = 0
            # Batches until nothing is left, or nothing could be linked (a
            # report that fails stays pending and is logged).
            while batch := catch_up(older_than=timedelta(0)):
                done += batch
            self.stdout.write(f"Linked {done} pending report(s).")
            return
        reports, keys = rebuild_index()
        index_rebuilt(reports, keys)
        self.stdout.write(f"Indexed {reports} report(s) with {keys} key(s).")
