"""A campaign's results as its public page shows them.

Everything known of the effect, weakest evidence to strongest: what the
organisation says (the evaluation of appendix C.4), the reach it reports,
the visits of its campaign links, how many reports and questions named it
("how did you hear of us?"), and the effect on reports the model measures.

Small counts are hidden: a week with two visits or a month with one report
naming the campaign could point to a person, so any count below
SMALL_COUNT shows as "minder dan 5".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from django.core.cache import cache
from django.db.models import Field, Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trafficking.geography.gazetteer import Gazetteer

from .capacity import monday
from .effect import EffectInputError, EffectResult
from .effect_plot import Week, effect_svg, weekly_rows
from .links import visits_by_day
from .models import Campaign, Evaluation, Mention, ReachFigure
from .uplift import measure

SMALL_COUNT = 5
# A model fit per page view would let anyone load the server at will. The
# series ends yesterday, so a day's answer only changes when the campaign does
# (its updated_at is in the key) or when old tallies are rewritten: an hour.
EFFECT_CACHED = 3600
REACH_COLUMNS = (
    "impressions",
    "complete_views",
    "clicks",
    "ctr",
    "landing_visits",
    "people_trained",
    "materials_distributed",
)
QUESTIONS = (
    "has_insight",
    "impact_researched",
    "more_reports",
    "more_knowledge",
    "more_signal_awareness",
    "more_reporting_point_awareness",
)


def number(value: float, digits: int = 0) -> str:
    """A number in the active language's format, thousands grouped: 10.447.635 in Dutch."""
    return number_format(round(value, digits), decimal_pos=digits, force_grouping=True)


def shown_count(count: int) -> str:
    return _("minder dan %(n)s") % {"n": SMALL_COUNT} if count < SMALL_COUNT else number(count)


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str


@dataclass(frozen=True)
class ReachLine:
    figure: ReachFigure
    period: str
    summary: str
    ctr: str  # "" without both impressions and clicks
    # The table's cells in column order (REACH_COLUMNS), formatted; "–" when unknown.
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountLine:
    start: date
    label: str
    shown: str
    hidden: bool


@dataclass(frozen=True)
class Effect:
    result: EffectResult
    svg: str
    weeks: list[tuple[Week, str]]
    rate_ratio: str
    ci_low: str
    ci_high: str
    extra: str
    extra_low: str
    extra_high: str
    p_value: str
    percent: str  # the change as a percentage, signed


@dataclass
class Results:
    evaluation: Evaluation | None = None
    answers: list[Answer] = field(default_factory=list)
    evidence_level: str = ""
    reach: list[ReachLine] = field(default_factory=list)
    visits: list[CountLine] = field(default_factory=list)
    mentions: list[CountLine] = field(default_factory=list)
    effect: Effect | None = None
    effect_unavailable: str = ""
    # Only a web address becomes a link, never a javascript: URL that reached
    # the table some other way.
    research_document: str = ""

    @property
    def any_reported(self) -> bool:
        """Whether anything beyond the effect model is known."""
        return bool(self.answers or self.evaluation or self.reach or self.visits or self.mentions)


def reach_summary(figure: ReachFigure) -> tuple[str, str]:
    """ "10.447.635 vertoningen, waarvan 391.753 keer volledig bekeken; 1.234 kliks (CTR 0,01%)"."""
    parts = []
    ctr = ""
    if figure.impressions is not None:
        text = _("%(n)s vertoningen") % {"n": number(figure.impressions)}
        if figure.complete_views is not None:
            text += ", " + _("waarvan %(n)s keer volledig bekeken") % {
                "n": number(figure.complete_views)
            }
        parts.append(text)
    elif figure.complete_views is not None:
        parts.append(_("%(n)s keer volledig bekeken") % {"n": number(figure.complete_views)})
    if figure.clicks is not None:
        text = _("%(n)s kliks") % {"n": number(figure.clicks)}
        if figure.impressions:
            ctr = number(100 * figure.clicks / figure.impressions, 2) + "%"
            text += " " + _("(CTR %(ctr)s)") % {"ctr": ctr}
        parts.append(text)
    if figure.landing_visits is not None:
        parts.append(
            _("%(n)s bezoeken aan de landingspagina") % {"n": number(figure.landing_visits)}
        )
    if figure.people_trained is not None:
        parts.append(_("%(n)s mensen getraind") % {"n": number(figure.people_trained)})
    if figure.materials_distributed is not None:
        parts.append(_("%(n)s materialen verspreid") % {"n": number(figure.materials_distributed)})
    return "; ".join(parts), ctr


def period_label(start: date, end: date) -> str:
    if start == end:
        return date_format(start, "j F Y")
    return _("%(start)s tot en met %(end)s") % {
        "start": date_format(start, "j F Y"),
        "end": date_format(end, "j F Y"),
    }


