"""Reading and loading the inventory data file (``data/inventory.yaml``).

The file is a faithful transcription of appendix B.3 of the 2025 inventory
report plus the few national services the router needs. Parsing is pure and
strict: a typo in a region name or an unknown vocabulary word stops the load
with the record's slug, instead of quietly producing a directory with holes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from trafficking.geography.gazetteer import Gazetteer, UnknownPlace, normalise

from .constants import (
    AreaScope,
    Audience,
    ChannelKind,
    Focus,
    Form,
    Kind,
    OperatorType,
    Scale,
    SharingCategory,
)
from .models import Organisation

INVENTORY_FILE = Path(__file__).resolve().parent / "data" / "inventory.yaml"


class InventoryError(ValueError):
    pass


@dataclass(frozen=True)
class AreaRecord:
    scope: str
    code: str
    approximate: bool = False
    note: str = ""


@dataclass(frozen=True)
class ChannelRecord:
    kind: str
    value: str
    purpose: str = ""
    hours: str = ""
    languages: tuple[str, ...] = ()
    anonymous: bool = False
    verified: bool = False
    source: str = ""
    source_date: str = ""
    note: str = ""
    outdated: bool = False


@dataclass(frozen=True)
class OrganisationRecord:
    slug: str
    fields: dict
    areas: tuple[AreaRecord, ...] = ()
    channels: tuple[ChannelRecord, ...] = field(default=())


@dataclass(frozen=True)
class AreaResolver:
    """Turns the names used in the data file into codes."""

    gazetteer: Gazetteer

    def resolve(self, scope: str, name: str) -> str:
        if scope == AreaScope.COUNTRY:
            if name != "NL":
                raise InventoryError(f"only country NL is supported, got {name!r}")
            return "NL"
        if scope == AreaScope.MUNICIPALITY:
            try:
                return self.gazetteer.find(name).code
            except UnknownPlace:
                raise InventoryError(f"unknown municipality {name!r}") from None
        wanted = normalise(name)
        for place in self.gazetteer.places.values():
            by_scope: dict[str, tuple[str, str]] = {
                AreaScope.PROVINCE: (place.province, place.province_code),
                AreaScope.SAFETY_REGION: (place.safety_region, place.safety_region_code),
                AreaScope.POLICE_UNIT: (place.police_unit, place.police_unit_slug),
            }
            candidates = by_scope[scope]
            if wanted in (normalise(candidates[0]), normalise(candidates[1])):
                return candidates[1]
        raise InventoryError(f"unknown {scope} {name!r}")


def _choices(values, allowed, what: str, slug: str) -> list[str]:
    values = list(values or [])
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InventoryError(f"{slug}: unknown {what} {unknown}")
    return values


def parse_record(raw: dict, resolver: AreaResolver) -> OrganisationRecord:
    slug = raw.get("slug") or ""
    if not slug or not raw.get("name") or not raw.get("source"):
        raise InventoryError(f"record {raw.get('name') or slug!r} needs slug, name and source")
    if raw.get("kind") not in Kind.values:
        raise InventoryError(f"{slug}: kind must be one of {Kind.values}")
    if raw.get("operator_type") not in OperatorType.values:
        raise InventoryError(f"{slug}: unknown operator_type {raw.get('operator_type')!r}")
    # Required, not defaulted: the category decides which consent covers a
    # forward, so each record states it and says why (issue 9).
    if raw.get("sharing_category") not in SharingCategory.values:
        raise InventoryError(
            f"{slug}: sharing_category must be one of {SharingCategory.values}, "
            f"got {raw.get('sharing_category')!r}"
        )
    if not str(raw.get("sharing_category_reason") or "").strip():
        raise InventoryError(f"{slug}: sharing_category_reason must say why")
    for key in ("reporting_scale", "knowledge_scale"):
        if raw.get(key) not in (None, "", *Scale.values):
            raise InventoryError(f"{slug}: {key} must be one of {Scale.values}")
    areas = []
    for area in raw.get("areas") or []:
        scopes = [k for k in area if k in AreaScope.values]
        if len(scopes) != 1:
            raise InventoryError(f"{slug}: each area needs exactly one of {AreaScope.values}")
        scope = scopes[0]
        try:
            code = resolver.resolve(scope, str(area[scope]))
        except InventoryError as error:
            raise InventoryError(f"{slug}: {error}") from None
        areas.append(AreaRecord(scope, code, bool(area.get("approximate")), area.get("note") or ""))
    channels = []
    for channel in raw.get("channels") or []:
        if channel.get("kind") not in ChannelKind.values or not channel.get("value"):
            raise InventoryError(
                f"{slug}: channel needs a kind in {ChannelKind.values} and a value"
            )
        channels.append(
            ChannelRecord(
                kind=channel["kind"],
                value=str(channel["value"]).strip(),
                purpose=channel.get("purpose") or "",
                hours=channel.get("hours") or "",
                languages=tuple(channel.get("languages") or ()),
                anonymous=bool(channel.get("anonymous")),
                verified=bool(channel.get("verified")),
                source=channel.get("source") or "",
                source_date=str(channel.get("source_date") or ""),
                note=channel.get("note") or "",
                outdated=bool(channel.get("outdated")),
            )
        )
    fields = {
        "name": raw["name"],
        "kind": raw["kind"],
        "in_inventory": raw.get("in_inventory", True),
        "section": raw.get("section") or "",
        "scale_in_source": raw.get("scale_in_source") or "",
        "reporting_scale": raw.get("reporting_scale") or "",
        "knowledge_scale": raw.get("knowledge_scale") or "",
        "operator_type": raw["operator_type"],
        "is_care_coordinator": bool(raw.get("care_coordinator")),
        "sharing_category": raw["sharing_category"],
        "sharing_category_reason": str(raw["sharing_category_reason"]).strip(),
        "role": (raw.get("role") or "").strip(),
        "role_en": (raw.get("role_en") or "").strip(),
        "audiences": _choices(raw.get("audiences"), Audience.values, "audiences", slug),
        "forms": _choices(raw.get("forms"), Form.values, "forms", slug),
        "focus": _choices(raw.get("focus"), Focus.values, "focus", slug),
        "discrepancies": list(raw.get("discrepancies") or []),
        "source": raw["source"],
        "is_active": True,
    }
    return OrganisationRecord(slug, fields, tuple(areas), tuple(channels))


def read_inventory(resolver: AreaResolver, path: Path = INVENTORY_FILE) -> list[OrganisationRecord]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise InventoryError(f"{path} must hold a list of organisations")
    records = [parse_record(item, resolver) for item in raw]
    slugs = [r.slug for r in records]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        raise InventoryError(f"duplicate slugs: {duplicates}")
    return records


def _sync_children(manager, existing, wanted: list[dict]) -> None:
    """Make an organisation's channels or areas equal to ``wanted``, touching
    nothing when they already are, so a second load writes no history."""
    current = [{key: getattr(obj, key) for key in wanted[0]} if wanted else {} for obj in existing]
    if current == wanted:
        return
    for obj in existing:
        obj.delete()
    for values in wanted:
        manager.create(**values)


@transaction.atomic
def load_inventory(records: list[OrganisationRecord]) -> dict[str, int]:
    """Create or update each record; organisations added by staff are left alone."""
    created = updated = 0
    for record in records:
        org = Organisation.objects.filter(slug=record.slug).first()
        if org is None:
            org = Organisation.objects.create(slug=record.slug, **record.fields)
            created += 1
        elif any(getattr(org, k) != v for k, v in record.fields.items()):
            for key, value in record.fields.items():
                setattr(org, key, value)
            org.save()
            updated += 1
        channels = [
            {
                "kind": c.kind,
                "value": c.value,
                "purpose": c.purpose,
                "hours": c.hours,
                "languages": list(c.languages),
                "anonymous": c.anonymous,
                "verified": c.verified,
                "source": c.source,
                "source_date": c.source_date,
                "note": c.note,
                "outdated": c.outdated,
                "position": i,
            }
            for i, c in enumerate(record.channels)
        ]
        _sync_children(org.channels, list(org.channels.order_by("position", "id")), channels)
        areas = [
            {"scope": a.scope, "code": a.code, "approximate": a.approximate, "note": a.note}
            for a in record.areas
        ]
        _sync_children(org.service_areas, list(org.service_areas.order_by("id")), areas)
    return {"created": created, "updated": updated, "total": Organisation.objects.count()}
