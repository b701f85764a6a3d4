"""Who to contact in a municipality, for the audience of a printable material.

A poster is the routing's answer frozen on paper, so it asks the router
(``directory.routing.route``) the questions its readers would ask, and never
picks organisations itself: a citizen who wants to report, a professional who
wants to report or consult, a worker exploited at work who wants advice or to
report. The answers to an audience's questions are merged in turn (the first
answer to each question, then the second, ...), so a worker's poster names
both FairWork (advice) and the Labour Authority (report).

Only contact details the directory holds are printed, exactly as it holds
them. The directory pages show a channel that was seen on a public page but
not confirmed live with the tag "niet gecontroleerd"; lines here carry the
same flag (``verified``) and the templates print the same warning. An
organisation without a usable channel is printed with the national route to
it (``via``), as its directory page does. 112 and this site's online
reporting point are printed on every material anyway, so they are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from trafficking.directory.catalogue import Catalogue, ChannelInfo
from trafficking.directory.constants import EMERGENCY, ONLINE_POINT, Form, Need, Role
from trafficking.directory.routing import Recommendation, Situation, route

# The questions each audience asks: (role, need, form).
AUDIENCE_QUESTIONS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "citizens": ((Role.CITIZEN, Need.REPORT, None),),
    "professionals": (
        (Role.PROFESSIONAL, Need.REPORT, None),
        (Role.PROFESSIONAL, Need.ADVICE, None),
    ),
    "workers": (
        (Role.VICTIM, Need.ADVICE, Form.LABOUR),
        (Role.VICTIM, Need.REPORT, Form.LABOUR),
    ),
}

# What fits on the page: an A4 poster holds five lines, the pocket card four.
MAX_LINES = {"citizens": 5, "professionals": 4, "workers": 5}

# Printed separately on every material.
_PRINTED_ANYWAY = frozenset({EMERGENCY, ONLINE_POINT})


class UnknownAudience(ValueError):
    pass


@dataclass(frozen=True)
class Contact:
    """One way in: a phone number, address or e-mail exactly as the directory holds it."""

    kind: str
    value: str
    verified: bool

    @classmethod
    def of(cls, channel: ChannelInfo) -> Contact:
        return cls(kind=channel.kind, value=channel.value.strip(), verified=channel.verified)

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "value": self.value, "verified": self.verified}


@dataclass(frozen=True)
class RouteLine:
    organisation: str
    slug: str
    local: bool  # serves part of the country, not all of it
    reason: str  # the router's reason, in the material's language
    contact: Contact | None
    # When the organisation has no usable channel: (organisation, contact) to reach it.
    via: tuple[tuple[str, Contact], ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "organisation": self.organisation,
            "slug": self.slug,
            "local": self.local,
            "reason": self.reason,
            "contact": self.contact.as_dict() if self.contact else None,
            "via": [{"organisation": name, "contact": c.as_dict()} for name, c in self.via],
        }


def _line(recommendation: Recommendation, language: str) -> RouteLine | None:
    org = recommendation.organisation
    via = tuple(
        (reach.organisation.name, Contact.of(reach.channel))
        for reach in recommendation.reach
        if reach.organisation.slug not in _PRINTED_ANYWAY
    )
    if recommendation.channel is None and not via:
        return None  # nothing to print that would lead anywhere
    return RouteLine(
        organisation=org.name,
        slug=org.slug,
        local=not org.national,
        reason=recommendation.reason(language),
        contact=Contact.of(recommendation.channel) if recommendation.channel else None,
        via=via,
    )


def local_route(
    audience: str, municipality_code: str, catalogue: Catalogue, language: str = "nl"
) -> list[RouteLine]:
    """The contacts to print for an audience in a municipality, most important first."""
    if audience not in AUDIENCE_QUESTIONS:
        raise UnknownAudience(audience)
    answers = [
        route(
            Situation(
                role=role,
                need=need,
                form=form,
                municipality=municipality_code,
                language=language,
            ),
            catalogue,
        )
        for role, need, form in AUDIENCE_QUESTIONS[audience]
    ]
    lines: list[RouteLine] = []
    seen: set[str] = set()
    for rank in range(max(len(a) for a in answers)):
        for answer in answers:
            if rank >= len(answer):
                continue
            recommendation = answer[rank]
            slug = recommendation.organisation.slug
            if slug in seen or slug in _PRINTED_ANYWAY:
                continue
            seen.add(slug)
            line = _line(recommendation, language)
            if line is not None:
                lines.append(line)
    return lines[: MAX_LINES[audience]]
