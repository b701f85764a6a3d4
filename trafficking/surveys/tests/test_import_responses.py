"""manage.py import_responses and survey_stats: all or nothing, and the report's denominators."""

import io
import json
import random

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from trafficking.directory.models import Organisation
from trafficking.surveys.definition import load_version
from trafficking.surveys.models import (
    Invitation,
    ResponseSource,
    ResponseState,
    SurveyResponse,
)
from trafficking.surveys.responses import check_response
from trafficking.surveys.stats import survey_stats
from trafficking.surveys.store import import_lines, response_as_json, statistics
from trafficking.surveys.synthetic import random_response

Q = load_version("2025")

CAMPAIGNER = {"q4": "b", "q9": "c", "q15": "a", "q16": ["b"], "q17": "c"}
LINES = [
    {"respondent": "r1", "answers": {"q1": "Gemeente A", "q4": "a", "q6": ["a", "b"]}},
    {"respondent": "r2", "answers": {"q4": "a", "q6": ["b"]}},
    {"respondent": "r3", "answers": {"q4": "b", "q9": "c", "q15": "c"}},
    {
        "respondent": "r4",
        "answers": CAMPAIGNER,
        "campaigns": [{"q18": "Campagne A", "q20": ["b"]}, {"q18": "B", "q20": ["b", "c"]}],
    },
]


def write(tmp_path, lines, name="antwoorden.jsonl"):
    path = tmp_path / name
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return path


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err)
        failed = None
    except CommandError as error:
        failed = str(error)
    return out.getvalue(), err.getvalue(), failed


@pytest.mark.django_db
def test_import_stores_every_line_and_stats_use_who_answered(tmp_path):
    out, err, failed = run("import_responses", str(write(tmp_path, LINES)))
    assert failed is None, err
    assert "4 responses stored for questionnaire 2025" in out
    assert (
        SurveyResponse.objects.filter(
            source=ResponseSource.IMPORT, state=ResponseState.SUBMITTED
        ).count()
        == 4
    )

    out, err, failed = run("survey_stats", "--json")
    assert failed is None
    stats = json.loads(out)
    assert stats["respondents"] == 4
    # q4: all four answered; a = r1, r2 (2 of 4), b = r3, r4.
    assert stats["questions"]["q4"] == {"n": 4, "options": {"a": 0.5, "b": 0.5}}
    # q6 only by the two who report: a 1 of 2, b 2 of 2.
    assert stats["questions"]["q6"]["n"] == 2
    assert stats["questions"]["q6"]["options"]["a"] == 0.5
    assert stats["questions"]["q6"]["options"]["b"] == 1.0
    # q15 by r3 and r4: c and a.
    assert stats["questions"]["q15"] == {"n": 2, "options": {"a": 0.5, "b": 0.0, "c": 0.5}}
    # Free text: n only.
    assert stats["questions"]["q1"] == {"n": 1}
    # The campaign block: over campaigns, not respondents.
    assert stats["campaigns"] == 2
    assert stats["campaign_questions"]["q20"]["n"] == 2
    assert stats["campaign_questions"]["q20"]["options"]["b"] == 1.0
    assert stats["campaign_questions"]["q20"]["options"]["c"] == 0.5
    assert stats["campaign_questions"]["q18"] == {"n": 2}


BAD_LINES = [
    ("{not json", "not_json"),
    (json.dumps({"respondent": "x1", "answers": {"q99": "a"}}), "unknown_question"),
    (json.dumps({"respondent": "x2", "answers": {"q4": "z"}}), "unknown_option"),
    (json.dumps({"respondent": "x3", "answers": {"q4": "b", "q5": ["a"]}}), "unreachable"),
    (
        json.dumps({"respondent": "x4", "answers": CAMPAIGNER, "campaigns": [{"q18": "c"}] * 4}),
        "too_many_campaigns",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("bad", "code"), BAD_LINES, ids=[code for _, code in BAD_LINES])
def test_one_bad_line_stores_nothing_and_names_the_line(tmp_path, bad, code):
    lines = [json.dumps(LINES[0]), bad, json.dumps(LINES[2])]
    out, _err, failed = run("import_responses", str(write(tmp_path, lines)), "--json")
    assert failed == "1 of 3 responses have problems: nothing was stored"
    document = json.loads(out)
    assert [item["line"] for item in document["invalid"]] == [2]
    assert document["stored"] == 0
    assert document["invalid"][0]["problems"]
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_the_codes_of_the_bad_lines(tmp_path):
    """Each kind of bad line is named for what it is (codes for a user interface)."""
    result = import_lines(Q, [bad for bad, _ in BAD_LINES])
    codes = {item.line: {p.code for p in item.problems} for item in result.invalid}
    assert codes == {number: {code} for number, (_, code) in enumerate(BAD_LINES, start=1)}
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_a_file_loaded_twice_does_not_count_twice(tmp_path):
    path = write(tmp_path, LINES)
    assert run("import_responses", str(path))[2] is None
    _out, err, failed = run("import_responses", str(path))
    assert failed == "4 of 4 responses have problems: nothing was stored"
    assert "line 1 (r1): respondent: 'r1' was already imported for questionnaire 2025" in err
    assert SurveyResponse.objects.count() == 4


@pytest.mark.django_db
def test_dry_run_stores_nothing(tmp_path):
    out, _err, failed = run("import_responses", str(write(tmp_path, LINES)), "--dry-run")
    assert failed is None
    assert "4 responses checked (dry run, nothing stored)" in out
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path):
    _out, _err, failed = run("import_responses", str(tmp_path / "nope.jsonl"))
    assert failed.startswith("Cannot read")


