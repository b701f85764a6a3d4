"""Checking survey responses against the questionnaire (pure).

One response is one JSON object, one a line in an import file (issue 13)::

    {"respondent": "r-17", "version": "2025",
     "answers": {"q1": "Stichting X", "q2": ["a", "c"], "q3": "a", "q3_text": "Twente", ...},
     "campaigns": [{"q18": "Campagne Y", "q20": ["b"], ...}, ...]}

A single choice is a letter, a multiple choice a list of letters, free text and
files (a stored file's name) are strings. ``qN_text`` is the text that goes
with a chosen option that takes one ("anders, namelijk"); when two such
options are chosen (q7 'e' and 'f') it is an object keyed by letter. The
repeated campaign questions go in ``campaigns``, one object per campaign, at
most as many as the count question (q17) says. ``version`` is optional and, if
given, must be the questionnaire's.

``check_response`` reports every problem with where it is (``q4``,
``q3_text``, ``campaign 2, q20``), a stable ``code`` for a user interface to
translate, and an English message for staff and logs. A response with any
problem is not returned, so nothing of it can be counted. Answers to
questions the route does not reach are problems too (branching.py decides).
Problems follow from each other as little as possible: a malformed answer to a
question that decides the route stops the route there, so the questions after
it are not also reported as unreached.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .branching import Path, Route, Skip, route
from .definition import Question, Questionnaire, QuestionType

# Limits that keep one line from costing more than a line's worth of work.
MAX_LINE_CHARS = 1_000_000
MAX_TEXT_CHARS = 10_000
MAX_RESPONDENT_CHARS = 200
TEXT_SUFFIX = "_text"
_FIELDS = ("respondent", "version", "answers", "campaigns")

Answer = str | tuple[str, ...]
# NUL and lone surrogates: valid in JSON, but no database stores them (SQLite's
# UTF-8 encoder and PostgreSQL's jsonb refuse them), and no person types them.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_FREE_TYPES = frozenset({QuestionType.TEXT, QuestionType.FILE})


@dataclass(frozen=True)
class Problem:
    where: str  # "line", "respondent", "q4", "q3_text", "campaigns", "campaign 2, q20"
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Answers:
    """Checked answers of one respondent or one campaign block.

    ``choices`` maps a question to its letter (single), its letters in the
    questionnaire's order (multiple) or its text (text, file); ``texts`` maps
    a question to {letter: text} for the chosen options that take text.
    """

    choices: Mapping[str, Answer]
    texts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    respondent: str
    version: str
    answers: Answers
    campaigns: tuple[Answers, ...]


@dataclass(frozen=True)
class Checked:
    """The outcome for one response: the response when it has no problem."""

    respondent: str | None
    response: Response | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.response is not None


# ---- lines ----------------------------------------------------------------------


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def parse_line(questionnaire: Questionnaire, line: str) -> Checked:
    """Check one line of an import file (a JSON object)."""
    if len(line) > MAX_LINE_CHARS:
        return _rejected("line", "line_too_long", f"longer than {MAX_LINE_CHARS} characters")
    try:
        raw = json.loads(line, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as error:
        # json's last-one-wins would silently drop an answer
        return _rejected("line", "duplicate_key", f"{error.args[0]!r} appears twice")
    except (ValueError, RecursionError) as error:
        return _rejected("line", "not_json", f"not JSON ({error})")
    return check_response(questionnaire, raw)


def check_lines(
    questionnaire: Questionnaire, lines: Iterable[str | bytes]
) -> Iterator[tuple[int, Checked]]:
    """Check the lines of a JSON-lines file, numbered from 1; blank lines are skipped.

    A respondent that appears on an earlier line is a problem on the later one:
    which of the two answers counts is for staff to decide, not the import.
    """
    first_line: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield number, _rejected("line", "not_utf8", "not UTF-8 text")
                continue
        else:
            text = raw.removeprefix("\ufeff") if number == 1 else raw
        if not text.strip():
            continue
        checked = parse_line(questionnaire, text)
        respondent = checked.respondent
        if respondent is not None:
            if respondent in first_line:
                problem = Problem(
                    "respondent",
                    "duplicate_respondent",
                    f"{respondent!r} already answered on line {first_line[respondent]}",
                )
                checked = Checked(respondent, None, (*checked.problems, problem))
            else:
                first_line[respondent] = number
        yield number, checked


def _shown(name: str) -> str:
    """A key as it can be printed: a lone surrogate in a JSON key becomes its escape."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _rejected(where: str, code: str, message: str) -> Checked:
    return Checked(None, None, (Problem(where, code, message),))


