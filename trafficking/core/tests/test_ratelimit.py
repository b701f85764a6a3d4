"""Rate limits (core/ratelimit.py): fixed windows counted in their own table."""

import pytest
from django.core.cache import cache

from trafficking.core import ratelimit

pytestmark = pytest.mark.django_db


def test_counters_survive_a_cache_that_fills_up(settings):
    # The shared cache as configured, but small, so culling certainly happens.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "OPTIONS": {"MAX_ENTRIES": 50}},
    }
    assert cache._max_entries == 50
    for _ in range(3):
        assert ratelimit.hit("receipt", "client-a", 3, 600).allowed
    for i in range(500):  # unrelated entries that once culled the counters
        cache.set(f"unrelated-{i}", i)
    assert not ratelimit.hit("receipt", "client-a", 3, 600).allowed


def test_over_the_limit_the_wait_ends_with_the_window():
    now = 1_000_000.0  # the 600-second window runs from 999,600 to 1,000,200
    verdicts = [ratelimit.hit("receipt", "client-b", 2, 600, now=now) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert verdicts[-1].retry_after == 200
    assert ratelimit.hit("receipt", "client-b", 2, 600, now=now + 200).allowed


@pytest.mark.parametrize(("seconds", "minutes"), [(0, 1), (29, 1), (90, 2), (600, 10)])
def test_a_refusal_says_whole_minutes_and_at_least_one(seconds, minutes):
    assert ratelimit.Verdict(allowed=False, retry_after=seconds).minutes == minutes
