"""The incremental linker: grouping, hubs, rejections, explanations."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from trafficking.linking.engine import Linker, link_all
from trafficking.linking.keys import WEAK, Key
from trafficking.linking.sql import link_with_sql
from trafficking.linking.suggestions import suggest


def phone(n):
    return Key("phone", f"+316{n:08d}")


def test_reports_sharing_a_strong_key_form_one_case_with_an_explanation():
    linker = Linker()
    linker.add("a", [phone(1)])
    linker.add("b", [phone(1), Key("plate", "AB123C")])
    linker.add("c", [Key("plate", "AB123C")])
    linker.add("d", [phone(9)])
    assert linker.cases() == [["a", "b", "c"]]
    links = {(link.key_type, link.reports) for link in linker.explain("c")}
    assert links == {("phone", ("a", "b")), ("plate", ("b", "c"))}
    assert linker.why_alone("d") == "no other report shares an identifier"


def test_weak_keys_never_link():
    linker = Linker()
    linker.add(1, [Key("name", "jan de vries", WEAK)])
    linker.add(2, [Key("name", "jan de vries", WEAK)])
    assert linker.cases() == []
    assert linker.why_alone(1) == "only weak identifiers"


def test_a_hub_stops_linking_and_undoes_its_chain():
    linker = Linker(hub_threshold=3, hub_coherence=None)
    call_centre = phone(800)
    linker.add(1, [call_centre, phone(1)])
    linker.add(2, [call_centre])
    linker.add(3, [call_centre, phone(3)])
    assert linker.cases() == [[1, 2, 3]]
    linker.add(4, [call_centre, phone(1)])  # the 4th report: the number is a hub now
    assert linker.cases() == [[1, 4]]  # still linked by their own number
    assert linker.hub_alerts() == [(call_centre, 4)]
    assert linker.why_alone(2) == "only hub identifiers"


def test_a_rejection_is_honoured_when_new_reports_arrive():
    linker = Linker()
    linker.add("a", [phone(1)])
    linker.add("b", [phone(1)])
    linker.reject("a", "b")
    assert linker.cases() == []
    linker.add("c", [phone(1)])  # shares the number with both
    case = linker.case_of("c")
    assert not {"a", "b"} <= set(case)
    assert linker.conflicts


def test_empty_reports_link_to_nothing_and_say_why():
    linker = Linker()
    linker.add("empty", [])
    assert linker.why_alone("empty") == "no identifiers"


def random_records(seed: int, n: int = 60):
    rng = random.Random(seed)
    return [
        (f"r{i:03d}", [phone(rng.randint(0, 40)) for _ in range(rng.randint(0, 3))])
        for i in range(n)
    ]


def incremental(records, threshold, coherence):
    linker = Linker(threshold, coherence)
    for report, keys in records:
        linker.add(report, keys)
    return linker


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6), st.sampled_from([None, 0.5]))
def test_order_of_arrival_does_not_change_the_cases(seed, threshold, coherence):
    records = random_records(seed)
    shuffled = records[:]
    random.Random(seed + 1).shuffle(shuffled)
    batch = link_all(records, threshold, coherence).cases()
    assert link_all(shuffled, threshold, coherence).cases() == batch
    if coherence is None:  # the live linker ends where the batch run does
        assert incremental(shuffled, threshold, None).cases() == batch


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6), st.sampled_from([None, 0.5]))
def test_the_sql_batch_linker_agrees_with_the_in_process_linker(seed, threshold, coherence):
    records = random_records(seed)
    in_process = link_all(records, threshold, coherence)
    in_sql = link_with_sql(records, threshold, coherence)
    assert in_sql["cases"] == in_process.cases()
    assert set(in_sql["hubs"]) == {key.token for key, _n in in_process.hub_alerts()}


def test_the_main_number_of_a_large_case_is_not_a_hub_but_a_call_centre_is():
    call_centre = phone(800)
    records = []
    for i in range(30):  # one large case: everyone also shares an address or plate
        other = Key("postcode", "1234AB:12") if i % 2 else Key("plate", "AB123C")
        records.append((f"case-{i:02d}", [phone(1), other]))
    for i in range(30):  # thirty unrelated reports mentioning the same call centre
        records.append((f"other-{i:02d}", [call_centre, phone(100 + i)]))
    for linker in (link_all(records, 10), incremental(records, 10, 0.5)):
        assert linker.hubs == {call_centre}
        assert linker.cases() == [[f"case-{i:02d}" for i in range(30)]]


def test_suggestions_come_from_look_alike_names_within_a_block():
    area = Key("postcode_area", "1234AB", WEAK)
    linker = Linker()
    linker.add(1, [area, Key("name", "jan de vries", WEAK)])
    linker.add(2, [area, Key("name", "vries jan de", WEAK)])
    linker.add(3, [area, Key("name", "piet jansen", WEAK)])
    linker.add(4, [Key("name", "jan de vries", WEAK)])  # no block in common
    found = suggest(linker)
    assert [(s.reports, s.key_type, s.block) for s in found] == [((1, 2), "name", "postcode_area")]
