"""Storing checked survey responses and reading their statistics back.

``import_responses`` loads a JSON-lines file (the format of responses.py) all
or nothing: every line is checked against the questionnaire and its
branching first, and respondents already imported for that version count as
problems too; only when no line has a problem are the responses stored, in
one transaction. A file with one bad line stores nothing, so fixing the line
and loading the file again cannot count anyone twice.

``statistics`` reads the submitted responses of one version (imported or
filled in through an invitation) and checks each again before counting: the
numbers are over responses that pass the questionnaire as it is published,
whichever way they arrived.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from .definition import Questionnaire, current_version, load_version
from .models import ResponseSource, ResponseState, SurveyResponse
from .responses import TEXT_SUFFIX, Answers, Checked, Problem, Response, check_lines, check_response
from .stats import Tally

# Rows written per INSERT: keeps statements within SQLite's variable limit.
BATCH_SIZE = 500
# Stored responses that no longer pass the questionnaire: (id, problems).
Skipped = tuple[tuple[int, tuple[Problem, ...]], ...]


@dataclass(frozen=True)
class LineProblems:
    line: int
    respondent: str | None
    problems: tuple[Problem, ...]


@dataclass
class ImportResult:
    version: str
    lines: int = 0
    stored: int = 0
    invalid: list[LineProblems] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.invalid


def answers_as_json(answers: Answers) -> dict[str, Any]:
    """Checked answers back in the import format (lists for multiple choice)."""
    out: dict[str, Any] = {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in answers.choices.items()
    }
    for key, texts in answers.texts.items():
        # One text is a string, two (q7 'e' and 'f') an object keyed by letter.
        out[key + TEXT_SUFFIX] = next(iter(texts.values())) if len(texts) == 1 else dict(texts)
    return out


def response_as_json(response: Response) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return answers_as_json(response.answers), [answers_as_json(b) for b in response.campaigns]


def import_lines(
    questionnaire: Questionnaire, lines: Iterable[str | bytes], *, dry_run: bool = False
) -> ImportResult:
    """Check every line, then store them all or, if any has a problem, none."""
    result = ImportResult(version=questionnaire.version)
    valid: list[tuple[int, Response]] = []
    for number, checked in check_lines(questionnaire, lines):
        result.lines += 1
        if checked.response is None:
            result.invalid.append(LineProblems(number, checked.respondent, checked.problems))
        else:
            valid.append((number, checked.response))

    with transaction.atomic():
        known = _already_imported(questionnaire.version, [r.respondent for _, r in valid])
        for number, response in valid:
            if response.respondent in known:
                problem = Problem(
                    "respondent",
                    "already_imported",
                    f"{response.respondent!r} was already imported for questionnaire "
                    f"{questionnaire.version}",
                )
                result.invalid.append(LineProblems(number, response.respondent, (problem,)))
        result.invalid.sort(key=lambda item: item.line)
        if result.invalid or dry_run:
            return result
        now = timezone.now()
        rows = []
        for _, response in valid:
            answers, campaigns = response_as_json(response)
            rows.append(
                SurveyResponse(
                    source=ResponseSource.IMPORT,
                    respondent=response.respondent,
                    version=response.version,
                    state=ResponseState.SUBMITTED,
                    answers=answers,
                    campaigns=campaigns,
                    started_at=now,
                    submitted_at=now,
                )
            )
        SurveyResponse.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        result.stored = len(rows)
    return result


def _already_imported(version: str, respondents: list[str]) -> set[str]:
    found: set[str] = set()
    imported = SurveyResponse.objects.filter(version=version, source=ResponseSource.IMPORT)
    # In slices: SQLite allows a limited number of query parameters.
    for start in range(0, len(respondents), BATCH_SIZE):
        chunk = respondents[start : start + BATCH_SIZE]
        found.update(imported.filter(respondent__in=chunk).values_list("respondent", flat=True))
    return found


@dataclass(frozen=True)
class Statistics:
    result: Mapping[str, Any]
    # Stored responses that no longer pass the questionnaire: not counted.
    skipped: Skipped = ()


def submitted_responses(version: str) -> Iterator[SurveyResponse]:
    """The newest submitted response of each respondent, for one questionnaire version.

    An organisation answers once per edition: invited twice, or imported and
    invited, only its latest answer counts, so no one is in a denominator twice.
    """
    rows = (
        SurveyResponse.objects.filter(version=version, state=ResponseState.SUBMITTED)
        .only("id", "respondent", "version", "answers", "campaigns", "submitted_at")
        .order_by("respondent", "submitted_at", "id")
        .iterator(chunk_size=2000)
    )
    latest: SurveyResponse | None = None
    for row in rows:
        if latest is not None and row.respondent != latest.respondent:
            yield latest
        latest = row
    if latest is not None:
        yield latest


def checked_responses(
    questionnaire: Questionnaire,
) -> Iterator[tuple[SurveyResponse, Checked]]:
    """Each counted response of the questionnaire's version, checked again."""
    for row in submitted_responses(questionnaire.version):
        yield row, check_response(questionnaire, row.as_line())


def stored_tally(
    questionnaire: Questionnaire,
) -> tuple[Tally, tuple[tuple[int, tuple[Problem, ...]], ...]]:
    """The counts of the stored responses, and those that no longer pass (not counted)."""
    tally = Tally(questionnaire)
    skipped: list[tuple[int, tuple[Problem, ...]]] = []
    for row, checked in checked_responses(questionnaire):
        if checked.response is None:
            skipped.append((row.pk, checked.problems))
        else:
            tally.add(checked.response)
    return tally, tuple(skipped)


def statistics(
    version: str | None = None, questionnaire: Questionnaire | None = None
) -> Statistics:
    """``survey_stats`` over the stored, submitted responses of one version."""
    if questionnaire is None:
        questionnaire = load_version(version or current_version())
    tally, skipped = stored_tally(questionnaire)
    return Statistics(tally.result(), skipped)
