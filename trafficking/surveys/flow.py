"""The respondent's way through the questionnaire, page by page (pure).

The pages follow from the questionnaire alone, so a new version needs no
code: questions are grouped in the printed order, and a page ends

- at the end of a section, and where the repeated block starts or ends;
- after a question that decides the route (q4, q9, q15, q16, q26, q27) or
  the count of the repeated block (q17): what comes next depends on it;
- before a question a branch jumps to, so a jump lands on a page's start;
- after three questions or twelve answer options, so pages stay short on a
  phone.

Unreadable questions (q23 in 2025, ADR 0013) are never shown.

Which pages a respondent sees is what ``branching.route`` reaches with the
answers so far, so the pages never ask a question the route does not reach
and the submitted response passes ``responses.check_response``. The
campaign block gets its pages once per campaign, as often as the count
question allows (at most three). Page keys are stable words for the URL and
``SurveyResponse.resume_at``: ``start``, the first question of a page
(``q5``), ``c2-q18`` for campaign 2, and ``overzicht`` (the summary).

Answers are kept in the import format of ``responses.py``: ``answers`` and
one object per campaign block in ``campaigns``. A page's form data is
turned into that format and back here too. Nothing here knows Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .branching import route
from .definition import Question, Questionnaire, QuestionType

START = "start"
SUMMARY = "overzicht"
MAX_QUESTIONS_PER_PAGE = 3
MAX_OPTIONS_PER_PAGE = 12
TEXT_SUFFIX = "_text"

_BLOCK_KEY = re.compile(r"^c([1-9])-(q[1-9]\d*[a-z]?)$")

Answers = dict[str, object]


@dataclass(frozen=True)
class Page:
    key: str
    questions: tuple[str, ...] = ()
    block: int | None = None  # 0-based campaign block, None outside the block

    @property
    def is_questions(self) -> bool:
        return bool(self.questions)


@dataclass(frozen=True)
class Progress:
    number: int  # this page's place, from 1
    total: int  # about how many pages the route will have


# ---- the static layout ----------------------------------------------------------

_layouts: dict[int, tuple[Questionnaire, tuple[tuple[str, ...], ...]]] = {}


def layout(questionnaire: Questionnaire) -> tuple[tuple[str, ...], ...]:
    """The groups of question keys that make pages, in the printed order."""
    cached = _layouts.get(id(questionnaire))
    if cached is not None and cached[0] is questionnaire:
        return cached[1]
    groups = _group(questionnaire)
    _layouts[id(questionnaire)] = (questionnaire, groups)
    return groups


def _jump_targets(questionnaire: Questionnaire) -> set[str]:
    targets = set()
    for question in questionnaire.questions:
        following = questionnaire.next_of[question.key]
        for target in questionnaire.successors[question.key]:
            if target is not None and target != following:
                targets.add(target)
        join = questionnaire.joins[question.key]
        if join is not None and join != following:
            targets.add(join)
    return targets


def _ends_page(questionnaire: Questionnaire, key: str) -> bool:
    repeat = questionnaire.repeat
    return questionnaire.decides_route(key) or (repeat is not None and key == repeat.count)


def _group(questionnaire: Questionnaire) -> tuple[tuple[str, ...], ...]:
    targets = _jump_targets(questionnaire)
    groups: list[list[str]] = []
    options = 0
    previous: Question | None = None
    for question in questionnaire.questions:
        if question.unreadable:
            continue
        new_page = (
            previous is None
            or question.section != previous.section
            or questionnaire.in_repeat(question.key) != questionnaire.in_repeat(previous.key)
            or (questionnaire.repeat is not None and question.key == questionnaire.repeat.first)
            or question.key in targets
            or _ends_page(questionnaire, previous.key)
            or len(groups[-1]) >= MAX_QUESTIONS_PER_PAGE
            or options + len(question.options) > MAX_OPTIONS_PER_PAGE
        )
        if new_page:
            groups.append([])
            options = 0
        groups[-1].append(question.key)
        options += len(question.options)
        previous = question
    return tuple(tuple(group) for group in groups)


# ---- the route as pages -------------------------------------------------------------


def allowed_blocks(questionnaire: Questionnaire, answers: Mapping[str, object]) -> int:
    """How many campaign blocks the count question's answer allows (0 if none)."""
    repeat = questionnaire.repeat
    if repeat is None:
        return 0
    count = answers.get(repeat.count)
    return repeat.times.get(count, 0) if isinstance(count, str) else 0


