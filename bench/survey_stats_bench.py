"""Survey statistics benchmark (issue 13, point 6): check and count 10,000 responses.

    .venv/bin/python bench/survey_stats_bench.py [--responses 10000] [--seed 2026] [--runs 5]

Generates synthetic responses on random routes through the 2025 questionnaire
(trafficking/surveys/synthetic.py: every branch, up to three campaign blocks,
skipped questions, early stops, "namelijk" texts), as JSON lines. Then times
what `check_responses FILE.jsonl --stats` does with them: parse each line,
check it against the questionnaire and its branching, and tally the valid
ones into the survey_stats JSON (target: under 2 s). Generation is not timed.
With ``--database`` it measures what ``manage.py survey_stats --json`` does
instead: the responses are imported once (``import_responses``' code) into a
scratch SQLite database in a temporary directory, and each run reads the
submitted responses back, checks them again and tallies them.
Each run starts from the text lines; the best and the median run are reported,
with the process CPU time of the best run, because on a shared machine wall
time also measures the neighbours. Prints a JSON summary and a markdown line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trafficking.surveys.definition import current_questionnaire  # noqa: E402
from trafficking.surveys.responses import check_lines  # noqa: E402
from trafficking.surveys.stats import Tally  # noqa: E402
from trafficking.surveys.synthetic import random_response  # noqa: E402


def generate(count: int, seed: int) -> list[str]:
    questionnaire = current_questionnaire()
    rng = random.Random(seed)
    return [
        json.dumps(random_response(questionnaire, rng, f"r-{n:05d}"), ensure_ascii=False)
        for n in range(count)
    ]


def check_and_count(lines: list[str]) -> tuple[dict, int]:
    questionnaire = current_questionnaire()
    tally = Tally(questionnaire)
    invalid = 0
    for _, checked in check_lines(questionnaire, lines):
        if checked.response is None:
            invalid += 1
        else:
            tally.add(checked.response)
    return tally.result(), invalid


def from_database(lines: list[str]):
    """Import ``lines`` into a scratch database; return a measure that reads them back."""
    import contextlib
    import io
    import tempfile

    scratch = tempfile.mkdtemp(prefix="survey-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from trafficking.surveys.store import import_lines
    from trafficking.surveys.store import statistics as stored_statistics

    with contextlib.redirect_stdout(io.StringIO()):
        call_command("migrate", verbosity=0)
    result = import_lines(current_questionnaire(), lines)
    if not result.ok:
        sys.exit(f"{len(result.invalid)} synthetic responses were refused on import")

    def measure(_lines: list[str]) -> tuple[dict, int]:
        stats = stored_statistics()
        return dict(stats.result), len(stats.skipped)

    return measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--database",
        action="store_true",
        help="time survey_stats from a scratch database instead of the file check",
    )
    args = parser.parse_args()

    lines = generate(args.responses, args.seed)
    measure = check_and_count
    if args.database:
        measure = from_database(lines)
    measure(lines[:100])  # warm-up: loading the questionnaire file is not the figure
    walls, cpus = [], []
    for _ in range(args.runs):
        wall, cpu = time.perf_counter(), time.process_time()
        stats, invalid = measure(lines)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    if invalid:
        sys.exit(
            f"{invalid} synthetic responses were refused: the generator or the checks are wrong"
        )

    best = min(range(len(walls)), key=walls.__getitem__)
    summary = {
        "responses": args.responses,
        "campaign_blocks": stats["campaigns"],
        "bytes": sum(len(line.encode()) + 1 for line in lines),
        "seed": args.seed,
        "runs": args.runs,
        "best_s": round(walls[best], 3),
        "median_s": round(statistics.median(walls), 3),
        "cpu_s_of_best": round(cpus[best], 3),
        "target_s": 2.0,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "q4_shares": stats["questions"]["q4"],
    }
    print(json.dumps(summary, indent=2))
    what = "survey_stats --json from the database:" if args.database else "survey_stats:"
    print(
        f"| {what} check + tally {args.responses:,} responses "
        f"({stats['campaigns']:,} campaign blocks) | {summary['best_s']} s best, "
        f"{summary['median_s']} s median of {args.runs} | < 2 s |"
    )


if __name__ == "__main__":
    main()
