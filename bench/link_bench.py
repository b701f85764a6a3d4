"""Case-linking benchmark (issue 4): speed, memory and accuracy at 10k, 100k
and 1M synthetic reports, against a naive all-pairs baseline and Splink.

    .venv/bin/python bench/link_bench.py [--sizes 10000,100000,1000000] [--splink]

Each size runs in its own process so its peak memory is its own. Phases:
normalise, link (the live incremental Linker, one report at a time), cluster
(reading the cases), in one process with the cyclic garbage collector paused
as for any batch run (linking creates no reference cycles; with the
collector on, its full-heap scans cost more than the work itself).
Accuracy is measured against the generator's truth (pairwise and B-cubed).
At the largest size, 1,000 more reports are inserted one by one into the
built index and each insert (normalise + link) is timed.

Splink (on DuckDB) runs from its own virtualenv (bench/.venv-splink, made by
`make bench-deps`) on the same 100k data with exact-match rules on the same
normalised identifiers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from linking.generator import generate  # noqa: E402
from linking.metrics import labels_from_cases, scores  # noqa: E402

from trafficking.linking.engine import Linker, paused_gc  # noqa: E402
from trafficking.linking.normalise import report_keys  # noqa: E402

STRONG_TYPES = ("phone", "postcode", "plate", "email", "url", "iban", "kvk")


def normalise_all(records):
    return [report_keys(items) for _id, items in records]


def peak_rss_mib() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"main_process": round(own), "largest_worker": round(children)}


def run_size(n: int, seed: int, inserts: int) -> dict:
    started = time.perf_counter()
    data = generate(n + inserts, seed=seed)
    order = list(range(len(data.records)))
    random.Random(seed).shuffle(order)  # inserts are random members of random cases
    records = [data.records[i] for i in order]
    base, extra = records[:n], records[n:]
    truth = {r: data.truth[r] for r, _items in base}
    generated = time.perf_counter() - started

    with paused_gc():
        t0 = time.perf_counter()
        keys = normalise_all(base)
        t1 = time.perf_counter()
        linker = Linker()
        for (report, _items), report_keys_ in zip(base, keys, strict=True):
            linker.add(report, report_keys_)
        t2 = time.perf_counter()
        cases = linker.cases()
        t3 = time.perf_counter()
    accuracy = scores(labels_from_cases(cases, truth), truth)

    latencies = []
    # Inserts run with the collector on, as in the live service.
    for report, items in extra:
        a = time.perf_counter_ns()
        linker.add(report, report_keys(items))
        latencies.append((time.perf_counter_ns() - a) / 1e6)
    latencies.sort()
    n_keys = sum(len(k) for k in keys)
    return {
        "reports": n,
        "keys": n_keys,
        "true_cases_2plus": sum(1 for c in _true_cases(truth) if len(c) > 1),
        "found_cases_2plus": len(cases),
        "hubs": len(linker.hubs),
        "seconds": {
            "generate_not_counted": round(generated, 2),
            "normalise": round(t1 - t0, 2),
            "link": round(t2 - t1, 2),
            "cluster": round(t3 - t2, 2),
            "end_to_end": round(t3 - t0, 2),
        },
        "peak_rss_mib": peak_rss_mib(),
        "accuracy": accuracy,
        "incremental_insert_ms": {
            "inserts": len(latencies),
            "p50": round(latencies[len(latencies) // 2], 3) if latencies else None,
            "p99": round(latencies[int(len(latencies) * 0.99) - 1], 3) if latencies else None,
            "max": round(latencies[-1], 3) if latencies else None,
        },
    }


def _true_cases(truth: dict):
    groups: dict = {}
    for report, case in truth.items():
        groups.setdefault(case, []).append(report)
    return groups.values()


def naive_all_pairs(n: int, seed: int) -> dict:
    """Compare every pair of reports' strong keys: the quadratic baseline."""
    data = generate(n, seed=seed)
    strong = [frozenset(k for k in report_keys(items) if k.strong) for _r, items in data.records]
    t0 = time.perf_counter()
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(n):
        keys_i = strong[i]
        if not keys_i:
            continue
        for j in range(i + 1, n):
            if not keys_i.isdisjoint(strong[j]):
                parent[find(j)] = find(i)
    elapsed = time.perf_counter() - t0
    return {"reports": n, "link_seconds": round(elapsed, 2)}