# ---- one response ------------------------------------------------------------------


def check_response(questionnaire: Questionnaire, raw: object) -> Checked:
    """Check one parsed response; return it with every problem found."""
    if not isinstance(raw, dict):
        return _rejected("line", "not_object", "must be a JSON object")
    problems: list[Problem] = []
    respondent = _check_envelope(questionnaire, raw, problems)

    raw_answers = raw.get("answers")
    if not isinstance(raw_answers, dict):
        problems.append(Problem("answers", "bad_answers", "must be an object of answers"))
        raw_answers = {}
    elif not raw_answers:
        problems.append(Problem("answers", "no_answers", "no question is answered"))
    main = _AnswerChecker(questionnaire, problems, block=None).check(raw_answers)
    given, blocks = _check_blocks(questionnaire, raw.get("campaigns", []), problems)

    walked = route(
        questionnaire,
        main.choices,
        [block.choices for block in blocks],
        undecided=main.undecided,
        blocks_undecided=[block.undecided for block in blocks],
    )
    _check_reached(questionnaire, walked.main, main, None, problems)
    for index, (path, block) in enumerate(zip(walked.blocks, blocks, strict=False), start=1):
        _check_reached(questionnaire, path, block, index, problems)
    if blocks:
        _check_block_count(questionnaire, walked, main, given, problems)

    if problems or respondent is None:
        return Checked(respondent, None, tuple(problems))
    response = Response(
        respondent=respondent,
        version=questionnaire.version,
        answers=main.frozen(),
        campaigns=tuple(block.frozen() for block in blocks),
    )
    return Checked(respondent, response, ())


def _check_envelope(
    questionnaire: Questionnaire, raw: Mapping[str, object], problems: list[Problem]
) -> str | None:
    """The fields around the answers; returns the respondent if it is usable."""
    for name in raw:
        if name not in _FIELDS:
            expected = ", ".join(_FIELDS)
            problems.append(
                Problem(_shown(name), "unknown_field", f"unknown field (expected {expected})")
            )
    version = raw.get("version", questionnaire.version)
    if version != questionnaire.version:
        problems.append(
            Problem(
                "version",
                "version_mismatch",
                f"{version!r} is not the questionnaire checked against ({questionnaire.version!r})",
            )
        )
    respondent = raw.get("respondent")
    if not isinstance(respondent, str) or not respondent.strip():
        problems.append(Problem("respondent", "bad_respondent", "must be a non-empty string"))
        return None
    if _UNSTORABLE.search(respondent):
        problems.append(
            Problem("respondent", "bad_respondent", "contains a NUL character or a lone surrogate")
        )
        return None
    if len(respondent) > MAX_RESPONDENT_CHARS:
        message = f"longer than {MAX_RESPONDENT_CHARS} characters"
        problems.append(Problem("respondent", "bad_respondent", message))
        return None
    return respondent


def _check_blocks(
    questionnaire: Questionnaire, raw_blocks: object, problems: list[Problem]
) -> tuple[int, list[_Checked]]:
    """The campaign blocks: how many were given, and the checked answers of each.

    Beyond the most the questionnaire allows, blocks are reported once and not
    checked; the first ones still are, so their own problems show too.
    """
    repeat = questionnaire.repeat
    if not isinstance(raw_blocks, list):
        problems.append(Problem("campaigns", "bad_campaigns", "must be a list of objects"))
        return 0, []
    if raw_blocks and repeat is None:
        problems.append(Problem("campaigns", "no_repeat", "this questionnaire has no repeat"))
        return len(raw_blocks), []
    given = len(raw_blocks)
    if repeat is not None and given > repeat.max_times:
        problems.append(
            Problem(
                "campaigns",
                "too_many_campaigns",
                f"{given} campaign blocks; the questionnaire asks about at most {repeat.max_times}",
            )
        )
        raw_blocks = raw_blocks[: repeat.max_times]
    blocks = []
    for index, raw_block in enumerate(raw_blocks, start=1):
        checker = _AnswerChecker(questionnaire, problems, block=index)
        if not isinstance(raw_block, dict):
            problems.append(Problem(checker.where(""), "bad_campaign", "must be an object"))
            raw_block = {}
        elif not raw_block:
            problems.append(Problem(checker.where(""), "empty_campaign", "no question is answered"))
        blocks.append(checker.check(raw_block))
    return given, blocks


