"""Load and crash test of the reporting point (issue 3).

For SQLite and PostgreSQL (a temporary cluster, fsync on), against gunicorn
with 2 sync workers on loopback:

1. burst: 1,000 submissions sent at the same moment (1,000 client threads
   released by a barrier); every acknowledged (201) receipt must be in the
   database afterwards;
2. crash: submissions at 64 concurrent clients while the whole gunicorn
   process group is killed with SIGKILL; every receipt acknowledged before
   the kill must be in the database;
3. sustained: wrk posts reports for --duration seconds at 32 connections;
   reports per second (all 201, each sealed with its own key);
4. receipt check: the cost of finding a report by its code (HMAC + indexed
   lookup), in process.

    .venv/bin/python bench/report_load.py [--databases sqlite,postgresql] [--duration 20]

Prints one JSON document; docs/benchmarks.md records the figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from common import (
    ROOT,
    free_port,
    kill_hard,
    prepare_environment,
    start_gunicorn,
    stop,
    temporary_postgres,
)

WORDS = [
    "kas",
    "nacht",
    "loon",
    "paspoort",
    "busje",
    "woning",
    "schuld",
    "bureau",
    "uitzend",
    "kamer",
    "bed",
    "telefoon",
    "advertentie",
    "hotel",
    "nagelstudio",
    "restaurant",
]


def report_body(rng: random.Random) -> bytes:
    items = [
        {"type": "phone", "value": f"06-{rng.randint(10_000_000, 99_999_999)}"},
        {
            "type": "plate",
            "value": f"{rng.choice('GHJKLN')}{rng.choice('GHJKLN')}-"
            f"{rng.randint(100, 999)}-{rng.choice('BDFGHJ')}",
        },
        {"type": "address", "value": f"{rng.randint(1000, 9999)} AB {rng.randint(1, 200)}"},
    ][: rng.randint(1, 3)]
    body = {
        "text": " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120))),
        "form": rng.choice(["sexual", "labour", "criminal", "unknown", ""]),
        "municipality": rng.choice(["GM0193", "GM0363", "GM0599", "GM0344", ""]),
        "items": items,
        "acute": rng.random() < 0.05,
        "minor": rng.random() < 0.1,
        "language": rng.choice(["nl", "en", "pl", "ro", "bg", "uk", "ar"]),
        "consents": {"care": True, "police": rng.random() < 0.5},
    }
    return json.dumps(body).encode()


def post_report(port: int, body: bytes, timeout: float = 180) -> str | None:
    """Submit once; the receipt when acknowledged with 201, else None."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("POST", "/api/v1/reports", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        if response.status == 201:
            return json.loads(data)["receipt"]
    except (OSError, http.client.HTTPException, ValueError):
        return None
    return None


SETUP = (
    "import django, json, os;"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
    "django.setup();"
)


