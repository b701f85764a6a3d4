"""Referral routing: from a person's situation to where they should go.

``route(situation, catalogue)`` is a pure function. It reads nothing but its
arguments, so the same situation always gives the same answer, it is cheap
enough to run on every request, and the scenario table in
``tests/scenarios.yaml`` pins its behaviour down.

The rules follow the inventory report and the chain's public guidance:

* acute danger: 112 first, always;
* a criminal complaint (aangifte): only the police take one, in the regional
  police unit; labour exploitation also goes to the Labour Authority (NLA),
  whose investigation service handles it;
* help and shelter: the regional care coordinator (zorgcoördinator), who knows
  the local offer and places victims; where none is known, CoMensha, which
  coordinates care coordination nationally;
* advice without reporting is a need of its own, because for many people a
  formal report is a step too far;
* anonymous reporting has its own route (Meld Misdaad Anoniem);
* minors: Veilig Thuis; sexual exploitation of children abroad: Dontlookaway;
* every answer ends with at least one national organisation, so nobody is left
  without a next step;
* nobody is sent first to an organisation they cannot reach: an organisation
  without a usable channel (``OrgInfo.reachable``) is never the first
  recommendation, and when it is recommended at all it carries the route to
  reach it (``Recommendation.reach``: CoMensha's helpdesk or the police's
  general number, and this site's online reporting point);
* from abroad, 0800 and 0900 numbers generally cannot be dialled: channels
  that work from abroad are preferred, the first recommendation must have one,
  and the 24/7 BZ Contact Center of Foreign Affairs and the online reporting
  point are added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from trafficking.core.languages import language_code

from . import reasons
from .catalogue import Catalogue, ChannelInfo, OrgInfo
from .constants import (
    ANONYMOUS_LINE,
    CHILD_TRAFFICKING_CENTRE,
    CHILDREN_ABROAD,
    COMENSHA,
    EMERGENCY,
    FAIRWORK,
    FIER,
    FOREIGN_AFFAIRS,
    LABOUR_AUTHORITY,
    ONLINE_POINT,
    POLICE_NATIONAL,
    ROLE_AUDIENCE,
    VEILIG_THUIS,
    VICTIM_SUPPORT,
    ChannelKind,
    Form,
    Need,
    OperatorType,
    Role,
)

MAX_RECOMMENDATIONS = 7

ACUTE_RULES = frozenset({"acute", "acute_abroad"})


@dataclass(frozen=True)
class Situation:
    role: str | None = None
    form: str | None = None  # None: "don't know"
    municipality: str | None = None  # CBS code
    abroad: bool = False
    need: str | None = None
    acute: bool = False
    minor: bool = False
    language: str = "nl"


@dataclass(frozen=True)
class Reach:
    """One way to reach a recommended organisation that has no usable channel."""

    organisation: OrgInfo
    channel: ChannelInfo

    def as_dict(self) -> dict[str, object]:
        return {
            "organisation": self.organisation.name,
            "slug": self.organisation.slug,
            "channel": self.channel.as_dict(),
        }


@dataclass(frozen=True)
class Recommendation:
    organisation: OrgInfo
    # The best usable channel for this situation; None when the organisation
    # has none (then ``reach`` says how to get there).
    channel: ChannelInfo | None
    reason_nl: str
    reason_en: str
    rule: str
    # How to reach the organisation when it has no usable channel of its own:
    # the national points that know it, each with its best channel.
    reach: tuple[Reach, ...] = ()

    def reason(self, language: str) -> str:
        """The reason in a language, or in English where it has none (reasons.py)."""
        code = language_code(language)
        if code == "nl":
            return self.reason_nl
        if code == "en":
            return self.reason_en
        return reasons.text(self.rule, code, self.organisation.name)

    def reason_language(self, language: str) -> str:
        """The language the reason is actually in (for the lang attribute)."""
        return reasons.language_of(self.rule, language_code(language))

    def as_dict(self, language: str = "nl") -> dict[str, object]:
        return {
            "organisation": self.organisation.name,
            "slug": self.organisation.slug,
            "channel": self.channel.as_dict() if self.channel else None,
            "reason": self.reason(language),
            "reason_nl": self.reason_nl,
            "reason_en": self.reason_en,
            "rule": self.rule,
            "reach": [r.as_dict() for r in self.reach],
        }


# Keyed by the situation's role as given; None (unknown) falls back to advice.
DEFAULT_NEED: dict[str | None, str] = {
    Role.VICTIM: Need.HELP,
    Role.CITIZEN: Need.REPORT,
    Role.PROFESSIONAL: Need.ADVICE,
    Role.ORGANISATION: Need.KNOWLEDGE,
}

_CHANNEL_ORDER: dict[str, int] = {
    ChannelKind.PHONE: 0,
    ChannelKind.CHAT: 1,
    ChannelKind.WEBFORM: 2,
    ChannelKind.EMAIL: 3,
    ChannelKind.WEBSITE: 4,
    ChannelKind.DESK: 5,
}


def pick_channel(
    org: OrgInfo, situation: Situation, *, anonymous: bool = False
) -> ChannelInfo | None:
    """The best way to reach an organisation for this situation.

    Only usable channels are offered (``ChannelInfo.usable``): a former
    number is worse than none, because the person would stop there. From
    abroad a channel that works from abroad comes first (the Labour
    Authority's +31 number before its 0800 number); then verified details beat
    unverified ones; an anonymous channel wins when the person wants
    anonymity; a channel in the person's language is preferred.
    """
    usable = [c for c in org.channels if c.usable]
    if not usable:
        return None

    def score(channel: ChannelInfo) -> tuple[bool, bool, bool, bool, int]:
        return (
            situation.abroad and not channel.works_from_abroad,
            not channel.verified,
            anonymous and not channel.anonymous,
            bool(channel.languages) and situation.language not in channel.languages,
            _CHANNEL_ORDER.get(channel.kind, 9),
        )

    return min(usable, key=score)


def can_reach(org: OrgInfo, situation: Situation) -> bool:
    """Whether the person can reach the organisation directly, from where they are."""
    return org.reachable_from_abroad if situation.abroad else org.reachable


class _Answer:
    """Collects recommendations in order, once per organisation."""

    def __init__(self, catalogue: Catalogue, situation: Situation):
        self.catalogue = catalogue
        self.situation = situation
        self.items: list[Recommendation] = []
        self.seen: set[str] = set()

    def add(self, org: OrgInfo | str | None, rule: str, *, anonymous: bool = False) -> bool:
        recommendation = self.recommend(org, rule, anonymous=anonymous)
        if recommendation is None:
            return False
        self.items.append(recommendation)
        self.seen.add(recommendation.organisation.slug)
        return True

    def insert(self, position: int, org: OrgInfo | str | None, rule: str) -> bool:
        """Put an organisation at a position, replacing a later mention of it."""
        recommendation = self.recommend(org, rule, seen_ok=True)
        if recommendation is None:
            return False
        slug = recommendation.organisation.slug
        self.items = [r for r in self.items if r.organisation.slug != slug]
        self.items.insert(min(position, len(self.items)), recommendation)
        self.seen.add(slug)
        return True

    def recommend(
        self,
        org: OrgInfo | str | None,
        rule: str,
        *,
        anonymous: bool = False,
        seen_ok: bool = False,
    ) -> Recommendation | None:
        if isinstance(org, str):
            org = self.catalogue.get(org)
        if org is None or (org.slug in self.seen and not seen_ok):
            return None
        channel = pick_channel(org, self.situation, anonymous=anonymous)
        return Recommendation(
            organisation=org,
            channel=channel,
            reason_nl=reasons.text(rule, "nl", org.name),
            reason_en=reasons.text(rule, "en", org.name),
            rule=rule,
            reach=() if channel is not None else self.reach(org),
        )

    def reach(self, org: OrgInfo) -> tuple[Reach, ...]:
        """The national points through which an unreachable organisation is reached.

        A police unit through the police's general number, which puts callers
        through to the unit; anything else through CoMensha, which coordinates
        care nationally and knows the regional partners. Always also this
        site's online reporting point, which forwards with consent. (No
        general municipal numbers are in the directory yet: none was found in
        a source, so none is offered.)
        """
        first = POLICE_NATIONAL if org.operator_type == OperatorType.POLICE else COMENSHA
        routes = []
        for slug in (first, ONLINE_POINT):
            via = self.catalogue.get(slug)
            if via is None or via.slug == org.slug:
                continue
            channel = pick_channel(via, self.situation)
            if channel is not None:
                routes.append(Reach(via, channel))
        return tuple(routes)


def _regional(
    catalogue: Catalogue, situation: Situation, predicate: Callable[[OrgInfo], bool]
) -> list[OrgInfo]:
    """Regional organisations serving the situation's municipality, most specific first."""
    if situation.abroad or not situation.municipality:
        return []
    return [
        o
        for o in catalogue.serving(situation.municipality)
        if not o.national and predicate(o) and _handles_form(o, situation.form)
    ]


