"""Load benchmark: the route endpoint against a trivial JSON endpoint.

Starts gunicorn (2 workers, as the issue asks) on a fresh SQLite database with
the reference data, then drives both endpoints with wrk (Debian package) at
32 concurrent connections, in the same run, and prints a JSON summary.

    .venv/bin/python bench/route_load.py [--duration 20] [--connections 32]
    ROUTE_ANSWER_CACHE_SIZE=0 .venv/bin/python bench/route_load.py   # memo off

wrk is C, so the load generator takes little of the two cores; it is installed
with apt-get when missing and the script runs as root.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from common import ROOT, free_port, prepare_environment, start_gunicorn, stop

LUA = r"""
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "socket_errors": %%d, "non_2xx": %%d, ' ..
    '"p50_ms": %%.3f, "p95_ms": %%.3f, "p99_ms": %%.3f, "max_ms": %%.3f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""

ROLES = ["", "victim", "citizen", "professional", "organisation"]
FORMS = ["", "sexual", "labour", "criminal", "organ_removal", "unknown"]
NEEDS = ["", "report", "complaint", "advice", "help", "shelter", "anonymous", "knowledge"]


def route_paths(municipalities: list[str], count: int = 2000) -> list[str]:
    """A fixed, seeded mix of realistic questions (names and codes, flags)."""
    rng = random.Random(42)
    paths = []
    for _ in range(count):
        params = {
            "role": rng.choice(ROLES),
            "form": rng.choice(FORMS),
            "need": rng.choice(NEEDS),
            "municipality": rng.choice([*municipalities, "", "abroad"]),
            "acute": rng.choice(["", "true"]) if rng.random() < 0.2 else "",
            "minor": "true" if rng.random() < 0.15 else "",
        }
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v})
        paths.append("/api/v1/route" + (f"?{query}" if query else ""))
    return paths


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return shutil.which("wrk") or sys.exit("wrk not found after install")
    sys.exit("wrk is needed: apt-get install wrk")


def run_wrk(wrk: str, url: str, paths: list[str], workdir: Path, args) -> dict:
    paths_file = workdir / f"paths-{abs(hash(tuple(paths[:3])))}.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    script = workdir / "bench.lua"
    script.write_text(LUA % {"paths": paths_file})
    out = subprocess.run(
        [wrk, "-t2", f"-c{args.connections}", f"-d{args.duration}s", "-s", str(script), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["requests_per_s"] = round(result["requests"] / (result["duration_us"] / 1e6), 1)
    return result


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
        codes = subprocess.run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "shell",
                "-v0",
                "-c",
                "from trafficking.geography.models import Municipality as M;"
                "print('\\n'.join(M.objects.values_list('name', flat=True)))",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split("\n")
        port = free_port()
        server = start_gunicorn(env, port, workers=args.workers)
        try:
            base = f"http://127.0.0.1:{port}"
            trivial_paths = ["/api/v1/health"]
            mix = route_paths([c for c in codes if c])
            # Warm both workers (imports, snapshot) before measuring.
            warm = argparse.Namespace(connections=args.connections, duration=3)
            run_wrk(wrk, base, mix, workdir, warm)
            trivial = run_wrk(wrk, base, trivial_paths, workdir, args)
            routed = run_wrk(wrk, base, mix, workdir, args)
        finally:
            stop(server)

    summary = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["bench/route_load.py", *sys.argv[1:]]),
        "gunicorn_workers": args.workers,
        "route_answer_cache_size": int(os.environ.get("ROUTE_ANSWER_CACHE_SIZE", "4096")),
        "connections": args.connections,
        "duration_s": args.duration,
        "trivial": trivial,
        "route": routed,
        "route_vs_trivial_throughput": round(
            routed["requests_per_s"] / trivial["requests_per_s"], 3
        ),
        "targets": {
            "throughput_ratio_at_least": 0.5,
            "route_p95_ms_below": 25,
        },
    }
    summary["targets_met"] = (
        summary["route_vs_trivial_throughput"] >= 0.5
        and routed["p95_ms"] < 25
        and routed["non_2xx"] == 0
        and routed["socket_errors"] == 0
    )
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
