"""The geography data file against CBS's published figures."""

import collections
import re

from trafficking.geography.services import read_geography


def test_342_municipalities_with_cbs_codes():
    data = read_geography()
    codes = [row["code"] for row in data.municipalities]
    assert len(codes) == 342
    assert len(set(codes)) == 342
    assert all(re.fullmatch(r"GM\d{4}", code) for code in codes)
    assert len({row["name"] for row in data.municipalities}) == 342


def test_municipalities_per_province_match_cbs():
    data = read_geography()
    counted = collections.Counter(row["province"] for row in data.municipalities)
    assert dict(counted) == data.expected_per_province
    assert sum(data.expected_per_province.values()) == 342


def test_ten_police_units_over_25_safety_regions():
    data = read_geography()
    regions = {
        (row["safety_region_code"], row["safety_region"], row["police_unit"])
        for row in data.municipalities
    }
    assert len({code for code, _name, _unit in regions}) == 25
    assert {unit for _c, _n, unit in regions} == {u["name"] for u in data.police_units}
    assert len(data.police_units) == 10
    # A safety region lies in exactly one police unit.
    per_region = collections.defaultdict(set)
    for code, _name, unit in regions:
        per_region[code].add(unit)
    assert all(len(units) == 1 for units in per_region.values())


def test_aliases_point_at_known_municipalities():
    data = read_geography()
    codes = {row["code"] for row in data.municipalities}
    assert data.aliases, "aliases such as 'Den Haag' should be present"
    assert all(row["code"] in codes for row in data.aliases)
