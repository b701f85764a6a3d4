"""The boundary files, their decoding and the SVG choropleths."""

import csv
import json
import re
import time
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from trafficking.insights import maps, topojson

DATA = Path(maps.__file__).resolve().parent / "data"
GEOGRAPHY = Path(maps.__file__).resolve().parents[1] / "geography" / "data"

# A hand-made quantized topology: two unit squares side by side sharing arc 1,
# the right one with a one-point spur so reversing matters.
TINY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 2.0], "translate": [10.0, 50.0]},
    "arcs": [
        [[2, 0], [-2, 0], [0, 1], [2, 0]],  # (11,50) (10,50) (10,52) (11,52)
        [[2, 1], [0, -1]],  # (11,52) (11,50): the shared border
        [[2, 1], [2, 0], [0, -1], [-2, 0]],  # (11,52) (12,52) (12,50) (11,50)
    ],
    "objects": {
        "squares": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "A", "properties": {"statnaam": "A"}},
                {
                    "type": "MultiPolygon",
                    "arcs": [[[~1, 2]]],
                    "id": "B",
                    "properties": {"statnaam": "B"},
                },
            ],
        }
    },
}


def test_decode_arcs_undoes_the_delta_encoding_and_the_transform():
    arcs = topojson.decode_arcs(TINY["arcs"], TINY["transform"])
    assert arcs[0] == [(11.0, 50.0), (10.0, 50.0), (10.0, 52.0), (11.0, 52.0)]
    assert arcs[1] == [(11.0, 52.0), (11.0, 50.0)]


def test_decode_arcs_without_transform_keeps_coordinates():
    assert topojson.decode_arcs([[[1, 2], [3, 4]]], None) == [[(1.0, 2.0), (3.0, 4.0)]]


def test_stitching_closes_rings_and_walks_negative_arcs_backwards():
    arcs = topojson.decode_arcs(TINY["arcs"], TINY["transform"])
    found = {f.id: topojson.polygons(f, arcs) for f in topojson.features(TINY, "squares")}
    (a,) = found["A"]
    assert a[0] == [(11.0, 50.0), (10.0, 50.0), (10.0, 52.0), (11.0, 52.0), (11.0, 50.0)]
    (b,) = found["B"]
    assert b[0] == [(11.0, 50.0), (11.0, 52.0), (12.0, 52.0), (12.0, 50.0), (11.0, 50.0)]


def test_features_refuse_what_is_not_a_topology():
    with pytest.raises(topojson.TopologyError):
        topojson.features({"type": "FeatureCollection"}, "squares")
    with pytest.raises(topojson.TopologyError):
        topojson.features(TINY, "missing")


@pytest.mark.parametrize(
    ("filename", "name", "count", "prefix"),
    [
        ("provincie_2025.topojson", "provincie_2025", 12, "PV"),
        ("gemeente_2025.topojson", "gemeente_2025", 342, "GM"),
    ],
)
def test_stored_boundary_files_are_complete_and_closed(filename, name, count, prefix):
    layer = topojson.load(DATA / filename, name)
    assert len(layer.features) == count
    assert all(re.fullmatch(prefix + r"\d{2,4}", f.id) for f in layer.features)
    for feature in layer.features:
        for polygon in topojson.polygons(feature, layer.arcs):
            for ring in polygon:
                # The transcription check: a changed delta would leave a ring open.
                assert ring[0] == pytest.approx(ring[-1], abs=1e-9), feature.id
                for lon, lat in ring:
                    assert 3.3 < lon < 7.3 and 50.7 < lat < 53.6


def test_municipality_codes_and_names_match_the_gazetteer_data():
    with (GEOGRAPHY / "municipalities_2025.csv").open(encoding="utf-8") as handle:
        expected = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    layer = topojson.load(DATA / "gemeente_2025.topojson", "gemeente_2025")
    assert {f.id: f.properties["statnaam"] for f in layer.features} == expected


def test_sources_name_repository_commit_and_licence():
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    for needed in (
        "cartomap/nl",
        "01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6",
        "CC BY 4.0",
        "70072ned",
    ):
        assert needed in text


def test_simplify_keeps_ends_and_drops_points_on_the_line():
    points = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (3.0, 5.0)]
    assert maps.simplify(points, 0.1) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0)]
    assert maps.simplify(points, 0.0) == points


@pytest.mark.parametrize("level", ["province", "municipality"])
def test_projection_fits_the_view_box(level):
    shape = maps.outline(level)
    numbers = []
    for region in shape.shapes:
        for ring in re.findall(r"M[^Mz]*z", region.d):
            x, y = (float(v) for v in re.match(r"M(-?[\d.]+) (-?[\d.]+)", ring).groups())
            numbers.append((x, y))
            for dx, dy in re.findall(r"l(-?[\d.]+) (-?[\d.]+)", ring):
                x, y = x + float(dx), y + float(dy)
                numbers.append((x, y))
    xs, ys = [x for x, _ in numbers], [y for _, y in numbers]
    assert min(xs) >= 0 and max(xs) <= shape.width
    assert min(ys) >= 0 and max(ys) <= shape.height
    # Roughly the shape of the country: taller than wide, not squashed.
    assert 1.05 < shape.height / shape.width < 1.35


