"""An immutable, in-memory snapshot of the directory for routing and search.

The directory holds about 130 organisations and 342 municipalities and
changes a few times a month, while the router answers many requests a second.
Each worker therefore keeps one snapshot of plain dataclasses and rebuilds it
only when a cheap fingerprint query says the tables changed (checked at most
every ``DIRECTORY_SNAPSHOT_TTL`` seconds). Routing itself never touches the
database, which keeps it pure and testable.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max

from trafficking.geography.gazetteer import Gazetteer
from trafficking.geography.selectors import build_gazetteer

from .constants import AreaScope, ChannelKind, Kind
from .memo import BoundedMemo
from .models import Channel, Organisation, ServiceArea

# Kinds of channel through which a person can reach an organisation. A
# desk (an address to walk into) counts in the Netherlands, not from abroad.
CONTACT_KINDS = frozenset(
    {
        ChannelKind.PHONE,
        ChannelKind.CHAT,
        ChannelKind.WEBFORM,
        ChannelKind.EMAIL,
        ChannelKind.WEBSITE,
        ChannelKind.DESK,
    }
)
ONLINE_KINDS = frozenset(
    {ChannelKind.CHAT, ChannelKind.WEBFORM, ChannelKind.EMAIL, ChannelKind.WEBSITE}
)
# Dutch numbers that generally cannot be dialled from outside the
# Netherlands: free (0800) and paid (090x) service numbers. Municipal 14
# numbers and short numbers such as 112 are caught by their length.
_NATIONAL_ONLY_PREFIXES = ("0800", "0900", "0906", "0909")


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


@dataclass(frozen=True)
class ChannelInfo:
    kind: str
    value: str
    purpose: str = ""
    hours: str = ""
    languages: tuple[str, ...] = ()
    anonymous: bool = False
    verified: bool = False
    source: str = ""
    note: str = ""
    # Described by its source as former ("voorheen", "oud") or taken from an
    # outdated page: shown with a warning, never offered as the way in.
    outdated: bool = False

    @property
    def kind_label(self) -> str:
        return str(ChannelKind(self.kind).label) if self.kind in ChannelKind.values else self.kind

    @property
    def is_relative(self) -> bool:
        """A path on this site itself (the online reporting point), not a URL."""
        return self.value.startswith("/") and not self.value.startswith("//")

    @property
    def href(self) -> str:
        """A link that opens the channel, or "" when it is not a link.

        A path on this site ("/melden/") is returned as it is; templates put
        the language prefix in front.
        """
        if self.kind == ChannelKind.PHONE:
            digits = "".join(c for c in self.value if c.isdigit() or c == "+")
            return f"tel:{digits}" if digits else ""
        if self.kind == ChannelKind.EMAIL:
            return f"mailto:{self.value}"
        if self.value.startswith(("http://", "https://")):
            return self.value
        if self.kind in {ChannelKind.WEBSITE, ChannelKind.WEBFORM, ChannelKind.CHAT}:
            if self.is_relative:
                return self.value
            # "chat via www.veiligthuis.nl": the address inside the words.
            for word in self.value.split():
                word = word.strip("()[],;")
                if "." in word and "@" not in word and not word.endswith("."):
                    return "https://" + word
        return ""

    @property
    def usable(self) -> bool:
        """Whether a person can use this channel to reach the organisation.

        A usable channel is a phone number, chat, web form, e-mail address,
        website or desk that (1) has something to act on (a number to dial, an
        address to open or mail; a desk needs only its address), and (2) is
        not marked ``outdated`` (described as former, or from a page the
        source list calls old).

        Unverified details *do* count. In this directory "not verified" means
        "seen on a public page but not confirmed live", not "known wrong": the
        page shows them with a warning, and refusing them would leave many
        regions with no route at all. Details known to be former are the ones
        that lead nowhere, and those are excluded through ``outdated``.
        """
        if self.outdated or self.kind not in CONTACT_KINDS or not self.value.strip():
            return False
        return self.kind == ChannelKind.DESK or bool(self.href)

    @property
    def works_from_abroad(self) -> bool:
        """Whether this channel can be used from outside the Netherlands.

        Online channels (website, web form, e-mail, chat) work anywhere. Of
        phone numbers, international ones (+31 ..., 0031 ...) and ordinary
        ten-digit Dutch numbers (geographic, mobile, 085/088) can be dialled
        from abroad with +31; 0800 and 090x service numbers, municipal 14
        numbers and short numbers such as 112 (which abroad reaches the local
        emergency services, not the Dutch ones) generally cannot. A desk is an
        address in the Netherlands.
        """
        if self.kind in ONLINE_KINDS:
            return True
        if self.kind != ChannelKind.PHONE:
            return False
        text = self.value.strip()
        if text.startswith(("+", "00")):
            return True
        digits = _digits(text.split("(")[0])
        return (
            len(digits) == 10
            and digits.startswith("0")
            and not digits.startswith(_NATIONAL_ONLY_PREFIXES)
        )

    @property
    def international_value(self) -> str:
        """The number as dialled from abroad ("033 448 11 86" -> "+31 33 448 11 86").

        Only a change of notation under the Dutch numbering plan, never a
        different number; "" when the channel is not a phone number that
        works from abroad.
        """
        if self.kind != ChannelKind.PHONE or not self.works_from_abroad:
            return ""
        text = self.value.strip()
        if text.startswith("+"):
            return text
        if text.startswith("00"):
            return "+" + text[2:]
        rest = " ".join(text.replace("-", " ").split())[1:].strip()
        return f"+31 {rest}"

    @property
    def international_href(self) -> str:
        value = self.international_value
        return "tel:" + "".join(c for c in value if c.isdigit() or c == "+") if value else ""

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "value": self.value,
            "hours": self.hours,
            "anonymous": self.anonymous,
            "verified": self.verified,
            "source": self.source,
            "outdated": self.outdated,
            "works_from_abroad": self.works_from_abroad,
            "international_value": self.international_value,
        }


@dataclass(frozen=True)
class OrgInfo:
    slug: str
    name: str
    kind: str
    operator_type: str
    reporting_scale: str = ""
    knowledge_scale: str = ""
    in_inventory: bool = True
    is_care_coordinator: bool = False
    # Which consent covers a forward (SharingCategory); "" when not reviewed.
    sharing_category: str = ""
    role: str = ""
    role_en: str = ""
    audiences: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    focus: frozenset[str] = frozenset()
    channels: tuple[ChannelInfo, ...] = ()
    # Municipality codes served; None means the whole country.
    municipalities: frozenset[str] | None = None
    area_approximate: bool = False
    area_labels: tuple[str, ...] = ()

    @property
    def national(self) -> bool:
        return self.municipalities is None

    @property
    def kind_label(self) -> str:
        """The kind as the visitor reads it: Meldpunt, Kenniscentrum or both."""
        return str(Kind(self.kind).label) if self.kind in Kind.values else self.kind

    @property
    def is_reporting_point(self) -> bool:
        return self.kind in (Kind.REPORTING_POINT, Kind.BOTH)

    @property
    def is_knowledge_centre(self) -> bool:
        return self.kind in (Kind.KNOWLEDGE_CENTRE, Kind.BOTH)

    @property
    def reachable(self) -> bool:
        """At least one usable channel (see ``ChannelInfo.usable``)."""
        return any(c.usable for c in self.channels)

    @property
    def reachable_from_abroad(self) -> bool:
        """At least one usable channel that also works from abroad."""
        return any(c.usable and c.works_from_abroad for c in self.channels)

    def serves(self, municipality_code: str | None) -> bool:
        if self.municipalities is None:
            return True
        return municipality_code is not None and municipality_code in self.municipalities

    def specificity(self) -> int:
        """Smaller is more specific: the number of municipalities served."""
        return 10_000 if self.municipalities is None else len(self.municipalities)


@dataclass(frozen=True)
class Catalogue:
    organisations: dict[str, OrgInfo]
    gazetteer: Gazetteer
    version: tuple = ()
    _by_municipality: dict[str, tuple[OrgInfo, ...]] = field(default_factory=dict, repr=False)
    # Serialised answers of the route API for this snapshot (see memo.py).
    answers: BoundedMemo = field(
        default_factory=lambda: BoundedMemo(getattr(settings, "ROUTE_ANSWER_CACHE_SIZE", 4096)),
        repr=False,
        compare=False,
    )

    def get(self, slug: str) -> OrgInfo | None:
        return self.organisations.get(slug)

    def serving(self, municipality_code: str | None) -> tuple[OrgInfo, ...]:
        """Organisations serving a municipality, most specific first (national last)."""
        if municipality_code and municipality_code in self._by_municipality:
            return self._by_municipality[municipality_code]
        return tuple(o for o in self.organisations.values() if o.national)


def expand_area(scope: str, code: str, gazetteer: Gazetteer) -> frozenset[str] | None:
    """The municipality codes covered by one service area (None: all of them)."""
    places = gazetteer.places.values()
    if scope == AreaScope.COUNTRY:
        return None
    if scope == AreaScope.MUNICIPALITY:
        return frozenset({code}) if code in gazetteer.places else frozenset()
    attributes: dict[str, str] = {
        AreaScope.PROVINCE: "province_code",
        AreaScope.SAFETY_REGION: "safety_region_code",
        AreaScope.POLICE_UNIT: "police_unit_slug",
    }
    attribute = attributes[scope]
    return frozenset(p.code for p in places if getattr(p, attribute) == code)


def build_catalogue(organisations, gazetteer: Gazetteer, version: tuple = ()) -> Catalogue:
    """Build a catalogue from Organisation rows with prefetched channels and areas."""
    infos: dict[str, OrgInfo] = {}
    for org in organisations:
        covered: set[str] | None = set()
        approximate = False
        labels = []
        for area in org.service_areas.all():
            approximate = approximate or area.approximate
            labels.append(area_label(area.scope, area.code, gazetteer))
            expanded = expand_area(area.scope, area.code, gazetteer)
            if expanded is None:
                covered = None
            elif covered is not None:
                covered |= expanded
        channels = tuple(
            ChannelInfo(
                kind=c.kind,
                value=c.value,
                purpose=c.purpose,
                hours=c.hours,
                languages=tuple(c.languages or ()),
                anonymous=c.anonymous,
                verified=c.verified,
                source=c.source,
                note=c.note,
                outdated=c.outdated,
            )
            for c in org.channels.all()
        )
        infos[org.slug] = OrgInfo(
            slug=org.slug,
            name=org.name,
            kind=org.kind,
            operator_type=org.operator_type,
            reporting_scale=org.reporting_scale,
            knowledge_scale=org.knowledge_scale,
            in_inventory=org.in_inventory,
            is_care_coordinator=org.is_care_coordinator,
            sharing_category=org.sharing_category,
            role=org.role,
            role_en=org.role_en,
            audiences=frozenset(org.audiences or ()),
            forms=frozenset(org.forms or ()),
            focus=frozenset(org.focus or ()),
            channels=channels,
            municipalities=None if covered is None else frozenset(covered),
            area_approximate=approximate,
            area_labels=tuple(labels),
        )
    return build_index(infos, gazetteer, version)


def build_index(infos: dict[str, OrgInfo], gazetteer: Gazetteer, version: tuple = ()) -> Catalogue:
    """A catalogue with, per municipality, its organisations most specific first."""
    ordered = sorted(infos.values(), key=lambda o: (o.specificity(), o.area_approximate, o.name))
    by_municipality = {
        code: tuple(o for o in ordered if o.serves(code)) for code in gazetteer.places
    }
    return Catalogue(infos, gazetteer, version, by_municipality)


def area_label(scope: str, code: str, gazetteer: Gazetteer) -> str:
    if scope == AreaScope.COUNTRY:
        return "Nederland"
    places = list(gazetteer.places.values())
    for place in places:
        if scope == AreaScope.MUNICIPALITY and place.code == code:
            return place.name
        if scope == AreaScope.PROVINCE and place.province_code == code:
            return place.province
        if scope == AreaScope.SAFETY_REGION and place.safety_region_code == code:
            return f"Veiligheidsregio {place.safety_region}"
        if scope == AreaScope.POLICE_UNIT and place.police_unit_slug == code:
            return f"Politie-eenheid {place.police_unit}"
    return code


def fingerprint() -> tuple:
    """A cheap summary that changes whenever the directory is edited."""
    orgs = Organisation.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    return (
        orgs["n"],
        orgs["t"],
        Channel.objects.count(),
        ServiceArea.objects.count(),
        Channel.objects.aggregate(m=Max("id"))["m"],
        ServiceArea.objects.aggregate(m=Max("id"))["m"],
    )


_lock = threading.Lock()
_cached: Catalogue | None = None
_checked_at = 0.0


def current_catalogue() -> Catalogue:
    """The snapshot for this worker, rebuilt when the directory changed."""
    global _cached, _checked_at
    now = time.monotonic()
    ttl = getattr(settings, "DIRECTORY_SNAPSHOT_TTL", 5.0)
    cached = _cached
    if cached is not None and now - _checked_at < ttl:
        return cached
    with _lock:
        if _cached is not None and time.monotonic() - _checked_at < ttl:
            return _cached
        version = fingerprint()
        if _cached is None or _cached.version != version:
            rows = Organisation.objects.active().prefetch_related("channels", "service_areas")
            _cached = build_catalogue(rows, build_gazetteer(), version)
        _checked_at = time.monotonic()
        return _cached


def reset_catalogue() -> None:
    """Forget the snapshot (tests, and after bulk loads in the same process)."""
    global _cached, _checked_at
    with _lock:
        _cached = None
        _checked_at = 0.0
