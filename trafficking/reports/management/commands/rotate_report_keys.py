"""Re-wrap every report's data key with the active master key.

Rotation: put a new key first in REPORT_MASTER_KEYS (keep the old ones after
it), restart, run this command, then remove the old keys. Only the 32-byte
data keys are re-wrapped; content, messages and files stay as they are.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from trafficking.reports import crypto
from trafficking.reports.models import Report


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        ring = crypto.keyring()
        moved = 0
        stale = Report.objects.exclude(key_id=ring.active).values_list("pk", flat=True)
        for pk in stale.iterator(chunk_size=500):
            with transaction.atomic():
                report = Report.objects.select_for_update().get(pk=pk)
                data_key = ring.unwrap(report.key_id, bytes(report.wrapped_key))
                report.key_id, report.wrapped_key = ring.wrap(data_key)
                report.save(update_fields=["key_id", "wrapped_key"])
                moved += 1
        self.stdout.write(f"Re-wrapped {moved} report key(s) with {ring.active}.")
