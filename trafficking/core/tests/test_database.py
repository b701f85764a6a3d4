"""The database keeps what it acknowledged (ADR 8)."""

import pytest
from django.db import connections


@pytest.mark.django_db
def test_a_fresh_sqlite_connection_syncs_every_commit():
    if connections["default"].vendor != "sqlite":
        pytest.skip(
            "PostgreSQL: durability is the server's fsync and synchronous_commit, "
            "not a per-connection pragma"
        )
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL: the WAL is fsynced at each commit
    finally:
        fresh.close()
