"""Reads of the directory: statistics and search, over the catalogue snapshot."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from django.utils import timezone

from trafficking.geography.gazetteer import normalise

from .catalogue import Catalogue, ChannelInfo, OrgInfo
from .constants import ChannelKind, Kind, OperatorType, Scale

# Figures 8 and 10 of the report count regional organisations per province;
# police units and RIECs span several provinces and are left out there, as the
# report does. They still count in the national totals.
_NOT_PER_PROVINCE = {OperatorType.POLICE, OperatorType.RIEC}


def provinces_of(org: OrgInfo, catalogue: Catalogue) -> set[str]:
    if org.municipalities is None:
        return set()
    places = catalogue.gazetteer.places
    return {places[code].province for code in org.municipalities if code in places}


def directory_stats(catalogue: Catalogue) -> dict:
    """The inventory's headline figures, computed from the directory."""
    counted = [o for o in catalogue.organisations.values() if o.in_inventory]
    reporting = [o for o in counted if o.is_reporting_point]
    knowledge = [o for o in counted if o.is_knowledge_centre]
    provinces = sorted({p.province for p in catalogue.gazetteer.places.values()})
    per_province = {p: {"meldpunten": 0, "kenniscentra": 0} for p in provinces}
    for key, orgs, scale_of in (
        ("meldpunten", reporting, lambda o: o.reporting_scale),
        ("kenniscentra", knowledge, lambda o: o.knowledge_scale),
    ):
        for org in orgs:
            if scale_of(org) == Scale.NATIONAL or org.operator_type in _NOT_PER_PROVINCE:
                continue
            for province in provinces_of(org, catalogue):
                per_province[province][key] += 1
    return {
        "meldpunten": {
            "total": len(reporting),
            "national": sum(o.reporting_scale == Scale.NATIONAL for o in reporting),
            "regional": sum(o.reporting_scale != Scale.NATIONAL for o in reporting),
            "municipal": sum(o.operator_type == OperatorType.MUNICIPALITY for o in reporting),
        },
        "kenniscentra": {
            "total": len(knowledge),
            "national": sum(o.knowledge_scale == Scale.NATIONAL for o in knowledge),
            "regional": sum(o.knowledge_scale != Scale.NATIONAL for o in knowledge),
        },
        "per_province": per_province,
    }


@dataclass(frozen=True)
class DirectoryFilter:
    text: str = ""
    form: str = ""
    audience: str = ""
    kind: str = ""
    scale: str = ""
    province: str = ""  # province code
    municipality: str = ""  # municipality code


def _scale(org: OrgInfo) -> set[str]:
    return {s for s in (org.reporting_scale, org.knowledge_scale) if s}


def search_organisations(catalogue: Catalogue, f: DirectoryFilter) -> list[OrgInfo]:
    """Organisations matching every filter that is set, sorted by name."""
    words = normalise(f.text).split() if f.text else []
    places = catalogue.gazetteer.places
    province_codes = (
        {c for c, p in places.items() if p.province_code == f.province} if f.province else None
    )
    result = []
    for org in catalogue.organisations.values():
        if words:
            haystack = normalise(" ".join([org.name, org.role, org.role_en, *org.area_labels]))
            if not all(w in haystack for w in words):
                continue
        if f.form and org.forms and f.form not in org.forms:
            continue
        if f.audience and org.audiences and f.audience not in org.audiences:
            continue
        if f.kind and not (
            org.kind == f.kind
            or (org.kind == Kind.BOTH and f.kind in (Kind.REPORTING_POINT, Kind.KNOWLEDGE_CENTRE))
        ):
            continue
        if f.scale and f.scale not in _scale(org):
            continue
        if f.municipality and not org.serves(f.municipality):
            continue
        # municipalities is None exactly when the organisation is national.
        if province_codes is not None and not (
            org.municipalities is None or org.municipalities & province_codes
        ):
            continue
        result.append(org)
    return sorted(result, key=lambda o: normalise(o.name))


