"""Choropleth maps of the Netherlands as SVG, drawn on the server.

The boundaries are CBS's generalised 2025 province and municipality borders
(``data/SOURCES.md``), read once per process and projected into SVG path
strings that every map reuses. A map is built only from those numbers, the
values given and escaped text: no tiles, no scripts, no requests to anyone.

Projection: equirectangular with the longitude scaled by cos(52.2°), the
latitude of the middle of the country. Over the 3 degrees of latitude of the
Netherlands this keeps shapes within a few percent of a conformal projection,
which is plenty for a choropleth (and needs no projection library).

Accessibility: the ``<svg>`` is ``role="img"`` named by its ``<title>`` and
``<desc>``; each region has its own ``<title>`` (name and value) as a tooltip;
the legend says what each colour means, "no data" is grey and hatched, and
the figure's table beside the map carries the same numbers as text.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from . import topojson

DATA = Path(__file__).resolve().parent / "data"
LAYERS = {
    "province": ("provincie_2025.topojson", "provincie_2025"),
    "municipality": ("gemeente_2025.topojson", "gemeente_2025"),
}

WIDTH = 500.0  # viewBox units of the map itself; the legend goes below it
MARGIN = 4.0
MIDDLE_LATITUDE = 52.2
# How far (in viewBox units) a simplified border may stray from the source.
# The files are already generalised to about 100 m (0.001°, 0.1 unit here);
# dropping detail under these sizes keeps the municipality map small.
TOLERANCE = {"province": 0.35, "municipality": 0.3}

# A sequential, colour-blind-safe palette (ColorBrewer YlGnBu, light to
# dark), cut before the darkest blues so that every class keeps at least
# 3:1 contrast with the dark border (WCAG 1.4.11); tests check the ratios.
PALETTE = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0")
STROKE = "#1a1a1a"
NO_DATA = "#d9d9d9"
FONT = "system-ui, sans-serif"
TEXT = "#1a1a1a"


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    d: str  # SVG path data in viewBox units


@dataclass(frozen=True)
class Bin:
    """A class of the legend: values up to and including ``upper``."""

    lower: float
    upper: float
    label: str
    colour: str


# --- projection and simplification (pure) -----------------------------------


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude to unscaled plane coordinates, y growing southwards."""
    return lon * math.cos(math.radians(MIDDLE_LATITUDE)), -lat


