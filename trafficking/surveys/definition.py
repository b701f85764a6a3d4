"""The questionnaire as data: reading and checking a definition file.

A questionnaire lives in ``data/questionnaire-<version>.yaml`` (the 2025 one
transcribes appendix C of the inventory report). Publishing a new version is
adding a file: nothing in the code names a question. So the reader is strict
and checks the whole structure before anything uses it: unknown fields, option
letters that repeat, branches (``goto``) to questions that do not exist or that
loop back, questions no route reaches, and a repeated block (the campaign
questions) that can be entered or left in more than one way. Every problem is
reported with the question it is about, all at once, so a reviewer can fix a
new file in one go.

The result is a tree of frozen dataclasses with the route's graph precomputed
(``Questionnaire.successors`` and ``.joins``), which ``branching`` walks. This
module is plain Python: no Django, so it runs in tests, batch jobs and the
benchmark alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
FILE_PATTERN = "questionnaire-*.yaml"

# Versions are a year with an optional edition ("2025", "2026.2"), so they sort
# as numbers and the newest file is the current questionnaire.
_VERSION = re.compile(r"^\d{4}(?:\.\d+)?$")
# q1, q2, ... as the appendix numbers them; a later version may insert "q5a".
# The form keeps "qN_text" (the text of a "namelijk" option) from colliding.
_QUESTION_KEY = re.compile(r"^q[1-9]\d*[a-z]?$")
_OPTION_KEY = re.compile(r"^[a-z]$")
_SECTION_KEY = re.compile(r"^[A-Z0-9][A-Za-z0-9.]*$")


class QuestionnaireError(ValueError):
    """A definition file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, origin: str, problems: Sequence[str]) -> None:
        self.origin = origin
        self.problems = tuple(problems)
        listed = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{origin}: {len(self.problems)} problem(s)\n{listed}")


class QuestionType(StrEnum):
    SINGLE = "single"  # one option letter
    MULTIPLE = "multiple"  # a list of option letters
    TEXT = "text"  # free text
    FILE = "file"  # an upload (q35)


CHOICE_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTIPLE})


@dataclass(frozen=True)
class Text:
    """A text shown to respondents: Dutch as written, English where translated."""

    nl: str | None
    en: str | None = None

    def get(self, language: str) -> str | None:
        """The text in ``language`` ("nl" or "en"), falling back to Dutch."""
        if language == "en" and self.en:
            return self.en
        return self.nl


@dataclass(frozen=True)
class Option:
    key: str
    label: Text
    specify: bool = False  # takes a text with it ("anders, namelijk"), as qN_text
    goto: str | None = None  # the branch; None: the next question
    route: str | None = None  # the appendix's "Door naar ..." verbatim


@dataclass(frozen=True)
class Question:
    key: str
    section: str
    type: QuestionType
    text: Text
    options: tuple[Option, ...] = ()
    hint: Text | None = None
    unreadable: bool = False
    source_text: str | None = None
    note: str | None = None
    source: str = ""

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @functools.cached_property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    @functools.cached_property
    def option_set(self) -> frozenset[str]:
        return frozenset(self.option_keys)

    @functools.cached_property
    def specify_keys(self) -> frozenset[str]:
        """Letters of the options that take a text (``qN_text``)."""
        return frozenset(option.key for option in self.options if option.specify)

    def option(self, key: str) -> Option | None:
        return next((option for option in self.options if option.key == key), None)


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    intro: Text | None = None
    source: str = ""


@dataclass(frozen=True)
class RepeatIntro:
    when: tuple[str, ...]  # answers to the count question this text goes with
    text: Text


@dataclass(frozen=True)
class Repeat:
    """A block of questions asked once per item (campaign), as often as ``count`` says.

    ``questions`` are the keys from ``first`` to ``last`` in order. ``exit`` is
    where the route continues after the last repetition (the checks ensure every
    way out of the block leads there).
    """

    key: str
    first: str
    last: str
    count: str
    times: Mapping[str, int]
    questions: tuple[str, ...]
    exit: str | None
    intro: tuple[RepeatIntro, ...] = ()
    note: str | None = None
    source: str = ""

    @property
    def max_times(self) -> int:
        return max(self.times.values())


