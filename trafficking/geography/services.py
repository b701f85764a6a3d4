"""Loading the geography reference data into the database."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from .models import Municipality, MunicipalityAlias, PoliceUnit, Province, SafetyRegion

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class GeographyData:
    provinces: list[dict]
    police_units: list[dict]
    municipalities: list[dict]
    aliases: list[dict]
    expected_per_province: dict[str, int]


def read_geography(data_dir: Path = DATA_DIR) -> GeographyData:
    regions = yaml.safe_load((data_dir / "regions.yaml").read_text(encoding="utf-8"))
    with (data_dir / "municipalities_2025.csv").open(encoding="utf-8", newline="") as fh:
        municipalities = list(csv.DictReader(fh))
    with (data_dir / "aliases.csv").open(encoding="utf-8", newline="") as fh:
        aliases = list(csv.DictReader(fh))
    return GeographyData(
        provinces=regions["provinces"],
        police_units=regions["police_units"],
        municipalities=municipalities,
        aliases=aliases,
        expected_per_province=regions["expected_municipalities_per_province"],
    )


@transaction.atomic
def load_geography(data: GeographyData | None = None) -> dict[str, int]:
    """Create or update every region; idempotent. Returns row counts."""
    data = data or read_geography()
    provinces = {
        p["name"]: Province.objects.update_or_create(code=p["code"], defaults={"name": p["name"]})[
            0
        ]
        for p in data.provinces
    }
    units = {
        u["name"]: PoliceUnit.objects.update_or_create(
            slug=u["slug"], defaults={"name": u["name"]}
        )[0]
        for u in data.police_units
    }
    regions: dict[str, SafetyRegion] = {}
    for row in data.municipalities:
        code = row["safety_region_code"]
        if code not in regions:
            regions[code] = SafetyRegion.objects.update_or_create(
                code=code,
                defaults={"name": row["safety_region"], "police_unit": units[row["police_unit"]]},
            )[0]
    known = set()
    for row in data.municipalities:
        Municipality.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "province": provinces[row["province"]],
                "safety_region": regions[row["safety_region_code"]],
            },
        )
        known.add(row["code"])
    for row in data.aliases:
        MunicipalityAlias.objects.update_or_create(
            name=row["alias"], defaults={"municipality": Municipality.objects.get(code=row["code"])}
        )
    return {
        "provinces": Province.objects.count(),
        "police_units": PoliceUnit.objects.count(),
        "safety_regions": SafetyRegion.objects.count(),
        "municipalities": Municipality.objects.count(),
        "aliases": MunicipalityAlias.objects.count(),
    }
