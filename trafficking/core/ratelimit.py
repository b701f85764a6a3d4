"""Fixed-window rate limits kept in the database.

Used to slow down guessing of receipt codes and floods of submissions. The
client is identified by a keyed hash of its network (core/clients.py), held
only in the counter table for the length of the window and never next to a
report. Exceeding a limit means "wait a few minutes", never a lockout of a
receipt: someone else mistyping on a shared phone or in a shelter must not
cost a victim access to their report.

Counters live in their own table (core.models.RateCounter), incremented with
one atomic upsert, so they can neither be culled by unrelated cache entries
nor lose increments to concurrent workers.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .clients import client_key  # noqa: F401  (re-exported for callers)
from .models import RateCounter

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (0 when allowed)
    count: int = 0

    @property
    def minutes(self) -> int:
        """Whole minutes to wait, at least one: what the refusal messages say."""
        return max(1, round(self.retry_after / 60))


def _bucket(scope: str, key: str, window_start: int) -> str:
    return f"{scope}:{key}:{window_start}"


def hit(scope: str, key: str, limit: int, window: int, now: float | None = None) -> Verdict:
    """Count one attempt; allowed while the window holds at most ``limit``."""
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    expires = datetime.fromtimestamp(window_start + window, tz=UTC)
    table = RateCounter._meta.db_table
    # INSERT .. ON CONFLICT .. RETURNING: one statement, atomic on SQLite
    # (3.35+) and PostgreSQL alike.
    sql = (
        f"INSERT INTO {table} (bucket, count, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
        f"ON CONFLICT (bucket) DO UPDATE SET count = {table}.count + 1 RETURNING count"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [_bucket(scope, key, window_start), expires])
            count = cursor.fetchone()[0]
    except DatabaseError as error:
        # Fail open: a locked or full database must not turn a report into an
        # error page here; storing it will fail or succeed on its own terms.
        logger.warning("Rate limit %s not counted (%s).", scope, type(error).__name__)
        return Verdict(True, 0, 0)
    if count <= limit:
        return Verdict(True, 0, count)
    return Verdict(False, max(1, int(window_start + window - now)), count)


@dataclass(frozen=True)
class Budget:
    """A limit for one client, checked first and spent when the work is done.

    Submissions are counted inside the transaction that stores them (as a
    savepoint of it), so a stored report costs one commit, not two: on SQLite
    every commit is a turn of the single writer and an fsync. The check
    before is a read, so a few concurrent requests may pass it together and
    overshoot the limit by a little, which a flood limit can afford.
    """

    scope: str
    key: str
    limit: int
    window: int

    def check(self, now: float | None = None) -> Verdict:
        now = time.time() if now is None else now
        window_start = int(now // self.window) * self.window
        try:
            count = (
                RateCounter.objects.filter(bucket=_bucket(self.scope, self.key, window_start))
                .values_list("count", flat=True)
                .first()
                or 0
            )
        except DatabaseError as error:
            logger.warning("Rate limit %s not read (%s).", self.scope, type(error).__name__)
            return Verdict(True, 0, 0)
        if count < self.limit:
            return Verdict(True, 0, count)
        return Verdict(False, max(1, int(window_start + self.window - now)), count)

    def spend(self, now: float | None = None) -> Verdict:
        return hit(self.scope, self.key, self.limit, self.window, now)


def reset(scope: str, key: str, window: int, now: float | None = None) -> None:
    now = time.time() if now is None else now
    RateCounter.objects.filter(bucket=_bucket(scope, key, int(now // window) * window)).delete()


def purge_expired(now: datetime | None = None) -> int:
    """Drop counters whose window has ended (run with the daily purge)."""
    deleted, _ = RateCounter.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted
