from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trafficking.directory.catalogue import reset_catalogue
from trafficking.directory.inventory import (
    INVENTORY_FILE,
    AreaResolver,
    InventoryError,
    load_inventory,
    read_inventory,
)
from trafficking.geography.selectors import build_gazetteer


class Command(BaseCommand):
    help = "Load the inventory of reporting points and knowledge centres (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(INVENTORY_FILE))

    def handle(self, *args, **options):
        gazetteer = build_gazetteer()
        if not len(gazetteer):
            raise CommandError("No municipalities loaded: run `manage.py load_geography` first.")
        try:
            records = read_inventory(AreaResolver(gazetteer), path=Path(options["file"]))
        except (InventoryError, OSError) as error:
            raise CommandError(f"Inventory not loaded: {error}") from None
        counts = load_inventory(records)
        reset_catalogue()
        self.stdout.write(
            f"{len(records)} records: {counts['created']} created, "
            f"{counts['updated']} updated, {counts['total']} organisations in the directory"
        )
