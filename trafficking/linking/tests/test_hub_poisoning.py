"""Issue 9, point 6: nobody can silence an identifier.

A key stops linking (becomes a hub) when more than LINK_HUB_THRESHOLD
*independent sources* hold it, not reports: reports from one client that
day (the same source tag) or arriving within minutes of each other count as
one. The attack: a dozen anonymous reports repeating a phone number, to stop
genuine reports about it from linking.
"""

import json
import random
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from trafficking.linking.alerts import BURST, FLOOD, HUB, identifier_alerts
from trafficking.linking.batch import link_lines
from trafficking.linking.cases import candidate_case, decide
from trafficking.linking.engine import (
    DEFAULT_SOURCE_WINDOW,
    Linker,
    independent_sources,
    link_all,
    source_groups,
)
from trafficking.linking.index import index_report
from trafficking.linking.keys import Key
from trafficking.linking.sql import link_with_sql
from trafficking.reports.drafts import Item, ReportDraft
from trafficking.reports.models import Report
from trafficking.reports.submission import submit_report
from trafficking.reports.tests.factories import login_with_otp

PHONE = "+31 6 1234 5678"
MINUTE = 60
DAY = 24 * 3600


def tag(n: int) -> str:
    return f"{n:016x}"


def phone(n: int) -> Key:
    return Key("phone", f"+316{n:08d}")


# -- the rule, without a database ---------------------------------------------


def test_one_client_or_one_burst_is_one_source():
    holders = [
        ("a", tag(1), 0.0),
        ("b", tag(1), 5 * DAY),  # same tag: one source, whenever it arrived
        ("c", "", 2 * DAY),
        ("d", "", 2 * DAY + 20 * MINUTE),  # within the window of c
        ("e", tag(2), 2 * DAY + 45 * MINUTE),  # chained: within the window of d
        ("f", "", None),  # nothing known: a source of its own
        ("g", "", None),
        ("h", tag(3), 9 * DAY),
    ]
    assert sorted(source_groups(holders)) == [["a", "b"], ["c", "d", "e"], ["f"], ["g"], ["h"]]
    assert independent_sources(holders) == 5
    assert independent_sources(reversed(holders)) == 5
    # A client switching networks mid-burst stays one source: the two relations join.
    assert independent_sources([("x", tag(7), 0.0), ("y", tag(8), 60.0)]) == 1
    assert independent_sources([], DEFAULT_SOURCE_WINDOW) == 0


def flood_records(flood: int, *, tags: bool, spread: float):
    """Two genuine reports sharing a number, then a flood repeating it."""
    records = [("genuine-1", [phone(1)]), ("genuine-2", [phone(1), phone(2)])]
    evidence = {"genuine-1": (tag(100), 0.0), "genuine-2": ("", 3 * DAY)}
    for i in range(flood):
        report = f"flood-{i:02d}"
        records.append((report, [phone(1), phone(1000 + i)]))
        evidence[report] = (tag(200 + i) if tags else tag(200), 10 * DAY + i * spread)
    return records, evidence


@pytest.mark.parametrize("flood", [12, 30])
def test_a_flood_from_one_client_does_not_make_a_hub_in_any_runner(flood):
    records, evidence = flood_records(flood, tags=False, spread=2 * MINUTE)
    batch = link_all(records, 10, evidence=evidence)
    assert batch.hubs == set()
    assert batch.find("genuine-1") == batch.find("genuine-2")
    assert batch.sources_of(phone(1)) == 3
    live = Linker(10)
    for report, keys in records:
        live.add(report, keys, evidence[report])
    assert live.hubs == set() and live.find("genuine-1") == live.find("genuine-2")
    in_sql = link_with_sql(records, 10, evidence=evidence)
    assert in_sql["hubs"] == {} and in_sql["cases"] == batch.cases()
    # Without the evidence the same flood silences the number (the old rule).
    assert link_all(records, 10).hubs == {phone(1)}


def test_many_networks_within_one_burst_are_one_source():
    records, evidence = flood_records(12, tags=True, spread=3 * MINUTE)
    linker = link_all(records, 10, evidence=evidence)
    assert linker.hubs == set() and linker.sources_of(phone(1)) == 3


def test_independent_sources_over_days_still_make_a_hub_in_every_runner():
    records, evidence = flood_records(12, tags=True, spread=DAY)
    live = Linker(10)
    for report, keys in records:
        live.add(report, keys, evidence[report])
    for linker in (link_all(records, 10, evidence=evidence), live):
        assert linker.hubs == {phone(1)}
        assert linker.find("genuine-1") != linker.find("genuine-2")
    assert set(link_with_sql(records, 10, evidence=evidence)["hubs"]) == {phone(1).token}


