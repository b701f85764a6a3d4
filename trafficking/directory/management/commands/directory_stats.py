import json

from django.core.management.base import BaseCommand

from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.selectors import directory_stats


class Command(BaseCommand):
    help = "Print the inventory's figures (meldpunten, kenniscentra, per province)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        stats = directory_stats(current_catalogue())
        if options["json"]:
            self.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2))
            return
        m, k = stats["meldpunten"], stats["kenniscentra"]
        self.stdout.write(
            f"Meldpunten: {m['total']} ({m['national']} landelijk, {m['regional']} regionaal, "
            f"waarvan {m['municipal']} gemeentelijk)\n"
            f"Kenniscentra: {k['total']} ({k['national']} landelijk, {k['regional']} regionaal)"
        )
        for province, counts in stats["per_province"].items():
            self.stdout.write(
                f"  {province}: {counts['meldpunten']} meldpunten, "
                f"{counts['kenniscentra']} kenniscentra"
            )
