"""Run Splink (DuckDB backend) on the benchmark's reports: deterministic
linking with exact-match rules on the same normalised identifiers our linker
uses, then clustering. Runs in bench/.venv-splink (make bench-deps).

    bench/.venv-splink/bin/python bench/linking/splink_run.py reports.jsonl

Prints one JSON line: {"seconds", "pairs", "clusters": {id: cluster}}.
"""

import json
import sys
import time

import duckdb
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI

TYPES = ["phone", "postcode", "plate", "email", "url", "iban", "kvk"]


def main(path: str) -> None:
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE reports AS SELECT * FROM read_json(?, format = 'newline_delimited')", [path]
    )
    started = time.perf_counter()
    api = DuckDBAPI(connection=connection)
    table = api.register("reports")
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on(column, arrays_to_explode=[column]) for column in TYPES
        ],
        comparisons=[cl.ArrayIntersectAtSizes(column, [1]) for column in TYPES],
    )
    linker = Linker(table, settings)
    pairs = linker.inference.deterministic_link()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, None)
    result = clusters.as_dict()
    elapsed = time.perf_counter() - started
    n_pairs = len(pairs.as_duckdbpyrelation().fetchall())
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 2),
                "pairs": n_pairs,
                "clusters": {
                    str(k): str(v)
                    for k, v in zip(result["unique_id"], result["cluster_id"], strict=True)
                },
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