def _handles_form(org: OrgInfo, form: str | None) -> bool:
    return form is None or not org.forms or form in org.forms


def _police_unit(catalogue: Catalogue, situation: Situation) -> list[OrgInfo]:
    return _regional(catalogue, situation, lambda o: o.operator_type == OperatorType.POLICE)


def _care_coordinators(catalogue: Catalogue, situation: Situation) -> list[OrgInfo]:
    return _regional(catalogue, situation, lambda o: o.is_care_coordinator)


def route(situation: Situation, catalogue: Catalogue) -> list[Recommendation]:
    """Ordered recommendations for a situation; never empty if CoMensha is listed."""
    answer = _Answer(catalogue, situation)
    if situation.acute:
        answer.add(EMERGENCY, "acute_abroad" if situation.abroad else "acute")
    need = situation.need or DEFAULT_NEED.get(situation.role, Need.ADVICE)
    if situation.minor and situation.abroad and situation.form in (Form.SEXUAL, None):
        answer.add(CHILDREN_ABROAD, "children_abroad")
    if situation.abroad and need == Need.REPORT and situation.form != Form.LABOUR:
        # From abroad the online form is the one way to report that works
        # everywhere, in one's own language, and anonymously if wanted. (For
        # labour exploitation the Labour Authority comes first: it has a
        # number for calls from abroad.)
        answer.add(ONLINE_POINT, "abroad_online")
    _NEED_RULES[need](answer, catalogue, situation)
    if situation.minor:
        answer.add(VEILIG_THUIS, "minor_veilig_thuis")
    if situation.abroad and need != Need.KNOWLEDGE:
        _abroad(answer)
    if not any(r.organisation.slug == COMENSHA for r in answer.items):
        answer.add(COMENSHA, "fallback_national")
    if not answer.items:  # CoMensha missing from the directory: still no dead end
        answer.add(POLICE_NATIONAL, "report_police_national")
    _reachable_first(answer)
    return answer.items[:MAX_RECOMMENDATIONS]


