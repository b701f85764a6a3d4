"""Factsheet benchmark (issue 13, point 6): the factsheet PDF in under 2 s.

    .venv/bin/python bench/factsheet_bench.py [--runs 20] [--years 3] [--per-day 120]

On a fresh SQLite database with the reference data (load_geography,
load_inventory, load_campaigns), it adds synthetic live data:

* report tallies for ``--years`` years, about ``--per-day`` reports a day
  spread over provinces, forms, kinds and channels, aggregated into the
  daily rows the reporting point keeps (ReportTally);
* 68 submitted survey responses on random routes through the questionnaire
  (the 2025 inventory had 68 completed surveys).

Then it times, over ``--runs`` runs each:

* ``key_figures``: reading the figures from the database;
* ``render``: typesetting one factsheet (typst) from figures in hand;
* ``miss``: what the view does when no PDF is cached for the data version:
  the version, the figures and the render, through ``factsheet_pdf``;
* ``hit``: the view serving a kept PDF (the version and a cache read).

Each run first adds one report to a tally, so every run typesets new figures.

Prints JSON with median and max per step; the target is the miss under 2 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 2.0
RESPONSES = 68


def _stats(timings: list[float]) -> dict[str, float]:
    ms = [t * 1000 for t in timings]
    return {"median_ms": round(statistics.median(ms), 1), "max_ms": round(max(ms), 1)}


def _tallies(years: int, per_day: int, today: date, rng: random.Random) -> int:
    from trafficking.campaigns.models import ReportTally
    from trafficking.directory.constants import Form

    regions = [f"PV{code:02d}" for code in (20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31)]
    regions += ["abroad", ""]
    forms = [*Form.values, ""]
    kinds = ["report"] * 4 + ["advice"]
    channels = ["web"] * 6 + ["phone"] * 2 + ["api", "partner"]
    rows: list[ReportTally] = []
    day = today - timedelta(days=365 * years)
    while day < today:
        counted: Counter[tuple[str, str, str, str]] = Counter()
        for _ in range(max(0, int(rng.gauss(per_day, per_day**0.5)))):
            counted[
                (rng.choice(regions), rng.choice(forms), rng.choice(kinds), rng.choice(channels))
            ] += 1
        rows.extend(
            ReportTally(day=day, region=r, form=f, kind=k, channel=c, count=n)
            for (r, f, k, c), n in counted.items()
        )
        day += timedelta(days=1)
    ReportTally.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _responses(rng: random.Random) -> None:
    from trafficking.surveys.definition import current_questionnaire
    from trafficking.surveys.models import ResponseSource, ResponseState, SurveyResponse
    from trafficking.surveys.synthetic import random_response

    questionnaire = current_questionnaire()
    for n in range(RESPONSES):
        raw = random_response(questionnaire, rng, f"r-{n:03d}")
        SurveyResponse.objects.create(
            source=ResponseSource.IMPORT,
            respondent=raw["respondent"],
            version=questionnaire.version,
            state=ResponseState.SUBMITTED,
            answers=raw["answers"],
            campaigns=raw.get("campaigns", []),
        )


def run(runs: int, years: int, per_day: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db.models import F
    from django.test import RequestFactory
    from django.utils import timezone, translation

    from trafficking.campaigns.models import ReportTally
    from trafficking.insights.factsheet import render_factsheet
    from trafficking.insights.factsheet_views import factsheet_pdf
    from trafficking.insights.key_figures import key_figures

    with contextlib.redirect_stdout(io.StringIO()):
        for command in ("migrate", "load_geography", "load_inventory", "load_campaigns"):
            call_command(command, verbosity=0)
    rng = random.Random(2026)
    today = timezone.localdate()
    started = time.perf_counter()
    tally_rows = _tallies(years, per_day, today, rng)
    _responses(rng)
    setup_s = time.perf_counter() - started
    settings.FACTSHEET_LIMIT = 10**9  # the budget is not what is measured

    figures = key_figures(today)
    started = time.perf_counter()
    pdf = render_factsheet(figures, "nl")
    cold_ms = round((time.perf_counter() - started) * 1000, 1)

    def view(language: str):
        request = RequestFactory().get("/nl/inzichten/factsheet.pdf", REMOTE_ADDR="192.0.2.1")
        with translation.override(language):
            response = factsheet_pdf(request)
        assert response.status_code == 200, response.status_code
        return response

    timings: dict[str, list[float]] = {"key_figures": [], "render": [], "miss": [], "hit": []}
    in_period = ReportTally.objects.filter(
        day__gte=figures.reports.first, day__lte=figures.reports.last, kind="report"
    ).order_by("pk")[0]
    for n in range(runs):
        language = "nl" if n % 2 == 0 else "en"
        # A new report each run: new figures, so typst's memo of the last
        # document cannot make a render look cheaper than it is.
        ReportTally.objects.filter(pk=in_period.pk).update(count=F("count") + 1)
        started = time.perf_counter()
        figures = key_figures(today)
        timings["key_figures"].append(time.perf_counter() - started)
        started = time.perf_counter()
        render_factsheet(figures, language)
        timings["render"].append(time.perf_counter() - started)
        cache.clear()
        started = time.perf_counter()
        view(language)
        timings["miss"].append(time.perf_counter() - started)
        started = time.perf_counter()
        view(language)
        timings["hit"].append(time.perf_counter() - started)

    period = ReportTally.objects.filter(
        day__gte=figures.reports.first, day__lte=figures.reports.last
    ).count()
    worst = max(timings["miss"])
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
        "load_average": [round(v, 2) for v in os.getloadavg()],
        "cpu_count": os.cpu_count(),
        "runs": runs,
        "tally_rows": tally_rows,
        "tally_rows_in_period": period,
        "reports_in_period": figures.reports.total,
        "survey_responses": figures.survey.respondents,
        "setup_s": round(setup_s, 1),
        "pdf_kib": round(len(pdf) / 1024, 1),
        "cold_first_render_ms": cold_ms,
        **{step: _stats(values) for step, values in timings.items()},
        "target_s": TARGET_S,
        "within_target": worst < TARGET_S,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--per-day", type=int, default=120)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-factsheet-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        VAR_DIR=str(workdir),
        ATTACHMENT_DIR=str(workdir / "attachments"),
        DEBUG="false",
        LOG_LEVEL="WARNING",
    )
    try:
        print(json.dumps(run(args.runs, args.years, args.per_day), indent=2))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