def splink_input(n: int, seed: int, path: Path) -> dict:
    """The same n reports as rows of arrays of normalised strong values."""
    data = generate(n, seed=seed)
    rows = []
    for report, items in data.records:
        row = {"unique_id": report, **{t: [] for t in STRONG_TYPES}}
        for key in report_keys(items):
            if key.strong and key.type in row:
                row[key.type].append(key.value)
        rows.append(row)
    path.write_text("\n".join(json.dumps(r) for r in rows))
    return data.truth


def run_splink(n: int, seed: int) -> dict:
    python = ROOT / "bench" / ".venv-splink" / "bin" / "python"
    if not python.exists():
        return {"skipped": "run `make bench-deps` to install Splink into bench/.venv-splink"}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "reports.jsonl"
        truth = splink_input(n, seed, source)
        out = subprocess.run(
            [str(python), str(ROOT / "bench" / "linking" / "splink_run.py"), str(source)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    clusters = result.pop("clusters")
    label = {int(r): c for r, c in clusters.items()}
    result["accuracy"] = scores({r: label.get(r, ("single", r)) for r in truth}, truth)
    return result


def our_link_only(n: int, seed: int) -> dict:
    """Our link + cluster on already-normalised values, to compare with Splink."""
    data = generate(n, seed=seed)
    with paused_gc():
        keys = normalise_all(data.records)
        t0 = time.perf_counter()
        linker = Linker()
        for (report, _items), k in zip(data.records, keys, strict=True):
            linker.add(report, k)
        cases = linker.cases()
        elapsed = time.perf_counter() - t0
    return {
        "link_and_cluster_seconds": round(elapsed, 2),
        "accuracy": scores(labels_from_cases(cases, data.truth), data.truth),
    }


def in_subprocess(function: str, *args) -> dict:
    code = (
        f"import json, sys; sys.path.insert(0, {str(ROOT / 'bench')!r});"
        f"import link_bench as b; print(json.dumps(b.{function}(*{list(args)!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--inserts", type=int, default=1000)
    parser.add_argument("--naive", default="2000,5000,10000,20000")
    parser.add_argument("--splink", action="store_true", help="compare with Splink at 100k")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["bench/link_bench.py", *sys.argv[1:]]),
        "cpu_count": os.cpu_count(),
        "sizes": {},
    }
    for n in sizes:
        inserts = args.inserts if n == max(sizes) else 0
        result["sizes"][str(n)] = in_subprocess("run_size", n, args.seed, inserts)
        print(f"done {n}", file=sys.stderr)
    naive = [in_subprocess("naive_all_pairs", int(n), args.seed) for n in args.naive.split(",")]
    largest = naive[-1]
    # Quadratic: time grows with n^2; extrapolate from the largest measured size.
    per_pair = largest["link_seconds"] / (largest["reports"] ** 2)
    result["naive_all_pairs"] = {
        "measured": naive,
        "extrapolated_seconds": {str(n): round(per_pair * n * n, 1) for n in sizes},
    }
    for n in sizes:
        ours = (
            result["sizes"][str(n)]["seconds"]["link"]
            + result["sizes"][str(n)]["seconds"]["cluster"]
        )
        result["naive_all_pairs"].setdefault("speedup_of_ours", {})[str(n)] = round(
            per_pair * n * n / ours, 1
        )
    if args.splink:
        n = 100_000
        splink = run_splink(n, args.seed)
        ours = in_subprocess("our_link_only", n, args.seed)
        result["splink_100k"] = {"splink": splink, "ours": ours}
        if "seconds" in splink:
            result["splink_100k"]["speedup_of_ours"] = round(
                splink["seconds"] / ours["link_and_cluster_seconds"], 1
            )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
