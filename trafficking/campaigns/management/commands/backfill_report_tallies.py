from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from trafficking.campaigns.models import ReportTally
from trafficking.campaigns.tallies import region_of
from trafficking.directory.catalogue import current_catalogue
from trafficking.reports.models import Report


class Command(BaseCommand):
    help = (
        "Tally stored reports that were never tallied (stored before tallies existed, "
        "including the morning of the day they began). Raises a tally to the number of "
        "stored reports where that is higher, never lowers one: reports deleted on "
        "schedule stay counted. Idempotent."
    )

    def handle(self, *args, **options):
        gazetteer = current_catalogue().gazetteer
        stored: Counter = Counter()
        fields = ("received_at", "municipality_code", "abroad", "form_reported", "kind")
        for received_at, municipality, abroad, form, kind in Report.objects.values_list(*fields):
            day = timezone.localdate(received_at)
            stored[(day, region_of(municipality, abroad, gazetteer), form, kind)] += 1
        raised = 0
        with transaction.atomic():
            # A day can be half tallied: the day tallies began, reports before
            # the deploy were not counted and those after it were. Comparing
            # per day, region, form and kind finds the missing part exactly.
            tallies = {
                (t.day, t.region, t.form, t.kind): t
                for t in ReportTally.objects.select_for_update().filter(
                    day__in={key[0] for key in stored}
                )
            }
            new = []
            for key, count in stored.items():
                tally = tallies.get(key)
                if tally is None:
                    day, region, form, kind = key
                    new.append(
                        ReportTally(day=day, region=region, form=form, kind=kind, count=count)
                    )
                    raised += count
                elif tally.count < count:
                    raised += count - tally.count
                    tally.count = count
                    tally.save(update_fields=["count"])
            ReportTally.objects.bulk_create(new)
        days = len({key[0] for key in stored})
        self.stdout.write(
            f"{raised} reports tallied anew; {sum(stored.values())} stored over {days} days"
        )