@dataclass(frozen=True)
class CardContacts:
    """The contact details shown on an organisation's card in the list."""

    phone: ChannelInfo | None = None
    website: ChannelInfo | None = None
    # Shown only when there is neither phone nor website (an e-mail address, a form).
    other: ChannelInfo | None = None

    @property
    def shown(self) -> tuple[ChannelInfo, ...]:
        return tuple(c for c in (self.phone, self.website, self.other) if c is not None)


def _first(channels, *kinds: str) -> ChannelInfo | None:
    """The first linkable channel of these kinds, a verified one before the others."""
    # A number the source calls former must not be offered as the way in.
    candidates = [c for c in channels if c.kind in kinds and c.href and c.usable]
    return next((c for c in candidates if c.verified), None) or next(iter(candidates), None)


def card_contacts(org: OrgInfo) -> CardContacts:
    """The main phone and website of an organisation, for a card in the list."""
    phone = _first(org.channels, ChannelKind.PHONE)
    website = _first(org.channels, ChannelKind.WEBSITE)
    other = None
    if phone is None and website is None:
        other = _first(org.channels, ChannelKind.EMAIL, ChannelKind.WEBFORM, ChannelKind.CHAT)
    return CardContacts(phone=phone, website=website, other=other)


# ---- the public change history (issue 13) --------------------------------------

# The start of the change reason of every change accepted from the inventory
# survey (surveys/review.py writes "Enquête 2025, antwoord #12"). Kept here,
# the lowest layer that reads it, so the directory does not import surveys.
SURVEY_REASON_PREFIX = "Enquête "
# The organisation's fields the public page shows; changes to others
# (sharing category, sources, flags) are not public and not listed.
ORGANISATION_PUBLIC_FIELDS = (
    "name",
    "kind",
    "reporting_scale",
    "knowledge_scale",
    "role",
    "audiences",
    "forms",
    "focus",
    "report_sources",
    "reporting_methods",
    "follow_up",
    "knowledge_activities",
)
HISTORY_LENGTH = 10


@dataclass(frozen=True)
class PublicChange:
    """One saved change of a public record: when, which fields, and from where.

    ``survey`` is the survey's name ("Enquête 2025") when the change was
    accepted from the organisation's own answers, else "". Never who saved it.
    """

    day: datetime.date
    fields: tuple[str, ...]
    survey: str = ""


def _differs(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return set(map(str, a)) != set(map(str, b))
    return a != b


def public_changes(record, fields, *, visible=None, limit: int = HISTORY_LENGTH):
    """The latest changes of ``record`` (simple_history) to ``fields``, newest first.

    ``visible(historical_row)`` says whether a version was public; a change
    counts only when both versions around it were (edits before a campaign
    was published are nobody's business). Creation is not a change.
    """
    labels = {f: str(record._meta.get_field(f).verbose_name) for f in fields}
    rows = list(record.history.order_by("-history_date", "-history_id")[: limit * 3 + 1])
    found: list[PublicChange] = []
    for newer, older in itertools.pairwise(rows):
        if visible is not None and not (visible(newer) and visible(older)):
            continue
        changed = tuple(labels[f] for f in fields if _differs(getattr(newer, f), getattr(older, f)))
        if not changed:
            continue
        reason = newer.history_change_reason or ""
        survey = reason.split(",")[0] if reason.startswith(SURVEY_REASON_PREFIX) else ""
        found.append(PublicChange(timezone.localdate(newer.history_date), changed, survey))
        if len(found) == limit:
            break
    return found


def survey_facts(organisation) -> list[tuple[str, list[str]]]:
    """What the organisation said of itself in the survey, once accepted: (label, values)."""
    from .constants import FollowUpAction, KnowledgeActivity, ReportingMethod, ReportSource

    facts = []
    for name, choices in (
        ("report_sources", ReportSource),
        ("reporting_methods", ReportingMethod),
        ("follow_up", FollowUpAction),
        ("knowledge_activities", KnowledgeActivity),
    ):
        values = getattr(organisation, name) or []
        labels = [str(choices(v).label) for v in choices.values if v in values]
        if labels:
            facts.append((str(organisation._meta.get_field(name).verbose_name), labels))
    return facts
