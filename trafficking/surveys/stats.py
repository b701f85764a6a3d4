"""Survey statistics: the shares behind the report's figures (pure).

``survey_stats`` gives, for every question, ``n``: how many respondents
answered it (for the repeated campaign questions: how many campaign blocks),
and for a choice question the share of those ``n`` that chose each option,
rounded half up to 3 decimals. A multiple-choice question's shares can add up
to more than 1. Free text and files give ``n`` only. The denominator is who
answered the question, not who was shown it or all respondents: that is how
the report states its figures ("Alle enquêterespondenten (n=23)", line 345).
With ``n`` 0 a share is undefined and given as null.

Only checked responses (``responses.Response``) are counted, so an answer the
route does not reach never gets here. ``Tally`` adds responses one at a time,
so a caller can stream them (from a file now, from the database later).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from .definition import Question, Questionnaire
from .responses import Answers, Response

DECIMALS = 3
_SCALE: int = 10**DECIMALS


def share(count: int, n: int) -> float | None:
    """``count / n`` rounded half up to 3 decimals (exact, no float ties); None for n 0."""
    if n == 0:
        return None
    return ((2 * _SCALE * count + n) // (2 * n)) / _SCALE


class Tally:
    """Counts answers per question and option, one response at a time."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.respondents = 0
        self.campaigns = 0
        self.answered: Counter[str] = Counter()  # question -> respondents or blocks
        self.chosen: Counter[tuple[str, str]] = Counter()  # (question, letter)

    def add(self, response: Response) -> None:
        if response.version != self.questionnaire.version:
            raise ValueError(
                f"response of {response.respondent!r} is for questionnaire {response.version}, "
                f"not {self.questionnaire.version}"
            )
        self.respondents += 1
        self._count(response.answers)
        for block in response.campaigns:
            self.campaigns += 1
            self._count(block)

    def _count(self, answers: Answers) -> None:
        for key, answer in answers.choices.items():
            self.answered[key] += 1
            if isinstance(answer, tuple):
                for letter in answer:
                    self.chosen[key, letter] += 1
            elif self.questionnaire.question(key).is_choice:
                self.chosen[key, answer] += 1

    def _question(self, question: Question) -> dict[str, Any]:
        n = self.answered[question.key]
        out: dict[str, Any] = {"n": n}
        if question.is_choice:
            out["options"] = {
                letter: share(self.chosen[question.key, letter], n)
                for letter in question.option_keys
            }
        return out

    def result(self) -> dict[str, Any]:
        """The ``survey_stats`` JSON of issue 13 (plus the version and campaign count)."""
        questionnaire = self.questionnaire
        return {
            "version": questionnaire.version,
            "respondents": self.respondents,
            "campaigns": self.campaigns,
            "questions": {q.key: self._question(q) for q in questionnaire.main_questions},
            "campaign_questions": {
                q.key: self._question(q) for q in questionnaire.repeat_questions
            },
        }


def survey_stats(questionnaire: Questionnaire, responses: Iterable[Response]) -> Mapping[str, Any]:
    tally = Tally(questionnaire)
    for response in responses:
        tally.add(response)
    return tally.result()
