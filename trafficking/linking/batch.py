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
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from .engine import DEFAULT_HUB_THRESHOLD, NO_EVIDENCE, Evidence, link_all, paused_gc
from .keys import Key
from .normalise import report_keys
from .suggestions import suggest

# A summary names at most this many reports per case or hub (--json has all).
SHOWN = 20


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
    lines: Iterable[str], evidence: dict[str, Evidence] | None = None
) -> tuple[list[tuple[str, tuple[Key, ...]]], list[dict[str, object]]]:
    """Records and bad lines; fills ``evidence`` (id → (source, received_at))
    for the lines that carry it."""
    records: list[tuple[str, tuple[Key, ...]]] = []
    errors: list[dict[str, object]] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            errors.append({"line": number, "error": f"not JSON: {error.msg}"})
            continue
        except ValueError as error:
            # Valid JSON Python will not read, such as an integer of over
            # 4300 digits: reported like any other unreadable line.
            errors.append({"line": number, "error": f"not JSON: {error}"})
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
        items = record.get("items")
        text = record.get("text")
        keys = report_keys(
            items if isinstance(items, list) else [], text if isinstance(text, str) else ""
        )
        records.append((report_id, keys))
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


def summary(result: dict) -> Iterator[str]:
    """The result of ``link_lines`` as text for a person (link_file without --json)."""
    cases, hubs, suggestions = result["cases"], result["hubs"], result["suggestions"]
    unlinked, errors = result["unlinked"], result["errors"]
    total = sum(len(case) for case in cases) + len(unlinked)
    yield (
        f"{total} report(s): {len(cases)} case(s), {len(hubs)} hub(s), "
        f"{len(suggestions)} suggestion(s), {len(unlinked)} unlinked, {len(errors)} bad line(s)."
    )
    if cases:
        yield ""
        yield "Cases (reports sharing a strong identifier):"
    for case in cases:
        yield f"  {_names(case)}"
        for link in result["links"]:
            if link["case"] == case[0]:
                yield f"    {link['key_type']}: {_names(link['reports'])}"
    if hubs:
        yield ""
        yield "Hubs (too common to link):"
    for hub in hubs:
        yield f"  {hub['key_type']} from {hub['sources']} source(s): {_names(hub['reports'])}"
    if suggestions:
        yield ""
        yield "Suggestions (look-alike names, for a person to judge):"
    for found in suggestions:
        yield (
            f"  {_names(found['reports'])}: {found['key_type']}, score {found['score']}, "
            f"block {found['block']}"
        )
    by_reason: dict[str, list] = {}
    for report in unlinked:
        by_reason.setdefault(report["reason"], []).append(report["id"])
    if by_reason:
        yield ""
        yield "Unlinked:"
    for reason, reports in sorted(by_reason.items()):
        yield f"  {reason}: {_names(reports)}"
    if errors:
        yield ""
        yield "Bad lines:"
    for error in errors:
        yield f"  line {error['line']}: {error['error']}"


def _names(reports: list) -> str:
    shown = ", ".join(str(r) for r in reports[:SHOWN])
    more = len(reports) - SHOWN
    return f"{shown} (and {more} more)" if more > 0 else shown
