from collections import Counter, defaultdict

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
        "schedule stay counted. Tallies from before channels were counted (channel '') "
        "are moved to the stored reports' channel before anything is raised, so no "
        "report is counted twice. Idempotent."
    )

    def handle(self, *args, **options):
        gazetteer = current_catalogue().gazetteer
        stored: Counter = Counter()
        fields = ("received_at", "municipality_code", "abroad", "form_reported", "kind", "channel")
        for received_at, municipality, abroad, form, kind, channel in Report.objects.values_list(
            *fields
        ):
            day = timezone.localdate(received_at)
            region = region_of(municipality, abroad, gazetteer)
            stored[(day, region, form, kind, channel)] += 1
        raised = 0
        with transaction.atomic():
            # A day can be half tallied: the day tallies began, reports before
            # the deploy were not counted and those after it were. Comparing
            # per day, region, form, kind and channel finds the missing part.
            tallies = {
                (t.day, t.region, t.form, t.kind, t.channel): t
                for t in ReportTally.objects.select_for_update().filter(
                    day__in={key[0] for key in stored}
                )
            }
            # Tallies counted before channels existed (channel "") already
            # hold some of these reports, without saying which channel. A
            # missing count is first taken from that row (the report was
            # counted, only under ""), then raised: the total never drops and
            # a report is never counted under two channels.
            unknown: dict[tuple, int] = defaultdict(int)
            for key, tally in tallies.items():
                if key[4] == "":
                    unknown[key[:4]] = tally.count
            changed: dict[tuple, ReportTally] = {}
            for key, count in sorted(stored.items(), key=lambda item: repr(item[0])):
                day, region, form, kind, channel = key
                tally = tallies.get(key)
                have = tally.count if tally is not None else 0
                missing = count - have
                if missing <= 0 or channel == "":
                    if channel == "" and missing > 0:
                        raised += missing
                        tally = _set(tallies, changed, key, count)
                    continue
                moved = min(missing, unknown[key[:4]])
                if moved:
                    unknown[key[:4]] -= moved
                    legacy = (day, region, form, kind, "")
                    _set(tallies, changed, legacy, unknown[key[:4]])
                raised += missing - moved
                _set(tallies, changed, key, count)
            ReportTally.objects.bulk_create([t for t in changed.values() if t.pk is None])
            for tally in changed.values():
                if tally.pk is not None:
                    if tally.count:
                        tally.save(update_fields=["count"])
                    else:
                        tally.delete()
        days = len({key[0] for key in stored})
        self.stdout.write(
            f"{raised} reports tallied anew; {sum(stored.values())} stored over {days} days"
        )


def _set(tallies: dict, changed: dict, key: tuple, count: int) -> ReportTally:
    tally = tallies.get(key)
    if tally is None:
        day, region, form, kind, channel = key
        tally = ReportTally(day=day, region=region, form=form, kind=kind, channel=channel)
        tallies[key] = tally
    tally.count = count
    changed[key] = tally
    return tally
