"""Insights kept per worker and per data version, like campaigns/page_cache.py.

Computing every figure reads the directory, the register, the survey
responses and up to a million reports' tallies; serving a kept answer costs
one dictionary look-up. The key holds a *data version*: counts and the newest
change of organisations, service areas, campaigns and survey responses, the
newest report tally row, and the day. Only complete weeks of tallies are shown
(report_figures.py), and those change only when a new week starts (the day is
in the key) or a new tally row appears. Each worker reads the version at most
every ``CAMPAIGN_PAGE_CHECK_SECONDS`` (2 s), so an edit shows within seconds
and nothing is invalidated by hand.

Known staleness: ``backfill_report_tallies`` raising the count of a row that
already exists for a past week shows at the next new tally row (the first
report of a day, province, form, kind and channel: many a day) or the next day.

Only public answers are kept. Staff see exact figures, built per request and
never stored here (views.py decides; ``cached`` has no notion of users).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language

from trafficking.campaigns.models import Campaign, ReportTally
from trafficking.directory.models import Organisation, ServiceArea
from trafficking.surveys.models import SurveyResponse

T = TypeVar("T")
KEPT = 256

_lock = threading.Lock()
_kept: OrderedDict[str, Any] = OrderedDict()
_checked: tuple[date, float, str] | None = None


def data_version(today: date) -> str:
    """A digest that changes whenever anything an insights page shows changes (one query)."""
    tables = [
        (Organisation._meta.db_table, "updated_at"),
        (ServiceArea._meta.db_table, "id"),
        (Campaign._meta.db_table, "updated_at"),
        (SurveyResponse._meta.db_table, "updated_at"),
    ]
    parts = [
        f"(SELECT COUNT(*) FROM {table}), (SELECT MAX({column}) FROM {table})"  # noqa: S608
        for table, column in tables
    ]
    # Only the newest tally row, an index look-up: counting or summing a
    # million reports' tallies here took 100-400 ms every 2 s per worker and
    # made the slowest answers of the load test (bench/insights_load.py).
    parts.append(f"(SELECT MAX(id) FROM {ReportTally._meta.db_table})")  # noqa: S608
    with connection.cursor() as cursor:
        # Table and column names come from the models, never from a request.
        cursor.execute(f"SELECT {', '.join(parts)}")
        row = cursor.fetchone()
    key = repr((today.isoformat(), tuple(map(str, row))))
    return hashlib.blake2b(key.encode(), digest_size=12).hexdigest()


def checked_version(today: date) -> str:
    """The data version, read at most every CAMPAIGN_PAGE_CHECK_SECONDS by this worker."""
    global _checked
    now = time.monotonic()
    with _lock:
        checked = _checked
    if (
        checked is not None
        and checked[0] == today
        and now - checked[1] < settings.CAMPAIGN_PAGE_CHECK_SECONDS
    ):
        return checked[2]
    version = data_version(today)
    with _lock:
        _checked = (today, now, version)
    return version


def cached(name: str, question: str, today: date, build: Callable[[], T]) -> T:
    """The kept public answer for (name, question, language, data version), or ``build()``'s.

    ``question`` must be the cleaned question, never raw input, so made-up
    parameters cannot fill the cache.
    """
    key = f"{name}:{get_language()}:{question}:{checked_version(today)}"
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    value = build()
    with _lock:
        _kept[key] = value
        _kept.move_to_end(key)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return value


def forget() -> None:
    """Empty this worker's kept answers and version (tests)."""
    global _checked
    with _lock:
        _kept.clear()
        _checked = None
