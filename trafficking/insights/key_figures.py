"""The factsheet's key figures, read from live data (issue 13, point 5).

One read of the directory, the public campaign register, the submitted survey
responses and the reporting point's tallies, turned into plain values the
factsheet (factsheet.py) typesets. Nothing here is translated: rows carry
stable keys ("national", "sexual", "unknown") and factsheet.py labels them.

Privacy rules:

* Reports are the insights pages' own selection "the last 52 complete
  weeks, everything" (report_figures.py), made public by suppression.py:
  counts under 5 are "< 5", the others (the total too) rounded to a
  multiple of 5. The factsheet prints exactly the cells the reports page
  prints for that selection.
* Survey shares are given only over at least ``MIN_SHARE_BASE`` answers: a
  share of two respondents tells what one organisation answered.

Directory and campaign counts are not suppressed: they count organisations
and campaigns that are public by name on the site already.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import Count, Max
from django.utils import timezone

from trafficking.campaigns.constants import GENERAL, CampaignAudience
from trafficking.campaigns.models import Campaign, ReportTally
from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import Form, Scale
from trafficking.directory.models import Organisation
from trafficking.surveys.definition import Questionnaire, current_questionnaire
from trafficking.surveys.models import ResponseState, SurveyResponse
from trafficking.surveys.store import statistics

from . import report_figures as reports
from .figure import Cell

# The insights figure whose cells the factsheet prints.
BY_FORM = "reports-by-form"
# Survey shares need at least this many answers to the question.
MIN_SHARE_BASE = 5
UNKNOWN = "unknown"
SCALES = (Scale.NATIONAL, Scale.REGIONAL, Scale.LOCAL)
# The survey questions the factsheet shows: (question, in the campaign block).
# q4: can people report to the organisation; q27: insight into a campaign's
# results; q24 and q25: a campaign's cost and duration (as the 2025 factsheet).
SURVEY_HEADLINES = (("q4", "a", False), ("q27", "a", True))
SURVEY_DISTRIBUTIONS = (("q24", True), ("q25", True))
# How many of the most recently published campaigns are named.
RECENT_CAMPAIGNS = 3

PublicCount = int | str  # a count, or suppression's "< 5" or "x"


@dataclass(frozen=True)
class Counted:
    key: str
    count: PublicCount


@dataclass(frozen=True)
class DirectoryFigures:
    reporting_points: int
    knowledge_centres: int
    reporting_by_scale: tuple[Counted, ...]
    knowledge_by_scale: tuple[Counted, ...]


@dataclass(frozen=True)
class CampaignFigures:
    total: int
    # A campaign about several forms counts once for each; "general" is
    # trafficking in general, "unknown" a campaign whose forms nobody recorded.
    by_form: tuple[Counted, ...]
    # A campaign for several audiences counts once for each; "unknown": none recorded.
    by_audience: tuple[Counted, ...]
    recent: tuple[str, ...]  # names of the newest published campaigns, newest first


@dataclass(frozen=True)
class Share:
    question: str
    option: str
    n: int  # respondents (or campaign blocks) who answered the question
    share: float | None  # None: fewer than MIN_SHARE_BASE answers


@dataclass(frozen=True)
class Distribution:
    question: str
    n: int
    options: tuple[tuple[str, float | None], ...]  # (letter, share); None below the base


@dataclass(frozen=True)
class SurveyFigures:
    version: str
    respondents: int  # submitted responses of this version that pass the checks
    not_counted: int  # submitted, but failing the checks (a newer rule, a bad import)
    campaigns: int  # campaign blocks in the counted responses
    headlines: tuple[Share, ...]
    distributions: tuple[Distribution, ...]


@dataclass(frozen=True)
class ReportFigures:
    first: date
    last: date
    total: PublicCount
    by_form: tuple[Counted, ...]


@dataclass(frozen=True)
class KeyFigures:
    as_of: date
    directory: DirectoryFigures
    campaigns: CampaignFigures
    survey: SurveyFigures
    reports: ReportFigures

    def as_dict(self) -> dict[str, object]:
        """Plain values (dates as ISO strings), for JSON."""
        return {key: _jsonable(value) for key, value in asdict(self).items()}


def _jsonable(value: object) -> object:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# ---- the four sources -----------------------------------------------------------------


def directory_figures() -> DirectoryFigures:
    counted = Organisation.objects.active().in_inventory()
    reporting = Counter(counted.reporting_points().values_list("reporting_scale", flat=True))
    knowledge = Counter(counted.knowledge_centres().values_list("knowledge_scale", flat=True))
    return DirectoryFigures(
        reporting_points=sum(reporting.values()),
        knowledge_centres=sum(knowledge.values()),
        reporting_by_scale=_by_scale(reporting),
        knowledge_by_scale=_by_scale(knowledge),
    )


def _by_scale(counter: Counter[str]) -> tuple[Counted, ...]:
    rows = [Counted(str(scale), counter.get(scale, 0)) for scale in SCALES]
    unknown = sum(count for scale, count in counter.items() if scale not in SCALES)
    if unknown:
        rows.append(Counted(UNKNOWN, unknown))
    return tuple(rows)


def campaign_figures() -> CampaignFigures:
    public = Campaign.objects.active()
    rows = list(public.values_list("forms", "audiences"))
    forms: Counter[str] = Counter()
    audiences: Counter[str] = Counter()
    for campaign_forms, campaign_audiences in rows:
        if campaign_forms is None:
            forms[UNKNOWN] += 1
        elif not campaign_forms:
            forms[GENERAL] += 1
        else:
            forms.update(set(campaign_forms))
        audiences.update(set(campaign_audiences or ()) or {UNKNOWN})
    form_keys = (*Form.values, GENERAL, UNKNOWN)
    audience_keys = (*CampaignAudience.values, UNKNOWN)
    recent = (
        public.filter(moderated_at__isnull=False)
        .order_by("-moderated_at", "name")
        .values_list("name", flat=True)[:RECENT_CAMPAIGNS]
    )
    return CampaignFigures(
        total=len(rows),
        by_form=_ranked(forms, form_keys),
        by_audience=_ranked(audiences, audience_keys),
        recent=tuple(recent),
    )


def _ranked(counter: Counter[str], order: Iterable[str]) -> tuple[Counted, ...]:
    """Counts above zero, largest first; "unknown" always last."""
    position = {key: index for index, key in enumerate(order)}
    keys = [key for key in counter if counter[key] and key in position]
    keys.sort(key=lambda key: (key == UNKNOWN, -counter[key], position[key]))
    return tuple(Counted(key, counter[key]) for key in keys)


def survey_figures(questionnaire: Questionnaire | None = None) -> SurveyFigures:
    """Shares over the submitted responses of the current questionnaire.

    ``surveys.store.statistics``: each stored response is checked again
    against the branching, and one that no longer passes is left out (counted
    in ``not_counted``), as ``survey_stats`` counts only checked responses.
    """
    questionnaire = questionnaire or current_questionnaire()
    counted = statistics(questionnaire=questionnaire)
    stats = counted.result

    def result(key: str, repeated: bool) -> dict:
        return stats["campaign_questions" if repeated else "questions"][key]

    headlines = []
    for key, letter, repeated in SURVEY_HEADLINES:
        answered = result(key, repeated)
        n = answered["n"]
        value = answered["options"][letter] if n >= MIN_SHARE_BASE else None
        headlines.append(Share(key, letter, n, value))
    distributions = []
    for key, repeated in SURVEY_DISTRIBUTIONS:
        answered = result(key, repeated)
        n = answered["n"]
        options = tuple(
            (letter, value if n >= MIN_SHARE_BASE else None)
            for letter, value in answered["options"].items()
        )
        distributions.append(Distribution(key, n, options))
    return SurveyFigures(
        version=questionnaire.version,
        respondents=stats["respondents"],
        not_counted=len(counted.skipped),
        campaigns=stats["campaigns"],
        headlines=tuple(headlines),
        distributions=tuple(distributions),
    )


def report_period(as_of: date) -> tuple[date, date]:
    """The last 52 complete weeks (Monday to Sunday) before the week of ``as_of``."""
    first, last = reports.Selection().window(as_of)
    assert first is not None  # the default period is bounded
    return first, last


def report_figures(as_of: date) -> ReportFigures:
    """Reports by form over ``report_period``, as the insights reports page shows them."""
    first, last = report_period(as_of)
    published = reports.report_figures(
        reports.Selection(), today=as_of, gazetteer=current_catalogue().gazetteer
    )
    by_form = next((f for f in published.figures if f.key == BY_FORM), None)
    rows: tuple[Counted, ...] = ()
    if by_form is not None:
        rows = tuple(
            Counted(key, _public(cells[0]))
            for key, (_label, cells) in zip(by_form.row_keys, by_form.rows, strict=True)
        )
    return ReportFigures(first=first, last=last, total=_public(published.total), by_form=rows)


def _public(cell: Cell) -> PublicCount:
    if isinstance(cell, int | str):
        return cell
    raise TypeError(f"a report count is a number or a mark, not {cell!r}")


def key_figures(as_of: date | None = None) -> KeyFigures:
    """Everything the factsheet shows, as of ``as_of`` (today by default)."""
    as_of = as_of or timezone.localdate()
    return KeyFigures(
        as_of=as_of,
        directory=directory_figures(),
        campaigns=campaign_figures(),
        survey=survey_figures(),
        reports=report_figures(as_of),
    )


def data_version(as_of: date | None = None) -> str:
    """A short hash that changes whenever a key figure may have changed.

    Counts and the newest change of organisations, campaigns and submitted
    survey responses, the questionnaire's version, the newest report tally
    and the day: a few aggregate queries on small tables and one index
    lookup, cheap enough to ask on every request.

    Report tallies are counted on the day a report arrives, which is never
    in the period (it ends before this week), so new reports cannot change
    the factsheet; the newest tally id is there for ``backfill_report_tallies``,
    which may add rows for past days. Known staleness: a backfill that only
    raises an existing past tally shows the next day, as on the campaign
    calendar (campaigns/page_cache.py).
    """
    as_of = as_of or timezone.localdate()
    parts = (
        as_of.isoformat(),
        current_questionnaire().version,
        Organisation.objects.aggregate(n=Count("id"), t=Max("updated_at")),
        Campaign.objects.aggregate(n=Count("id"), t=Max("updated_at")),
        SurveyResponse.objects.filter(state=ResponseState.SUBMITTED).aggregate(
            n=Count("id"), t=Max("updated_at")
        ),
        ReportTally.objects.aggregate(m=Max("id")),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