def _first_position(answer: _Answer) -> int:
    """Where the first answer to the need stands: after 112, if that leads."""
    items = answer.items
    return 1 if items and items[0].rule in ACUTE_RULES else 0


def _abroad(answer: _Answer) -> None:
    """From abroad: the online reporting point and Foreign Affairs, near the top.

    They go right after the first answer to the need, so the list's cut-off
    (MAX_RECOMMENDATIONS) never drops them.
    """
    position = _first_position(answer) + 1
    for slug, rule in (
        (ONLINE_POINT, "abroad_online"),
        (FOREIGN_AFFAIRS, "abroad_foreign_affairs"),
    ):
        if slug not in answer.seen and answer.insert(position, slug, rule):
            position += 1


# An organisation that cannot be reached directly is preceded by the national
# point that does the same work and can reach it: the police's general number
# puts callers through to the regional unit; CoMensha coordinates care
# nationally and knows the regional care coordinators.
_EQUIVALENT_RULES = {
    "complaint_police_unit": (POLICE_NATIONAL, "complaint_police_national"),
    "report_police_unit": (POLICE_NATIONAL, "report_police_national"),
    "care_coordinator": (COMENSHA, "care_coordinator_via_comensha"),
    "shelter_care_coordinator": (COMENSHA, "care_coordinator_via_comensha"),
    "advice_care_coordinator": (COMENSHA, "advice_comensha"),
}


