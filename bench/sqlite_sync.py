"""Cost of SQLite synchronous=FULL against NORMAL for report submissions.

In WAL mode, NORMAL fsyncs only at checkpoints, so the last commits before a
power loss can disappear; FULL fsyncs the WAL on every commit (ADR 8). This
measures what that costs: N sequential ``submit_report`` calls (validation
already done, so: a data key, wrapping, sealing, one transaction, linking
inline) on a fresh database file per run, in the order NORMAL, FULL, NORMAL,
FULL, ... so that a busy neighbour affects both modes alike.

    .venv/bin/python bench/sqlite_sync.py [--reports 200] [--rounds 3]

Prints one JSON document; docs/benchmarks.md records the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("NORMAL", "FULL")
# Untimed submissions first: imports, key loading and caches warm up.
WARM_UP = 5


def run_child(mode: str, reports: int) -> dict:
    """In a fresh process on a fresh database: migrate, then time the submissions."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    # The mode comes in through SQLITE_SYNCHRONOUS (set by main), which
    # config/settings.py puts into every connection's init command.
    assert mode == settings.SQLITE_SYNCHRONOUS, settings.SQLITE_SYNCHRONOUS
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from trafficking.reports.drafts import Item, ReportDraft
    from trafficking.reports.submission import submit_report

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        level = cursor.fetchone()[0]
    timings = []
    for n in range(-WARM_UP, reports):
        draft = ReportDraft(
            text=f"Melding {n}: mensen werken 's nachts in de kas zonder loon.",
            form="labour",
            municipality_code="GM0193",
            items=(Item("phone", f"+31 6 {10_000_000 + n}"),),
            consent_care=True,
        )
        start = time.perf_counter()
        submit_report(draft)
        if n >= 0:
            timings.append(time.perf_counter() - start)
    timings.sort()
    return {
        "mode": mode,
        "pragma_synchronous": level,
        "reports": reports,
        "total_s": round(sum(timings), 3),
        "mean_ms": round(statistics.fmean(timings) * 1000, 2),
        "p50_ms": round(timings[len(timings) // 2] * 1000, 2),
        "p95_ms": round(timings[int(len(timings) * 0.95)] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.reports)))
        return

    runs = []
    for _ in range(args.rounds):
        for mode in MODES:
            # On the disk that holds var/ (where the real database lives), not tmpfs.
            workdir = Path(tempfile.mkdtemp(prefix="bench-sync-", dir=ROOT / "var"))
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env.update(
                SQLITE_PATH=str(workdir / "db.sqlite3"),
                VAR_DIR=str(workdir),
                ATTACHMENT_DIR=str(workdir / "attachments"),
                DEBUG="false",
                LOG_LEVEL="WARNING",
                TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
                SQLITE_SYNCHRONOUS=mode,
            )
            env.pop("REDIS_URL", None)
            try:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", mode, "--reports", str(args.reports)],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
            runs.append(json.loads(out.strip().splitlines()[-1]))
    summary = {}
    for mode in MODES:
        mine = [r for r in runs if r["mode"] == mode]
        summary[mode] = {
            "median_total_s": statistics.median(r["total_s"] for r in mine),
            "median_mean_ms": statistics.median(r["mean_ms"] for r in mine),
            "median_p95_ms": statistics.median(r["p95_ms"] for r in mine),
        }
    normal, full = (summary[m]["median_mean_ms"] for m in MODES)
    print(
        json.dumps(
            {
                "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
                "runs": runs,
                "summary": summary,
                "full_over_normal": round(full / normal, 2),
                "reports_per_s_full": round(1000 / full, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
