"""Which audiences and forms of exploitation campaigns reach, per region.

The inventory report found campaigns fragmented: nobody sees which audiences
and forms are left uncovered (section 4.3). This module counts, for one region
(the country or a province), the campaigns that run now or ran recently per
audience × form, so the empty cells show where nothing reaches people.

Pure functions over plain facts: the caller reads campaigns from the database
(``selectors``) and the map from the gazetteer, so the counting can be tested
and benchmarked without either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from trafficking.geography.gazetteer import Gazetteer, Place

from .constants import GENERAL, CampaignAudience, Form

NATIONAL = "NL"

# A campaign that ended less than two years ago still shapes what people know;
# older ones no longer count as coverage.
RECENT = timedelta(days=2 * 365)

# The columns: trafficking in general first, then each form.
FORM_COLUMNS: tuple[str, ...] = (GENERAL, *Form.values)
# "Other" is a remainder, not an audience anyone can plan for.
AUDIENCE_ROWS: tuple[str, ...] = tuple(
    value for value in CampaignAudience.values if value != CampaignAudience.OTHER
)

# Section 4.4 (lines 1428-1436): reach the most vulnerable directly, or else the
# people close to them, such as parents or professionals; section 2.3 (lines
# 331-333): CoMensha names first-line professionals such as teachers.
PRIORITY_AUDIENCES: frozenset[str] = frozenset(
    {
        CampaignAudience.VICTIMS,
        CampaignAudience.UNDOCUMENTED,
        CampaignAudience.YOUTH,
        CampaignAudience.PARENTS,
        CampaignAudience.PROFESSIONALS,
    }
)
ADVICE = [
    (
        _(
            "Kies de doelgroep bewust. Bekijk welke groepen het meest kwetsbaar zijn voor "
            "uitbuiting en benader hen direct. Lukt dat niet, richt de campagne dan op mensen "
            "die dicht bij hen staan, zoals ouders of professionals."
        ),
        _("Inventarisatie 2025, paragraaf 4.4"),
    ),
    (
        _(
            "Eerstelijns professionals, zoals docenten of dansleraren, zijn een extra "
            "belangrijke doelgroep."
        ),
        _("Inventarisatie 2025, paragraaf 2.3 (CoMensha)"),
    ),
    (
        _(
            "Geef een concrete oproep (een e-learning, een webinar, een melding), zodat de "
            "resultaten te meten zijn, en zorg dat er capaciteit is om meldingen aan te nemen."
        ),
        _("Inventarisatie 2025, paragraaf 4.4"),
    ),
]


class Status(StrEnum):
    RUNNING = "running"
    RECENT = "recent"
    ENDED = "ended"
    # The source gives no usable dates. The register is a recent inventory
    # (2020-2024), so these still count, and the page says so.
    UNKNOWN = "unknown"
    # Starts later: not coverage yet.
    PLANNED = "planned"


COUNTED = frozenset({Status.RUNNING, Status.RECENT, Status.UNKNOWN})


def status(
    starts_on: date | None, ends_on: date | None, today: date, *, ongoing: bool = False
) -> Status:
    """Where a campaign stands on ``today``; ``ongoing``: the source says it still runs."""
    if ends_on is not None and ends_on < today:
        return Status.RECENT if today - ends_on <= RECENT else Status.ENDED
    if starts_on is not None and starts_on > today:
        return Status.PLANNED
    if starts_on is None and not ongoing:
        return Status.UNKNOWN
    return Status.RUNNING


@dataclass(frozen=True)
class Item:
    """A campaign (or, later, a material) as coverage sees it."""

    slug: str
    name: str
    audiences: frozenset[str]
    # None: nobody recorded the forms, so it cannot fill a column.
    forms: frozenset[str] | None
    # Province codes, or NATIONAL for a national campaign.
    regions: frozenset[str]
    status: Status
    # "campaign", or "material": a published item of the library, usable
    # anywhere, so it counts for every region.
    kind: str = "campaign"


MATERIAL = "material"


def regions_of(areas: Iterable[str], places: Gazetteer | Mapping[str, Place]) -> frozenset[str]:
    """The provinces a list of CBS area codes lies in; "NL" stays national.

    ``places`` is the gazetteer or its places by code. A safety region counts
    for every province one of its municipalities lies in; an unknown code
    counts for nothing rather than a guess (the loader refuses those).
    """
    by_code = places.places if isinstance(places, Gazetteer) else places
    regions: set[str] = set()
    for code in areas:
        if code == NATIONAL or code.startswith("PV"):
            regions.add(code)
        elif code.startswith("GM"):
            place = by_code.get(code)
            if place is not None:
                regions.add(place.province_code)
        elif code.startswith("VR"):
            regions.update(
                place.province_code
                for place in by_code.values()
                if place.safety_region_code == code
            )
    return frozenset(regions)


def _columns(forms: frozenset[str] | None) -> frozenset[str]:
    if forms is None:
        return frozenset()
    return forms or frozenset({GENERAL})


@dataclass
class Cell:
    audience: str
    form: str
    # Campaigns for this region itself, and national ones that reach it too.
    regional: list[Item] = field(default_factory=list)
    national: list[Item] = field(default_factory=list)
    # Library materials for this audience and form (counted apart).
    materials: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Campaigns that reach this cell."""
        return len(self.regional) + len(self.national)

    @property
    def is_empty(self) -> bool:
        """No campaign reaches it: a gap, even where material exists to start one."""
        return self.count == 0

    @property
    def is_priority(self) -> bool:
        return self.audience in PRIORITY_AUDIENCES


