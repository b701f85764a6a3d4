"""Reading and loading the campaign register (``data/campaigns.yaml``).

The file transcribes appendices B.1 and B.2 of the 2025 inventory report.
Reading is strict: an unknown audience, form, area code or organisation, a
duplicate slug or a malformed date stops the load with the record's slug and
field, instead of quietly producing a register with holes. Loading is
idempotent and writes (and so adds history) only where something changed;
campaigns that organisations registered themselves are never touched.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from trafficking.directory.models import Organisation
from trafficking.geography.models import Municipality, Province, SafetyRegion

from .constants import CallToAction, CampaignAudience, CampaignList, Form, Moderation
from .models import Campaign, Sender

CAMPAIGNS_FILE = Path(__file__).resolve().parent / "data" / "campaigns.yaml"

# The lists a data file may fill; REGISTERED campaigns live in the database only.
FILE_LISTS = (CampaignList.ONLINE_SEARCH.value, CampaignList.NAMED_BY_RESPONDENTS.value)
NATIONAL = "NL"

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_KEYS = frozenset(
    {
        "slug",
        "name",
        "list",
        "complete",
        "senders",
        "goal",
        "audiences",
        "forms",
        "format",
        "channels",
        "region",
        "areas",
        "period",
        "start",
        "end",
        "ongoing",
        "call_to_action",
        "url",
        "note",
        "source",
    }
)
# Free-text fields and the model's maximum length (0: no limit).
_TEXT = {
    "goal": 0,
    "format": 300,
    "channels": 300,
    "region": 200,
    "period": 300,
    "note": 0,
    "source": 0,
}


class CampaignError(ValueError):
    """A record the register cannot take; the message names slug and field."""

    def __init__(self, slug: str, field: str, message: str):
        super().__init__(f"{slug}: {field}: {message}" if slug else f"{field}: {message}")
        self.slug = slug
        self.field = field


@dataclass(frozen=True)
class KnownCodes:
    """What a record may refer to: area codes and directory organisations."""

    areas: frozenset[str]
    organisations: frozenset[str]

    @classmethod
    def from_database(cls) -> KnownCodes:
        areas = {NATIONAL}
        areas.update(Province.objects.values_list("code", flat=True))
        areas.update(SafetyRegion.objects.values_list("code", flat=True))
        areas.update(Municipality.objects.values_list("code", flat=True))
        organisations = Organisation.objects.values_list("slug", flat=True)
        return cls(areas=frozenset(areas), organisations=frozenset(organisations))


@dataclass(frozen=True)
class SenderRecord:
    name: str
    organisation: str | None = None


@dataclass(frozen=True)
class CampaignRecord:
    slug: str
    fields: dict
    senders: tuple[SenderRecord, ...] = ()


def parse_month(value, *, end: bool = False) -> datetime.date | None:
    """ "2022-05" → 1 May 2022 (31 May with ``end``); "2022" → 1 Jan (31 Dec)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    match = _YEAR_MONTH.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f'must be "YYYY" or "YYYY-MM" (quoted) or null, got {value!r}')
    year = int(match.group(1))
    if not 1900 <= year <= 2100:
        raise ValueError(f"year {year} is out of range")
    if match.group(2) is None:
        return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"month {month:02d} does not exist")
    day = calendar.monthrange(year, month)[1] if end else 1
    return datetime.date(year, month, day)


def _text(raw: dict, key: str, slug: str, limit: int = 0) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CampaignError(slug, key, f"must be text or null, got {value!r}")
    value = value.strip()
    if limit and len(value) > limit:
        raise CampaignError(slug, key, f"is longer than {limit} characters")
    return value


def _ids(
    raw: dict, key: str, slug: str, allowed, *, nullable: bool = False, hint: str = ""
) -> list | None:
    value = raw.get(key)
    if value is None:
        if nullable:
            return None
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CampaignError(slug, key, f"must be a list of ids, got {value!r}")
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise CampaignError(
            slug, key, f"unknown {unknown}; {hint or f'allowed: {sorted(allowed)}'}"
        )
    if len(set(value)) != len(value):
        raise CampaignError(slug, key, f"lists an id twice: {value}")
    return list(value)


