"""Which questions a respondent reaches, given their answers (pure).

The route starts at the first question and goes on question by question; an
option with a ``goto`` skips ahead. Three rules the appendix leaves open are
fixed here, the same for every version of the questionnaire (ADR 0013):

- A multiple-choice question whose options branch differently follows the
  chosen option whose target comes first: questions are only skipped when
  every chosen answer says to skip them (q16: "before 2020" together with
  "since 2020" goes on to q17).
- A question that decides the route but is not answered leaves the route at
  its *join*, the first question every one of its routes passes through
  (q4 unanswered: on at q9, skipping the reporting-point questions q5-q8).
  A respondent may leave questions open; what they did answer beyond the join
  is still reached.
- The repeated block (the campaign questions q18-q35) is walked once per
  campaign block given, as far as the count question (q17) allows. A branch
  out of the block ends that campaign's questions; after the last campaign the
  route goes on at the block's exit (q36).

Answers come in the shape of the import format: a letter for a single choice,
a sequence of letters for a multiple choice, a string for text and files.
Only the presence of text answers matters here. Questions whose answer is
malformed are passed as ``undecided``: the walk cannot tell where they lead,
so it stops there instead of guessing (and callers report nothing beyond it).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from .definition import Questionnaire

Answers = Mapping[str, object]


@dataclass(frozen=True)
class Skip:
    """One place where the route did not go on to the printed next question.

    ``choice`` is what was answered at ``source`` (None: not answered, so the
    route went on at the join). ``target`` None is the end of the questionnaire,
    or, inside a repeated block, of the block (then ``left_block`` is True).
    """

    source: str
    target: str | None
    choice: tuple[str, ...] | None
    left_block: bool = False


@dataclass(frozen=True)
class Path:
    """The questions reached in one walk, in order, and why others were skipped."""

    reached: tuple[str, ...]
    skips: tuple[Skip, ...]
    stopped_at: str | None = None  # an undecided question the walk could not pass

    def explain(self, questionnaire: Questionnaire, key: str) -> Skip | None:
        """The skip that jumped over ``key``; None if the walk never got that far."""
        where = questionnaire.position[key]
        for skip in self.skips:
            target = (
                len(questionnaire.questions)
                if skip.target is None
                else questionnaire.position[skip.target]
            )
            if questionnaire.position[skip.source] < where < target:
                return skip
        return None


@dataclass(frozen=True)
class Route:
    """The whole route of one response.

    ``main`` covers the questions asked once; ``blocks`` one walk per campaign
    block that was walked (at most ``allowed`` of those given). ``allowed`` is
    how many blocks the count question allows, or None when the route never
    reaches the block or the count question is not (validly) answered.
    """

    main: Path
    allowed: int | None
    blocks: tuple[Path, ...]

    @property
    def reached(self) -> frozenset[str]:
        return frozenset(self.main.reached)


def next_question(
    questionnaire: Questionnaire, key: str, answer: object | None
) -> tuple[str | None, tuple[str, ...] | None]:
    """Where the route goes after ``key`` given its answer (None: not answered).

    Returns the next question (None: the end) and the chosen letters (None for
    an unanswered question, () for a text answer). Letters that are not options
    are ignored (the caller reports them and passes the question as undecided).
    The repeated block is not handled here: a target outside the block means
    "end of this campaign".
    """
    if answer is None:
        chosen: tuple[str, ...] | None = None
    elif isinstance(answer, str):
        chosen = (answer,) if questionnaire.question(key).is_choice else ()
    elif isinstance(answer, list | tuple):
        chosen = tuple(str(letter) for letter in answer)
    else:
        chosen = ()
    if key not in questionnaire.routing:  # every answer leads to the same question
        return questionnaire.successors[key][0], chosen
    if chosen is None:
        return questionnaire.joins[key], None
    targets = questionnaire.option_targets[key]
    target = min(
        (targets[letter] for letter in chosen if letter in targets),
        key=questionnaire.rank.__getitem__,
        default=questionnaire.next_of[key],
    )
    return target, chosen


def _walk(
    questionnaire: Questionnaire,
    start: str | None,
    answers: Answers,
    undecided: Collection[str],
    *,
    stop: Collection[str | None],
    block: Sequence[str] = (),
) -> tuple[Path, str | None]:
    """Walk from ``start`` until the end or a question in ``stop``; return where it stopped."""
    reached: list[str] = []
    skips: list[Skip] = []
    routing = questionnaire.routing
    successors = questionnaire.successors
    next_of = questionnaire.next_of
    key = start
    while key is not None and key not in stop:
        reached.append(key)
        following = next_of[key]
        if key in routing:
            if key in undecided:
                return Path(tuple(reached), tuple(skips), stopped_at=key), None
            target, choice = next_question(questionnaire, key, answers.get(key))
        else:  # the answer cannot change the route: only look at it to explain a skip
            target = successors[key][0]
            choice = None
            if target != following:
                choice = next_question(questionnaire, key, answers.get(key))[1]
        if block and target not in block:
            if key != block[-1]:  # left before the block's last question
                skips.append(Skip(key, None, choice, left_block=True))
            return Path(tuple(reached), tuple(skips)), target
        if target != following:
            skips.append(Skip(key, target, choice))
        key = target
    return Path(tuple(reached), tuple(skips)), key


def route(
    questionnaire: Questionnaire,
    answers: Answers,
    blocks: Sequence[Answers] = (),
    undecided: Collection[str] = frozenset(),
    blocks_undecided: Sequence[Collection[str]] = (),
) -> Route:
    """The route of one response: ``answers`` to the questions asked once, and
    ``blocks`` of answers to the repeated questions, one per campaign.

    ``undecided`` (and ``blocks_undecided[i]`` for block i): questions whose
    answer is malformed; the walk stops at them when they decide the route.
    """
    repeat = questionnaire.repeat
    first_key = questionnaire.questions[0].key
    if repeat is None:
        main, _ = _walk(questionnaire, first_key, answers, undecided, stop=())
        return Route(main=main, allowed=None, blocks=())

    before, at = _walk(questionnaire, first_key, answers, undecided, stop={repeat.first})
    if at != repeat.first:  # the end, or stopped at an undecided question
        return Route(main=before, allowed=None, blocks=())

    allowed: int | None = None
    count = answers.get(repeat.count)
    if repeat.count not in undecided and isinstance(count, str):
        allowed = repeat.times.get(count)
    walked = []
    for index, block_answers in enumerate(blocks[: allowed or 0]):
        path, _ = _walk(
            questionnaire,
            repeat.first,
            block_answers,
            blocks_undecided[index] if index < len(blocks_undecided) else (),
            stop=(),
            block=repeat.questions,
        )
        walked.append(path)
    after, _ = _walk(questionnaire, repeat.exit, answers, undecided, stop=())
    main = Path(
        reached=before.reached + after.reached,
        skips=before.skips + after.skips,
        stopped_at=after.stopped_at,
    )
    return Route(main=main, allowed=allowed, blocks=tuple(walked))
