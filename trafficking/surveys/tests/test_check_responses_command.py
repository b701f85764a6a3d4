"""manage.py check_responses: per-line problems, stats of the valid lines, nothing stored."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from trafficking.surveys.definition import DATA_DIR

VALID = [
    {"respondent": "r1", "answers": {"q4": "a", "q5": ["a", "b"]}},
    {"respondent": "r2", "answers": {"q4": "a", "q5": ["a"]}},
    {"respondent": "r3", "answers": {"q4": "b"}},
]
INVALID = [
    "{not json",
    json.dumps({"respondent": "r4", "answers": {"q4": "b", "q5": ["c"]}}),  # q5 not reached
    json.dumps({"respondent": "r5", "answers": {"q4": "a", "q5": ["z"]}}),  # no option z
]


def run(tmp_path, lines, *args):
    path = tmp_path / "antwoorden.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "check_responses", str(path), "--questionnaire", "2025", *args, stdout=out, stderr=err
        )
        failed = None
    except CommandError as error:
        failed = str(error)
    return out.getvalue(), err.getvalue(), failed


def test_valid_lines_give_the_stats_of_the_issue(tmp_path):
    out, err, failed = run(tmp_path, [json.dumps(r) for r in VALID], "--stats")
    assert failed is None
    assert "3 responses checked against questionnaire 2025: 3 valid, 0 with problems" in err
    stats = json.loads(out)
    assert stats["respondents"] == 3
    assert stats["questions"]["q4"] == {"n": 3, "options": {"a": 0.667, "b": 0.333}}
    assert stats["questions"]["q5"] == {
        "n": 2,
        "options": {"a": 1.0, "b": 0.5, "c": 0.0, "d": 0.0},
    }


def test_invalid_lines_are_reported_and_not_counted(tmp_path):
    lines = [json.dumps(VALID[0]), *INVALID, json.dumps(VALID[2])]
    out, err, failed = run(tmp_path, lines, "--stats")
    assert failed == "3 of 5 responses have problems (not counted)"
    assert "line 2: line: not JSON" in err
    assert "line 3 (r4): q5: not reached: q4 = 'b' leads to q9" in err
    assert "line 4 (r5): q5: has no option 'z' (options: a, b, c, d)" in err
    assert json.loads(out)["respondents"] == 2


def test_json_output(tmp_path):
    lines = [json.dumps(VALID[0]), INVALID[1]]
    out, _, failed = run(tmp_path, lines, "--json", "--stats")
    assert failed is not None
    document = json.loads(out)
    assert (document["lines"], document["valid"]) == (2, 1)
    assert document["invalid"] == [
        {
            "line": 2,
            "respondent": "r4",
            "problems": [
                {
                    "where": "q5",
                    "code": "unreachable",
                    "message": "not reached: q4 = 'b' leads to q9",
                }
            ],
        }
    ]
    assert document["stats"]["respondents"] == 1


def test_an_unknown_questionnaire_version_or_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no questionnaire version '1999'"):
        call_command("check_responses", str(tmp_path / "x.jsonl"), "--questionnaire", "1999")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("check_responses", str(tmp_path / "missing.jsonl"))


def test_a_definition_file_can_be_named_instead_of_a_version(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(VALID[2]) + "\n", encoding="utf-8")
    out = io.StringIO()
    definition = str(DATA_DIR / "questionnaire-2025.yaml")
    call_command("check_responses", str(path), "--questionnaire", definition, "--json", stdout=out)
    assert json.loads(out.getvalue())["questionnaire"] == "2025"
