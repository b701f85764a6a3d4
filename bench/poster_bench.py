"""Poster benchmark (issue 12, point 7): a regional PDF rendered in under 1 s.

    .venv/bin/python bench/poster_bench.py [--renders 20]

On a fresh SQLite database with the real directory (load_geography,
load_inventory), it times per template and language:

* ``cold_ms``: the first render in the process (typst scans the fonts once);
* ``render_*``: ``render_poster`` alone, warm, over ``--renders`` renders;
* ``resolve_render_*``: ``resolve_context`` + ``render_poster``, which is what
  the view does per request (the routing, the texts, the QR code, typst).

Prints JSON; the target is p95 under 1000 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 1000
CASES = [
    ("citizens", "nl", "GM0193"),  # Zwolle
    ("professionals", "en", "GM0014"),  # Groningen
    ("workers", "bg", "GM0141"),  # Almelo: the longest route text, shrunk to fit
]


def _stats(timings: list[float]) -> dict[str, float]:
    ordered = sorted(t * 1000 for t in timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1)}


def run(renders: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from trafficking.campaigns.posters import render_poster, resolve_context
    from trafficking.directory.catalogue import current_catalogue

    # The loaders report what they loaded; stdout is for the JSON only.
    with contextlib.redirect_stdout(io.StringIO()):
        for command in ("migrate", "load_geography", "load_inventory"):
            call_command(command, verbosity=0)
    catalogue = current_catalogue()
    base = "https://meldpunt.example"

    def resolve(template, language, code):
        return resolve_context(
            template, language, code, "Stichting Voorbeeld", None, catalogue, base_url=base
        )

    results = []
    cold = None
    for template, language, code in CASES:
        context = resolve(template, language, code)
        started = time.perf_counter()
        pdf = render_poster(context)
        if cold is None:
            cold = round((time.perf_counter() - started) * 1000, 1)
        render_times, full_times = [], []
        for _ in range(renders):
            started = time.perf_counter()
            render_poster(context)
            render_times.append(time.perf_counter() - started)
        for _ in range(renders):
            started = time.perf_counter()
            render_poster(resolve(template, language, code))
            full_times.append(time.perf_counter() - started)
        results.append(
            {
                "template": template,
                "language": language,
                "municipality": code,
                "pdf_kib": round(len(pdf) / 1024, 1),
                "render": _stats(render_times),
                "resolve_render": _stats(full_times),
            }
        )
    worst = max(r["resolve_render"]["p95_ms"] for r in results)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
        "renders_per_case": renders,
        "cpu_count": os.cpu_count(),
        "cold_first_render_ms": cold,
        "cases": results,
        "worst_p95_ms": worst,
        "target_ms": TARGET_MS,
        "within_target": worst < TARGET_MS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-poster-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        VAR_DIR=str(workdir),
        ATTACHMENT_DIR=str(workdir / "attachments"),
        DEBUG="false",
        LOG_LEVEL="WARNING",
    )
    try:
        print(json.dumps(run(args.renders), indent=2))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
