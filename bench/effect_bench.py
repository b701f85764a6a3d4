"""Effect-model benchmark (issue 12, point 7): every campaign's uplift recomputed
on five years of daily report counts per region and form.

    .venv/bin/python bench/effect_bench.py [--reports 1000000] [--campaigns 54] [--seed 2026]

Synthesises ~1M reports over five years (day, one of the 12 provinces, one of
the 4 forms of exploitation), each cell a negative-binomial series with its own
level, trend, weekly pattern and the true effects of the campaigns running in
it. The series of the 13 regions (12 provinces + national) × 5 forms (4 +
general, i.e. all forms together) are the sums of the cells, as the reporting
point's tallies are. Then the 54 campaigns, each on its own region × form with
a random window, are measured with trafficking/campaigns/effect.py, one after
the other in one process, over the whole five-year series (the campaign pages
use a shorter slice, a year before to 90 days after, so they are faster).

Timed: building the 65 series from the report rows, and the 54 estimates
(the figure the target is about: < 2 s), after one warm-up fit that pays for
importing statsmodels (reported apart: a web worker pays it once). Also
reported: the slowest single fit (target < 50 ms). Prints a JSON summary and a
markdown-ready line. The honesty of the intervals is not measured here but by
simulation in trafficking/campaigns/tests/test_effect_simulation.py: here
campaigns overlap in time and region, and the model attributes everything in a
window to the campaign being measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scipy  # noqa: E402
import statsmodels  # noqa: E402

from trafficking.campaigns.effect import DailySeries, estimate_effect  # noqa: E402

PROVINCES = [f"PV{code}" for code in range(20, 32)]  # CBS codes of the 12 provinces
FORMS = ["sexual", "labour", "criminal", "organ_removal"]
NATIONAL, GENERAL = "NL", "general"
FIRST = date(2021, 1, 1)
DAYS = 5 * 365 + 1  # 2021-01-01 .. 2025-12-31


def synthesise(rng: np.random.Generator, reports: int, campaigns: list[dict]) -> np.ndarray:
    """Report rows as (day, province index, form index), about ``reports`` of them."""
    t = np.arange(DAYS)
    form_share = np.array([0.45, 0.35, 0.17, 0.03])
    province_share = rng.dirichlet(np.full(len(PROVINCES), 4.0))
    means = np.empty((len(PROVINCES), len(FORMS), DAYS))
    for p in range(len(PROVINCES)):
        for f in range(len(FORMS)):
            weekly = rng.uniform(0, 0.4) * np.sin(2 * np.pi * (t + rng.uniform(0, 7)) / 7)
            means[p, f] = np.exp(rng.uniform(-0.15, 0.15) * t / 365.25 + weekly)
            means[p, f] *= province_share[p] * form_share[f]
    means *= reports / means.sum()
    for campaign in campaigns:
        p_slice = (
            slice(None) if campaign["region"] == NATIONAL else PROVINCES.index(campaign["region"])
        )
        f_slice = slice(None) if campaign["form"] == GENERAL else FORMS.index(campaign["form"])
        window = slice(campaign["start_index"], campaign["end_index"] + 1)
        means[p_slice, f_slice, window] *= campaign["true_rate_ratio"]
    alpha = 0.15  # bursts: a raid, a news item
    counts = rng.poisson(rng.gamma(1 / alpha, alpha * means))
    # One row per report, as the reporting point stores them.
    flat = counts.reshape(-1)
    cell = np.repeat(np.arange(flat.size), flat)
    province, rest = np.divmod(cell, len(FORMS) * DAYS)
    form, day = np.divmod(rest, DAYS)
    order = rng.permutation(cell.size)
    return np.column_stack([day, province, form])[order].astype(np.int32)


def series_by_region_and_form(rows: np.ndarray) -> dict[tuple[str, str], DailySeries]:
    """The 13 × 5 daily series (tallies) from report rows."""
    day, province, form = rows[:, 0], rows[:, 1], rows[:, 2]
    cells = np.bincount(
        (province * len(FORMS) + form) * DAYS + day, minlength=len(PROVINCES) * len(FORMS) * DAYS
    ).reshape(len(PROVINCES), len(FORMS), DAYS)
    out = {}
    for p, region in enumerate([*PROVINCES, NATIONAL]):
        by_form = cells.sum(axis=0) if region == NATIONAL else cells[p]
        for f, form_id in enumerate([*FORMS, GENERAL]):
            counts = by_form.sum(axis=0) if form_id == GENERAL else by_form[f]
            out[region, form_id] = DailySeries(FIRST, tuple(counts.tolist()))
    return out


def random_campaigns(rng: np.random.Generator, count: int) -> list[dict]:
    campaigns = []
    for i in range(count):
        length = int(rng.integers(7, 91))
        start = int(rng.integers(365, DAYS - length))  # at least a year of baseline
        campaigns.append(
            {
                "id": i,
                "region": str(rng.choice([*PROVINCES, NATIONAL])),
                "form": str(rng.choice([*FORMS, GENERAL])),
                "start_index": start,
                "end_index": start + length - 1,
                "true_rate_ratio": float(rng.choice([1.0, 1.1, 1.25, 1.5])),
            }
        )
    return campaigns


def machine() -> dict:
    model = ""
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "cpu_count": os.cpu_count(),
        "load_average_1m_at_start": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "statsmodels": statsmodels.__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--campaigns", type=int, default=54)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    info = machine()
    rng = np.random.default_rng(args.seed)
    campaigns = random_campaigns(rng, args.campaigns)
    rows = synthesise(rng, args.reports, campaigns)

    # Pay the one-off import of statsmodels before the clock runs.
    warm_started = time.perf_counter()
    warm = DailySeries(FIRST, (1,) * DAYS)
    estimate_effect(warm, FIRST + timedelta(days=400), FIRST + timedelta(days=430))
    first_fit = time.perf_counter() - warm_started

    t0 = time.perf_counter()
    series = series_by_region_and_form(rows)
    t1 = time.perf_counter()
    fits = []
    for campaign in campaigns:
        one = series[campaign["region"], campaign["form"]]
        started = time.perf_counter()
        result = estimate_effect(
            one,
            FIRST + timedelta(days=campaign["start_index"]),
            FIRST + timedelta(days=campaign["end_index"]),
        )
        fits.append(time.perf_counter() - started)
        assert result.ci_low <= result.rate_ratio <= result.ci_high
    t2 = time.perf_counter()

    summary = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["bench/effect_bench.py", *sys.argv[1:]]),
        "machine": info,
        "reports": len(rows),
        "days": DAYS,
        "series": len(series),
        "campaigns": len(campaigns),
        "seconds": {
            "build_series_from_reports": round(t1 - t0, 3),
            "estimate_all_campaigns": round(t2 - t1, 3),
            "total": round(t2 - t0, 3),
        },
        "per_fit_ms": {
            "median": round(1000 * float(np.median(fits)), 1),
            "p95": round(1000 * float(np.quantile(fits, 0.95)), 1),
            "max": round(1000 * max(fits), 1),
        },
        "warm_up_fit_including_imports_ms": round(1000 * first_fit, 1),
        "targets": {"total_seconds_below": 2.0, "single_fit_ms_below": 50},
    }
    summary["targets_met"] = summary["seconds"]["total"] < 2.0 and max(fits) < 0.05
    print(json.dumps(summary, indent=2))
    seconds = summary["seconds"]
    print(
        f"| {summary['date'][:16]}Z | {summary['reports']:,} reports, {DAYS} days, "
        f"{len(series)} series | {len(campaigns)} campaigns | {seconds['total']:.2f} s "
        f"(series {seconds['build_series_from_reports']:.2f} s + fits "
        f"{seconds['estimate_all_campaigns']:.2f} s) | fit median "
        f"{summary['per_fit_ms']['median']} ms, max {summary['per_fit_ms']['max']} ms | "
        f"{info['cpu_count']} cores, load {info['load_average_1m_at_start']} |"
    )


if __name__ == "__main__":
    main()
