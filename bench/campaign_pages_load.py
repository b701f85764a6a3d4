"""Load benchmark: the coverage and calendar pages against a trivial endpoint.

Issue 12 asks for the coverage matrix and the calendar pages under 50 ms p95 at
32 clients, as a ratio to the trivial endpoint in the same run. Starts gunicorn
(2 workers) on a fresh SQLite database with the reference data and the
register, adds a realistic year of report tallies, campaigns that called to
report (so the calendar measures their effect) and an intake capacity, then
drives the pages with wrk and prints a JSON summary.

    .venv/bin/python bench/campaign_pages_load.py [--duration 20] [--connections 32]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from common import ROOT, free_port, prepare_environment, start_gunicorn, stop
from route_load import ensure_wrk, run_wrk

SEED = r"""
from datetime import timedelta
import numpy as np
from django.utils import timezone
from trafficking.campaigns.models import Campaign, IntakeCapacity, ReportTally

rng = np.random.default_rng(7)
today = timezone.localdate()
regions = [f"PV{n}" for n in range(20, 32)]
forms = ["sexual", "labour", "criminal", ""]
rows = []
for offset in range(730, 0, -1):
    day = today - timedelta(days=offset)
    for region in regions:
        for form in forms:
            count = int(rng.poisson(0.8))
            if count:
                rows.append(
                    ReportTally(day=day, region=region, form=form, kind="report", count=count)
                )
ReportTally.objects.bulk_create(rows, batch_size=5000)
for i, region in enumerate(regions[:6]):
    start = today - timedelta(days=400 - 40 * i)
    Campaign.objects.create(
        slug=f"bench-earlier-{i}", name=f"Eerdere campagne {i}", origin="registered",
        audiences=["citizens"], forms=["labour"], areas=[region], starts_on=start,
        ends_on=start + timedelta(days=34), call_to_action="report", moderation="published",
    )
for i, region in enumerate(regions[6:]):
    start = today + timedelta(days=20 * i)
    Campaign.objects.create(
        slug=f"bench-planned-{i}", name=f"Geplande campagne {i}", origin="registered",
        audiences=["citizens", "youth"], forms=["sexual"], areas=[region], starts_on=start,
        ends_on=start + timedelta(days=41), call_to_action="report", moderation="published",
    )
IntakeCapacity.objects.create(effective_from=today, hours_per_week=40, minutes_per_report=45)
print(len(rows))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    wrk = ensure_wrk()

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        env = prepare_environment(workdir, database_url=None)
        tallies = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-v0", "-c", SEED],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        port = free_port()
        server = start_gunicorn(env, port, workers=args.workers)
        try:
            base = f"http://127.0.0.1:{port}"
            pages = {
                "trivial": ["/api/v1/health"],
                "coverage": [
                    "/nl/campagnes/dekking/",
                    "/nl/campagnes/dekking/?regio=PV31",
                    "/en/campaigns/coverage/?regio=PV27",
                ],
                "calendar": ["/nl/campagnes/kalender/", "/nl/campagnes/kalender/?van=2027-01"],
            }
            warm = argparse.Namespace(connections=args.connections, duration=3)
            for paths in pages.values():
                run_wrk(wrk, base, paths, workdir, warm)
            results = {
                name: run_wrk(wrk, base, paths, workdir, args) for name, paths in pages.items()
            }
        finally:
            stop(server)

    trivial = results["trivial"]
    summary = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["bench/campaign_pages_load.py", *sys.argv[1:]]),
        "gunicorn_workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration,
        "report_tallies": int(tallies or 0),
        **results,
        "p95_vs_trivial": {
            name: round(results[name]["p95_ms"] / trivial["p95_ms"], 2)
            for name in ("coverage", "calendar")
        },
        "targets": {"p95_ms_below": 50},
    }
    summary["targets_met"] = all(
        results[name]["p95_ms"] < 50
        and results[name]["non_2xx"] == 0
        and results[name]["socket_errors"] == 0
        for name in ("coverage", "calendar")
    )
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
