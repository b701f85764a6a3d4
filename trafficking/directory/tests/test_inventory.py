"""The shipped inventory reproduces the report's figures and loads idempotently."""

import json
from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from trafficking.directory.constants import SharingCategory
from trafficking.directory.inventory import (
    INVENTORY_FILE,
    AreaResolver,
    InventoryError,
    parse_record,
)
from trafficking.directory.models import Channel, Organisation, ServiceArea

pytestmark = pytest.mark.django_db


def stats():
    out = StringIO()
    call_command("directory_stats", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_directory_stats_reproduce_the_reports_figures():
    figures = stats()
    assert figures["meldpunten"] == {"total": 95, "national": 6, "regional": 89, "municipal": 42}
    assert figures["kenniscentra"] == {"total": 39, "national": 17, "regional": 22}
    assert len(figures["per_province"]) == 12
    assert all(v["meldpunten"] > 0 for v in figures["per_province"].values())


def test_load_inventory_twice_gives_the_same_rows():
    def snapshot():
        return (
            sorted(Organisation.objects.values_list("id", "slug", "updated_at")),
            sorted(Channel.objects.values_list("id", "value")),
            sorted(ServiceArea.objects.values_list("id", "scope", "code")),
            Organisation.history.count(),
        )

    before = snapshot()
    call_command("load_inventory", stdout=StringIO())
    assert snapshot() == before


def test_every_record_names_its_source_and_every_channel_its_status():
    for org in Organisation.objects.prefetch_related("channels"):
        assert org.source.strip(), org.slug
        for channel in org.channels.all():
            assert channel.verified is False or channel.source, (org.slug, channel.value)


def test_every_organisation_has_an_area_or_says_why_not():
    for org in Organisation.objects.prefetch_related("service_areas"):
        assert org.service_areas.exists() or any("area" in d for d in org.discrepancies), org.slug


def test_ten_police_units_are_ten_reporting_points():
    police = Organisation.objects.filter(operator_type="police", in_inventory=True)
    assert police.count() == 10
    assert {a.scope for p in police for a in p.service_areas.all()} == {"police_unit"}


def test_every_municipality_has_a_police_unit_reporting_point(catalogue):
    for code in catalogue.gazetteer.places:
        units = [
            o for o in catalogue.serving(code) if o.operator_type == "police" and not o.national
        ]
        assert len(units) == 1, code


def test_parse_record_rejects_unknown_regions_and_vocabulary(catalogue):
    resolver = AreaResolver(catalogue.gazetteer)
    base = {
        "slug": "x",
        "name": "X",
        "kind": "reporting_point",
        "operator_type": "ngo",
        "sharing_category": "care_shelter",
        "sharing_category_reason": "helps victims",
        "source": "test",
    }
    with pytest.raises(InventoryError, match="unknown municipality"):
        parse_record({**base, "areas": [{"municipality": "Atlantis"}]}, resolver)
    with pytest.raises(InventoryError, match="unknown forms"):
        parse_record({**base, "forms": ["smuggling"]}, resolver)
    with pytest.raises(InventoryError, match="kind"):
        parse_record({**base, "kind": "shop"}, resolver)
    record = parse_record({**base, "areas": [{"safety_region": "IJsselland"}]}, resolver)
    assert record.areas[0].code == "VR04"


def test_every_record_has_a_reviewed_sharing_category_with_a_reason():
    # Read the file itself: the category must be stated per record, not
    # filled in by the loader or the model.
    records = yaml.safe_load(INVENTORY_FILE.read_text(encoding="utf-8"))
    for raw in records:
        assert raw.get("sharing_category") in SharingCategory.values, raw["slug"]
        assert str(raw.get("sharing_category_reason") or "").strip(), raw["slug"]
    loaded = dict(Organisation.objects.values_list("slug", "sharing_category"))
    assert {raw["slug"]: raw["sharing_category"] for raw in records} == loaded


def test_parse_record_needs_a_known_sharing_category_and_a_reason(catalogue):
    resolver = AreaResolver(catalogue.gazetteer)
    base = {
        "slug": "x",
        "name": "X",
        "kind": "reporting_point",
        "operator_type": "ngo",
        "sharing_category": "care_shelter",
        "sharing_category_reason": "helps victims",
        "source": "test",
    }
    with pytest.raises(InventoryError, match=r"x: sharing_category must be one of .*'care'"):
        parse_record({**base, "sharing_category": "care"}, resolver)
    without = {k: v for k, v in base.items() if k != "sharing_category"}
    with pytest.raises(InventoryError, match="sharing_category must be one of"):
        parse_record(without, resolver)
    with pytest.raises(InventoryError, match="sharing_category_reason"):
        parse_record({**base, "sharing_category_reason": "  "}, resolver)
    record = parse_record(base, resolver)
    assert record.fields["sharing_category"] == "care_shelter"
    assert record.fields["sharing_category_reason"] == "helps victims"


def test_channels_from_outdated_pages_are_marked_outdated_and_unverified():
    # The source list calls these rows OUD/old (issue 10): they stay visible,
    # but the router must never offer them, so the flag has to be set.
    old = [c for c in Channel.objects.all() if c.note.startswith(("OUD", "Oud "))]
    assert len(old) >= 15
    for channel in old:
        assert channel.outdated and not channel.verified, (channel.organisation.slug, channel.value)


def test_the_extra_services_for_abroad_stay_out_of_the_inventory_counts():
    extra = Organisation.objects.filter(slug__in=["bz-contact-center", "meldpunt-online"])
    assert sorted(extra.values_list("slug", "in_inventory")) == [
        ("bz-contact-center", False),
        ("meldpunt-online", False),
    ]
    online = Channel.objects.get(organisation__slug="meldpunt-online")
    assert online.kind == "webform" and online.value == "/melden/"
