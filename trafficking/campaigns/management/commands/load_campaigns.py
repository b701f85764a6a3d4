from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trafficking.campaigns.register import (
    CAMPAIGNS_FILE,
    CampaignError,
    load_campaigns,
    read_campaigns,
)
from trafficking.geography.models import Municipality


class Command(BaseCommand):
    help = "Load the campaign register (appendices B.1 and B.2) from its data file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(CAMPAIGNS_FILE))

    def handle(self, *args, **options):
        if not Municipality.objects.exists():
            raise CommandError("No municipalities loaded: run `manage.py load_geography` first.")
        path = Path(options["file"])
        try:
            records = read_campaigns(path)
            counts = load_campaigns(records)
        except CampaignError as error:
            raise CommandError(f"Campaigns not loaded (nothing changed): {error}") from None
        except OSError as error:
            raise CommandError(f"Campaigns not loaded: cannot read {path}: {error}") from None
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"{len(records)} records: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['deactivated']} deactivated; "
            f"{counts['total']} active campaigns in the register"
        )