@pytest.mark.django_db
def test_stats_count_submitted_invitations_but_not_drafts():
    organisation = Organisation.objects.order_by("pk").first()
    assert organisation is not None, "the reference directory is loaded"

    def invited(state, answers):
        invitation = Invitation.objects.create(
            organisation=organisation,
            token_hash=f"{random.getrandbits(128):032x}",
            version="2025",
            expires_at="2099-01-01T00:00Z",
        )
        return SurveyResponse.objects.create(
            invitation=invitation,
            respondent=organisation.slug,
            version="2025",
            state=state,
            answers=answers,
        )

    invited(ResponseState.SUBMITTED, {"q4": "a"})
    invited(ResponseState.DRAFT, {"q4": "b"})
    result = statistics("2025").result
    assert result["respondents"] == 1
    assert result["questions"]["q4"] == {"n": 1, "options": {"a": 1.0, "b": 0.0}}


@pytest.mark.django_db
def test_a_stored_response_that_no_longer_passes_is_not_counted():
    SurveyResponse.objects.create(
        source=ResponseSource.IMPORT,
        respondent="edited",
        version="2025",
        state=ResponseState.SUBMITTED,
        answers={"q4": "b", "q5": ["a"]},  # q5 is not reached after q4 'b'
    )
    stats = statistics("2025")
    assert stats.result["respondents"] == 0
    assert [code for _pk, problems in stats.skipped for code in (p.code for p in problems)]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_stored_form_checks_back_to_the_same_response(seed):
    """What the import stores passes again and counts the same (q7's two texts included)."""
    raw = random_response(Q, random.Random(seed), "r")
    first = check_response(Q, raw)
    assert first.ok, first.problems
    answers, campaigns = response_as_json(first.response)
    again = check_response(
        Q, {"respondent": "r", "version": "2025", "answers": answers, "campaigns": campaigns}
    )
    assert again.ok, again.problems
    assert again.response == first.response


@pytest.mark.django_db
def test_database_stats_equal_the_file_check(tmp_path):
    rng = random.Random(13)
    lines = [json.dumps(random_response(Q, rng, f"r-{n}")) for n in range(150)]
    result = import_lines(Q, lines)
    assert result.ok and result.stored == 150
    responses = [check_response(Q, json.loads(line)).response for line in lines]
    assert statistics("2025").result == survey_stats(Q, responses)


@pytest.mark.django_db
def test_text_no_database_can_store_is_a_problem_not_a_crash(tmp_path):
    lines = [
        json.dumps({"respondent": "r\ud800", "answers": {"q4": "b"}}),
        json.dumps({"respondent": "r2", "answers": {"q1": "a\u0000b", "q4": "b"}}),
        json.dumps({"respondent": "r3", "answers": {"q4": "b", "q\udfff": "a"}}),
        json.dumps(LINES[0]),
    ]
    _out, err, failed = run("import_responses", str(write(tmp_path, lines)))
    assert failed == "3 of 4 responses have problems: nothing was stored"
    assert "line 1: respondent: contains a NUL character or a lone surrogate" in err
    assert "line 2 (r2): q1: contains a NUL character or a lone surrogate" in err
    assert "line 3 (r3): q\\udfff: no such question" in err
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_an_organisation_counts_once_with_its_newest_answer():
    organisation = Organisation.objects.get(slug="fier")
    for answer, submitted in (("a", "2026-01-01T00:00Z"), ("b", "2026-02-01T00:00Z")):
        invitation = Invitation.objects.create(
            organisation=organisation,
            token_hash=f"{random.getrandbits(128):032x}",
            version="2025",
            expires_at="2099-01-01T00:00Z",
        )
        SurveyResponse.objects.create(
            invitation=invitation,
            respondent="fier",
            version="2025",
            state=ResponseState.SUBMITTED,
            submitted_at=submitted,
            answers={"q4": answer} if answer == "a" else {"q4": "b", "q9": "c"},
        )
    result = statistics("2025").result
    assert result["respondents"] == 1
    assert result["questions"]["q4"] == {"n": 1, "options": {"a": 0.0, "b": 1.0}}