def count_in_database(env: dict, receipts: list[str]) -> int:
    """How many of these receipts have a report (checked with Django, as the app does)."""
    path = Path(env["VAR_DIR"]) / "receipts.json"
    path.write_text(json.dumps(receipts))
    script = (
        SETUP + "from trafficking.reports import receipts as r;"
        "from trafficking.reports.models import Report;"
        f"codes = json.load(open({str(path)!r}));"
        "digests = [r.digest(c) for c in codes];"
        "found = 0\n"
        "for i in range(0, len(digests), 500):\n"
        "    found += Report.objects.filter(receipt_hash__in=digests[i:i+500]).count()\n"
        "print(found)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.strip().splitlines()[-1])


def burst(env: dict, port: int, n: int) -> dict:
    bodies = [report_body(random.Random(i)) for i in range(n)]
    barrier = threading.Barrier(n)
    receipts: list[str | None] = [None] * n

    def client(i: int) -> None:
        barrier.wait()
        receipts[i] = post_report(port, bodies[i])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(n)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    acknowledged = [r for r in receipts if r]
    found = count_in_database(env, acknowledged)
    return {
        "sent": n,
        "acknowledged": len(acknowledged),
        "failed": n - len(acknowledged),
        "acknowledged_in_database": found,
        "all_acknowledged_stored": found == len(acknowledged),
        "seconds": round(elapsed, 2),
    }


def crash(env: dict, port: int, server, clients: int, kill_after: float) -> dict:
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop_flag = threading.Event()
    attempts = [0]

    def client(seed: int) -> None:
        rng = random.Random(10_000 + seed)
        while not stop_flag.is_set():
            receipt = post_report(port, report_body(rng), timeout=10)
            with lock:
                attempts[0] += 1
                if receipt:
                    acknowledged.append(receipt)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    time.sleep(kill_after)
    with lock:
        before_kill = len(acknowledged)
    kill_hard(server)
    time.sleep(0.5)
    stop_flag.set()
    for t in threads:
        t.join()
    found = count_in_database(env, acknowledged)
    return {
        "clients": clients,
        "killed_after_s": kill_after,
        "acknowledged_before_kill": before_kill,
        "acknowledged_total": len(acknowledged),
        "attempts": attempts[0],
        "acknowledged_in_database": found,
        "all_acknowledged_stored": found == len(acknowledged),
    }


LUA = r"""
local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/reports", {["Content-Type"] = "application/json"},
                    bodies[(counter %% #bodies) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "socket_errors": %%d, "non_2xx": %%d, ' ..
    '"p50_ms": %%.3f, "p95_ms": %%.3f, "p99_ms": %%.3f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def sustained(workdir: Path, port: int, duration: int, connections: int) -> dict:
    wrk = shutil.which("wrk") or sys.exit("wrk is needed: apt-get install wrk")
    bodies = workdir / "bodies.jsonl"
    bodies.write_text(
        "\n".join(report_body(random.Random(50_000 + i)).decode() for i in range(500)) + "\n"
    )
    script = workdir / "post.lua"
    script.write_text(LUA % {"bodies": bodies})
    out = subprocess.run(
        [
            wrk,
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["reports_per_s"] = round(
        (result["requests"] - result["non_2xx"]) / (result["duration_us"] / 1e6), 1
    )
    return result


def receipt_check_cost(env: dict, n: int = 5000) -> dict:
    script = (
        SETUP + "import time; from trafficking.reports import receipts, followup;"
        "from trafficking.reports.models import Report;"
        f"codes = [receipts.new_code() for _ in range({n})];"
        "t = time.perf_counter();"
        "[receipts.digest(c) for c in codes];"
        "digest_us = (time.perf_counter() - t) / len(codes) * 1e6;"
        "t = time.perf_counter();"
        "[followup.find_by_receipt(c) for c in codes];"
        "lookup_us = (time.perf_counter() - t) / len(codes) * 1e6;"
        "print(round(digest_us, 2), round(lookup_us, 1), Report.objects.count())"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return {
        "hmac_us": float(out[0]),
        "find_by_receipt_us": float(out[1]),
        "reports_in_table": int(out[2]),
    }


def run_one(database: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        workdir = Path(tmp)
        pg = temporary_postgres() if database == "postgresql" else None
        url = pg.__enter__() if pg else None
        try:
            env = prepare_environment(workdir, url)
            port = free_port()
            server = start_gunicorn(env, port, workers=args.workers)
            try:
                result = {"burst": burst(env, port, args.burst)}
                result["sustained"] = sustained(workdir, port, args.duration, args.connections)
                result["crash"] = crash(env, port, server, args.crash_clients, args.kill_after)
            finally:
                stop(server)
            result["receipt_check"] = receipt_check_cost(env)
            return result
        finally:
            if pg:
                pg.__exit__(None, None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--crash-clients", type=int, default=64)
    parser.add_argument("--kill-after", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["bench/report_load.py", *sys.argv[1:]]),
        "gunicorn_workers": args.workers,
    }
    for database in args.databases.split(","):
        results[database] = run_one(database, args)
    results["targets"] = {"reports_per_s_at_least": 100}
    results["targets_met"] = all(
        results[db]["sustained"]["reports_per_s"] >= 100
        and results[db]["burst"]["all_acknowledged_stored"]
        and results[db]["crash"]["all_acknowledged_stored"]
        for db in args.databases.split(",")
    )
    print(json.dumps(results, indent=2))
    if not results["targets_met"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
