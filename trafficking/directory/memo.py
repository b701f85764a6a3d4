"""A small bounded memo for answers that are pure functions of a snapshot.

Routing answers depend only on the question and the directory snapshot, and
the wizard's answer space is small (a few roles, forms and needs times 342
municipalities), so popular questions repeat constantly. Each Catalogue
carries its own memo: when the directory changes a new snapshot is built and
the old answers go with the old one, so nothing needs invalidating.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedMemo(Generic[V]):
    """Least-recently-used memo with a fixed maximum size (0 disables it)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        if self.maxsize <= 0:
            return compute()
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
        # Compute outside the lock: two threads may both compute a cold key,
        # which is harmless for a pure function and keeps the lock short.
        value = compute()
        with self._lock:
            self.misses += 1
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)