@dataclass
class Matrix:
    region: str
    rows: list[tuple[str, list[Cell]]]
    # Counted items without audiences or forms: they exist but fill no cell.
    unplaced: list[Item]
    counted: int

    @property
    def empty_cells(self) -> int:
        return sum(cell.is_empty for _audience, cells in self.rows for cell in cells)

    @property
    def empty_priority_cells(self) -> int:
        return sum(
            cell.is_empty and cell.is_priority for _audience, cells in self.rows for cell in cells
        )


def matrix(items: Iterable[Item], region: str = NATIONAL) -> Matrix:
    """Audience × form for ``region``: the country or one province code.

    For the country every counted campaign counts (as national or regional);
    for a province, its own campaigns plus the national ones.
    """
    grid = {(a, f): Cell(a, f) for a in AUDIENCE_ROWS for f in FORM_COLUMNS}
    unplaced: list[Item] = []
    counted = 0
    for item in items:
        if item.kind == MATERIAL:
            for a in AUDIENCE_ROWS:
                if a in item.audiences:
                    for f in _columns(item.forms):
                        if (a, f) in grid:
                            grid[(a, f)].materials.append(item)
            continue
        if item.status not in COUNTED:
            continue
        national = NATIONAL in item.regions
        if region != NATIONAL and not national and region not in item.regions:
            continue
        counted += 1
        cells = [
            grid[(a, f)]
            for a in AUDIENCE_ROWS
            if a in item.audiences
            for f in FORM_COLUMNS
            if f in _columns(item.forms)
        ]
        if not cells:
            unplaced.append(item)
        for cell in cells:
            (cell.national if national else cell.regional).append(item)
    rows = [(a, [grid[(a, f)] for f in FORM_COLUMNS]) for a in AUDIENCE_ROWS]
    return Matrix(region=region, rows=rows, unplaced=unplaced, counted=counted)


def material_item(material) -> Item:
    """The coverage facts of a published library material."""
    return Item(
        slug=str(material.pk),
        name=material.title,
        audiences=frozenset(material.audiences or ()),
        forms=frozenset(material.forms or ()),
        regions=frozenset({NATIONAL}),
        status=Status.RUNNING,
        kind=MATERIAL,
    )


def per_region(items: Iterable[Item], regions: Iterable[str]) -> dict[str, dict[str, int]]:
    """Region × audience: how many counted campaigns are made for each region itself.

    National campaigns are left out here, so a province that only national
    campaigns reach shows as empty: that is the regional gap.
    """
    counts: dict[str, dict[str, int]] = {r: dict.fromkeys(AUDIENCE_ROWS, 0) for r in regions}
    for item in items:
        if item.kind == MATERIAL or item.status not in COUNTED:
            continue
        for region in item.regions & counts.keys():
            for audience in item.audiences & set(AUDIENCE_ROWS):
                counts[region][audience] += 1
    return counts


def audience_labels() -> Mapping[str, str]:
    return {value: str(CampaignAudience(value).label) for value in AUDIENCE_ROWS}


def form_labels() -> Mapping[str, str]:
    return {
        GENERAL: str(_("Mensenhandel in het algemeen")),
        **{v: str(Form(v).label) for v in Form.values},
    }


def item_of(campaign, gazetteer: Gazetteer, today: date) -> Item:
    """The coverage facts of a campaign row (anything with the model's fields)."""
    return Item(
        slug=campaign.slug,
        name=campaign.name,
        audiences=frozenset(campaign.audiences or ()),
        forms=None if campaign.forms is None else frozenset(campaign.forms),
        regions=regions_of(campaign.areas or (), gazetteer),
        status=status(campaign.starts_on, campaign.ends_on, today, ongoing=campaign.ongoing),
    )
