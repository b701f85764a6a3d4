"""Reading TopoJSON boundary files into polygons. Pure Python, no Django.

TopoJSON stores each shared border once, as an "arc"; a polygon is a list of
rings, each a list of arc indexes (``~i``, i.e. ``-i - 1``, walks arc ``i``
backwards). In a quantized file the arcs are integer deltas that a
``transform`` (scale and translate) turns back into longitude and latitude.
See https://github.com/topojson/topojson-specification.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # outer ring first, then holes


class TopologyError(ValueError):
    """The file is not a TopoJSON topology this module can read."""


@dataclass(frozen=True)
class Feature:
    id: str
    properties: dict[str, Any]
    # Each polygon as arc indexes, so a caller can simplify the arcs once and
    # stitch every polygon from the same simplified borders (no slivers).
    rings: tuple[tuple[tuple[int, ...], ...], ...] = field(default=())


def decode_arcs(arcs: Sequence[Sequence[Sequence[float]]], transform: dict | None) -> list[Ring]:
    """Absolute coordinates of every arc; quantized arcs are delta-decoded first."""
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in arcs]
    try:
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
    except (KeyError, TypeError, ValueError) as exc:
        raise TopologyError("transform needs scale and translate") from exc
    decoded = []
    for arc in arcs:
        x = y = 0.0
        points: Ring = []
        for position in arc:
            x += position[0]
            y += position[1]
            points.append((x * kx + dx, y * ky + dy))
        decoded.append(points)
    return decoded


def stitch(indexes: Iterable[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """One ring from its arcs; consecutive arcs share their joining point."""
    ring: Ring = []
    for index in indexes:
        arc = list(arcs[~index]) if index < 0 else list(arcs[index])
        if index < 0:
            arc.reverse()
        ring.extend(arc[1:] if ring else arc)
    return ring


def _polygons(geometry: dict) -> tuple[tuple[tuple[int, ...], ...], ...]:
    kind = geometry.get("type")
    arcs = geometry.get("arcs") or []
    if kind == "Polygon":
        return (tuple(tuple(ring) for ring in arcs),)
    if kind == "MultiPolygon":
        return tuple(tuple(tuple(ring) for ring in polygon) for polygon in arcs)
    if kind is None:
        return ()
    raise TopologyError(f"unsupported geometry type {kind!r}")


def features(topology: dict, name: str) -> list[Feature]:
    """The features of object ``name`` (a GeometryCollection of (multi)polygons)."""
    if topology.get("type") != "Topology":
        raise TopologyError("not a TopoJSON topology")
    collection = (topology.get("objects") or {}).get(name)
    if collection is None:
        raise TopologyError(f"no object {name!r} in the topology")
    found = []
    for geometry in collection.get("geometries", ()):
        properties = dict(geometry.get("properties") or {})
        found.append(
            Feature(
                id=str(geometry.get("id", properties.get("statcode", ""))),
                properties=properties,
                rings=_polygons(geometry),
            )
        )
    return found


def polygons(feature: Feature, arcs: Sequence[Sequence[Point]]) -> list[Polygon]:
    """A feature's polygons as coordinate rings."""
    return [[stitch(ring, arcs) for ring in polygon] for polygon in feature.rings]


@dataclass(frozen=True)
class Layer:
    """A decoded file: its arcs (absolute coordinates) and its features."""

    arcs: list[Ring]
    features: list[Feature]


def load(path: Path, name: str) -> Layer:
    """Read a TopoJSON file and decode object ``name``."""
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology.get("arcs") or [], topology.get("transform"))
    return Layer(arcs=arcs, features=features(topology, name))
