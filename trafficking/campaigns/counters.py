"""Atomic counters: one row per key, incremented by many workers at once.

Link visits, "how did you hear of us" answers and report tallies are counts,
never rows per event, so they cannot say who or which report. Every counter
here is incremented the same way, on SQLite and PostgreSQL alike: an UPDATE
with F() (the database adds, so two workers never lose one), and on a miss an
INSERT in a savepoint; when another worker inserted first, the unique
constraint refuses ours and the UPDATE is tried again.
"""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.db.models import F


def increment(model: type[models.Model], by: int = 1, **key) -> None:
    """Add ``by`` to ``model.count`` for the row with ``key``, creating it if needed."""
    manager = model._default_manager
    for _attempt in range(5):
        if manager.filter(**key).update(count=F("count") + by):
            return
        try:
            with transaction.atomic():
                manager.create(count=by, **key)
            return
        except IntegrityError:
            continue  # another worker created it first: add to theirs
    raise IntegrityError(f"could not count {model.__name__} {key}")