def padded_blocks(
    questionnaire: Questionnaire, answers: Mapping[str, object], campaigns: Sequence[Mapping]
) -> list[Mapping[str, object]]:
    """The campaign blocks the route walks: as many as allowed, empty ones added."""
    allowed = allowed_blocks(questionnaire, answers)
    blocks: list[Mapping[str, object]] = [
        block if isinstance(block, Mapping) else {} for block in campaigns[:allowed]
    ]
    return blocks + [{} for _ in range(allowed - len(blocks))]


def pages(
    questionnaire: Questionnaire,
    answers: Mapping[str, object],
    campaigns: Sequence[Mapping[str, object]] = (),
) -> list[Page]:
    """Every page of the route the answers so far give, start and summary included."""
    blocks = padded_blocks(questionnaire, answers, campaigns)
    walked = route(questionnaire, answers, blocks)
    reached = set(walked.main.reached)
    repeat = questionnaire.repeat
    split = questionnaire.position[repeat.first] if repeat else len(questionnaire.questions)
    before: list[Page] = []
    after: list[Page] = []
    in_block: list[tuple[str, ...]] = []
    for group in layout(questionnaire):
        if questionnaire.in_repeat(group[0]):
            in_block.append(group)
            continue
        shown = tuple(key for key in group if key in reached)
        if shown:
            page = Page(key=group[0], questions=shown)
            (before if questionnaire.position[group[0]] < split else after).append(page)
    block_pages: list[Page] = []
    for index, path in enumerate(walked.blocks):
        block_reached = set(path.reached)
        for group in in_block:
            shown = tuple(key for key in group if key in block_reached)
            if shown:
                block_pages.append(
                    Page(key=f"c{index + 1}-{group[0]}", questions=shown, block=index)
                )
    return [Page(START), *before, *block_pages, *after, Page(SUMMARY)]


def find_page(page_list: Sequence[Page], key: str) -> int | None:
    for index, page in enumerate(page_list):
        if page.key == key:
            return index
    return None


def is_page_key(key: str) -> bool:
    """Whether ``key`` has the shape of a page key (before looking it up)."""
    return (
        key in (START, SUMMARY)
        or bool(re.match(r"^q[1-9]\d*[a-z]?$", key))
        or bool(_BLOCK_KEY.match(key))
    )


# ---- progress -------------------------------------------------------------------------


def _default_choice(questionnaire: Questionnaire, question: Question) -> object:
    """The answer assumed for an unanswered question that decides the route,
    for the estimate: the one that goes on to the printed next question, so
    the estimate only shrinks as answers skip pages."""
    repeat = questionnaire.repeat
    if repeat is not None and question.key == repeat.count:
        letter = min(
            (k for k, times in repeat.times.items() if times >= 1),
            key=lambda k: repeat.times[k],
        )
    else:
        targets = questionnaire.option_targets[question.key]
        letter = min(question.option_keys, key=lambda k: questionnaire.rank[targets[k]])
    return [letter] if question.type == QuestionType.MULTIPLE else letter


def progress(
    questionnaire: Questionnaire,
    answers: Mapping[str, object],
    campaigns: Sequence[Mapping[str, object]],
    current: str,
) -> Progress:
    """ "Page k of about n": n assumes that questions not yet seen which decide
    the route go on to the next question (and that one campaign is asked about)."""
    actual = pages(questionnaire, answers, campaigns)
    index = find_page(actual, current)
    number = (index if index is not None else 0) + 1
    seen: set[tuple[int | None, str]] = {
        (page.block, key) for page in actual[:number] for key in page.questions
    }
    guess: dict[str, object] = dict(answers)
    guess_blocks: list[dict[str, object]] = [dict(block) for block in campaigns]
    for _ in range(len(questionnaire.questions) + 1):
        changed = False
        for page in pages(questionnaire, guess, guess_blocks)[number:]:
            for key in page.questions:
                question = questionnaire.question(key)
                if not question.options or (page.block, key) in seen:
                    continue
                if not _ends_page(questionnaire, key):
                    continue
                target = guess if page.block is None else _block(guess_blocks, page.block)
                if key not in target:
                    target[key] = _default_choice(questionnaire, question)
                    changed = True
        if not changed:
            break
    total = len(pages(questionnaire, guess, guess_blocks))
    return Progress(number=number, total=max(total, number))