@dataclass(frozen=True)
class Intro:
    title: Text
    text: Text
    footnote: Text | None = None
    note: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Questionnaire:
    """A checked questionnaire. Build it with ``parse_questionnaire``/``load_questionnaire``.

    ``successors[q]`` are the questions q's answers can lead to (None = the end),
    one per option for a choice question. ``joins[q]`` is the first question
    that every route from q passes through: where the route goes on when q
    decides the route but was left unanswered.
    """

    version: str
    title: Text
    source: Mapping[str, str]
    intro: Intro | None
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    repeat: Repeat | None
    notes: tuple[str, ...]
    position: Mapping[str, int]
    successors: Mapping[str, tuple[str | None, ...]]
    joins: Mapping[str, str | None]

    def question(self, key: str) -> Question:
        return self.questions[self.position[key]]

    def __contains__(self, key: object) -> bool:
        return key in self.position

    def following(self, key: str) -> str | None:
        """The question printed after ``key`` (None after the last)."""
        return self.next_of[key]

    def decides_route(self, key: str) -> bool:
        """Whether the answer to ``key`` changes which question comes next."""
        return key in self.routing

    def in_repeat(self, key: str) -> bool:
        return key in self.repeat_keys

    # Lookups derived once, for the checks that run per answer of every response.

    @functools.cached_property
    def next_of(self) -> Mapping[str, str | None]:
        keys = [q.key for q in self.questions]
        return MappingProxyType(dict(zip(keys, [*keys[1:], None], strict=True)))

    @functools.cached_property
    def routing(self) -> frozenset[str]:
        """The questions whose answer changes which question comes next."""
        return frozenset(key for key, targets in self.successors.items() if len(set(targets)) > 1)

    @functools.cached_property
    def option_targets(self) -> Mapping[str, Mapping[str, str | None]]:
        """{question: {letter: where that option leads}} for choice questions."""
        return MappingProxyType(
            {
                q.key: MappingProxyType(
                    dict(zip(q.option_keys, self.successors[q.key], strict=True))
                )
                for q in self.questions
                if q.options
            }
        )

    @functools.cached_property
    def repeat_keys(self) -> frozenset[str]:
        return frozenset(self.repeat.questions if self.repeat else ())

    @functools.cached_property
    def rank(self) -> Mapping[str | None, int]:
        """Position for comparing targets; the end (None) after every question."""
        ranks: dict[str | None, int] = {None: len(self.questions)}
        ranks.update(self.position)
        return MappingProxyType(ranks)

    @property
    def main_questions(self) -> tuple[Question, ...]:
        """The questions asked once per respondent (not in the repeated block)."""
        return tuple(q for q in self.questions if not self.in_repeat(q.key))

    @property
    def repeat_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if self.in_repeat(q.key))

    def order(self, key: str | None) -> int:
        """Position for comparing targets; the end sorts after every question."""
        return self.rank[key]


# ---- reading ------------------------------------------------------------------


def questionnaire_files(directory: Path = DATA_DIR) -> dict[str, Path]:
    """The published versions in ``directory``, oldest first: {version: path}."""
    found = {}
    for path in directory.glob(FILE_PATTERN):
        version = path.stem.removeprefix("questionnaire-")
        if _VERSION.match(version):
            found[version] = path
    return dict(sorted(found.items(), key=lambda item: _version_key(item[0])))


def current_version(directory: Path = DATA_DIR) -> str:
    files = questionnaire_files(directory)
    if not files:
        raise QuestionnaireError(str(directory), ["no questionnaire-<version>.yaml file"])
    return next(reversed(files))


@functools.cache
def load_version(version: str) -> Questionnaire:
    """The published questionnaire ``version`` (cached: files do not change in a release)."""
    files = questionnaire_files()
    if version not in files:
        known = ", ".join(files) or "none"
        raise QuestionnaireError(
            version, [f"no questionnaire version {version!r} (known: {known})"]
        )
    return load_questionnaire(files[version])


