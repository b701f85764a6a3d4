"""Campaign short links (``/c/<code>``): codes, visit counts and where they lead.

A link counts how often it was followed per day, and nothing else: no
address, no user agent, no cookie, no session. So the count can never say who
visited (issue 12, "Campaign links never reveal who visited"). The campaign is
remembered for that one visit only, as ``?via=<code>`` on the page the link
opens on this site.
"""

from __future__ import annotations

import secrets
from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation

from .constants import LinkTarget
from .counters import increment
from .models import Campaign, CampaignLink, LinkVisit, public_filter

# Lowercase only, so a code typed in capitals from a poster still works; no
# look-alikes (0/o, 1/l/i). 31 symbols, six of them: about 887 million codes.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 6
# The query parameter that carries the campaign for one visit.
VIA = "via"

_CODE_ATTEMPTS = 10
_external_url = URLValidator(schemes=["http", "https"])


def new_code(length: int = CODE_LENGTH) -> str:
    """A random code no link has yet (``secrets``: codes must not be guessable
    from each other, or one poster's code would lead to the others)."""
    for _ in range(_CODE_ATTEMPTS):
        code = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if not CampaignLink.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free campaign link code found; use longer codes")


def link_for(campaign: Campaign, target: str, label: str = "") -> CampaignLink:
    """The active link of ``campaign`` to ``target`` used for ``label``; made when there is none.

    Raises ValueError for a target that is not a ``LinkTarget``.
    """
    if target not in LinkTarget.values:
        raise ValueError(f"unknown link target: {target!r}")
    label = label.strip()
    existing = (
        CampaignLink.objects.filter(campaign=campaign, target=target, label=label, is_active=True)
        .order_by("created_at", "pk")
        .first()
    )
    if existing is not None:
        return existing
    for _ in range(_CODE_ATTEMPTS):
        try:
            # A savepoint: on PostgreSQL a failed insert would otherwise spoil
            # the caller's transaction.
            with transaction.atomic():
                return CampaignLink.objects.create(
                    code=new_code(), campaign=campaign, target=target, label=label
                )
        except IntegrityError:
            # Another process took the same code between the check and the insert.
            continue
    raise RuntimeError("could not store a new campaign link")


def find_link(code: str) -> CampaignLink | None:
    """The active link with ``code`` of a public campaign, in the case it was
    printed or in lower case.

    Generated codes are lowercase, so "K7QM2X" from a poster finds "k7qm2x";
    a code an editor typed in mixed case still matches exactly. A link of a
    campaign staff have not published (or rejected) is no link at all: the
    visitor gets what an unknown code gets, so a maker cannot send people
    anywhere before staff looked, and the answer does not tell that the code
    exists.
    """
    links = CampaignLink.objects.select_related("campaign").filter(
        public_filter("campaign__"), is_active=True
    )
    for candidate in dict.fromkeys((code, code.lower())):
        link = links.filter(code=candidate).first()
        if link is not None:
            return link
    return None


def count_visit(link: CampaignLink, day: date) -> None:
    """Add one to the link's count of ``day``, atomically (counters.py says how)."""
    increment(LinkVisit, link=link, day=day)


def is_safe_external(url: str) -> bool:
    """Whether ``url`` may be a redirect target: an absolute http(s) address only."""
    if not url:
        return False
    try:
        _external_url(url)
    except ValidationError:
        return False
    return True


def destination(link: CampaignLink, language: str) -> str:
    """Where ``link`` sends a visitor who reads ``language``.

    The campaign's own site for a landing link when it has a safe http(s)
    address, as it is (that site is not ours: it learns nothing about the
    campaign's visitors from us). ``url`` is the address staff approved; a
    maker's newer one waits in ``pending_url`` and is never a destination.
    Everything else is a page of this site in
    ``language``, with ``?via=<code>`` so the page knows the campaign for this
    one visit, without a cookie or a session.
    """
    campaign = link.campaign
    if link.target == LinkTarget.LANDING and is_safe_external(campaign.url):
        return campaign.url
    with translation.override(language):
        if link.target == LinkTarget.WIZARD:
            path = reverse("pages:wizard")
        elif link.target == LinkTarget.REPORT:
            path = reverse("reports:report")
        elif link.target == LinkTarget.ADVICE:
            path = reverse("reports:advice")
        else:
            # campaign_page, and a landing link without a usable address.
            path = reverse("campaigns:detail", kwargs={"slug": campaign.slug})
    return f"{path}?{urlencode({VIA: link.code})}"


def visits_by_day(
    of: Campaign | CampaignLink, *, since: date | None = None, until: date | None = None
) -> list[tuple[date, int]]:
    """Visits per day, oldest first, of one link or of all links of a campaign.

    Days without visits are absent.
    """
    visits = LinkVisit.objects.all()
    if isinstance(of, Campaign):
        visits = visits.filter(link__campaign=of)
    else:
        visits = visits.filter(link=of)
    if since is not None:
        visits = visits.filter(day__gte=since)
    if until is not None:
        visits = visits.filter(day__lte=until)
    rows = visits.values("day").annotate(visits=Sum("count")).order_by("day")
    return [(row["day"], row["visits"]) for row in rows]