@dataclass
class _Checked:
    """The answers of one object that passed their own checks, while checking."""

    choices: dict[str, Answer] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    undecided: set[str] = field(default_factory=set)  # malformed choice answers

    def frozen(self) -> Answers:
        # Read-only views of the dicts built here, which nothing else holds.
        return Answers(choices=MappingProxyType(self.choices), texts=MappingProxyType(self.texts))


class _AnswerChecker:
    """Checks the answers of the respondent (block None) or of campaign block ``block``."""

    def __init__(self, questionnaire: Questionnaire, problems: list[Problem], block: int | None):
        self.questionnaire = questionnaire
        self.problems = problems
        self.block = block

    def where(self, name: str) -> str:
        if self.block is None:
            return name
        return f"campaign {self.block}, {name}" if name else f"campaign {self.block}"

    def fail(self, name: str, code: str, message: str) -> None:
        self.problems.append(Problem(self.where(_shown(name)), code, message))

    def check(self, raw: Mapping[str, object]) -> _Checked:
        out = _Checked()
        texts: dict[str, object] = {}
        questionnaire = self.questionnaire
        # Local names and a fast path for well-formed letters and texts: this loop
        # runs for every answer of every imported line (bench/survey_stats_bench.py).
        position, questions = questionnaire.position, questionnaire.questions
        repeat_keys, in_block = questionnaire.repeat_keys, self.block is not None
        choices, single, free = out.choices, QuestionType.SINGLE, _FREE_TYPES
        for name, value in raw.items():
            index = position.get(name)
            if index is not None and (name in repeat_keys) == in_block and type(value) is str:
                question = questions[index]
                kind = question.type
                if (kind is single and value in question.option_set) or (
                    kind in free
                    and value.strip()
                    and len(value) <= MAX_TEXT_CHARS
                    and not _UNSTORABLE.search(value)
                ):
                    choices[name] = value
                    continue
            key = name.removesuffix(TEXT_SUFFIX)
            index = position.get(key)
            if index is None:
                self.fail(
                    name,
                    "unknown_question",
                    f"no such question in questionnaire {questionnaire.version}",
                )
            elif (key in repeat_keys) != in_block:
                if in_block:
                    self.fail(
                        name,
                        "not_campaign_question",
                        "is not a campaign question: it belongs in 'answers'",
                    )
                else:
                    self.fail(
                        name,
                        "campaign_question",
                        "is asked once per campaign: it belongs in a block of 'campaigns'",
                    )
            elif name != key:
                texts[key] = value
            else:
                self.answer(questions[index], value, out)
        for key, value in texts.items():
            self.text(questionnaire.question(key), value, out)
        return out

    def answer(self, question: Question, value: object, out: _Checked) -> None:
        key = question.key
        kind = question.type
        if kind == QuestionType.SINGLE:
            if type(value) is str and value in question.option_set:
                out.choices[key] = value
                return
            if isinstance(value, str):
                self.fail(key, "unknown_option", _no_option(question, value))
            else:
                self.fail(key, "not_single", "is a single choice: give one letter, not a list")
            out.undecided.add(key)
        elif kind == QuestionType.MULTIPLE:
            letters = value if isinstance(value, list) else None
            try:
                chosen = set(letters) if letters is not None else None
            except TypeError:  # a list of lists or objects
                chosen = None
            if letters is None or chosen is None:
                self.fail(key, "not_multiple", "is a multiple choice: give a list of letters")
            elif not chosen:
                self.fail(key, "empty_choice", "an empty list: leave the question out instead")
            elif len(chosen) != len(letters):
                self.fail(key, "duplicate_option", "a letter appears twice")
            elif not chosen <= question.option_set:
                unknown = next(v for v in letters if v not in question.option_set)
                self.fail(key, "unknown_option", _no_option(question, unknown))
            else:
                out.choices[key] = tuple(k for k in question.option_keys if k in chosen)
                return
            out.undecided.add(key)
        elif (
            type(value) is str
            and value.strip()
            and len(value) <= MAX_TEXT_CHARS
            and not _UNSTORABLE.search(value)
        ):
            out.choices[key] = value  # the common case of free_text, without the call
        else:
            self.free_text(key, value, kind)

    def free_text(self, name: str, value: object, kind: str) -> str | None:
        if not isinstance(value, str):
            self.fail(name, "not_text", f"a {kind} answer must be a string")
        elif not value.strip():
            self.fail(name, "empty_text", "an empty answer: leave the question out instead")
        elif len(value) > MAX_TEXT_CHARS:
            self.fail(name, "text_too_long", f"longer than {MAX_TEXT_CHARS} characters")
        elif _UNSTORABLE.search(value):
            self.fail(name, "bad_text", "contains a NUL character or a lone surrogate")
        else:
            return value
        return None

    def text(self, question: Question, value: object, out: _Checked) -> None:
        """``qN_text``: the text of the chosen option(s) that take one."""
        key, name = question.key, question.key + TEXT_SUFFIX
        if key in out.undecided:
            return  # the answer itself is wrong; that is the problem to fix first
        if not question.specify_keys:
            self.fail(name, "text_not_allowed", f"no option of {key} takes a text")
            return
        if key not in out.choices:
            self.fail(name, "text_without_answer", f"{key} is not answered")
            return
        chosen = out.choices[key]
        chosen = (chosen,) if isinstance(chosen, str) else chosen
        takes = [letter for letter in chosen if letter in question.specify_keys]
        if not takes:
            allowed = " or ".join(repr(k) for k in sorted(question.specify_keys))
            self.fail(
                name,
                "text_without_option",
                f"goes with option {allowed} of {key}, which is not chosen",
            )
            return
        if isinstance(value, dict):
            texts = {}
            for letter, text in value.items():
                if letter not in takes:
                    self.fail(
                        name,
                        "text_without_option",
                        f"has a text for {letter!r}, not a chosen option of {key} that takes one",
                    )
                    return
                checked = self.free_text(name, text, "text")
                if checked is None:
                    return
                texts[letter] = checked
            out.texts[key] = texts
        elif len(takes) > 1:
            letters = ", ".join(repr(k) for k in takes)
            self.fail(
                name,
                "ambiguous_text",
                f"options {letters} of {key} both take a text: give an object keyed by letter",
            )
        else:
            checked = self.free_text(name, value, "text")
            if checked is not None:
                out.texts[key] = {takes[0]: checked}