def test_a_flood_cannot_dilute_the_coherence_of_a_large_case():
    """The main number of a large case is coherent (its reports share more);
    30 unrelated reports from one client must not tip it into a hub."""
    records, evidence = [], {}
    for i in range(12):
        other = Key("plate", "AB123C") if i % 2 else Key("postcode", "1234AB:12")
        records.append((f"case-{i:02d}", [phone(1), other]))
        evidence[f"case-{i:02d}"] = (tag(i), i * DAY)
    for i in range(30):
        records.append((f"flood-{i:02d}", [phone(1), phone(1000 + i)]))
        evidence[f"flood-{i:02d}"] = (tag(999), 20 * DAY + i * MINUTE)
    linker = link_all(records, 10, evidence=evidence)
    assert linker.hubs == set()
    assert len(linker.case_of("case-00")) == 42
    assert link_with_sql(records, 10, evidence=evidence)["hubs"] == {}


def test_a_confirmed_pair_survives_its_key_becoming_a_hub():
    linker = Linker(hub_threshold=3, hub_coherence=None)
    linker.add("a", [phone(1)])
    linker.add("b", [phone(1)])
    linker.confirm("a", "b")
    for i in range(5):
        linker.add(f"other-{i}", [phone(1)])
    assert linker.hubs == {phone(1)}
    assert linker.case_of("a") == ["a", "b"]
    assert [link.key_type for link in linker.explain("a")] == ["confirmed"]


def test_link_file_reads_source_and_time_and_reports_bad_ones():
    lines = [
        json.dumps({"id": "g1", "items": [{"type": "phone", "value": PHONE}]}),
        json.dumps({"id": "g2", "items": [{"type": "phone", "value": PHONE}]}),
    ]
    for i in range(12):
        lines.append(
            json.dumps(
                {
                    "id": f"f{i}",
                    "text": f"Bel {PHONE}",
                    "source": "one-client",
                    "received_at": f"2026-11-02T10:{i:02d}:00+01:00",
                }
            )
        )
    lines.append(json.dumps({"id": "bad", "received_at": "gisteren"}))
    result = link_lines(lines, 10)
    assert result["hubs"] == []
    assert {"g1", "g2"} <= set(result["cases"][0])
    assert result["errors"] == [{"line": 15, "error": "received_at must be an ISO 8601 time"}]
    # The same lines without the evidence: each is its own source, a hub.
    bare = [json.dumps({"id": json.loads(x)["id"], "text": f"Bel {PHONE}"}) for x in lines[:-1]]
    assert link_lines(bare, 10)["hubs"][0]["sources"] == 14


def random_evidence(seed: int, records) -> dict:
    rng = random.Random(seed)
    evidence = {}
    for report, _keys in records:
        choice = rng.random()
        if choice < 0.2:
            continue  # nothing known
        source = tag(rng.randint(0, 5)) if rng.random() < 0.5 else ""
        # Bursts: times on a coarse grid so windows both chain and break.
        evidence[report] = (source, rng.randint(0, 40) * 20 * MINUTE if choice < 0.8 else None)
    return evidence


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6), st.sampled_from([None, 0.5]))
def test_the_sql_linker_agrees_with_the_engine_on_evidence(seed, threshold, coherence):
    rng = random.Random(seed)
    records = [
        (f"r{i:03d}", [phone(rng.randint(0, 25)) for _ in range(rng.randint(0, 3))])
        for i in range(60)
    ]
    evidence = random_evidence(seed, records)
    in_process = link_all(records, threshold, coherence, evidence)
    shuffled = records[:]
    rng.shuffle(shuffled)
    assert link_all(shuffled, threshold, coherence, evidence).cases() == in_process.cases()
    in_sql = link_with_sql(records, threshold, coherence, evidence=evidence)
    assert in_sql["cases"] == in_process.cases()
    assert set(in_sql["hubs"]) == {key.token for key, _n in in_process.hub_alerts()}


# -- the live index and the console -------------------------------------------


def stored(at, source="", phones=(PHONE,), text="", plate="") -> Report:
    items = [Item("phone", v) for v in phones] + ([Item("plate", plate)] if plate else [])
    draft = ReportDraft(text=text, items=tuple(items))
    receipt = submit_report(draft, now=at, source_tag=source)
    report = Report.objects.get(pk=receipt.report_id)
    index_report(report)
    return report