def current_questionnaire() -> Questionnaire:
    return load_version(current_version())


def load_questionnaire(path: Path) -> Questionnaire:
    """Read and check one definition file; raise QuestionnaireError listing every problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise QuestionnaireError(str(path), [f"cannot read: {error}"]) from None
    questionnaire = parse_questionnaire(raw, origin=str(path))
    expected = path.stem.removeprefix("questionnaire-")
    if path.name.startswith("questionnaire-") and expected != questionnaire.version:
        raise QuestionnaireError(
            str(path), [f"version {questionnaire.version!r} does not match the file name"]
        )
    return questionnaire


def parse_questionnaire(raw: object, *, origin: str = "<questionnaire>") -> Questionnaire:
    """Check a parsed definition (a mapping, as from YAML) and build the questionnaire."""
    return _Reader(origin).read(raw)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


# ---- checking -----------------------------------------------------------------

_TOP_FIELDS = {"version", "title", "source", "intro", "sections", "questions", "repeat", "notes"}
_QUESTION_FIELDS = {
    "key",
    "section",
    "type",
    "text",
    "hint",
    "options",
    "unreadable",
    "source_text",
    "note",
    "source",
}
_OPTION_FIELDS = {"key", "label", "specify", "goto", "route"}
_REPEAT_FIELDS = {"key", "first", "last", "count", "times", "intro", "note", "source"}


class _Reader:
    """Collects every problem of a definition, then either builds it or raises."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def stop_if_problems(self) -> None:
        if self.problems:
            raise QuestionnaireError(self.origin, self.problems)

    # -- small readers, each reporting under ``where`` --

    def mapping(self, raw: object, where: str, fields: set[str]) -> dict[str, object]:
        if not isinstance(raw, dict):
            self.fail(where, "must be a mapping")
            return {}
        for name in sorted(set(raw) - fields, key=str):
            self.fail(where, f"unknown field {name!r}")
        return raw

    def string(self, raw: object, where: str, *, required: bool = True) -> str | None:
        if raw is None and not required:
            return None
        if not isinstance(raw, str) or not raw.strip():
            self.fail(where, "must be a non-empty string")
            return None
        return raw

    def text(self, raw: object, where: str, *, required: bool = True) -> Text:
        fields = self.mapping(raw, where, {"nl", "en"})
        nl = self.string(fields.get("nl"), f"{where}.nl", required=required)
        en = self.string(fields.get("en"), f"{where}.en", required=False)
        return Text(nl=nl, en=en)

    def flag(self, raw: object, where: str) -> bool:
        if raw is None:
            return False
        if not isinstance(raw, bool):
            self.fail(where, "must be true or false")
            return False
        return raw

    # -- the parts of a definition --

    def read(self, raw: object) -> Questionnaire:
        top = self.mapping(raw, "questionnaire", _TOP_FIELDS)
        version = top.get("version")
        if not isinstance(version, str) or not _VERSION.match(version):
            self.fail(
                "version", 'must be a quoted year with an optional edition ("2025", "2026.2")'
            )
            version = ""
        title = self.text(top.get("title"), "title")
        source = self.source(top.get("source"))
        intro = self.intro(top["intro"]) if top.get("intro") is not None else None
        sections = self.sections(top.get("sections"))
        questions = self.questions(top.get("questions"), {s.key for s in sections})
        notes = self.notes(top.get("notes"))
        self.stop_if_problems()

        position = {q.key: index for index, q in enumerate(questions)}
        self.branch_targets(questions, position)
        self.stop_if_problems()
        successors = _successors(questions)
        repeat = self.repeat(top.get("repeat"), questions, position, successors)
        self.stop_if_problems()
        self.route_graph(questions, position, successors)
        self.stop_if_problems()
        joins = _joins(questions, position, successors)
        return Questionnaire(
            version=version,
            title=title,
            source=MappingProxyType(source),
            intro=intro,
            sections=sections,
            questions=questions,
            repeat=repeat,
            notes=notes,
            position=MappingProxyType(position),
            successors=MappingProxyType(successors),
            joins=MappingProxyType(joins),
        )

    def source(self, raw: object) -> dict[str, str]:
        fields = self.mapping(raw, "source", {"document", "file", "appendix"})
        out = {}
        for name, value in fields.items():
            checked = self.string(value, f"source.{name}")
            if checked:
                out[name] = checked
        if "document" not in fields:
            self.fail("source", "needs 'document'")
        return out

    def intro(self, raw: object) -> Intro:
        fields = self.mapping(raw, "intro", {"title", "text", "footnote", "note", "source"})
        return Intro(
            title=self.text(fields.get("title"), "intro.title"),
            text=self.text(fields.get("text"), "intro.text"),
            footnote=(
                self.text(fields["footnote"], "intro.footnote")
                if fields.get("footnote") is not None
                else None
            ),
            note=self.string(fields.get("note"), "intro.note", required=False),
            source=self.string(fields.get("source"), "intro.source", required=False) or "",
        )

    def sections(self, raw: object) -> tuple[Section, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail("sections", "must be a non-empty list")
            return ()
        sections: list[Section] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            fields = self.mapping(item, f"sections[{index}]", {"key", "title", "intro", "source"})
            key = fields.get("key")
            if not isinstance(key, str) or not _SECTION_KEY.match(key):
                self.fail(f"sections[{index}]", "needs a key such as 'C.2'")
                continue
            if key in seen:
                self.fail(f"section {key}", "appears twice")
            seen.add(key)
            sections.append(
                Section(
                    key=key,
                    title=self.text(fields.get("title"), f"section {key}.title"),
                    intro=(
                        self.text(fields["intro"], f"section {key}.intro")
                        if fields.get("intro") is not None
                        else None
                    ),
                    source=self.string(fields.get("source"), f"section {key}.source") or "",
                )
            )
        return tuple(sections)

    def questions(self, raw: object, sections: set[str]) -> tuple[Question, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail("questions", "must be a non-empty list")
            return ()
        questions: list[Question] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            key = item.get("key") if isinstance(item, dict) else None
            if not isinstance(key, str) or not _QUESTION_KEY.match(key):
                self.fail(f"questions[{index}]", f"key {key!r} is not of the form q1, q2, ...")
                continue
            if key in seen:
                self.fail(key, "appears twice")
                continue
            seen.add(key)
            question = self.question(key, item, sections)
            if question is not None:
                questions.append(question)
        return tuple(questions)

    def question(self, key: str, raw: object, sections: set[str]) -> Question | None:
        fields = self.mapping(raw, key, _QUESTION_FIELDS)
        section = fields.get("section")
        if section not in sections:
            self.fail(key, f"section {section!r} is not in 'sections'")
        try:
            kind = QuestionType(str(fields.get("type")))
        except ValueError:
            self.fail(
                key, f"type {fields.get('type')!r} is not one of single, multiple, text, file"
            )
            return None
        unreadable = self.flag(fields.get("unreadable"), f"{key}.unreadable")
        text = self.text(fields.get("text"), f"{key}.text", required=not unreadable)
        source_text = self.string(fields.get("source_text"), f"{key}.source_text", required=False)
        if unreadable and not source_text:
            self.fail(key, "an unreadable question keeps what survives in 'source_text'")
        note = self.string(fields.get("note"), f"{key}.note", required=unreadable)
        hint = self.text(fields["hint"], f"{key}.hint") if fields.get("hint") is not None else None
        options = self.options(key, kind, fields.get("options"))
        return Question(
            key=key,
            section=str(section),
            type=kind,
            text=text,
            options=options,
            hint=hint,
            unreadable=unreadable,
            source_text=source_text,
            note=note,
            source=self.string(fields.get("source"), f"{key}.source") or "",
        )

    def options(self, key: str, kind: QuestionType, raw: object) -> tuple[Option, ...]:
        if kind not in CHOICE_TYPES:
            if raw is not None:
                self.fail(key, f"a {kind} question has no options")
            return ()
        if not isinstance(raw, list) or not raw:
            self.fail(key, f"a {kind} choice question needs a list of options")
            return ()
        options: list[Option] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            fields = self.mapping(item, f"{key} option {index + 1}", _OPTION_FIELDS)
            letter = fields.get("key")
            if not isinstance(letter, str) or not _OPTION_KEY.match(letter):
                self.fail(key, f"option {index + 1} needs a single lowercase letter as key")
                continue
            if letter in seen:
                self.fail(key, f"option {letter!r} appears twice")
                continue
            seen.add(letter)
            goto = fields.get("goto")
            if goto is not None and not isinstance(goto, str):
                self.fail(key, f"option {letter!r}: goto must be a question key")
                goto = None
            options.append(
                Option(
                    key=letter,
                    label=self.text(fields.get("label"), f"{key} option {letter!r} label"),
                    specify=self.flag(fields.get("specify"), f"{key} option {letter!r} specify"),
                    goto=goto,
                    route=self.string(
                        fields.get("route"), f"{key} option {letter!r} route", required=False
                    ),
                )
            )
        return tuple(options)

    def notes(self, raw: object) -> tuple[str, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list) or not all(isinstance(n, str) and n for n in raw):
            self.fail("notes", "must be a list of strings")
            return ()
        return tuple(raw)

    def branch_targets(self, questions: Sequence[Question], position: Mapping[str, int]) -> None:
        for question in questions:
            for option in question.options:
                if option.goto is None:
                    continue
                if option.goto not in position:
                    self.fail(
                        question.key,
                        f"option {option.key!r} leads to {option.goto!r}, which is not a question",
                    )
                elif option.goto == question.key:
                    self.fail(question.key, f"option {option.key!r} leads back to the question")

    def repeat(
        self,
        raw: object,
        questions: Sequence[Question],
        position: Mapping[str, int],
        successors: Mapping[str, tuple[str | None, ...]],
    ) -> Repeat | None:
        if raw is None:
            return None
        fields = self.mapping(raw, "repeat", _REPEAT_FIELDS)
        name = self.string(fields.get("key"), "repeat.key") or "repeat"
        first, last, count = (fields.get(part) for part in ("first", "last", "count"))
        for part, value in (("first", first), ("last", last), ("count", count)):
            if value not in position:
                self.fail("repeat", f"{part} {value!r} is not a question")
        if self.problems:
            return None
        assert isinstance(first, str) and isinstance(last, str) and isinstance(count, str)
        if not position[count] < position[first] <= position[last]:
            self.fail("repeat", f"{count} (count) must come before {first}, and {first} by {last}")
            return None
        block = tuple(q.key for q in questions[position[first] : position[last] + 1])
        counter = questions[position[count]]
        if counter.type != QuestionType.SINGLE:
            self.fail(count, "counts the repeated block, so it must be a single choice")
            return None
        times = fields.get("times")
        if not isinstance(times, dict) or set(times) != set(counter.option_keys):
            self.fail("repeat", f"times must give a number for each option of {count}")
            return None
        for letter, value in times.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                self.fail("repeat", f"times for {count} {letter!r} must be a whole number >= 0")
            elif value and successors[count][counter.option_keys.index(letter)] != first:
                self.fail(
                    count, f"option {letter!r} repeats the block but does not lead to {first}"
                )
        if times and max((v for v in times.values() if isinstance(v, int)), default=0) < 1:
            self.fail("repeat", "times must allow the block at least once")

        inside = set(block)
        exits: set[str | None] = set()
        for key, targets in successors.items():
            for target in targets:
                if key in inside and target not in inside:
                    exits.add(target)
                elif key not in inside and target in inside and (target != first or key != count):
                    self.fail(key, f"leads into the repeated block at {target}; only {count} may")
        if len(exits) > 1:
            listed = ", ".join(sorted("the end" if e is None else e for e in exits))
            self.fail(
                "repeat",
                f"the block {first}-{last} is left towards {listed}: after the last repetition "
                "the route must go on at one question",
            )
        intro = []
        raw_intro = fields.get("intro") or []
        if not isinstance(raw_intro, list):
            self.fail("repeat.intro", "must be a list")
            raw_intro = []
        for index, item in enumerate(raw_intro):
            where = f"repeat.intro[{index}]"
            entry = self.mapping(item, where, {"when", "text"})
            when = entry.get("when")
            if not isinstance(when, list) or not set(when) <= set(counter.option_keys):
                self.fail(where, f"when must list options of {count}")
                continue
            intro.append(RepeatIntro(when=tuple(when), text=self.text(entry.get("text"), where)))
        if self.problems:
            return None
        return Repeat(
            key=name,
            first=first,
            last=last,
            count=count,
            times=MappingProxyType(dict(times)),
            questions=block,
            exit=next(iter(exits)) if exits else None,
            intro=tuple(intro),
            note=self.string(fields.get("note"), "repeat.note", required=False),
            source=self.string(fields.get("source"), "repeat.source", required=False) or "",
        )

    def route_graph(
        self,
        questions: Sequence[Question],
        position: Mapping[str, int],
        successors: Mapping[str, tuple[str | None, ...]],
    ) -> None:
        """No loops, branches only skip ahead, and every question is reached."""
        for cycle in _cycles(questions, successors):
            self.fail(cycle[0], "the route can loop: " + " -> ".join(cycle))
        if self.problems:
            return
        for question in questions:
            for option in question.options:
                if option.goto is not None and position[option.goto] < position[question.key]:
                    self.fail(
                        question.key,
                        f"option {option.key!r} leads back to {option.goto}; "
                        "branches may only skip ahead",
                    )
        reached = _reachable(questions[0].key, successors)
        for question in questions:
            if question.key not in reached:
                self.fail(question.key, "no route reaches this question")


# ---- the route's graph ----------------------------------------------------------


def _successors(questions: Sequence[Question]) -> dict[str, tuple[str | None, ...]]:
    """Where each question can lead: one target per option, or the next question."""
    out: dict[str, tuple[str | None, ...]] = {}
    for index, question in enumerate(questions):
        following = questions[index + 1].key if index + 1 < len(questions) else None
        if question.options:
            out[question.key] = tuple(option.goto or following for option in question.options)
        else:
            out[question.key] = (following,)
    return out


def _reachable(start: str, successors: Mapping[str, tuple[str | None, ...]]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        todo.extend(target for target in successors[key] if target is not None)
    return seen


def _cycles(
    questions: Sequence[Question], successors: Mapping[str, tuple[str | None, ...]]
) -> list[list[str]]:
    """Each loop in the route once, as the questions along it (first repeated at the end)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []
    found: list[list[str]] = []

    def visit(key: str) -> None:
        state[key] = 1
        path.append(key)
        for target in dict.fromkeys(successors[key]):
            if target is None:
                continue
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[key] = 2

    for question in questions:
        if question.key not in state:
            visit(question.key)
    return found


def _joins(
    questions: Sequence[Question],
    position: Mapping[str, int],
    successors: Mapping[str, tuple[str | None, ...]],
) -> dict[str, str | None]:
    """For each question, the first question every route from it passes through.

    Branches only skip ahead, so the printed order is a topological order and
    the common question that comes first is the one each route meets first.
    """
    end = len(questions)
    ahead: dict[str | None, frozenset[str | None]] = {None: frozenset({None})}
    for question in reversed(questions):
        ahead[question.key] = frozenset({question.key}).union(
            *(ahead[target] for target in successors[question.key])
        )
    joins: dict[str, str | None] = {}
    for question in questions:
        targets = set(successors[question.key])
        common = frozenset.intersection(*(ahead[target] for target in targets))
        joins[question.key] = min(common, key=lambda key: end if key is None else position[key])
    return joins
