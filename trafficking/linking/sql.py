"""The batch linker as SQL over a (report, key) table, run here on DuckDB.

A deployment that outgrows one machine can run the same statements on a
distributed SQL engine (Spark SQL, Trino, BigQuery): plain joins, GROUP BY
and an iteration until labels stop changing. Rejections are a staff-side
feature of the live linker and are not part of the batch run.

Hubs from per-report evidence (a source tag and a time, see
engine.source_groups) are the exception: grouping a key's holders into
sources joins two relations (same tag, chained time windows) into connected
components, which in SQL would be a second label propagation per candidate
key. Candidates are few (keys in more reports than the threshold), so with
evidence SQL computes the candidates, their holders and which holders are
coherent, and the engine's own ``hub_decision`` decides in Python; the hubs
go back into the ``hubs`` table for the rest of the statements. Without
evidence every report is its own source and the decision stays in SQL.

Connected components by label propagation: every report starts with its
own id as label; each round a report takes the smallest label among its
neighbours, then labels jump to their label's label (pointer jumping), so
the number of rounds grows with the logarithm of a case's size.
"""

from __future__ import annotations

from collections.abc import Iterable

try:
    import duckdb
except ModuleNotFoundError as missing:  # DuckDB is the optional [batch] extra
    raise ModuleNotFoundError(
        "The SQL batch linker needs DuckDB: install the [batch] extra "
        "(make install-batch, pip install --require-hashes -r requirements-batch.lock, "
        "or pip install -e .[batch]).",
        name="duckdb",
    ) from missing

from .engine import DEFAULT_SOURCE_WINDOW, NO_EVIDENCE, Evidence, hub_decision, source_groups
from .keys import Key

STATEMENTS = {
    # Keys past the count threshold; with a coherence rule, only those whose
    # reports mostly share nothing else (see engine.coherence).
    "candidates": """
        CREATE OR REPLACE TEMP TABLE candidates AS
        SELECT key, count(DISTINCT report) AS df FROM report_keys WHERE strong
        GROUP BY key HAVING count(DISTINCT report) > $threshold
    """,
    "hubs_by_count": "CREATE OR REPLACE TEMP TABLE hubs AS SELECT key FROM candidates",
    # Per candidate: its holders, and whether each shares another strong key
    # with another holder (engine.coherent_reports).
    "candidate_holders": """
        CREATE OR REPLACE TEMP TABLE candidate_holders AS
        WITH holders AS (
            SELECT DISTINCT c.key AS hub, rk.report
            FROM candidates c JOIN report_keys rk ON rk.key = c.key AND rk.strong
        ),
        others AS (
            SELECT DISTINCT h.hub, h.report, rk.key AS other
            FROM holders h JOIN report_keys rk
              ON rk.report = h.report AND rk.strong AND rk.key <> h.hub
        ),
        coherent AS (
            SELECT DISTINCT a.hub, a.report
            FROM others a JOIN others b
              ON a.hub = b.hub AND a.other = b.other AND a.report <> b.report
        )
        SELECT h.hub, h.report, c.report IS NOT NULL AS coherent
        FROM holders h LEFT JOIN coherent c ON c.hub = h.hub AND c.report = h.report
    """,
    "hubs_by_coherence": """
        CREATE OR REPLACE TEMP TABLE hubs AS
        SELECT c.key FROM candidates c
        LEFT JOIN (
            SELECT hub, count(*) FILTER (WHERE coherent) AS n FROM candidate_holders GROUP BY hub
        ) x ON x.hub = c.key
        WHERE coalesce(x.n, 0) < $coherence * c.df
    """,
    "read_candidate_holders": "SELECT hub, report, coherent FROM candidate_holders",
    "hubs_table": "CREATE OR REPLACE TEMP TABLE hubs (key VARCHAR)",
    "anchors": """
        CREATE OR REPLACE TEMP TABLE anchors AS
        SELECT key, min(report) AS anchor FROM report_keys
        WHERE strong AND key NOT IN (SELECT key FROM hubs)
        GROUP BY key HAVING count(DISTINCT report) > 1
    """,
    "edges": """
        CREATE OR REPLACE TEMP TABLE edges AS
        SELECT DISTINCT rk.report AS a, an.anchor AS b
        FROM report_keys rk JOIN anchors an ON rk.key = an.key
        WHERE rk.strong AND rk.report <> an.anchor
        UNION
        SELECT DISTINCT an.anchor AS a, rk.report AS b
        FROM report_keys rk JOIN anchors an ON rk.key = an.key
        WHERE rk.strong AND rk.report <> an.anchor
    """,
    "labels": """
        CREATE OR REPLACE TEMP TABLE labels AS
        SELECT DISTINCT a AS report, a AS label FROM edges
    """,
    "propagate": """
        CREATE OR REPLACE TEMP TABLE next_labels AS
        SELECT l.report, least(l.label, coalesce(min(n.label), l.label)) AS label
        FROM labels l
        LEFT JOIN edges e ON e.a = l.report
        LEFT JOIN labels n ON n.report = e.b
        GROUP BY l.report, l.label
    """,
    "jump": """
        CREATE OR REPLACE TEMP TABLE jumped AS
        SELECT n.report, least(n.label, p.label) AS label
        FROM next_labels n JOIN next_labels p ON p.report = n.label
    """,
    "changed": """
        SELECT count(*) FROM jumped j JOIN labels l USING (report) WHERE j.label <> l.label
    """,
    "swap": "CREATE OR REPLACE TEMP TABLE labels AS SELECT * FROM jumped",
    "cases": """
        SELECT list(report ORDER BY report) AS reports FROM labels
        GROUP BY label HAVING count(*) > 1
    """,
    "hub_reports": """
        SELECT rk.key, list(DISTINCT rk.report ORDER BY rk.report)
        FROM report_keys rk JOIN hubs USING (key) GROUP BY rk.key
    """,
}


