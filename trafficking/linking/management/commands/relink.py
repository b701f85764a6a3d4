"""Rebuild the linking index from scratch (after a change of LINK_SECRET or of
the normalisation rules): every stored report is opened and re-keyed."""

from django.core.management.base import BaseCommand

from trafficking.audit.log import record
from trafficking.linking.index import rebuild_index


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        reports, keys = rebuild_index()
        record(None, "relink", "linking", "index", f"{reports} reports, {keys} keys")
        self.stdout.write(f"Indexed {reports} report(s) with {keys} key(s).")
