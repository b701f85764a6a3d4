from django.core.management.base import BaseCommand

from trafficking.geography.services import load_geography


class Command(BaseCommand):
    help = "Load provinces, police units, safety regions and the 342 municipalities of 2025."

    def handle(self, *args, **options):
        counts = load_geography()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
