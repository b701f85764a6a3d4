"""Reads of the campaign register: search, filters, and what a page shows.

The register is small (the report counts 54 campaigns in five years), so the
public list loads the active campaigns with their senders in two queries and
filters them in plain Python: the same filter can then be tested without a
database and reused by the API and the coverage matrix.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from trafficking.directory.selectors import PublicChange, public_changes
from trafficking.geography.gazetteer import Place, normalise

from .constants import GENERAL, CampaignAudience, CampaignList, Form, Moderation
from .coverage import Status, regions_of
from .coverage import status as coverage_status
from .models import Campaign, Sender

# The value of the province filter (and the area code in the data) for a
# campaign that runs in the whole country.
NATIONAL = "national"
COUNTRY = "NL"


class CampaignStatus(models.TextChoices):
    """Where a campaign stands today, read from its known dates."""

    RUNNING = "running", _("Loopt nu")
    PLANNED = "planned", _("Nog niet begonnen")
    ENDED = "ended", _("Afgelopen")
    UNKNOWN = "unknown", _("Looptijd onbekend")


def campaign_status(
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    today: datetime.date,
    *,
    ongoing: bool = False,
) -> CampaignStatus:
    """The status on ``today``; an open end with a known start runs on.

    Only a known start, or the source saying it still runs (``ongoing``),
    makes a campaign "running" (as ``running_on`` in the model): an end date
    alone does not say that it ever began.
    """
    # One reading of the dates for the whole app: coverage's, whose "recently
    # ended" is simply ended here.
    found = coverage_status(starts_on, ends_on, today, ongoing=ongoing)
    return CampaignStatus.ENDED if found == Status.RECENT else CampaignStatus(found.value)


def area_scope(areas: Iterable[str], places: dict[str, Place]) -> frozenset[str]:
    """The provinces (CBS codes) a campaign's areas lie in, and NATIONAL for "NL"."""
    return frozenset(
        NATIONAL if region == COUNTRY else region for region in regions_of(areas, places)
    )


def area_labels(areas: Iterable[str], places: dict[str, Place]) -> list[str]:
    """Readable names of the areas: "Nederland", a province, a region, a municipality."""
    labels = []
    for code in areas:
        label = code
        if code == COUNTRY:
            label = str(_("Nederland"))
        elif code in places:
            label = places[code].name
        else:
            for place in places.values():
                if place.province_code == code:
                    label = place.province
                    break
                if place.safety_region_code == code:
                    label = str(_("Veiligheidsregio %(name)s") % {"name": place.safety_region})
                    break
        labels.append(label)
    return labels


@dataclass(frozen=True)
class CampaignFilter:
    text: str = ""
    audience: str = ""  # a CampaignAudience value
    form: str = ""  # a Form value, or GENERAL for "mensenhandel in het algemeen"
    province: str = ""  # a province's CBS code, or NATIONAL
    origin: str = ""  # a CampaignList value
    status: str = ""  # a CampaignStatus value


def public_campaigns() -> models.QuerySet[Campaign]:
    """Active campaigns with their senders (and the senders' organisations) prefetched."""
    senders = Sender.objects.select_related("organisation").order_by("position", "id")
    return Campaign.objects.active().prefetch_related(Prefetch("senders", queryset=senders))


def _haystack(campaign: Campaign) -> str:
    return normalise(
        " ".join([campaign.name, campaign.goal, *(s.name for s in campaign.senders.all())])
    )


def campaign_matches(
    campaign: Campaign, f: CampaignFilter, *, places: dict[str, Place], today: datetime.date
) -> bool:
    """Whether one campaign (with its senders loaded) passes every filter that is set."""
    words = normalise(f.text).split() if f.text else []
    if words:
        haystack = _haystack(campaign)
        if not all(word in haystack for word in words):
            return False
    if f.audience and f.audience not in (campaign.audiences or []):
        return False
    # forms None means nobody recorded them: such a campaign matches no form.
    if f.form == GENERAL and campaign.forms != []:
        return False
    if f.form and f.form != GENERAL and f.form not in (campaign.forms or []):
        return False
    if f.province and f.province not in area_scope(campaign.areas or [], places):
        return False
    if f.origin and campaign.origin != f.origin:
        return False
    return (
        not f.status
        or campaign_status(campaign.starts_on, campaign.ends_on, today, ongoing=campaign.ongoing)
        == f.status
    )


def search_campaigns(
    campaigns: Iterable[Campaign],
    f: CampaignFilter,
    *,
    places: dict[str, Place],
    today: datetime.date,
) -> list[Campaign]:
    """The campaigns matching every filter that is set, sorted by name."""
    found = [c for c in campaigns if campaign_matches(c, f, places=places, today=today)]
    return sorted(found, key=lambda c: normalise(c.name))


def forms_labels(forms: list[str] | None) -> list[str]:
    """The forms of exploitation in the vocabulary's order; [] is trafficking in general."""
    if forms is None:
        return []
    if not forms:
        return [str(_("Mensenhandel in het algemeen"))]
    return [str(Form(v).label) for v in Form.values if v in forms]


def audience_labels(audiences: list[str] | None) -> list[str]:
    audiences = audiences or []
    return [str(CampaignAudience(v).label) for v in CampaignAudience.values if v in audiences]


def region_label(region: str) -> str:
    """The region as the source states it; the data writes "national" for national bodies."""
    return str(_("Landelijk")) if region == NATIONAL else region


@dataclass(frozen=True)
class CampaignCard:
    """What the list shows of one campaign."""

    campaign: Campaign
    senders: tuple[Sender, ...]
    audiences: list[str]
    forms: list[str]
    region: str
    status: CampaignStatus

    @property
    def described(self) -> bool:
        return self.campaign.complete


def campaign_card(campaign: Campaign, *, today: datetime.date) -> CampaignCard:
    return CampaignCard(
        campaign=campaign,
        senders=tuple(campaign.senders.all()),
        audiences=audience_labels(campaign.audiences),
        forms=forms_labels(campaign.forms),
        region=region_label(campaign.region),
        status=campaign_status(
            campaign.starts_on, campaign.ends_on, today, ongoing=campaign.ongoing
        ),
    )


def transcription_language(campaign: Campaign) -> str:
    """The language of a campaign's note: the transcriptions of the report's
    appendices are annotated in English; an organisation writes its own in Dutch."""
    return "nl" if campaign.origin == CampaignList.REGISTERED else "en"


# What the public campaign page shows; the history lists changes to these only.
CAMPAIGN_PUBLIC_FIELDS = (
    "name",
    "goal",
    "audiences",
    "forms",
    "format",
    "channels",
    "region",
    "areas",
    "period",
    "starts_on",
    "ends_on",
    "ongoing",
    "call_to_action",
    "url",
)


def campaign_changes(campaign: Campaign) -> list[PublicChange]:
    """The campaign's public changes, newest first: only between published versions."""
    return public_changes(
        campaign,
        CAMPAIGN_PUBLIC_FIELDS,
        visible=lambda version: version.is_active and version.moderation == Moderation.PUBLISHED,
    )