def link_with_sql(
    records: Iterable[tuple[str, Iterable[Key]]],
    hub_threshold: int,
    hub_coherence: float | None = 0.5,
    max_rounds: int = 64,
    evidence: dict | None = None,
    source_window: float = DEFAULT_SOURCE_WINDOW,
) -> dict:
    """Cases (lists of report ids, sorted) and hubs from (report, keys) records;
    ``evidence`` as for engine.link_all (report → (source tag, received_at))."""
    rows = [(str(report), key.token, key.strong) for report, keys in records for key in set(keys)]
    connection = duckdb.connect()
    try:
        connection.execute(
            "CREATE TEMP TABLE report_keys (report VARCHAR, key VARCHAR, strong BOOLEAN)"
        )
        if rows:
            connection.executemany("INSERT INTO report_keys VALUES (?, ?, ?)", rows)
        connection.execute(STATEMENTS["candidates"], {"threshold": hub_threshold})
        if evidence:
            hub_keys = _hubs_from_evidence(
                connection, evidence, hub_threshold, hub_coherence, source_window
            )
            connection.execute(STATEMENTS["hubs_table"])
            if hub_keys:
                connection.executemany("INSERT INTO hubs VALUES (?)", [(k,) for k in hub_keys])
        elif hub_coherence is None:
            connection.execute(STATEMENTS["hubs_by_count"])
        else:
            connection.execute(STATEMENTS["candidate_holders"])
            connection.execute(STATEMENTS["hubs_by_coherence"], {"coherence": hub_coherence})
        for name in ("anchors", "edges", "labels"):
            connection.execute(STATEMENTS[name])
        for _round in range(max_rounds):
            connection.execute(STATEMENTS["propagate"])
            connection.execute(STATEMENTS["jump"])
            # count(*) always gives one row; the fallback only satisfies the type.
            (changed,) = connection.execute(STATEMENTS["changed"]).fetchone() or (0,)
            connection.execute(STATEMENTS["swap"])
            if changed == 0:
                break
        cases = [sorted(r[0]) for r in connection.execute(STATEMENTS["cases"]).fetchall()]
        hubs = {
            key: sorted(reports)
            for key, reports in connection.execute(STATEMENTS["hub_reports"]).fetchall()
        }
    finally:
        connection.close()
    return {"cases": sorted(cases, key=lambda c: (-len(c), c[0])), "hubs": hubs}


def _hubs_from_evidence(
    connection, evidence: dict, threshold: int, min_coherence: float | None, window: float
) -> list[str]:
    """Decide the candidate hubs with the engine's rule (see the module docstring)."""
    by_id: dict[str, Evidence] = {str(r): e for r, e in evidence.items()}
    holders: dict[str, list[tuple[str, bool]]] = {}
    connection.execute(STATEMENTS["candidate_holders"])
    for hub, report, is_coherent in connection.execute(
        STATEMENTS["read_candidate_holders"]
    ).fetchall():
        holders.setdefault(hub, []).append((report, is_coherent))
    hubs = []
    for hub, rows in holders.items():
        groups = source_groups(
            [(report, *by_id.get(report, NO_EVIDENCE)) for report, _c in rows], window
        )
        coherent = {report for report, is_coherent in rows if is_coherent}
        if hub_decision(groups, coherent, threshold, min_coherence):
            hubs.append(hub)
    return hubs
