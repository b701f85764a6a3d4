"""The insights maps: each a Figure (its table) with the SVG drawn from it.

Three maps, from live data:

- reporting points per province, per 100,000 inhabitants (CBS population of
  1 January 2024, ``data/bevolking_provincies_2024.csv``). A reporting point
  counts in every province one of its service areas reaches (a police unit
  spanning two provinces counts in both), as in the directory figure
  "reporting-points-by-province"; national reporting points reach everyone
  and are named in a note instead of being added to every province.
- municipalities without a local reporting point. "Local" is read literally:
  an active reporting point of the inventory with a service area of scope
  *municipality* for that municipality (the report's 42 municipal points).
  A regional point (safety region, police unit, province) or a national one
  still serves such a municipality, but is not local; the table says which
  municipalities at least have a regional one, the map shows with/without.
- public campaigns per province: the campaigns anyone may see
  (``Campaign.objects.active()``) whose areas lie in a province; national
  campaigns are counted apart (as in the coverage page's per-region view), so
  a province only national campaigns reach shows as having none of its own.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from trafficking.campaigns.coverage import NATIONAL, regions_of
from trafficking.campaigns.models import Campaign
from trafficking.directory.catalogue import current_catalogue, expand_area
from trafficking.directory.constants import AreaScope, Scale
from trafficking.directory.models import Organisation, ServiceArea
from trafficking.geography.gazetteer import Gazetteer

from .figure import Figure
from .maps import format_value, municipality_map, province_map

POPULATION_FILE = Path(__file__).resolve().parent / "data" / "bevolking_provincies_2024.csv"
POPULATION_DATE = date(2024, 1, 1)
PER = 100_000


@cache
def province_population() -> dict[str, int]:
    """Inhabitants per province code on 1 January 2024 (CBS StatLine 70072ned)."""
    with POPULATION_FILE.open(encoding="utf-8") as handle:
        return {row["code"]: int(row["population"]) for row in csv.DictReader(handle)}


def per_inhabitants(count: int, population: int | None) -> float | None:
    """``count`` per 100,000 inhabitants, one decimal; None without a population."""
    if not population:
        return None
    return round(count * PER / population, 1)


def _provinces(gazetteer: Gazetteer) -> list[tuple[str, str]]:
    names = {p.province_code: p.province for p in gazetteer.places.values()}
    return sorted(names.items(), key=lambda item: item[1])


def _reporting_point_areas() -> dict[str, list[tuple[str, str]]]:
    """Per active, inventoried reporting point (by slug), its (scope, code) areas.

    A reporting point the inventory calls national gets the whole country as
    its area, whatever else is recorded, as the directory figures count it.
    """
    points = Organisation.objects.active().in_inventory().reporting_points()
    areas: dict[str, list[tuple[str, str]]] = {}
    for slug, scale in points.values_list("slug", "reporting_scale"):
        areas[slug] = [(AreaScope.COUNTRY, "NL")] if scale == Scale.NATIONAL else []
    rows = ServiceArea.objects.filter(organisation__in=points).values_list(
        "organisation__slug", "scope", "code"
    )
    for slug, scope, code in rows:
        areas[slug].append((scope, code))
    return areas


def map_figures(as_of: date) -> list[tuple[Figure, SafeString]]:
    """The three map figures with their SVG, in the active language."""
    gazetteer = current_catalogue().gazetteer
    areas = _reporting_point_areas()
    return [
        reporting_points_map(areas, gazetteer, as_of),
        local_reporting_points_map(areas, gazetteer, as_of),
        campaigns_map(gazetteer, as_of),
    ]


def _source_directory() -> str:
    return _("Wegwijzer mensenhandel: de organisaties in de wegwijzer")


def reporting_points_map(
    areas: dict[str, list[tuple[str, str]]], gazetteer: Gazetteer, as_of: date
) -> tuple[Figure, SafeString]:
    counts: Counter[str] = Counter()
    national = 0
    for org_areas in areas.values():
        reached: set[str] = set()
        is_national = False
        for scope, code in org_areas:
            covered = expand_area(scope, code, gazetteer)
            if covered is None:
                is_national = True
                continue
            reached |= {gazetteer.places[c].province_code for c in covered}
        # National points reach every province alike: named once, not per province.
        national += is_national
        if not is_national:
            counts.update(reached)
    population = province_population()
    provinces = _provinces(gazetteer)
    rates = {code: per_inhabitants(counts[code], population.get(code)) for code, _name in provinces}
    title = _("Meldpunten per 100.000 inwoners per provincie")
    rows = tuple(
        (name, (counts[code], population.get(code), rates[code])) for code, name in provinces
    )
    known = [(rate, name) for (code, name) in provinces if (rate := rates[code]) is not None]
    if known:
        high, low = max(known), min(known)
        summary = _(
            "Per 100.000 inwoners heeft %(high)s de meeste regionale of lokale meldpunten "
            "(%(high_rate)s) en %(low)s de minste (%(low_rate)s)."
        ) % {
            "high": high[1],
            "high_rate": format_value(high[0]),
            "low": low[1],
            "low_rate": format_value(low[0]),
        }
    else:
        summary = _("Er zijn nog geen gegevens voor: %(title)s.") % {"title": title.lower()}
    figure = Figure(
        key="map-reporting-points-per-inhabitants",
        title=title,
        summary=summary,
        columns=(_("Meldpunten"), _("Inwoners (1 januari 2024)"), _("Per 100.000 inwoners")),
        rows=rows,
        row_keys=tuple(code for code, _name in provinces),
        source=_source_directory()
        + "; "
        + _("inwoners: CBS StatLine 70072ned, bevolking op 1 januari 2024 (CC BY 4.0)"),
        as_of=as_of,
        unit=_("per 100.000 inwoners"),
        notes=(
            _(
                "Een meldpunt telt in elke provincie waar het werkt; %(n)s landelijke meldpunten "
                "zijn voor iedereen bereikbaar en niet per provincie meegeteld."
            )
            % {"n": national},
        ),
    )
    svg = province_map(
        rates,
        title=title,
        description=summary,
        unit=_("per 100.000 inwoners"),
    )
    return figure, svg


def local_reporting_points_map(
    areas: dict[str, list[tuple[str, str]]], gazetteer: Gazetteer, as_of: date
) -> tuple[Figure, SafeString]:
    local: Counter[str] = Counter()
    regional: set[str] = set()
    for org_areas in areas.values():
        for scope, code in org_areas:
            if scope == AreaScope.MUNICIPALITY:
                if code in gazetteer.places:
                    local[code] += 1
            elif scope != AreaScope.COUNTRY:
                regional |= expand_area(scope, code, gazetteer) or frozenset()
    places = sorted(gazetteer.places.values(), key=lambda p: p.name)
    without = [p for p in places if not local[p.code]]
    yes, no = _("ja"), _("nee")
    title = _("Gemeenten zonder lokaal meldpunt")
    summary = _(
        "%(without)s van de %(total)s gemeenten hebben geen eigen lokaal meldpunt; "
        "%(regional)s daarvan vallen wel onder een regionaal meldpunt."
    ) % {
        "without": len(without),
        "total": len(places),
        "regional": sum(1 for p in without if p.code in regional),
    }
    figure = Figure(
        key="map-municipalities-without-local-reporting-point",
        title=title,
        summary=summary,
        columns=(_("Provincie"), _("Lokale meldpunten"), _("Regionaal meldpunt")),
        rows=tuple(
            (p.name, (p.province, local[p.code], yes if p.code in regional else no)) for p in places
        ),
        row_keys=tuple(p.code for p in places),
        source=_source_directory(),
        as_of=as_of,
        denominator=len(places),
        notes=(
            _(
                "Lokaal: een meldpunt met de gemeente zelf als werkgebied. Regionale en "
                "landelijke meldpunten zijn ook voor deze gemeenten bereikbaar."
            ),
        ),
    )
    svg = municipality_map(
        {p.code: 0.0 if local[p.code] else 1.0 for p in places},
        title=title,
        description=summary,
        unit="",
        categories=((0.0, _("Met lokaal meldpunt")), (1.0, _("Zonder lokaal meldpunt"))),
    )
    return figure, svg


def campaigns_map(gazetteer: Gazetteer, as_of: date) -> tuple[Figure, SafeString]:
    counts: Counter[str] = Counter()
    national = 0
    for campaign_areas in Campaign.objects.active().values_list("areas", flat=True):
        regions = regions_of(campaign_areas or (), gazetteer)
        national += NATIONAL in regions
        counts.update(region for region in regions if region != NATIONAL)
    provinces = _provinces(gazetteer)
    title = _("Publiekscampagnes per provincie")
    top = max(provinces, key=lambda item: counts[item[0]], default=None)
    if top is not None and counts[top[0]]:
        summary = _(
            "%(name)s heeft de meeste eigen campagnes (%(count)s); daarnaast gelden "
            "%(national)s landelijke campagnes overal."
        ) % {"name": top[1], "count": counts[top[0]], "national": national}
    else:
        summary = _("Er zijn nog geen gegevens voor: %(title)s.") % {"title": title.lower()}
    figure = Figure(
        key="map-campaigns-per-province",
        title=title,
        summary=summary,
        columns=(_("Campagnes in de provincie"),),
        rows=tuple((name, (counts[code],)) for code, name in provinces),
        row_keys=tuple(code for code, _name in provinces),
        source=_("Campagneregister van de wegwijzer"),
        as_of=as_of,
        unit=_("campagnes"),
        notes=(
            _(
                "Een campagne telt in elke provincie waar ze liep; %(n)s landelijke campagnes "
                "zijn niet per provincie meegeteld."
            )
            % {"n": national},
        ),
    )
    svg = province_map(
        {code: float(counts[code]) for code, _name in provinces},
        title=title,
        description=summary,
        unit=_("campagnes"),
    )
    return figure, svg