@pytest.fixture
def genuine(db):
    now = timezone.now()
    a = stored(now - timedelta(days=10), "", phones=(), text="Man met busje, bel 06-12345678")
    b = stored(now - timedelta(days=3), tag(1), phones=(PHONE, "+31 6 2222 3333"), plate="AB-123-C")
    assert candidate_case(a).members == [a.pk, b.pk]
    return a, b


def alert_html(html: str) -> str:
    start = html.index('class="alert identifier-alert"')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize("size", [12, 30])
def test_a_flood_from_one_client_cannot_silence_a_number(client, genuine, size):
    a, b = genuine
    start = timezone.now() - timedelta(hours=2)
    flood = [
        stored(start + timedelta(minutes=2 * i), tag(99), phones=(PHONE, f"+31 6 5555 {i:04d}"))
        for i in range(size)
    ]
    assert {a.pk, b.pk} <= set(candidate_case(a).members)
    assert candidate_case(a).hubs == []
    (alert,) = identifier_alerts(a)
    assert (alert.kind, alert.key_type, alert.reports, alert.sources) == (
        FLOOD,
        "phone",
        size + 2,
        3,
    )
    assert alert.largest_source == size
    login_with_otp(client, "intake")
    html = client.get(f"/intake/meldingen/{a.pk}/").content.decode()
    shown = alert_html(html)
    assert "Mogelijke vloed" in shown and "Telefoonnummer" in shown
    for report in (a, b, *flood):
        assert report.reference in shown
        assert f'href="/intake/meldingen/{report.pk}/"' in shown
    queue = client.get("/intake/").content.decode()
    assert 'data-alert="flood"' in queue


def test_many_networks_within_one_burst_cannot_silence_a_number(genuine):
    a, b = genuine
    start = timezone.now() - timedelta(hours=2)
    for i in range(12):
        stored(
            start + timedelta(minutes=3 * i), tag(200 + i), phones=(PHONE, f"+31 6 5555 {i:04d}")
        )
    assert {a.pk, b.pk} <= set(candidate_case(a).members)
    (alert,) = identifier_alerts(b)
    assert (alert.kind, alert.sources) == (FLOOD, 3)


def test_a_burst_below_the_threshold_is_flagged(genuine):
    a, _b = genuine
    start = timezone.now() - timedelta(hours=1)
    for i in range(6):
        stored(start + timedelta(minutes=i), tag(99), phones=(PHONE, f"+31 6 5555 {i:04d}"))
    (alert,) = identifier_alerts(a)
    assert (alert.kind, alert.reports, alert.sources, alert.largest_source) == (BURST, 8, 3, 6)


def independent_holders(count: int):
    start = timezone.now() - timedelta(days=count + 20)
    return [
        stored(start + timedelta(days=i), tag(300 + i), phones=(PHONE, f"+31 6 7777 {i:04d}"))
        for i in range(count)
    ]


def test_independent_sources_over_days_still_make_a_hub(client, genuine):
    a, b = genuine
    independent_holders(12)
    case = candidate_case(a)
    assert case.members == [a.pk]
    assert case.hubs == [("phone", 14)]
    assert case.alone_reason == "only hub identifiers"
    # b has other strong keys, just none it shares.
    assert candidate_case(b).alone_reason == "no other report shares an identifier"
    (alert,) = identifier_alerts(a)
    assert (alert.kind, alert.reports, alert.sources) == (HUB, 14, 14)
    login_with_otp(client, "intake")
    shown = alert_html(client.get(f"/intake/meldingen/{a.pk}/").content.decode())
    assert "Veelvoorkomend gegeven" in shown and b.reference in shown


@pytest.mark.parametrize("confirm_first", [True, False])
def test_a_staff_confirmed_pair_stays_linked_when_its_key_is_a_hub(genuine, confirm_first):
    a, b = genuine
    third = stored(timezone.now() - timedelta(days=1), "", phones=(), text="Busje AB-123-C")
    if confirm_first:
        decide(a, b, "confirm", None)
    holders = independent_holders(12)
    if not confirm_first:
        decide(b, a, "confirm", None)
    case = candidate_case(a)
    assert case.members == [a.pk, b.pk, third.pk]  # the plate links b to the third report
    assert case.hubs == [("phone", 14)]
    assert not set(case.members) & {h.pk for h in holders}
    assert {(link.key_type, link.reports) for link in case.links} == {
        ("confirmed", (a.pk, b.pk)),
        ("plate", (b.pk, third.pk)),
    }
    assert candidate_case(third).members == case.members
    assert identifier_alerts(a)[0].kind == HUB
