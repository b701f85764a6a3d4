"""Whole-page cache for the coverage and calendar pages.

Both pages are the same for everyone who asks the same question on the same
day: they show no user, no form token and no nonce. Building them reads every
campaign, the library and (for the calendar) eight weeks of report tallies
and the measured effect of earlier campaigns, which takes hundreds of
milliseconds under load; serving the kept HTML takes about one.

The key holds everything the page depends on:

* the language and the path (the language links are made from the path);
* the *cleaned* question (a region, a month), never the raw query string, so
  made-up parameters cannot fill the cache with copies;
* a data version: counts and the newest change of campaigns, materials and
  intake capacity rows, the directory snapshot's version and the day.

Each worker reads that version at most every CAMPAIGN_PAGE_CHECK_SECONDS
(2 s), so an edit anywhere shows within two seconds; nothing has to be invalidated by hand.
Report tallies are not in the version: the calendar reads only full weeks
before today, which do not change during the day, and the measured effects
it uses are themselves cached per day (calendar.measured_ratios).

Pages are kept in each worker's own memory (LOCAL_PAGES, least recently
used first out), not in the shared cache: reading a page back from a
database row costs as much as the rest of the request, a crawler walking
every month and language must not push the measured effects out of the
shared cache, and each worker builds a page at most once per data version.
A hit costs no query at all most of the time. Only complete answers
(status 200) are kept: a page with form errors is cheap and says something
about the one request.

Known staleness: report tallies added afterwards for past weeks
(``backfill_report_tallies``) show on the calendar the next day, or at the
next change of a campaign, material or capacity row.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from trafficking.directory.catalogue import current_catalogue

from .models import Campaign, IntakeCapacity, Material

_local_lock = threading.Lock()

# The pages a worker served last. The key holds the data version, so a kept
# page is never stale; 128 pages of at most 20 KB cover every region and the
# months around today in every language.
LOCAL_PAGES = 128


def data_version(today: date) -> str:
    """A short digest that changes whenever anything these pages show changes.

    One round trip of six scalar subqueries: this runs on every request, and
    three ORM aggregates cost more than serving the stored page.
    """
    tables = [
        (Campaign._meta.db_table, "updated_at"),
        (Material._meta.db_table, "updated_at"),
        # Capacity rows are only ever added (intake/views/capacity.py).
        (IntakeCapacity._meta.db_table, "created_at"),
    ]
    parts = ", ".join(
        f"(SELECT COUNT(*) FROM {table}), (SELECT MAX({column}) FROM {table})"  # noqa: S608
        for table, column in tables
    )
    with connection.cursor() as cursor:
        # Table and column names come from the models, never from a request.
        cursor.execute(f"SELECT {parts}")
        row = cursor.fetchone()
    key = repr((today.isoformat(), current_catalogue().version, tuple(map(str, row))))
    return hashlib.blake2b(key.encode(), digest_size=12).hexdigest()


def checked_version(today: date) -> str:
    """The data version, read at most every CAMPAIGN_PAGE_CHECK_SECONDS by this worker.

    Reading it means a database connection and a query, which on SQLite costs
    more than serving the stored page; a change therefore shows within a
    couple of seconds rather than at the very next request.
    """
    global _checked
    ttl = settings.CAMPAIGN_PAGE_CHECK_SECONDS
    now = time.monotonic()
    with _local_lock:
        checked = _checked
    if checked is not None and checked[0] == today and now - checked[1] < ttl:
        return checked[2]
    version = data_version(today)
    with _local_lock:
        _checked = (today, now, version)
    return version


def page_key(request: HttpRequest, name: str, question: str, version: str) -> str:
    # Paths are ASCII here (translated URL patterns are), but a key must stay
    # short and free of spaces and control characters for every backend.
    path = hashlib.blake2b(request.path.encode(), digest_size=8).hexdigest()
    return f"campaigns:page:{name}:{get_language()}:{path}:{question}:{version}"


def cached_page(
    request: HttpRequest,
    name: str,
    question: str,
    today: date,
    build: Callable[[], HttpResponse],
) -> HttpResponse:
    """The kept page for this question, or ``build()``'s answer, kept when complete."""
    key = page_key(request, name, question, checked_version(today))
    stored = _local_get(key)
    if stored is not None:
        content, content_type = stored
        return HttpResponse(content, content_type=content_type)
    response = build()
    if response.status_code == 200 and not response.streaming:
        _local_put(key, (response.content, response["Content-Type"]))
    return response


def kept_pages() -> int:
    """How many pages this worker keeps (tests, and a look from a shell)."""
    with _local_lock:
        return len(_local)


_local: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
_checked: tuple[date, float, str] | None = None


def _local_get(key: str) -> tuple[bytes, str] | None:
    with _local_lock:
        stored = _local.get(key)
        if stored is not None:
            _local.move_to_end(key)
        return stored


def _local_put(key: str, stored: tuple[bytes, str]) -> None:
    with _local_lock:
        _local[key] = stored
        _local.move_to_end(key)
        while len(_local) > LOCAL_PAGES:
            _local.popitem(last=False)


def forget_local_pages() -> None:
    """Empty this worker's copies and its data version (tests; the shared cache stays)."""
    global _checked
    with _local_lock:
        _local.clear()
        _checked = None