def _no_option(question: Question, value: object) -> str:
    return f"has no option {value!r} (options: {', '.join(question.option_keys)})"


def _describe(skip: Skip, questionnaire: Questionnaire) -> str:
    if skip.target is None:
        towards = "ends this campaign's questions" if skip.left_block else "ends the survey"
    else:
        towards = f"leads to {skip.target}"
    if skip.choice is None:
        return f"{skip.source} decides the route and is not answered, so the route {towards}"
    question = questionnaire.question(skip.source)
    shown = repr(skip.choice[0]) if question.type == QuestionType.SINGLE else list(skip.choice)
    return f"{skip.source} = {shown} {towards}"


def _check_reached(
    questionnaire: Questionnaire,
    path: Path,
    answers: _Checked,
    block: int | None,
    problems: list[Problem],
) -> None:
    """Answers the route does not reach are problems (when the route explains why)."""
    reached = set(path.reached)
    checker = _AnswerChecker(questionnaire, problems, block)
    for key in answers.choices:
        if key in reached:
            continue
        skip = path.explain(questionnaire, key)
        if skip is not None:  # None: the route stopped at a malformed answer before it
            checker.fail(key, "unreachable", "not reached: " + _describe(skip, questionnaire))


def _check_block_count(
    questionnaire: Questionnaire,
    walked: Route,
    main: _Checked,
    given: int,
    problems: list[Problem],
) -> None:
    repeat = questionnaire.repeat
    assert repeat is not None
    if given > repeat.max_times:
        return  # reported once already
    count = repeat.count
    if walked.allowed is None:
        if count in main.undecided or walked.main.stopped_at is not None:
            return  # the malformed answer that stopped the route is the problem
        if count in walked.main.reached:
            message = f"{given} campaign block(s), but {count} (how many campaigns) is not answered"
            problems.append(Problem("campaigns", "campaigns_without_count", message))
            return
        skip = walked.main.explain(questionnaire, repeat.first)
        why = f": {_describe(skip, questionnaire)}" if skip else ""
        problems.append(
            Problem(
                "campaigns",
                "campaigns_not_reached",
                f"{given} campaign block(s), but the route does not reach the campaign "
                f"questions{why}",
            )
        )
    elif given > walked.allowed:
        answer = main.choices.get(count)
        problems.append(
            Problem(
                "campaigns",
                "more_campaigns_than_count",
                f"{given} campaign blocks, but {count} = {answer!r} allows {walked.allowed}",
            )
        )
