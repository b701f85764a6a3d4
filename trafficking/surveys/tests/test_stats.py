"""survey_stats: shares over the respondents (or campaigns) who answered, by hand."""

import pytest

from trafficking.surveys.definition import load_version
from trafficking.surveys.responses import check_response
from trafficking.surveys.stats import Tally, share, survey_stats

Q = load_version("2025")  # the transcription of appendix C these tests cite

RESPONSES = [
    {
        "respondent": "r1",
        "answers": {"q2": ["a", "b"], "q4": "a", "q5": ["a"], "q15": "a", "q16": ["b"], "q17": "b"},
        "campaigns": [{"q20": ["a", "b"], "q26": "b", "q27": "b"}, {"q20": ["b"], "q26": "a"}],
    },
    {"respondent": "r2", "answers": {"q1": "Stichting X", "q2": ["b"], "q4": "b", "q15": "c"}},
    {
        "respondent": "r3",
        "answers": {
            "q2": ["e"],
            "q3": "a",
            "q3_text": "Twente",
            "q4": "a",
            "q5": ["a", "c"],
            "q15": "a",
            "q16": ["c"],
            "q17": "a",
        },
        "campaigns": [{"q20": ["c"], "q24": "a", "q26": "a"}],
    },
]


@pytest.fixture(scope="module")
def stats():
    checked = [check_response(Q, raw) for raw in RESPONSES]
    assert all(c.ok for c in checked)
    return survey_stats(Q, [c.response for c in checked])


def test_counts(stats):
    assert (stats["version"], stats["respondents"], stats["campaigns"]) == ("2025", 3, 3)
    assert list(stats["questions"]) == [f"q{n}" for n in (*range(1, 18), 36, 37, 38)]
    assert list(stats["campaign_questions"]) == [f"q{n}" for n in range(18, 36)]


def test_shares_are_over_the_respondents_who_answered(stats):
    questions = stats["questions"]
    # all three answered q2; a multiple choice adds up to more than 1
    assert questions["q2"] == {
        "n": 3,
        "options": {"a": 0.333, "b": 0.667, "c": 0.0, "d": 0.0, "e": 0.333},
    }
    assert questions["q4"] == {"n": 3, "options": {"a": 0.667, "b": 0.333}}
    # only r1 and r3 (q4 'a') reached and answered q5: n 2, not 3
    assert questions["q5"] == {"n": 2, "options": {"a": 1.0, "b": 0.0, "c": 0.5, "d": 0.0}}
    assert questions["q3"] == {"n": 1, "options": {"a": 1.0, "b": 0.0}}
    assert questions["q17"] == {"n": 2, "options": {"a": 0.5, "b": 0.5, "c": 0.0}}


def test_free_text_gives_n_only_and_nobody_gives_null_shares(stats):
    assert stats["questions"]["q1"] == {"n": 1}
    assert stats["questions"]["q6"] == {
        "n": 0,
        "options": dict.fromkeys("abcde"),
    }


def test_campaign_questions_are_over_the_campaigns_that_answered(stats):
    campaigns = stats["campaign_questions"]
    assert campaigns["q20"] == {"n": 3, "options": {"a": 0.333, "b": 0.667, "c": 0.333, "d": 0.0}}
    assert campaigns["q26"] == {"n": 3, "options": {"a": 0.667, "b": 0.333}}
    assert campaigns["q27"] == {"n": 1, "options": {"a": 0.0, "b": 1.0}}
    assert campaigns["q24"] == {"n": 1, "options": {"a": 1.0, "b": 0.0, "c": 0.0}}
    assert campaigns["q18"] == {"n": 0}


@pytest.mark.parametrize(
    ("count", "n", "expected"),
    [(1, 8, 0.125), (1, 16, 0.063), (1, 2000, 0.001), (1, 2001, 0.0), (2, 3, 0.667), (0, 0, None)],
)
def test_shares_round_half_up_to_three_decimals(count, n, expected):
    assert share(count, n) == expected


def test_a_response_for_another_version_is_not_counted():
    response = check_response(Q, RESPONSES[1]).response
    other = type(response)(respondent="x", version="2024", answers=response.answers, campaigns=())
    with pytest.raises(ValueError, match="questionnaire 2024"):
        Tally(Q).add(other)
