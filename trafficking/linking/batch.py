"""Linking a file of reports from elsewhere with the live linker's code.

Input: one JSON object per line, ``{"id", "text", "items": [{"type", "value"}]}``.
Nothing is stored. Lines that cannot be read are reported, not fatal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .engine import DEFAULT_HUB_THRESHOLD, link_all, paused_gc
from .normalise import report_keys
from .suggestions import suggest


def read_records(lines: Iterable[str]) -> tuple[list[tuple[str, list]], list[dict]]:
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
        seen.add(report_id)
        items = record.get("items") if isinstance(record.get("items"), list) else []
        text = record.get("text") if isinstance(record.get("text"), str) else ""
        records.append((report_id, report_keys(items, text)))
    return records, errors


def link_lines(lines: Iterable[str], hub_threshold: int = DEFAULT_HUB_THRESHOLD) -> dict:
    with paused_gc():
        records, errors = read_records(lines)
        linker = link_all(records, hub_threshold)
    cases = linker.cases()
    in_cases = {r for case in cases for r in case}
    return {
        "cases": cases,
        "hubs": [
            {"key_type": key.type, "reports": sorted(linker.postings[key])}
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
