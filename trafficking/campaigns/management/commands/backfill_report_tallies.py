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
        "Tally the stored reports of days that have no tally yet (reports stored before "
        "tallies existed). Idempotent: a day with any tally is left as it is."
    )

    def handle(self, *args, **options):
        gazetteer = current_catalogue().gazetteer
        tallied = set(ReportTally.objects.values_list("day", flat=True).distinct())
        counts: Counter = Counter()
        fields = ("received_at", "municipality_code", "abroad", "form_reported", "kind")
        for received_at, municipality, abroad, form, kind in Report.objects.values_list(*fields):
            day = timezone.localdate(received_at)
            if day not in tallied:
                counts[(day, region_of(municipality, abroad, gazetteer), form, kind)] += 1
        with transaction.atomic():
            ReportTally.objects.bulk_create(
                ReportTally(day=day, region=region, form=form, kind=kind, count=count)
                for (day, region, form, kind), count in counts.items()
            )
        days = len({key[0] for key in counts})
        self.stdout.write(f"{sum(counts.values())} reports tallied over {days} days")
