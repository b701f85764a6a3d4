"""Start the real site (gunicorn, production WSGI stack) on its own SQLite
database, for tests that must talk to a separate process as a visitor would."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(workdir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        VAR_DIR=str(workdir),
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare_database(env: dict) -> None:
    for command in (
        ["migrate", "--no-input"],
        ["load_geography"],
        ["load_inventory"],
        ["load_campaigns"],
        ["load_reply_templates"],
    ):
        manage(env, *command)


@contextlib.contextmanager
def serving(env: dict, stderr=None) -> Iterator[str]:
    """gunicorn on a free loopback port; yields its URL, stops it after."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-c",
            str(ROOT / "config" / "gunicorn.conf.py"),
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env={**env, "GUNICORN_ACCESS_LOG": str(Path(env["VAR_DIR"]) / "access.log")},
        stderr=stderr,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # a loaded machine (CI, parallel runs) starts gunicorn slowly
            try:
                urllib.request.urlopen(url + "/api/v1/health", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("test server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