def _reachable_first(answer: _Answer) -> None:
    """Make sure the first recommendation can be reached from where the person is.

    If it cannot, its national equivalent goes in front of it (see
    ``_EQUIVALENT_RULES``); otherwise the first recommendation that can be
    reached moves up. The unreachable one stays in the list, with its
    ``reach`` route.
    """
    position = _first_position(answer)
    items = answer.items
    if len(items) <= position or can_reach(items[position].organisation, answer.situation):
        return
    equivalent = _EQUIVALENT_RULES.get(items[position].rule)
    if equivalent is not None:
        org = answer.catalogue.get(equivalent[0])
        if org is not None and can_reach(org, answer.situation):
            answer.insert(position, org, equivalent[1])
            return
    for index in range(position + 1, len(items)):
        if can_reach(items[index].organisation, answer.situation):
            items.insert(position, items.pop(index))
            return


def _police(answer: _Answer, catalogue: Catalogue, situation: Situation, kind: str) -> None:
    units = _police_unit(catalogue, situation)
    if units:
        answer.add(units[0], f"{kind}_police_unit")
    elif situation.abroad and kind == "complaint":
        answer.add(POLICE_NATIONAL, "complaint_abroad")
    else:
        answer.add(POLICE_NATIONAL, f"{kind}_police_national")


def _complaint(answer: _Answer, catalogue: Catalogue, situation: Situation) -> None:
    _police(answer, catalogue, situation, "complaint")
    if situation.form == Form.LABOUR:
        answer.add(LABOUR_AUTHORITY, "labour_authority")
    if situation.role == Role.VICTIM:
        answer.add(VICTIM_SUPPORT, "victim_support")
        _help_from_care_coordinator(answer, catalogue, situation, "care_coordinator")


def _report(answer: _Answer, catalogue: Catalogue, situation: Situation) -> None:
    if situation.form == Form.LABOUR:
        answer.add(LABOUR_AUTHORITY, "labour_authority")
    _police(answer, catalogue, situation, "report")
    if situation.role in (Role.CITIZEN, Role.PROFESSIONAL, None):
        for org in _regional(
            catalogue,
            situation,
            lambda o: o.operator_type == OperatorType.MUNICIPALITY and o.is_reporting_point,
        )[:1]:
            answer.add(org, "report_municipality")
    if situation.role in (Role.PROFESSIONAL, Role.ORGANISATION):
        for org in _regional(catalogue, situation, lambda o: o.operator_type == OperatorType.ZVH)[
            :1
        ]:
            answer.add(org, "report_zvh")
    answer.add(ANONYMOUS_LINE, "report_anonymous_alternative", anonymous=True)


def _anonymous(answer: _Answer, catalogue: Catalogue, situation: Situation) -> None:
    answer.add(ANONYMOUS_LINE, "anonymous_line", anonymous=True)
    if situation.form == Form.LABOUR:
        answer.add(LABOUR_AUTHORITY, "anonymous_labour", anonymous=True)
    for org in _regional(
        catalogue,
        situation,
        lambda o: o.is_reporting_point and any(c.anonymous for c in o.channels),
    )[:2]:
        answer.add(org, "anonymous_regional", anonymous=True)


