"""The respondent's pages follow the questionnaire's branching (flow.py, pure)."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from trafficking.surveys import flow
from trafficking.surveys.branching import route
from trafficking.surveys.definition import load_version
from trafficking.surveys.responses import check_response
from trafficking.surveys.synthetic import random_response

Q = load_version("2025")


def keys(answers, campaigns=()):
    return [page.key for page in flow.pages(Q, answers, list(campaigns))]


def shown(answers, campaigns=()):
    out = []
    for page in flow.pages(Q, answers, list(campaigns)):
        out += [(page.block, key) for key in page.questions]
    return out


def test_pages_are_short_end_after_routing_questions_and_never_show_q23():
    groups = flow.layout(Q)
    assert all(len(group) <= 3 for group in groups)
    assert all(sum(len(Q.question(k).options) for k in group) <= 12 for group in groups)
    for group in groups:
        for key in group[:-1]:
            assert not Q.decides_route(key), (key, group)
    assert ("q4",) in groups and ("q17",) in groups
    assert all("q23" not in group for group in groups)


def test_q4_b_skips_the_reporting_point_pages():
    assert keys({"q4": "b"})[:4] == ["start", "q1", "q4", "q9"]
    assert "q5" in keys({"q4": "a"})


def test_q15_b_and_c_go_to_the_closing_questions():
    for letter in ("b", "c"):
        assert keys({"q4": "b", "q9": "c", "q15": letter})[-3:] == ["q15", "q36", "overzicht"]


def test_q17_decides_one_to_three_campaign_blocks():
    base = {"q4": "b", "q9": "c", "q15": "a", "q16": ["b"]}
    for letter, blocks in (("a", 1), ("b", 2), ("c", 3)):
        pages = flow.pages(Q, {**base, "q17": letter}, [])
        assert {p.block for p in pages if p.block is not None} == set(range(blocks))
        assert f"c{blocks}-q18" in [p.key for p in pages]
        assert f"c{blocks + 1}-q18" not in [p.key for p in pages]


def test_q26_and_q27_end_the_campaign_block():
    base = {"q4": "b", "q9": "c", "q15": "a", "q16": ["b"], "q17": "b"}
    running = keys(base, [{"q26": "a"}, {}])
    assert "c1-q27" not in running and "c2-q18" in running
    no_insight = keys(base, [{"q26": "b", "q27": "b"}])
    assert "c1-q27" in no_insight and "c1-q28" not in no_insight
    evaluated = keys(base, [{"q26": "b", "q27": "a"}])
    assert {"c1-q28", "c1-q31", "c1-q34"} <= set(evaluated)


def test_progress_counts_up_and_the_estimate_shrinks_with_skips():
    start = flow.progress(Q, {}, [], "start")
    assert start.number == 1 and start.total >= 15
    assert flow.progress(Q, {"q4": "b"}, [], "q9").total < start.total
    at_end = flow.progress(Q, {"q15": "c"}, [], "overzicht")
    assert at_end.number == at_end.total


def test_form_values_and_the_import_format_round_trip():
    cleaned = {
        "q7": ["e", "f", "a"],
        "q7_text_e": "politie",
        "q7_text_f": "overleg",
        "q8": "meer capaciteit",
    }
    values = flow.answers_from_form(Q, ("q7", "q8"), cleaned)
    assert values == {
        "q7": ["a", "e", "f"],
        "q7_text": {"e": "politie", "f": "overleg"},
        "q8": "meer capaciteit",
    }
    one = flow.answers_from_form(Q, ("q7",), {"q7": ["f"], "q7_text_f": "overleg"})
    assert one == {"q7": ["f"], "q7_text": "overleg"}
    assert flow.form_initial(Q, ("q7", "q8"), values) == {
        "q7": ["a", "e", "f"],
        "q7_text_e": "politie",
        "q7_text_f": "overleg",
        "q8": "meer capaciteit",
    }
    assert flow.form_initial(Q, ("q7",), one)["q7_text_f"] == "overleg"


def test_changing_a_routing_answer_back_drops_what_is_no_longer_reached():
    answers = {
        "q1": "X",
        "q4": "a",
        "q5": ["d"],
        "q5_text": "gemeente",
        "q9": "b",
        "q15": "a",
        "q16": ["b"],
        "q17": "c",
    }
    campaigns = [{"q18": "A", "q26": "b", "q27": "b", "q28": "not reached"}, {}, {"q18": "C"}]
    # The respondent went back and said: no reporting point, one campaign.
    answers.update({"q4": "b", "q17": "a"})
    assert not check_response(Q, {"respondent": "r", "answers": answers, "campaigns": campaigns}).ok
    pruned = flow.prune(Q, answers, campaigns)
    assert "q5" not in pruned.answers and "q5_text" not in pruned.answers
    assert pruned.campaigns == [{"q18": "A", "q26": "b", "q27": "b"}]
    line = {"respondent": "r", "answers": pruned.answers, "campaigns": pruned.campaigns}
    assert check_response(Q, line).ok


def test_pruning_returns_the_files_of_dropped_answers():
    name = "a" * 40 + ".pdf"
    answers = {"q15": "a", "q16": ["b"], "q17": "a"}
    pruned = flow.prune(Q, {**answers, "q15": "c"}, [{"q26": "b", "q27": "a", "q35": name}])
    assert pruned.dropped_files == [name] and pruned.campaigns == []


def _walk_with_forms(answers, campaigns):
    """What a respondent would end up with, saving page by page through the flow."""
    saved, blocks = {}, []
    for _ in range(60):
        page_list = flow.pages(Q, saved, blocks)
        todo = [p for p in page_list if p.questions]
        for page in todo:
            scope = (
                answers
                if page.block is None
                else (campaigns[page.block] if page.block < len(campaigns) else {})
            )
            values = {}
            for key in page.questions:
                for name in (key, key + "_text"):
                    if name in scope:
                        values[name] = scope[name]
            saved, blocks = flow.apply_page(saved, blocks, page, values)
        if flow.pages(Q, saved, blocks) == page_list:
            return saved, blocks
    raise AssertionError("the pages did not settle")


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_any_route_walked_page_by_page_submits_cleanly(seed):
    raw = random_response(Q, random.Random(seed), "r")
    saved, blocks = _walk_with_forms(raw["answers"], raw.get("campaigns", []))
    pruned = flow.prune(Q, saved, blocks)
    line = {"respondent": "r", "answers": pruned.answers, "campaigns": pruned.campaigns}
    checked = check_response(Q, line)
    assert checked.ok, checked.problems
    # Every question asked was on the route, and q23 was never asked.
    walked = route(Q, saved, flow.padded_blocks(Q, saved, blocks))
    for block, key in shown(saved, blocks):
        assert key != "q23"
        path = walked.main if block is None else walked.blocks[block]
        assert key in path.reached