def _senders(raw: dict, slug: str, known: KnownCodes) -> tuple[SenderRecord, ...]:
    value = raw.get("senders")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise CampaignError(slug, "senders", "must be a list of {name, organisation}")
    senders = []
    for item in value:
        if not isinstance(item, dict) or set(item) - {"name", "organisation"}:
            raise CampaignError(slug, "senders", f"each sender is {{name, organisation}}: {item!r}")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip() or len(name.strip()) > 200:
            raise CampaignError(slug, "senders", f"a sender needs a name (max 200): {item!r}")
        organisation = item.get("organisation")
        if organisation is not None and organisation not in known.organisations:
            raise CampaignError(
                slug, "senders", f"organisation {organisation!r} is not in the directory"
            )
        senders.append(SenderRecord(name.strip(), organisation))
    return tuple(senders)


def parse_record(raw, known: KnownCodes) -> CampaignRecord:
    if not isinstance(raw, dict):
        raise CampaignError("?", "record", f"must be a mapping, got {raw!r}")
    slug = raw.get("slug")
    if not isinstance(slug, str) or not _SLUG.match(slug) or len(slug) > 100:
        raise CampaignError(str(slug or "?"), "slug", "must be lowercase ASCII words joined by -")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise CampaignError(slug, unknown[0], f"unknown field(s) {unknown}")
    name = _text(raw, "name", slug, 200)
    if not name:
        raise CampaignError(slug, "name", "is required")
    if not _text(raw, "source", slug):
        raise CampaignError(slug, "source", "is required (appendix and seed lines)")
    origin = raw.get("list")
    if origin not in FILE_LISTS:
        raise CampaignError(slug, "list", f"must be one of {list(FILE_LISTS)}, got {origin!r}")
    complete = raw.get("complete", True)
    if not isinstance(complete, bool):
        raise CampaignError(slug, "complete", f"must be true or false, got {complete!r}")
    audiences = _ids(raw, "audiences", slug, set(CampaignAudience.values))
    forms = _ids(raw, "forms", slug, set(Form.values), nullable=True)
    areas = _ids(
        raw,
        "areas",
        slug,
        known.areas,
        hint="use NL or a province (PVxx), safety region (VRxx) or municipality (GMxxxx) code "
        "from the geography data",
    )
    call_to_action = raw.get("call_to_action") or ""
    if call_to_action and call_to_action not in CallToAction.values:
        raise CampaignError(
            slug, "call_to_action", f"must be one of {CallToAction.values}, got {call_to_action!r}"
        )
    url = _text(raw, "url", slug, 200)
    if url:
        try:
            URLValidator(schemes=["https", "http"])(url)
        except ValidationError:
            raise CampaignError(slug, "url", f"is not a web address: {url!r}") from None
    dates = {}
    for key in ("start", "end"):
        try:
            dates[key] = parse_month(raw.get(key), end=key == "end")
        except ValueError as error:
            raise CampaignError(slug, key, str(error)) from None
    if dates["start"] and dates["end"] and dates["end"] < dates["start"]:
        raise CampaignError(slug, "end", "lies before start")
    ongoing = raw.get("ongoing", False)
    if not isinstance(ongoing, bool):
        raise CampaignError(slug, "ongoing", f"must be true or false, got {ongoing!r}")
    if ongoing and dates["end"]:
        raise CampaignError(slug, "ongoing", "a campaign with an end is not ongoing")
    fields = {
        "name": name,
        "origin": origin,
        "complete": complete,
        "audiences": audiences,
        # [] (in het algemeen) and None (not recorded) differ; sorted so the
        # stored value, and so the history, does not change with the order.
        "forms": sorted(forms) if forms is not None else None,
        "areas": areas,
        "starts_on": dates["start"],
        "ends_on": dates["end"],
        "ongoing": ongoing,
        "call_to_action": call_to_action,
        "url": url,
        "is_active": True,
        **{key: _text(raw, key, slug, limit) for key, limit in _TEXT.items()},
    }
    return CampaignRecord(slug, fields, _senders(raw, slug, known))


