"""The questionnaire file: the real one loads as appendix C, a broken one is refused."""

import copy
import re
from pathlib import Path

import pytest
import yaml

from trafficking.surveys.definition import (
    DATA_DIR,
    QuestionnaireError,
    QuestionType,
    current_questionnaire,
    current_version,
    load_questionnaire,
    load_version,
    parse_questionnaire,
    questionnaire_files,
)

FILE = DATA_DIR / "questionnaire-2025.yaml"
RAW = yaml.safe_load(FILE.read_text(encoding="utf-8"))
# The report itself lives outside the repository (../shared/seeds); the
# transcription check runs where it is present.
SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "000_a1ec0c9634e4db43.txt"


def question(raw, key):
    return next(q for q in raw["questions"] if q["key"] == key)


def option(raw, key, letter):
    return next(o for o in question(raw, key)["options"] if o["key"] == letter)


def refused(raw):
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(raw, origin="test")
    return list(caught.value.problems)


def test_the_real_file_loads_with_q1_to_q38():
    q = load_version("2025")
    assert q.version == "2025" and q.source["file"] == "shared/seeds/000_a1ec0c9634e4db43.txt"
    assert questionnaire_files()["2025"] == FILE
    assert current_questionnaire().version == current_version()
    assert [x.key for x in q.questions] == [f"q{n}" for n in range(1, 39)]
    assert all(x.source.startswith("Bijlage C.") for x in q.questions)


def test_types_and_options_as_printed():
    q = load_version("2025")
    kinds = {x.key: x.type for x in q.questions}
    assert kinds["q1"] == QuestionType.TEXT
    assert kinds["q2"] == QuestionType.MULTIPLE  # "Meerdere antwoorden mogelijk", line 3912
    assert kinds["q4"] == QuestionType.SINGLE
    assert kinds["q35"] == QuestionType.FILE  # "a. Bestandsupload.", line 4310
    assert kinds["q29"] == QuestionType.TEXT  # no answer format printed
    assert q.question("q2").option_keys == ("a", "b", "c", "d", "e")
    assert q.question("q25").option_keys == ("a", "b", "c", "d", "e")
    # C.5 continues its letters across questions (lines 4321-4349): kept as printed
    assert q.question("q36").option_keys == ("b", "c")
    assert q.question("q37").option_keys == ("d", "e")
    specify = {x.key: sorted(x.specify_keys) for x in q.questions if x.specify_keys}
    assert specify == {
        "q3": ["a"],  # "Regionaal niveau, namelijk in regio .."
        "q5": ["d"],
        "q6": ["e"],
        "q7": ["e", "f"],
        "q13": ["g"],
        "q14": ["e"],
        "q19": ["a"],
        "q21": ["e"],
        "q22": ["e"],
        "q36": ["b"],  # "Ja, mijn emailadres is:"
        "q37": ["d"],
    }


def test_the_campaign_block_repeats_up_to_three_times_as_q17_says():
    repeat = load_version("2025").repeat
    assert repeat is not None
    assert (repeat.count, repeat.first, repeat.last, repeat.exit) == ("q17", "q18", "q35", "q36")
    assert dict(repeat.times) == {"a": 1, "b": 2, "c": 3}
    assert repeat.max_times == 3
    assert repeat.questions == tuple(f"q{n}" for n in range(18, 36))


def test_the_unreadable_question_is_kept_as_it_survives_and_not_restored():
    q23 = load_version("2025").question("q23")
    assert q23.unreadable and q23.text.nl is None and q23.text.en is None
    assert q23.source_text.startswith("H ")
    assert "4203" in q23.source


def test_every_question_has_english_except_the_unreadable_one():
    q = load_version("2025")
    for x in q.questions:
        assert bool(x.text.en) != x.unreadable, x.key
        assert all(o.label.en for o in x.options), x.key


def _seed_lines(source):
    text = SEED.read_text(encoding="utf-8").splitlines()
    lines = []
    for first, last in re.findall(r"(\d{4})(?:-(\d{4}))?", source):
        lines += text[int(first) - 1 : int(last or first)]
    return " ".join(" ".join(lines).split())


@pytest.mark.skipif(not SEED.exists(), reason="the report's text is not checked out here")
def test_dutch_texts_are_transcribed_from_the_cited_lines():
    """Every Dutch question, hint, option and 'Door naar' is in the seed at its source lines."""
    for raw in RAW["questions"]:
        printed = _seed_lines(raw["source"])
        number = raw["key"].removeprefix("q")
        assert f"{number}. " in printed, raw["key"]
        texts = [raw["text"]["nl"], (raw.get("hint") or {}).get("nl")]
        for item in raw.get("options") or []:
            texts += [item["label"]["nl"], item.get("route")]
        for text in filter(None, texts):
            assert " ".join(text.split()) in printed, (raw["key"], text)
    # the introduction, without footnote 7's marker ("arbeidsuitbuiting7", line 3870)
    intro = _seed_lines(RAW["intro"]["source"]).replace("uitbuiting7", "uitbuiting")
    for paragraph in RAW["intro"]["text"]["nl"].split("\n\n"):
        assert " ".join(paragraph.split()) in intro
    for item in RAW["repeat"]["intro"]:
        assert " ".join(item["text"]["nl"].split()) in _seed_lines(RAW["repeat"]["source"])
    for section in RAW["sections"]:
        printed = _seed_lines(section["source"])
        assert section["title"]["nl"] in printed
        if "intro" in section:
            assert " ".join(section["intro"]["nl"].split()) in printed