def test_outline_is_computed_once_per_process():
    assert maps.outline("municipality") is maps.outline("municipality")


def _all_codes(level):
    return [s.code for s in maps.outline(level).shapes]


def test_every_province_is_drawn_with_its_name_and_value():
    svg = maps.province_map(
        {"PV20": 3, "PV28": 12.5}, title="Meldpunten", description="Per provincie", unit="stuks"
    )
    assert isinstance(svg, SafeString)
    for code in _all_codes("province"):
        assert f'data-code="{code}"' in svg
    assert "<title>Groningen: 3 stuks</title>" in svg
    assert "<title>Drenthe: geen gegevens</title>" in svg
    assert svg.count("<path ") == 12


def test_every_municipality_is_drawn():
    svg = maps.municipality_map({}, title="t", description="d", unit="")
    for code in _all_codes("municipality"):
        assert f'data-code="{code}"' in svg
    assert svg.count("<path ") == 342


def test_svg_is_accessible_and_responsive():
    svg = maps.province_map({"PV20": 1}, title="Titel", description="Uitleg", unit="")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img"' in svg and "viewBox=" in svg and 'width="100%"' in svg
    prefix = re.search(r'aria-labelledby="(map-\w+)-title', svg).group(1)
    assert f'<title id="{prefix}-title">Titel</title>' in svg
    assert f'<desc id="{prefix}-desc">Uitleg</desc>' in svg


def test_hostile_text_is_escaped():
    hostile = '<script>alert("x")</script>&'
    svg = maps.province_map(
        {"PV20": 1},
        title=hostile,
        description=hostile,
        unit=hostile,
        names={"PV20": hostile},
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in svg


def test_no_external_reference_but_the_svg_namespace():
    svg = maps.municipality_map({"GM0014": 1}, title="t", description="d", unit="")
    assert re.findall(r"https?://[^\"' ]+", svg) == ["http://www.w3.org/2000/svg"]
    assert "<script" not in svg and "style=" not in svg and "href" not in svg


def test_bins_use_exact_values_when_few_and_quantiles_otherwise():
    with translation.override("nl"):
        few = maps.bins([0, 1, 1, 2])
        assert [b.label for b in few] == ["0", "1", "2"]
        assert [b.colour for b in few] == [maps.PALETTE[0], maps.PALETTE[2], maps.PALETTE[4]]
        many = maps.bins([float(v) for v in range(1, 11)])
        assert [b.label for b in many] == ["1 – 2", "3 – 4", "5 – 6", "7 – 8", "9 – 10"]
        assert maps.class_of(4, many).label == "3 – 4"
        assert maps.class_of(10, many).colour == maps.PALETTE[-1]
        assert maps.bins([1.44, 2.5, 3.75, 5.0, 6.25, 7.5])[0].label == "1,4 – 2,5"
    assert maps.bins([]) == []


def test_legend_lists_every_class_and_no_data():
    with translation.override("nl"):
        svg = maps.province_map(
            {"PV20": 0, "PV21": 1, "PV22": 2}, title="t", description="d", unit="x"
        )
    legend = svg[svg.index('class="insights-map-legend"') :]
    for label in ("0", "1", "2", "geen gegevens", "Legenda (x)"):
        assert f">{label}</text>" in legend


def test_categories_label_regions_and_legend():
    with translation.override("nl"):
        svg = maps.municipality_map(
            {"GM0014": 0, "GM0034": 1},
            title="t",
            description="d",
            unit="",
            categories=((0, "Met"), (1, "Zonder")),
        )
    assert "<title>Groningen: Met</title>" in svg
    assert "<title>Almere: Zonder</title>" in svg
    assert ">Zonder</text>" in svg
    assert ">geen gegevens</text>" in svg  # the other 340 have none


def test_no_data_is_left_out_of_the_legend_when_every_region_has_a_value():
    svg = maps.province_map(
        dict.fromkeys(_all_codes("province"), 1), title="t", description="d", unit=""
    )
    assert "geen gegevens" not in svg


def test_palette_keeps_contrast_with_the_borders():
    for colour in (*maps.PALETTE, maps.NO_DATA):
        assert maps.contrast(colour, maps.STROKE) >= 3
    # The classes themselves run from light to dark.
    ratios = [maps.contrast(c, "#ffffff") for c in maps.PALETTE]
    assert ratios == sorted(ratios)


def test_municipality_map_is_small_and_fast():
    values = {code: float(i) for i, code in enumerate(_all_codes("municipality"))}
    maps.outline("municipality")
    maps.outline("province")
    started = time.perf_counter()
    municipal = maps.municipality_map(values, title="t", description="d", unit="x")
    provincial = maps.province_map({"PV20": 1}, title="t", description="d", unit="x")
    elapsed = time.perf_counter() - started
    assert len(municipal.encode()) < 400_000
    assert len(provincial.encode()) < 60_000
    # About 0.05 s measured; generous for a busy CI machine.
    assert elapsed < 1.5


def test_stored_files_are_valid_json():
    for name in ("provincie_2025.topojson", "gemeente_2025.topojson"):
        assert json.loads((DATA / name).read_text(encoding="utf-8"))["type"] == "Topology"