def _read_file(path: Path) -> dict:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CampaignError("", "file", f"{path} is not valid YAML: {error}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("campaigns"), list):
        raise CampaignError("", "campaigns", f"{path} must hold a list `campaigns`")
    return raw


def read_campaigns(
    path: Path = CAMPAIGNS_FILE, *, known: KnownCodes | None = None
) -> list[CampaignRecord]:
    """Parse and check the data file; write nothing.

    ``known`` says which area codes and organisation slugs exist; without it
    they are read from the geography and directory tables.
    """
    raw = _read_file(path)
    if known is None:
        known = KnownCodes.from_database()
    records = [parse_record(item, known) for item in raw["campaigns"]]
    seen: set[str] = set()
    for record in records:
        if record.slug in seen:
            raise CampaignError(record.slug, "slug", "is used by more than one record")
        seen.add(record.slug)
    return records


def read_figures(path: Path = CAMPAIGNS_FILE) -> dict:
    """The report's own figures (the file's ``figures`` block)."""
    return dict(_read_file(path).get("figures") or {})


def _sender_rows(senders, organisations: dict[str, Organisation]) -> list[tuple]:
    return [
        (position, s.name, organisations[s.organisation].pk if s.organisation else None)
        for position, s in enumerate(senders)
    ]


@transaction.atomic
def load_campaigns(records: list[CampaignRecord]) -> dict[str, int]:
    """Make the file's campaigns in the database equal to ``records``.

    Creates or updates by slug, saving a row (and so a history entry) only
    when something changed; replaces a campaign's senders only when they
    changed; deactivates file campaigns no longer in ``records``. Campaigns
    registered by organisations are left alone. ``total`` is the number of
    active campaigns in the register afterwards.
    """
    wanted_orgs = {s.organisation for r in records for s in r.senders if s.organisation}
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=wanted_orgs)}
    missing = wanted_orgs - set(organisations)
    if missing:
        raise CampaignError("", "senders", f"organisations not in the directory: {sorted(missing)}")
    existing = {c.slug: c for c in Campaign.objects.filter(slug__in=[r.slug for r in records])}
    counts = {"created": 0, "updated": 0, "unchanged": 0, "deactivated": 0}
    for record in records:
        owner = next(
            (organisations[s.organisation] for s in record.senders if s.organisation), None
        )
        values = {**record.fields, "owner_id": owner.pk if owner else None}
        senders = _sender_rows(record.senders, organisations)
        campaign = existing.get(record.slug)
        if campaign is None:
            # The report's own campaigns, transcribed with their source: public
            # as loaded. Only on creation, so a staff decision on a row (a
            # rejection) is not undone by the next load.
            campaign = Campaign.objects.create(
                slug=record.slug, moderation=Moderation.PUBLISHED, **values
            )
            changed_senders = bool(senders)
            counts["created"] += 1
        else:
            if campaign.origin == CampaignList.REGISTERED:
                raise CampaignError(
                    record.slug,
                    "slug",
                    "belongs to a campaign an organisation registered; give the file record "
                    "another slug",
                )
            changed = {k: v for k, v in values.items() if getattr(campaign, k) != v}
            for key, value in changed.items():
                setattr(campaign, key, value)
            if changed:
                campaign.save()
            current = list(
                campaign.senders.order_by("position", "id").values_list(
                    "position", "name", "organisation_id"
                )
            )
            changed_senders = current != senders
            if changed_senders:
                # One by one, so the history records each removal.
                for sender in campaign.senders.all():
                    sender.delete()
            counts["updated" if changed or changed_senders else "unchanged"] += 1
        if changed_senders:
            for position, name, organisation_id in senders:
                Sender.objects.create(
                    campaign=campaign,
                    position=position,
                    name=name,
                    organisation_id=organisation_id,
                )
    gone = (
        Campaign.objects.filter(origin__in=FILE_LISTS, is_active=True)
        .exclude(slug__in=[r.slug for r in records])
        .order_by("pk")
    )
    for campaign in gone:
        campaign.is_active = False
        campaign.save()  # save(), not update(): the history says when it left
        counts["deactivated"] += 1
    counts["total"] = Campaign.objects.active().count()
    return counts
