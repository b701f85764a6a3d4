"""The source tag of a submission: which client network sent it, that day.

Hub detection in case linking must not count a flood of reports from one
client as independent evidence. The tag is a keyed hash of the client's
network (core.clients) under LINK_SECRET and a random salt of the day,
truncated to 64 bits: two reports from the same network on the same day
share it; across days it never matches, so it cannot follow a reporter over
time. The day's salt is deleted two days later (forget_old_salts, run by
purge_reports), after which no tag can be traced back to an address, even by
someone holding the database and every secret.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from datetime import date, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from trafficking.core.clients import client_network

from .models import SourceSalt

logger = logging.getLogger(__name__)
TAG_LENGTH = 16
SALT_KEPT = timedelta(days=2)

_salts: dict[date, bytes] = {}  # per process; the database decides which salt wins


def _salt(day: date) -> bytes:
    if day not in _salts:
        found = SourceSalt.objects.filter(day=day).values_list("salt", flat=True).first()
        if found is None:
            try:
                with transaction.atomic():
                    SourceSalt.objects.create(day=day, salt=os.urandom(32))
            except IntegrityError:
                pass  # another worker made it first: use theirs
            found = SourceSalt.objects.values_list("salt", flat=True).get(day=day)
        _salts.clear()  # only today's is ever needed
        _salts[day] = bytes(found)
    return _salts[day]


def tag_for(network: str, day: date) -> str:
    key = settings.LINK_SECRET.encode() + _salt(day)
    message = f"source\x1f{day.isoformat()}\x1f{network}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:TAG_LENGTH]


def source_tag(request, day: date) -> str:
    """The tag of a request; "" when there is no request (staff, batch)."""
    if request is None:
        return ""
    try:
        return tag_for(client_network(request), day)
    except DatabaseError:
        # Without a tag the report still counts, as its own source; storing
        # it matters more than flood accounting.
        logger.warning("No source tag: the day's salt could not be read or made.")
        return ""


def forget_old_salts(today: date | None = None) -> int:
    """Delete the salts of days gone by, so their tags can no longer be traced."""
    today = today or timezone.localdate()
    _salts.clear()
    deleted, _ = SourceSalt.objects.filter(day__lt=today - SALT_KEPT).delete()
    return deleted
