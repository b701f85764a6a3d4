"""Reads of the geography tables."""

from __future__ import annotations

from .gazetteer import Gazetteer, Place
from .models import Municipality, MunicipalityAlias


def build_gazetteer() -> Gazetteer:
    rows = Municipality.objects.select_related(
        "province", "safety_region", "safety_region__police_unit"
    )
    places = {
        m.code: Place(
            code=m.code,
            name=m.name,
            province_code=m.province.code,
            province=m.province.name,
            safety_region_code=m.safety_region.code,
            safety_region=m.safety_region.name,
            police_unit_slug=m.safety_region.police_unit.slug,
            police_unit=m.safety_region.police_unit.name,
        )
        for m in rows
    }
    aliases = dict(MunicipalityAlias.objects.values_list("name", "municipality__code"))
    return Gazetteer(places=places, aliases=aliases)