# ---- a broken file is refused, naming the question ----


def test_a_dangling_branch_target_is_refused():
    raw = copy.deepcopy(RAW)
    option(raw, "q4", "b")["goto"] = "q99"
    assert refused(raw) == ["q4: option 'b' leads to 'q99', which is not a question"]


def test_a_cycle_is_refused_with_the_questions_on_it():
    raw = copy.deepcopy(RAW)
    option(raw, "q15", "c")["goto"] = "q4"  # q4 -> q5 ... q15 -> q4
    problems = refused(raw)
    assert len(problems) == 1
    assert problems[0].startswith("q4: the route can loop: q4 -> q5 -> ")
    assert problems[0].endswith("-> q15 -> q4")


def test_a_backward_branch_without_a_loop_is_refused():
    def single(key, *gotos):
        options = [
            {"key": letter, "label": {"nl": letter}, **({"goto": goto} if goto else {})}
            for letter, goto in zip("abc", gotos, strict=False)
        ]
        return {
            "key": key,
            "section": "A",
            "type": "single",
            "text": {"nl": key},
            "options": options,
            "source": "test",
        }

    raw = {
        "version": "2030",
        "title": {"nl": "Toets"},
        "source": {"document": "test"},
        "sections": [{"key": "A", "title": {"nl": "A"}, "source": "test"}],
        "questions": [
            single("q1", "q2", "q3"),
            single("q2", "q4", "q4"),  # q3 is never reached from q2
            single("q3", "q2", None),  # back to q2, but q2 never leads to q3: no loop
            {"key": "q4", "section": "A", "type": "text", "text": {"nl": "q4"}, "source": "t"},
        ],
    }
    assert refused(raw) == ["q3: option 'a' leads back to q2; branches may only skip ahead"]
    raw["questions"][2]["options"][0].pop("goto")
    assert parse_questionnaire(raw).joins["q1"] == "q4"


def test_a_duplicate_option_is_refused():
    raw = copy.deepcopy(RAW)
    question(raw, "q6")["options"][1]["key"] = "a"
    assert refused(raw) == ["q6: option 'a' appears twice"]


def test_a_duplicate_question_and_an_unknown_field_are_refused():
    raw = copy.deepcopy(RAW)
    raw["questions"].append(copy.deepcopy(question(raw, "q38")))
    option(raw, "q4", "a")["got"] = "q5"  # a typo must not be ignored
    problems = refused(raw)
    assert "q38: appears twice" in problems
    assert "q4 option 1: unknown field 'got'" in problems


def test_an_unreachable_question_is_refused():
    raw = copy.deepcopy(RAW)
    option(raw, "q9", "a")["goto"] = "q11"  # nothing leads to q10 any more
    assert refused(raw) == ["q10: no route reaches this question"]


def test_leaving_the_campaign_block_towards_two_places_is_refused():
    raw = copy.deepcopy(RAW)
    option(raw, "q27", "b")["goto"] = "q37"  # q26 'a' leaves towards q36
    (problem,) = refused(raw)
    assert problem.startswith("repeat: the block q18-q35 is left towards q36, q37")


def test_entering_the_campaign_block_in_the_middle_is_refused():
    raw = copy.deepcopy(RAW)
    option(raw, "q15", "c")["goto"] = "q27"
    assert refused(raw) == ["q15: leads into the repeated block at q27; only q17 may"]


def test_a_repeat_count_that_does_not_match_the_options_is_refused():
    raw = copy.deepcopy(RAW)
    raw["repeat"]["times"] = {"a": 1, "b": 2}
    assert refused(raw) == ["repeat: times must give a number for each option of q17"]


def test_a_wrong_type_and_options_on_a_text_question_are_refused():
    raw = copy.deepcopy(RAW)
    question(raw, "q4")["type"] = "yes/no"
    question(raw, "q1")["options"] = [{"key": "a", "label": {"nl": "x"}}]
    problems = refused(raw)
    assert "q4: type 'yes/no' is not one of single, multiple, text, file" in problems
    assert "q1: a text question has no options" in problems


def test_the_version_must_match_the_file_name(tmp_path):
    raw = copy.deepcopy(RAW)
    raw["version"] = "2026"
    path = tmp_path / "questionnaire-2027.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="does not match the file name"):
        load_questionnaire(path)


def test_a_new_version_is_published_by_adding_a_file(tmp_path):
    raw = copy.deepcopy(RAW)
    for version in ("2025", "2026", "2026.2"):
        raw["version"] = version
        (tmp_path / f"questionnaire-{version}.yaml").write_text(
            yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8"
        )
    assert current_version(tmp_path) == "2026.2"
    loaded = load_questionnaire(questionnaire_files(tmp_path)["2026.2"])
    assert loaded.version == "2026.2" and len(loaded.questions) == 38
