"""Shared pieces of the load benchmarks: a fresh database, a gunicorn
server, and a temporary PostgreSQL cluster with production-like durability."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def temporary_postgres():
    """A throwaway PostgreSQL cluster on loopback (fsync on, as in production)."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        sys.exit("PostgreSQL server binaries not found (apt-get install postgresql)")
    pgbin = bins[-1]
    folder = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    data = folder / "data"
    subprocess.run(
        _as_postgres(
            [
                str(pgbin / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_postgres(
            [
                str(pgbin / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(folder / "log"),
                "-w",
                "-o",
                f"-h 127.0.0.1 -p {port} -k {folder} -c max_connections=200",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            _as_postgres(
                [
                    str(pgbin / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    "bench",
                ]
            ),
            check=True,
            capture_output=True,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/bench"
    finally:
        subprocess.run(
            _as_postgres([str(pgbin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def prepare_environment(workdir: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        VAR_DIR=str(workdir),
        ATTACHMENT_DIR=str(workdir / "attachments"),
        DEBUG="false",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        # All load comes from one address: lift the per-client flood limit
        # (its counter is still written on every submission, so its cost is
        # measured).
        SUBMIT_LIMIT="1000000000",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--no-input"],
        ["load_geography"],
        ["load_inventory"],
        ["load_campaigns"],
    ):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def start_gunicorn(env: dict, port: int, workers: int = 2) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--backlog",
            "2048",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/api/v1/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("gunicorn did not start")


def kill_hard(server: subprocess.Popen) -> None:
    """SIGKILL the master and every worker at once (the whole process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=10)


def stop(server: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        kill_hard(server)
