"""Synthetic responses: random walks through a questionnaire's branches.

Used by the property test (every generated response must pass the checks)
and by the benchmark (bench/survey_stats_bench.py). The walk is written apart
from ``branching`` on purpose, straight from the options' ``goto``: a test
that fed the route's own logic back to itself would prove nothing.

A synthetic respondent answers every question that decides the route, skips
other questions now and then, may stop early (leaving the rest open), gives
text for the options that ask for it, and fills in between none and as many
campaign blocks as their answer to the count question allows.
"""

from __future__ import annotations

import random
from typing import Any

from .definition import Question, Questionnaire, QuestionType

_WORDS = (
    "gemeente",
    "regio",
    "Twente",
    "meldpunt",
    "training",
    "posters",
    "zorgcoördinator",
    "<script>alert(1)</script>",  # free text is data, never markup
    "ketenpartners",
    "jongeren",
)


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 12)))


def _target(questionnaire: Questionnaire, question: Question, chosen: list[str]) -> str | None:
    following = questionnaire.following(question.key)
    targets = [o.goto or following for o in question.options if o.key in chosen]
    return min(targets, key=questionnaire.order) if targets else following


def _branches(questionnaire: Questionnaire, question: Question) -> bool:
    following = questionnaire.following(question.key)
    return len({o.goto or following for o in question.options}) > 1


class _Respondent:
    def __init__(
        self, questionnaire: Questionnaire, rng: random.Random, skip: float, stop: float
    ) -> None:
        self.questionnaire = questionnaire
        self.rng = rng
        self.skip = skip
        self.stop = stop
        self.stopped = False

    def answer(self, question: Question, out: dict[str, Any]) -> str | None:
        """Answer (or skip) ``question`` into ``out``; return the next question."""
        rng = self.rng
        following = self.questionnaire.following(question.key)
        if rng.random() < self.stop:
            self.stopped = True
            return None
        branches = bool(question.options) and _branches(self.questionnaire, question)
        if not branches and rng.random() < self.skip:
            return following
        if question.type == QuestionType.TEXT:
            out[question.key] = _text(rng)
            return following
        if question.type == QuestionType.FILE:
            out[question.key] = f"resultaten-{rng.randint(1, 999)}.pdf"
            return following
        keys = list(question.option_keys)
        if question.type == QuestionType.SINGLE:
            chosen = [rng.choice(keys)]
            out[question.key] = chosen[0]
        else:
            chosen = sorted(rng.sample(keys, rng.randint(1, len(keys))))
            rng.shuffle(chosen)  # the order of a list of letters does not matter
            out[question.key] = chosen
        specify = [letter for letter in chosen if letter in question.specify_keys]
        if len(specify) == 1 and rng.random() < 0.5:
            out[question.key + "_text"] = _text(rng)
        elif specify and rng.random() < 0.8:
            out[question.key + "_text"] = {letter: _text(rng) for letter in specify}
        return _target(self.questionnaire, question, chosen)


def random_response(
    questionnaire: Questionnaire,
    rng: random.Random,
    respondent: str,
    *,
    skip: float = 0.1,
    stop: float = 0.01,
) -> dict[str, Any]:
    """One valid response in the import format, on a random route."""
    walker = _Respondent(questionnaire, rng, skip, stop)
    repeat = questionnaire.repeat
    answers: dict[str, Any] = {}
    campaigns: list[dict[str, Any]] = []
    key: str | None = questionnaire.questions[0].key
    while key is not None and not walker.stopped:
        if repeat is not None and key == repeat.first:
            times = repeat.times.get(str(answers.get(repeat.count)), 0)
            for _ in range(rng.randint(0, times) if rng.random() < 0.2 else times):
                block: dict[str, Any] = {}
                inner: str | None = repeat.first
                while inner in repeat.questions and not walker.stopped:
                    inner = walker.answer(questionnaire.question(inner), block)
                if block:  # an empty block is refused: a respondent who skipped all gives none
                    campaigns.append(block)
            key = repeat.exit
            continue
        key = walker.answer(questionnaire.question(key), answers)
    if not answers:  # a response must answer something: the first question, then
        _Respondent(questionnaire, rng, skip=0, stop=0).answer(questionnaire.questions[0], answers)
    response: dict[str, Any] = {"respondent": respondent, "answers": answers}
    if campaigns:
        response["campaigns"] = campaigns
    return response
