""" "How did you hear of us?": the campaigns offered as answers, and the weekly counts.

The answer of one report lives only inside that report's sealed content. Out
here there is a count per campaign, per week and per kind (report or advice
question), and nothing that ties a count to a report: no timestamp, no report
id, no log line naming the campaign. A week rather than a day, so that a count
on a quiet day cannot be matched to the one report that came in then.

This module knows nothing of reports: the reporting point calls
:func:`count_mention` in the transaction that stores a report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, Sum

from .counters import increment
from .models import Campaign, CampaignLink, Mention, public_filter

# The answer "something else / I don't know": kept in the sealed report, never
# counted per campaign.
OTHER = "other"
# The kinds of a report that are counted (the reporting point's ReportKind
# values; this app does not import the reporting point).
KINDS = ("report", "advice")
# Longest ``via`` code worth a lookup (CampaignLink.code is a 32-character slug).
MAX_VIA = 32


@dataclass(frozen=True)
class CampaignMentions:
    campaign: Campaign
    reports: int
    advice: int

    @property
    def total(self) -> int:
        return self.reports + self.advice


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week (ISO weeks start on Monday)."""
    return day - datetime.timedelta(days=day.weekday())


def running_campaigns(day: datetime.date) -> list[Campaign]:
    """The campaigns offered as an answer on ``day``: active and running, by name."""
    return list(Campaign.objects.active().running_on(day).order_by("name", "slug"))


def campaign_for_via(code: str) -> Campaign | None:
    """The public campaign of the active short link ``code`` (any case), or None.

    ``via`` comes from a URL anyone can edit: anything that is not such a code
    is simply no campaign.
    """
    if not isinstance(code, str) or not code or len(code) > MAX_VIA:
        return None
    link = (
        CampaignLink.objects.select_related("campaign")
        .filter(public_filter("campaign__"), code__iexact=code, is_active=True)
        .order_by("pk")
        .first()
    )
    return link.campaign if link is not None else None


def count_mention(slug: str, kind: str, day: datetime.date) -> bool:
    """Add one to the count of campaign ``slug`` for ``kind`` in ``day``'s week.

    Returns False, counting nothing, for "", :data:`OTHER` or a slug no
    campaign has. The increment happens in the database (``count + 1``), so
    concurrent reports never overwrite each other; the first mention of a week
    inserts the row, and when two first mentions race, the loser's insert fails
    on the unique (campaign, week, kind) constraint, inside a savepoint, and it
    increments the winner's row instead (counters.py).
    """
    if kind not in KINDS:
        raise ValueError(f"not a kind of report: {kind!r}")
    if not slug or slug == OTHER:
        return False
    campaign_id = Campaign.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if campaign_id is None:
        return False
    increment(Mention, campaign_id=campaign_id, week=week_of(day), kind=kind)
    return True


def mentions_by_campaign(
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    campaigns=None,
) -> list[CampaignMentions]:
    """Mentions per campaign, most mentioned first, then by name.

    ``since`` and ``until`` are days; a week counts when its Monday lies
    between the Mondays of their weeks (inclusive), since counts are kept per
    week. ``campaigns`` (a queryset or iterable of campaigns) narrows the
    result. Campaigns never mentioned are left out.
    """
    rows = Mention.objects.all()
    if since is not None:
        rows = rows.filter(week__gte=week_of(since))
    if until is not None:
        rows = rows.filter(week__lte=week_of(until))
    if campaigns is not None:
        rows = rows.filter(campaign__in=campaigns)
    totals = (
        rows.values("campaign")
        .annotate(
            reports=Sum("count", filter=Q(kind="report"), default=0),
            advice=Sum("count", filter=Q(kind="advice"), default=0),
        )
        .order_by()
    )
    by_id = {row["campaign"]: row for row in totals}
    found = Campaign.objects.in_bulk(list(by_id))
    result = [
        CampaignMentions(campaign=found[pk], reports=row["reports"], advice=row["advice"])
        for pk, row in by_id.items()
        if pk in found
    ]
    result.sort(key=lambda m: (-m.total, m.campaign.name, m.campaign.slug))
    return result


def mentions_by_week(campaign: Campaign) -> list[tuple[datetime.date, int, int]]:
    """(Monday, reports, advice questions) of one campaign, oldest week first."""
    rows = (
        Mention.objects.filter(campaign=campaign)
        .values("week")
        .annotate(
            reports=Sum("count", filter=Q(kind="report"), default=0),
            advice=Sum("count", filter=Q(kind="advice"), default=0),
        )
        .order_by("week")
    )
    return [(row["week"], row["reports"], row["advice"]) for row in rows]
