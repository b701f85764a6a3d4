"""Many visitors follow one campaign link at once, on PostgreSQL.

The same race as test_links.py runs there on a copy of the SQLite test
database; this one runs where production runs: threads in several processes,
each with its own connection, on a scratch database of the same PostgreSQL
server (the test database's rows are inside a transaction the racers cannot
see). Afterwards a dump of the whole database must hold no trace of a visitor.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.db import connection

from .test_links import PROCESSES, RACE, ROOT, SETUP, THREADS, VISITS

pytestmark = pytest.mark.django_db


def _url(settings_dict: dict, name: str, *, with_password: bool = True) -> str:
    user = quote(settings_dict["USER"] or "", safe="")
    secret = settings_dict.get("PASSWORD") if with_password else ""
    password = f":{quote(secret, safe='')}" if secret else ""
    host = quote(settings_dict["HOST"] or "localhost", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{name}"


def _maintenance(settings_dict: dict, sql: str) -> None:
    import psycopg

    conninfo = _url(settings_dict, "postgres").replace("postgres://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute(sql)


def _run(env: dict, *args: str, timeout: int = 300) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def pg_race(django_db_setup, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only; on SQLite the race runs in test_links.py")
    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is missing: install the PostgreSQL client (postgresql-client)")
    settings_dict = connection.settings_dict
    name = f"race_{secrets.token_hex(4)}"
    _maintenance(settings_dict, f'CREATE DATABASE "{name}"')
    racers: list[subprocess.Popen] = []
    try:
        workdir = tmp_path_factory.mktemp("pg-race")
        env = dict(os.environ, DATABASE_URL=_url(settings_dict, name), VAR_DIR=str(workdir))
        env["DEBUG"] = "false"
        _run(env, str(ROOT / "manage.py"), "migrate", "-v0")
        code = _run(env, "-c", SETUP).strip().splitlines()[-1]
        racers += [
            subprocess.Popen(
                [sys.executable, "-c", RACE, code, str(THREADS), str(VISITS), str(n)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(PROCESSES)
        ]
        for racer in racers:
            out, err = racer.communicate(timeout=180)
            assert racer.returncode == 0, out + err
        counted = _run(
            env,
            "-c",
            "import django; django.setup()\n"
            "from trafficking.campaigns.models import LinkVisit\n"
            f"print(sum(v.count for v in LinkVisit.objects.filter(link__code={code!r})))",
        )
        # The password goes by the environment, never on a command line.
        dump_env = dict(os.environ, PGPASSWORD=settings_dict.get("PASSWORD") or "")
        dump = subprocess.run(
            ["pg_dump", "--data-only", "--dbname", _url(settings_dict, name, with_password=False)],
            env=dump_env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        return {"code": code, "counted": int(counted.strip().splitlines()[-1]), "dump": dump}
    finally:
        for racer in racers:
            if racer.poll() is None:
                racer.kill()
        _maintenance(settings_dict, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_concurrent_visits_are_all_counted_on_postgresql(pg_race):
    assert pg_race["counted"] == PROCESSES * THREADS * VISITS


def test_the_postgresql_database_holds_no_trace_of_the_visitors(pg_race):
    assert pg_race["code"] in pg_race["dump"]  # the dump does hold the link
    for trace in ("203.0.113.", "RaceProbe"):
        assert trace not in pg_race["dump"]
