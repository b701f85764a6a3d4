"""A fixed-window rate limit on the shared cache.

Used to slow down guessing of receipt codes. The client is identified by a
keyed hash of its address, held only in the cache for the length of the
window and never next to a report. Exceeding the limit means "wait a few
minutes", never a lockout of the receipt: someone else mistyping on a shared
phone or in a shelter must not cost a victim access to their report.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (0 when allowed)


def client_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def hit(scope: str, key: str, limit: int, window: int, now: float | None = None) -> Verdict:
    """Count one attempt; allowed while the window holds at most ``limit``."""
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    cache_key = f"rl:{scope}:{key}:{window_start}"
    # add() is atomic on every backend: it only sets a missing key.
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 5)
        count = 1
    if count <= limit:
        return Verdict(True, 0)
    return Verdict(False, max(1, int(window_start + window - now)))


def reset(scope: str, key: str, window: int, now: float | None = None) -> None:
    now = time.time() if now is None else now
    cache.delete(f"rl:{scope}:{key}:{int(now // window) * window}")