def simplify(points: Sequence[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: drop points closer than ``tolerance`` to the kept line.

    The first and last points are always kept, so arcs simplified apart still
    meet where they met (neighbours share the same simplified border).
    """
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - x1, py - y1)
            else:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _path(rings: Sequence[Sequence[tuple[float, float]]]) -> str:
    """Path data with one decimal; a ring is "M x,y" then relative steps."""
    parts = []
    for ring in rings:
        # Rounded absolute positions first, so relative steps add up exactly.
        rounded = [(round(x * 10), round(y * 10)) for x, y in ring]
        steps = []
        previous = rounded[0]
        for point in rounded[1:]:
            if point != previous:
                steps.append((point[0] - previous[0], point[1] - previous[1]))
                previous = point
        if len(steps) < 2:
            continue  # shrunk to nothing at this scale
        start = f"M{_tenths(rounded[0][0])} {_tenths(rounded[0][1])}"
        body = "".join(f"l{_tenths(sx)} {_tenths(sy)}" for sx, sy in steps[:-1])
        parts.append(start + body + "z")
    return "".join(parts)


def _tenths(value: int) -> str:
    whole, tenth = divmod(abs(value), 10)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{tenth}" if tenth else f"{sign}{whole}"


@dataclass(frozen=True)
class Outline:
    shapes: tuple[Shape, ...]
    width: float
    height: float


@cache
def outline(level: str) -> Outline:
    """The projected, simplified shapes of one level, computed once per process."""
    filename, name = LAYERS[level]
    layer = topojson.load(DATA / filename, name)
    planar = [[project(lon, lat) for lon, lat in arc] for arc in layer.arcs]
    xs = [x for arc in planar for x, _y in arc]
    ys = [y for arc in planar for _x, y in arc]
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    x0, y0 = min(xs), min(ys)
    height = (max(ys) - y0) * scale + 2 * MARGIN
    fitted = [
        [((x - x0) * scale + MARGIN, (y - y0) * scale + MARGIN) for x, y in arc] for arc in planar
    ]
    simplified = [simplify(arc, TOLERANCE[level]) for arc in fitted]
    shapes = []
    for feature in layer.features:
        rings = [topojson.stitch(ring, simplified) for polygon in feature.rings for ring in polygon]
        shapes.append(
            Shape(
                code=feature.id,
                name=str(feature.properties.get("statnaam", feature.id)),
                d=_path(rings),
            )
        )
    shapes.sort(key=lambda s: s.code)
    return Outline(shapes=tuple(shapes), width=WIDTH, height=round(height, 1))


# --- classes -----------------------------------------------------------------


def format_value(value: float) -> str:
    """A value in the active language: whole numbers plain, others with one decimal."""
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(value, decimal_pos=1, force_grouping=True)


def bins(values: Sequence[float], classes: int = 5) -> list[Bin]:
    """Legend classes for ``values``.

    With at most ``classes`` distinct values each gets its own class (counts
    such as 0, 1, 2 read better exactly); otherwise the breaks are quantiles
    of the values, so each class holds about as many regions.
    """
    distinct = sorted(set(values))
    if not distinct:
        return []
    if len(distinct) <= classes:
        colours = _spread(len(distinct))
        return [
            Bin(v, v, format_value(v), colour) for v, colour in zip(distinct, colours, strict=True)
        ]
    ordered = sorted(values)
    uppers: list[float] = []
    for k in range(1, classes + 1):
        position = k * len(ordered) / classes
        upper = ordered[min(len(ordered) - 1, math.ceil(position) - 1)]
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    colours = _spread(len(uppers))
    found = []
    lower = distinct[0]
    for upper, colour in zip(uppers, colours, strict=True):
        label = (
            format_value(lower)
            if lower == upper
            else f"{format_value(lower)} – {format_value(upper)}"
        )
        found.append(Bin(lower, upper, label, colour))
        lower = min((v for v in distinct if v > upper), default=upper)
    return found


def category_bins(categories: Sequence[tuple[float, str]]) -> list[Bin]:
    """Named classes for a categorical map, e.g. ((0, "with"), (1, "without"))."""
    colours = _spread(len(categories))
    return [
        Bin(value, value, label, colour)
        for (value, label), colour in zip(categories, colours, strict=True)
    ]


def _spread(n: int) -> list[str]:
    """``n`` colours of the palette, as far apart as possible."""
    if n <= 1:
        return [PALETTE[len(PALETTE) // 2]][:n]
    last = len(PALETTE) - 1
    return [PALETTE[round(i * last / (n - 1))] for i in range(n)]


def class_of(value: float, found: Sequence[Bin]) -> Bin | None:
    for candidate in found:
        if value <= candidate.upper:
            return candidate
    return found[-1] if found else None


# --- rendering ---------------------------------------------------------------


def province_map(
    values: Mapping[str, float | None],
    *,
    title: str,
    description: str,
    unit: str,
    names: Mapping[str, str] | None = None,
    categories: Sequence[tuple[float, str]] | None = None,
) -> SafeString:
    """A choropleth of the 12 provinces, keyed by CBS code (``PV20`` …)."""
    return render(
        "province",
        values,
        title=title,
        description=description,
        unit=unit,
        names=names,
        categories=categories,
    )


def municipality_map(
    values: Mapping[str, float | None],
    *,
    title: str,
    description: str,
    unit: str,
    names: Mapping[str, str] | None = None,
    categories: Sequence[tuple[float, str]] | None = None,
) -> SafeString:
    """A choropleth of the 342 municipalities, keyed by CBS code (``GM0014`` …)."""
    return render(
        "municipality",
        values,
        title=title,
        description=description,
        unit=unit,
        names=names,
        categories=categories,
    )


def render(
    level: str,
    values: Mapping[str, float | None],
    *,
    title: str,
    description: str,
    unit: str,
    names: Mapping[str, str] | None = None,
    categories: Sequence[tuple[float, str]] | None = None,
) -> SafeString:
    """The SVG markup. Every piece of text goes through ``escape``/``format_html``.

    ``categories`` turns the map categorical: each (value, label) is a class
    of its own. Regions missing from ``values``, or None, show as "no data".
    """
    shape = outline(level)
    known = {code: float(v) for code, v in values.items() if v is not None}
    found = category_bins(categories) if categories else bins(list(known.values()))
    labels = {b.upper: b.label for b in found} if categories else {}
    # Ids must be unique on a page that shows several maps.
    prefix = "map-" + hashlib.sha256(f"{level}|{title}|{description}".encode()).hexdigest()[:10]
    # "No data" gets a legend entry only where some region has none.
    missing = any(region.code not in known for region in shape.shapes)
    legend_rows = len(found) + (1 if missing else 0)
    legend_height = 28 + 22 * legend_rows
    height = shape.height + legend_height
    paths = []
    for region in shape.shapes:
        name = (names or {}).get(region.code, region.name)
        value = known.get(region.code)
        if value is None:
            fill, reading = f"url(#{prefix}-nodata)", _("geen gegevens")
        else:
            chosen = class_of(value, found)
            fill = chosen.colour if chosen else NO_DATA
            reading = labels.get(value) or _join(format_value(value), unit)
        paths.append(
            format_html(
                '<path d="{}" fill="{}" data-code="{}"><title>{}: {}</title></path>',
                region.d,
                fill,
                region.code,
                name,
                reading,
            )
        )
    legend = _legend(
        found, unit if not categories else "", prefix, top=shape.height + 8, missing=missing
    )
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="insights-map" role="img" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMidYMin meet" direction="ltr" '
        'aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        "<defs>{}</defs>"
        '<g stroke="{}" stroke-width="{}" stroke-linejoin="round">{}</g>{}</svg>',
        _number(shape.width),
        _number(height),
        prefix,
        prefix,
        prefix,
        title,
        prefix,
        description,
        _hatch(prefix),
        STROKE,
        "0.6" if level == "province" else "0.3",
        format_html_join("", "{}", ((path,) for path in paths)),
        legend,
    )
    return svg


def _join(value: str, unit: str) -> str:
    return f"{value} {unit}" if unit else value


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _hatch(prefix: str) -> SafeString:
    return format_html(
        '<pattern id="{}-nodata" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="{}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#595959" stroke-width="1.5"/></pattern>',
        prefix,
        NO_DATA,
    )


def _legend(
    found: Sequence[Bin], unit: str, prefix: str, *, top: float, missing: bool
) -> SafeString:
    rows = []
    heading = _("Legenda") + (f" ({unit})" if unit else "")
    rows.append(
        format_html(
            '<text x="8" y="{}" font-family="{}" font-size="14" font-weight="bold" '
            'fill="{}">{}</text>',
            _number(top + 12),
            FONT,
            TEXT,
            heading,
        )
    )
    entries = [(b.colour, b.label) for b in found]
    if missing:
        entries.append((f"url(#{prefix}-nodata)", _("geen gegevens")))
    for i, (fill, label) in enumerate(entries):
        y = top + 22 + 22 * i
        rows.append(
            format_html(
                '<rect x="8" y="{}" width="22" height="16" fill="{}" stroke="{}" stroke-width="1"/>'
                '<text x="38" y="{}" font-family="{}" font-size="14" fill="{}">{}</text>',
                _number(y),
                fill,
                STROKE,
                _number(y + 13),
                FONT,
                TEXT,
                label,
            )
        )
    return format_html(
        '<g class="insights-map-legend">{}</g>',
        format_html_join("", "{}", ((row,) for row in rows)),
    )


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