def _advice(answer: _Answer, catalogue: Catalogue, situation: Situation) -> None:
    if situation.form == Form.LABOUR:
        answer.add(FAIRWORK, "labour_advice")
    if situation.role == Role.VICTIM:
        for org in _care_coordinators(catalogue, situation)[:1]:
            answer.add(org, "advice_care_coordinator")
        answer.add(FIER, "fier")
        answer.add(COMENSHA, "advice_comensha")
        answer.add(VICTIM_SUPPORT, "victim_support")
        return
    answer.add(COMENSHA, "advice_comensha")
    if situation.role in (Role.PROFESSIONAL, Role.ORGANISATION):
        for org in _regional(catalogue, situation, lambda o: o.operator_type == OperatorType.ZVH)[
            :1
        ]:
            answer.add(org, "report_zvh")
    for org in _care_coordinators(catalogue, situation)[:1]:
        answer.add(org, "advice_care_coordinator")


def _help_from_care_coordinator(
    answer: _Answer, catalogue: Catalogue, situation: Situation, rule: str
) -> None:
    coordinators = _care_coordinators(catalogue, situation)
    if coordinators:
        answer.add(coordinators[0], rule)
    else:
        answer.add(COMENSHA, "care_coordinator_fallback")


def _help(answer: _Answer, catalogue: Catalogue, situation: Situation) -> None:
    _help_from_care_coordinator(answer, catalogue, situation, "care_coordinator")
    if situation.form == Form.LABOUR:
        answer.add(FAIRWORK, "labour_advice")
    if situation.role in (Role.VICTIM, None):
        answer.add(VICTIM_SUPPORT, "victim_support")
        answer.add(FIER, "fier")


def _shelter(answer: _Answer, catalogue: Catalogue, situation: Situation) -> None:
    _help_from_care_coordinator(answer, catalogue, situation, "shelter_care_coordinator")
    if situation.form == Form.LABOUR:
        answer.add(FAIRWORK, "labour_advice")
    if situation.role in (Role.VICTIM, None):
        answer.add(FIER, "fier")


def _knowledge(answer: _Answer, catalogue: Catalogue, situation: Situation) -> None:
    audience = ROLE_AUDIENCE.get(situation.role)

    def relevant(org: OrgInfo) -> bool:
        return org.is_knowledge_centre and (
            audience is None or not org.audiences or audience in org.audiences
        )

    for org in _regional(catalogue, situation, relevant)[:2]:
        answer.add(org, "knowledge_regional")
    if situation.minor:
        answer.add(CHILD_TRAFFICKING_CENTRE, "knowledge_minors")
    if situation.form == Form.LABOUR:
        answer.add(FAIRWORK, "knowledge_national")
    answer.add(COMENSHA, "knowledge_national")
    for org in _national_knowledge(catalogue, situation, relevant):
        answer.add(org, "knowledge_national")


def _national_knowledge(
    catalogue: Catalogue, situation: Situation, relevant: Callable[[OrgInfo], bool]
) -> Iterable[OrgInfo]:
    """National knowledge centres that specialise in this form, best match first."""
    if situation.form is None:
        return []
    matches = [
        o
        for o in catalogue.organisations.values()
        if o.national and relevant(o) and situation.form in o.forms and len(o.forms) < 4
    ]
    return sorted(matches, key=lambda o: (len(o.forms), o.name))[:2]


_NEED_RULES: dict[str, Callable[[_Answer, Catalogue, Situation], None]] = {
    Need.REPORT: _report,
    Need.COMPLAINT: _complaint,
    Need.ANONYMOUS: _anonymous,
    Need.ADVICE: _advice,
    Need.HELP: _help,
    Need.SHELTER: _shelter,
    Need.KNOWLEDGE: _knowledge,
}
