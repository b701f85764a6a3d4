"""Staff moderation of what makers write: campaigns and materials.

A maker's campaign is public only once staff published it (models.Campaign
says how a new landing address and new public text wait). The rules live here, apart from the
admin and the maker's views, so both follow the same ones.

Stale decisions. A staff member decides on what they saw. When the maker
changes the row after that, publishing it would publish something nobody
looked at. Both ways to publish refuse a row whose ``updated_at`` is newer
than the moment the staff member's page was made:

- the list action gets that moment from the list page itself (a hidden
  field of the action bar, set when the page was rendered): a row changed
  since is left as it is, and the message says so;
- the change form carries the ``updated_at`` it showed and refuses to save
  when the row has another one now (it would also have overwritten the
  maker's change with the old text).

Both compare times the server set (``auto_now`` and ``timezone.now()`` of the
same clock), never the browser's. Rejecting needs no such guard: it takes a
row out of public view, which is safe whatever the maker changed.
"""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .constants import Moderation
from .models import Campaign

# The hidden field of the admin's action bar that carries the page's moment.
LOADED_AT = "loaded_at"


def page_moment() -> str:
    """The moment a staff page is made, as the hidden field carries it."""
    return timezone.now().isoformat()


def parse_moment(value: object) -> datetime.datetime | None:
    """The moment a page was made, or None for anything else.

    A moment in the future is refused too: it would let a stale decision
    through (a hand-edited field, or a clock that jumped back).
    """
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        return None
    if moment is None or timezone.is_naive(moment) or moment > timezone.now():
        return None
    return moment


def take_maker_url(campaign: Campaign, url: str) -> bool:
    """Give ``campaign`` the landing address its maker entered; True when it must wait.

    A campaign that is not public takes it at once: nothing public uses it
    until staff publish the campaign, and they see it then. A published one
    keeps the address staff approved in ``url`` (the short links' target) and
    the new one waits in ``pending_url``; entering the approved one again
    ends the wait.
    """
    if campaign.pk is None or campaign.moderation != Moderation.PUBLISHED:
        campaign.url = url
        campaign.pending_url = ""
        return False
    campaign.pending_url = "" if url == campaign.url else url
    return bool(campaign.pending_url)


def take_maker_text(campaign: Campaign, values: dict[str, str]) -> bool:
    """Give ``campaign`` the public text its maker entered; True when some of it must wait.

    ``values`` holds the ``Campaign.HELD_FIELDS``. As for the address: a
    campaign that is not public takes them at once; a published one keeps
    the text staff approved and the changed fields wait in
    ``pending_changes``. A field set back to its public text waits no more.
    """
    held = {field: values[field] for field in Campaign.HELD_FIELDS if field in values}
    if campaign.pk is None or campaign.moderation != Moderation.PUBLISHED:
        for field, value in held.items():
            setattr(campaign, field, value)
        campaign.pending_changes = {}
        return False
    waiting = dict(campaign.pending_changes or {})
    for field, value in held.items():
        if value == getattr(campaign, field):
            waiting.pop(field, None)
        else:
            waiting[field] = value
    campaign.pending_changes = waiting
    return bool(waiting)


def _apply_pending(campaign: Campaign) -> None:
    """Make what waits the campaign's own: the address and the text."""
    if campaign.pending_url:
        campaign.url = campaign.pending_url
        campaign.pending_url = ""
    for field, value in (campaign.pending_changes or {}).items():
        # Only the fields that may wait: the JSON is never a way to set others.
        if field in Campaign.HELD_FIELDS and isinstance(value, str):
            setattr(campaign, field, value)
    campaign.pending_changes = {}


def after_maker_edit(campaign: Campaign) -> None:
    """A rejected campaign the maker changed asks for a new look: submitted again."""
    if campaign.moderation == Moderation.REJECTED:
        campaign.moderation = Moderation.SUBMITTED


def decide(campaign: Campaign, status: str, user, note: str, now: datetime.datetime) -> None:
    """Record a staff decision on ``campaign`` (unsaved).

    Publishing applies what waits (address and text): the links follow the
    address from then on. Rejecting or sending it back takes the campaign out
    of public view, and what waited becomes its own too: nothing public uses
    it then, and staff see it when the campaign comes back to them. So
    ``pending_url`` and ``pending_changes`` are only ever set on a published
    campaign.
    """
    if status not in Moderation.values:
        raise ValueError(f"not a moderation status: {status!r}")
    _apply_pending(campaign)
    campaign.moderation = status
    campaign.moderation_note = note
    campaign.moderated_by = user
    campaign.moderated_at = now


def reject_pending(campaign: Campaign, user, note: str, now: datetime.datetime) -> None:
    """Refuse what waits of a published campaign: it stays public as approved."""
    campaign.pending_url = ""
    campaign.pending_changes = {}
    campaign.moderation_note = note
    campaign.moderated_by = user
    campaign.moderated_at = now


def publish_unchanged(
    queryset: models.QuerySet, loaded_at: datetime.datetime, publish
) -> tuple[int, int]:
    """Publish, one by one, the rows of ``queryset`` unchanged since ``loaded_at``.

    ``publish(row)`` changes one row (unsaved). Each row is read again and
    locked in its own transaction (PostgreSQL; SQLite writes one at a time
    anyway), so a maker's save that lands between the check and the publish
    waits for it instead of slipping under it. Saved with save(), so each
    decision is in the row's history. Returns (published, left because
    changed since the page was made).
    """
    published = stale = 0
    for pk in queryset.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            row = queryset.model.objects.select_for_update().filter(pk=pk).first()
            if row is None:
                continue
            if row.updated_at > loaded_at:
                stale += 1
                continue
            publish(row)
            row.save()
            published += 1
    return published, stale
