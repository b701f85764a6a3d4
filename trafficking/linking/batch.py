"""Linking a file of reports from elsewhere with the live linker's code.

Input: one JSON object per line, ``{"id", "text", "items": [{"type", "value"}]}``,
optionally with ``"source"`` (any string naming where the report came from:
a client, a channel, an import batch) and ``"received_at"`` (ISO 8601; a time
without an offset is taken as UTC). They decide which reports count as one
source for hub detection (engine.source_groups): reports with the same
source, or received within the source window of each other, are one source.
A line without them is a source of its own, so a file without them is linked
exactly as before. Nothing is stored. Lines that cannot be read are
reported, not fatal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from .engine import DEFAULT_HUB_THRESHOLD, NO_EVIDENCE, Evidence, link_all, paused_gc
from .normalise import report_keys
from .suggestions import suggest


def _evidence(record: dict) -> Evidence:
    """(source, received_at in seconds) of a line; raises ValueError when unreadable."""
    source = record.get("source", "")
    if source is None:
        source = ""
    if not isinstance(source, str | int):
        raise ValueError("source must be a string")
    received = record.get("received_at")
    seconds = None
    if received not in (None, ""):
        if not isinstance(received, str):
            raise ValueError("received_at must be an ISO 8601 time")
        try:
            moment = datetime.fromisoformat(received)
        except ValueError:
            raise ValueError("received_at must be an ISO 8601 time") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        seconds = moment.timestamp()
    return (str(source), seconds)


def read_records(
    lines: Iterable[str], evidence: dict | None = None
) -> tuple[list[tuple[str, list]], list[dict]]:
    """Records and bad lines; fills ``evidence`` (id → (source, received_at))
    for the lines that carry it."""
    records, errors, seen = [], [], set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            errors.append({"line": number, "error": f"not JSON: {error.msg}"})
            continue
        if not isinstance(record, dict) or not isinstance(record.get("id"), str | int):
            errors.append({"line": number, "error": "needs an object with an id"})
            continue
        report_id = str(record["id"])
        if report_id in seen:
            errors.append({"line": number, "error": f"duplicate id {report_id!r}"})
            continue
        try:
            found = _evidence(record)
        except ValueError as error:
            errors.append({"line": number, "error": str(error)})
            continue
        seen.add(report_id)
        if evidence is not None and found != NO_EVIDENCE:
            evidence[report_id] = found
        items = record.get("items") if isinstance(record.get("items"), list) else []
        text = record.get("text") if isinstance(record.get("text"), str) else ""
        records.append((report_id, report_keys(items, text)))
    return records, errors


def link_lines(lines: Iterable[str], hub_threshold: int = DEFAULT_HUB_THRESHOLD) -> dict:
    with paused_gc():
        evidence: dict[str, Evidence] = {}
        records, errors = read_records(lines, evidence)
        linker = link_all(records, hub_threshold, evidence=evidence)
    cases = linker.cases()
    in_cases = {r for case in cases for r in case}
    return {
        "cases": cases,
        "hubs": [
            {
                "key_type": key.type,
                "reports": sorted(linker.postings[key]),
                "sources": linker.sources_of(key),
            }
            for key, _count in linker.hub_alerts()
        ],
        "suggestions": [s.as_dict() for s in suggest(linker)],
        "unlinked": [
            {"id": r, "reason": linker.why_alone(r)} for r, _keys in records if r not in in_cases
        ],
        "links": [
            {
                "case": case[0],
                "key_type": link.key_type,
                "reports": list(link.reports),
            }
            for case in cases
            for link in linker.explain(case[0])
        ],
        "errors": errors,
    }
