"""The route follows appendix C's "Door naar ..." (seed 000_a1ec0c9634e4db43.txt)."""

import pytest

from trafficking.surveys.branching import next_question, route
from trafficking.surveys.definition import load_version

Q = load_version("2025")  # the transcription of appendix C these tests cite
MELDPUNTEN = {"q5", "q6", "q7", "q8"}
KENNIS = {"q10", "q11", "q12", "q13", "q14"}
CAMPAGNE = {f"q{n}" for n in range(16, 36)}
CLOSING = {"q36", "q37", "q38"}


def reached(answers, blocks=()):
    return route(Q, answers, blocks).reached


def test_q4_yes_goes_to_the_reporting_point_block_then_on_to_knowledge_centres():
    # line 3963: "a. Ja. Door naar blok meldpunten."; no branch after q8 (line 4017-4021)
    path = reached({"q4": "a"})
    assert path >= MELDPUNTEN and "q9" in path


def test_q4_no_skips_the_reporting_point_block():
    # line 3965: "b. Nee. Door naar blok kenniscentra."
    path = reached({"q4": "b"})
    assert not MELDPUNTEN & path and "q9" in path
    assert next_question(Q, "q4", "b") == ("q9", ("b",))


@pytest.mark.parametrize("letter", ["b", "c"])
def test_q9_not_a_knowledge_centre_goes_to_the_campaign_questions(letter):
    # lines 4031-4037: "... Door naar campagne vragen." -> C.4, q15
    path = reached({"q4": "b", "q9": letter})
    assert not KENNIS & path and "q15" in path


def test_q9_yes_asks_about_the_knowledge_centre():
    assert reached({"q4": "b", "q9": "a"}) >= KENNIS


@pytest.mark.parametrize("letter", ["b", "c"])
def test_q15_shared_or_no_campaign_goes_to_the_closing_questions(letter):
    # lines 4096-4104: b and c, each "i. Door naar afsluitende vragen." -> C.5, q36
    path = reached({"q15": letter})
    assert not CAMPAGNE & path and path >= CLOSING


def test_q15_own_campaign_goes_on_to_q16():
    assert {"q16", "q36"} <= reached({"q15": "a"})


def test_q16_only_before_2020_goes_to_the_closing_questions():
    # lines 4112-4114: "a. ... vonden plaats voor 2020. i. Door naar afsluitende vragen."
    path = reached({"q15": "a", "q16": ["a"]})
    assert "q17" not in path and path >= CLOSING


@pytest.mark.parametrize("chosen", [["b"], ["c"], ["a", "b"], ["a", "c"], ["b", "c"]])
def test_q16_a_campaign_since_2020_goes_on_to_q17(chosen):
    # lines 4116-4126: b and c "i. Door naar volgende vraag."; with 'a' too, the
    # route follows the chosen option whose target comes first (ADR 0013)
    assert "q17" in reached({"q15": "a", "q16": chosen})


@pytest.mark.parametrize(("letter", "times"), [("a", 1), ("b", 2), ("c", 3)])
def test_q17_decides_how_often_the_campaign_block_is_asked(letter, times):
    # lines 4130-4147: one, two, or "meer dan twee": the three most important
    answers = {"q15": "a", "q16": ["b"], "q17": letter}
    walked = route(Q, answers, [{"q18": "x"}] * 3)
    assert walked.allowed == times
    assert len(walked.blocks) == times
    assert all(path.reached[0] == "q18" for path in walked.blocks)
    assert walked.reached >= CLOSING and not CAMPAGNE - {"q16", "q17"} & walked.reached


def test_q26_still_running_ends_this_campaign_and_the_next_one_starts_at_q18():
    # line 4234: "a. Ja. Door naar aanvullende interviews."; line 4236: "b. Nee.
    # Door naar vragen evaluatie." -> C.4.1, q27
    answers = {"q15": "a", "q16": ["b", "c"], "q17": "b"}
    walked = route(Q, answers, [{"q26": "a"}, {"q26": "b"}])
    running, ended = walked.blocks
    assert running.reached[-1] == "q26" and "q27" not in running.reached
    assert ended.reached[0] == "q18" and "q27" in ended.reached
    assert walked.reached >= CLOSING


def test_q27_insight_leads_to_effectiveness_and_no_insight_ends_the_campaign():
    # lines 4242-4248: a "i. Door naar vragen effectiviteit campagne." (C.4.2, q28),
    # b "i. Door naar afsluitende vragen."
    answers = {"q15": "a", "q16": ["b"], "q17": "b"}
    walked = route(Q, answers, [{"q26": "b", "q27": "a"}, {"q26": "b", "q27": "b"}])
    insight, none = walked.blocks
    assert insight.reached[-1] == "q35" and "q28" in insight.reached
    assert none.reached[-1] == "q27"
    assert none.skips[-1].left_block


def test_an_unanswered_routing_question_goes_on_where_all_its_routes_meet():
    # q4 unanswered: q5-q8 (only after 'a') are not reached, q9 (after both) is
    assert Q.joins["q4"] == "q9"
    path = route(Q, {}).main
    assert not MELDPUNTEN & set(path.reached) and "q9" in path.reached
    assert path.explain(Q, "q6").source == "q4"
    assert Q.joins["q15"] == "q36" and Q.joins["q26"] == "q36"


def test_an_undecided_answer_stops_the_route_there():
    walked = route(Q, {"q4": "z"}, undecided={"q4"})
    assert walked.main.stopped_at == "q4" and walked.main.reached[-1] == "q4"
    assert walked.main.explain(Q, "q9") is None


def test_without_a_count_answer_no_campaign_block_is_walked():
    walked = route(Q, {"q15": "a", "q16": ["b"]}, [{"q18": "x"}])
    assert walked.allowed is None and walked.blocks == ()
    assert "q17" in walked.reached