def _block(blocks: list[dict[str, object]], index: int) -> dict[str, object]:
    while len(blocks) <= index:
        blocks.append({})
    return blocks[index]


# ---- between form data and the import format ----------------------------------------


def text_field(key: str, letter: str) -> str:
    """The form field for the text of option ``letter`` of question ``key``."""
    return f"{key}{TEXT_SUFFIX}_{letter}"


def chosen_letters(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return ()


def option_texts(question: Question, scope: Mapping[str, object]) -> dict[str, str]:
    """{letter: text} of a question's "namelijk" texts in stored answers."""
    raw = scope.get(question.key + TEXT_SUFFIX)
    if isinstance(raw, dict):
        return {str(k): str(v) for k, v in raw.items() if isinstance(v, str)}
    if isinstance(raw, str):
        takes = [k for k in chosen_letters(scope.get(question.key)) if k in question.specify_keys]
        if len(takes) == 1:
            return {takes[0]: raw}
        if len(question.specify_keys) == 1:
            return {next(iter(question.specify_keys)): raw}
    return {}


def form_initial(
    questionnaire: Questionnaire, keys: Sequence[str], scope: Mapping[str, object]
) -> dict[str, object]:
    """The stored answers of one page as form values."""
    initial: dict[str, object] = {}
    for key in keys:
        question = questionnaire.question(key)
        value = scope.get(key)
        if value is None:
            continue
        if question.type == QuestionType.MULTIPLE:
            initial[key] = list(chosen_letters(value))
        else:
            initial[key] = value
        for letter, text in option_texts(question, scope).items():
            initial[text_field(key, letter)] = text
    return initial


def answers_from_form(
    questionnaire: Questionnaire, keys: Sequence[str], cleaned: Mapping[str, object]
) -> dict[str, object]:
    """A page's checked form values in the import format; absent keys mean "not answered".

    ``cleaned`` holds, per question, a letter, a list of letters, a text or a
    stored file name (empty when not answered), and the texts of chosen
    options under :func:`text_field` names.
    """
    out: dict[str, object] = {}
    for key in keys:
        question = questionnaire.question(key)
        value = cleaned.get(key)
        if question.type == QuestionType.MULTIPLE:
            letters = [k for k in question.option_keys if k in chosen_letters(value)]
            if letters:
                out[key] = letters
        elif isinstance(value, str) and value.strip():
            out[key] = value
        texts = {}
        for letter in chosen_letters(out.get(key)):
            if letter in question.specify_keys:
                text = cleaned.get(text_field(key, letter))
                if isinstance(text, str) and text.strip():
                    texts[letter] = text
        if len(texts) == 1:
            out[key + TEXT_SUFFIX] = next(iter(texts.values()))
        elif texts:
            out[key + TEXT_SUFFIX] = texts
    return out


def apply_page(
    answers: Mapping[str, object],
    campaigns: Sequence[Mapping[str, object]],
    page: Page,
    values: Mapping[str, object],
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """New copies of the answers with ``page``'s questions replaced by ``values``."""
    main = dict(answers)
    blocks = [dict(block) for block in campaigns]
    scope = main if page.block is None else _block(blocks, page.block)
    for key in page.questions:
        scope.pop(key, None)
        scope.pop(key + TEXT_SUFFIX, None)
    scope.update(values)
    return main, blocks


def scope_of(
    answers: Mapping[str, object], campaigns: Sequence[Mapping[str, object]], page: Page
) -> Mapping[str, object]:
    if page.block is None:
        return answers
    return campaigns[page.block] if page.block < len(campaigns) else {}


# ---- what is submitted ------------------------------------------------------------------


@dataclass
class Pruned:
    answers: dict[str, object]
    campaigns: list[dict[str, object]]
    dropped_files: list[str] = field(default_factory=list)


def prune(
    questionnaire: Questionnaire,
    answers: Mapping[str, object],
    campaigns: Sequence[Mapping[str, object]],
) -> Pruned:
    """Only the answers the route reaches: what a respondent changed back and
    forth leaves nothing behind that ``check_response`` would refuse.

    Answers to questions no longer reached, texts of options no longer
    chosen, campaign blocks beyond the count and blocks left empty are
    dropped; the stored names of files that were in dropped answers are
    returned so the caller can remove them.
    """
    blocks = padded_blocks(questionnaire, answers, campaigns)
    walked = route(questionnaire, answers, blocks)
    dropped: list[str] = []
    main = _keep(questionnaire, answers, set(walked.main.reached), dropped)
    kept_blocks = []
    for index, block in enumerate(blocks):
        reached = set(walked.blocks[index].reached) if index < len(walked.blocks) else set()
        kept = _keep(questionnaire, block, reached, dropped)
        if kept:
            kept_blocks.append(kept)
    for block in campaigns[len(blocks) :]:
        if isinstance(block, Mapping):
            _keep(questionnaire, block, set(), dropped)
    return Pruned(answers=main, campaigns=kept_blocks, dropped_files=dropped)


def _keep(
    questionnaire: Questionnaire,
    scope: Mapping[str, object],
    reached: set[str],
    dropped_files: list[str],
) -> dict[str, object]:
    kept: dict[str, object] = {}
    for name, value in scope.items():
        key = name.removesuffix(TEXT_SUFFIX)
        if key not in questionnaire:
            continue
        question = questionnaire.question(key)
        if key not in reached or question.unreadable:
            if name == key and question.type == QuestionType.FILE and isinstance(value, str):
                dropped_files.append(value)
            continue
        if name == key:
            kept[name] = value
    for key in list(kept):
        question = questionnaire.question(key)
        texts = {
            letter: text
            for letter, text in option_texts(question, scope).items()
            if letter in chosen_letters(kept[key]) and letter in question.specify_keys
        }
        if len(texts) == 1:
            kept[key + TEXT_SUFFIX] = next(iter(texts.values()))
        elif texts:
            kept[key + TEXT_SUFFIX] = texts
    return kept


# ---- the summary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryItem:
    key: str
    question: str
    answers: tuple[str, ...]  # option labels with their texts, or the text itself
    kind: str  # QuestionType value
    page: str  # the page to change it on


@dataclass(frozen=True)
class SummaryPart:
    block: int | None
    items: tuple[SummaryItem, ...]


def summary(
    questionnaire: Questionnaire,
    answers: Mapping[str, object],
    campaigns: Sequence[Mapping[str, object]],
    language: str,
) -> list[SummaryPart]:
    """The reached questions with their answers (or none), in route order.

    Reads the pruned answers, so it shows exactly what would be submitted.
    """
    pruned = prune(questionnaire, answers, campaigns)
    blocks = padded_blocks(questionnaire, answers, campaigns)
    parts: list[SummaryPart] = []
    current: list[SummaryItem] = []
    block_now: int | None = None
    for page in pages(questionnaire, answers, campaigns):
        if page.block != block_now:
            if current:
                parts.append(SummaryPart(block_now, tuple(current)))
            current, block_now = [], page.block
        if page.block is None:
            scope: Mapping[str, object] = pruned.answers
        else:
            scope = _keep(questionnaire, blocks[page.block], set(page.questions), [])
        for key in page.questions:
            question = questionnaire.question(key)
            current.append(
                SummaryItem(
                    key=key,
                    question=question.text.get(language) or key,
                    answers=_shown(question, scope, language),
                    kind=str(question.type),
                    page=page.key,
                )
            )
    if current:
        parts.append(SummaryPart(block_now, tuple(current)))
    return parts


def _shown(question: Question, scope: Mapping[str, object], language: str) -> tuple[str, ...]:
    value = scope.get(question.key)
    if value is None:
        return ()
    if not question.is_choice:
        return (str(value),)
    texts = option_texts(question, scope)
    shown = []
    for letter in chosen_letters(value):
        option = question.option(letter)
        if option is None:
            continue
        label = option.label.get(language) or letter
        shown.append(f"{label} {texts[letter]}" if letter in texts else label)
    return tuple(shown)