def reach_lines(campaign: Campaign) -> list[ReachLine]:
    lines = []
    for figure in ReachFigure.objects.filter(campaign=campaign).order_by(
        "period_start", "channel", "id"
    ):
        summary, ctr = reach_summary(figure)
        values = {
            name: "–" if getattr(figure, name) is None else number(getattr(figure, name))
            for name in REACH_COLUMNS
            if name != "ctr"
        }
        values["ctr"] = ctr or "–"
        lines.append(
            ReachLine(
                figure=figure,
                period=period_label(figure.period_start, figure.period_end),
                summary=summary,
                ctr=ctr,
                cells=tuple(values[name] for name in REACH_COLUMNS),
            )
        )
    return lines


def _count_lines(counts: dict[date, int], label) -> list[CountLine]:
    return [
        CountLine(start=key, label=label(key), shown=shown_count(n), hidden=n < SMALL_COUNT)
        for key, n in sorted(counts.items())
        if n > 0
    ]


def visits_per_week(campaign: Campaign) -> list[CountLine]:
    weeks: dict[date, int] = defaultdict(int)
    for day, count in visits_by_day(campaign):
        weeks[monday(day)] += count
    return _count_lines(
        weeks, lambda week: _("week van %(day)s") % {"day": date_format(week, "j F Y")}
    )


def mentions_per_month(campaign: Campaign, today: date | None = None) -> list[CountLine]:
    """Reports and questions naming the campaign, per finished month of the week's Monday.

    The running month is left out: watching its count step up would date a report.
    """
    this_month = (today or timezone.localdate()).replace(day=1)
    months: dict[date, int] = defaultdict(int)
    rows = (
        Mention.objects.filter(campaign=campaign, week__lt=this_month)
        .values("week")
        .annotate(n=Sum("count"))
    )
    for row in rows:
        months[row["week"].replace(day=1)] += row["n"]
    return _count_lines(months, lambda month: date_format(month, "F Y"))


def effect_of(campaign: Campaign, gazetteer: Gazetteer, today: date) -> Effect:
    """The measured effect; raises EffectInputError (or NotMeasurable) with the reason."""
    found = measure(campaign, gazetteer, today)
    result = found.result
    weeks = weekly_rows(found.series, result)
    return Effect(
        result=result,
        # The plot draws every day's count, exactly: it is left out when any
        # week holds fewer than SMALL_COUNT reports (the table hides those).
        svg=""
        if any(week.observed < SMALL_COUNT for week in weeks)
        else effect_svg(found.series, result, id_prefix=f"effect-{campaign.pk}"),
        # Weekly report counts of a province and form are public here: below
        # SMALL_COUNT they show as "minder dan 5", like every count on the page.
        weeks=[(week, shown_count(week.observed)) for week in weeks],
        rate_ratio=number(result.rate_ratio, 2),
        ci_low=number(result.ci_low, 2),
        ci_high=number(result.ci_high, 2),
        extra=number(result.extra_reports, 1),
        extra_low=number(result.extra_ci_low, 1),
        extra_high=number(result.extra_ci_high, 1),
        p_value=(_("kleiner dan 0,001") if result.p_value < 0.001 else number(result.p_value, 3)),
        percent=("+" if result.rate_ratio >= 1 else "") + number(100 * (result.rate_ratio - 1)),
    )


def campaign_results(campaign: Campaign, gazetteer: Gazetteer, today: date) -> Results:
    results = Results()
    evaluation = Evaluation.objects.filter(campaign=campaign).first()
    if evaluation is not None:
        results.evaluation = evaluation
        results.answers = [
            Answer(
                question=str(cast(Field, Evaluation._meta.get_field(name)).verbose_name),
                answer=getattr(evaluation, f"get_{name}_display")(),
            )
            for name in QUESTIONS
            if getattr(evaluation, name)
        ]
        results.evidence_level = evaluation.get_evidence_level_display()
        if evaluation.research_document.startswith(("https://", "http://")):
            results.research_document = evaluation.research_document
    results.reach = reach_lines(campaign)
    results.visits = visits_per_week(campaign)
    results.mentions = mentions_per_month(campaign)
    # The numbers and messages are formatted in the page's language.
    key = ":".join(
        (
            "campaigns:effect",
            str(campaign.pk),
            campaign.updated_at.isoformat() if campaign.updated_at else "",
            today.isoformat(),
            get_language() or "",
        )
    )
    cached = cache.get(key)
    if cached is None:
        try:
            cached = (effect_of(campaign, gazetteer, today), "")
        except EffectInputError as error:
            cached = (None, str(error))
        cache.set(key, cached, EFFECT_CACHED)
    results.effect, results.effect_unavailable = cached
    return results
