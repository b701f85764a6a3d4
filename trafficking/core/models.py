"""Shared tables that belong to no domain."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """One fixed-window counter of a rate limit (see core/ratelimit.py).

    A table of its own rather than the shared cache: a cache culls entries
    when it fills up, and anything that fills it (one-time form tokens, a
    flood of requests) would silently reset the counters that limit guessing.
    """

    bucket = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.bucket}: {self.count}"
