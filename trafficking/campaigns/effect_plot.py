"""The effect of a campaign as an inline SVG and as a table of weeks.

Weeks are counted from the campaign's first day, backwards and forwards, so no
week straddles the start or the end of the window; the first week of the
series and the last week of each period may be shorter (the table says how
many days). The figure plots reports per day (the week's average) so a short
week does not look like a drop. Everything drawn is also in the table: the
figure is a convenience, the table the record.

The SVG has a title and a description (role="img", aria-labelledby), no script,
no external resources, no styles that depend on the page; all text is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .effect import DailySeries, EffectResult

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48
OBSERVED = "#154273"  # dark blue, 10:1 on white
BASELINE = "#5a5a5a"  # dark grey, dashed, 6.9:1 on white
WINDOW_FILL = "#fbe3b9"
TEXT = "#1f1f1f"
GRID = "#d0d0d0"

BEFORE, DURING, AFTER = "before", "during", "after"


@dataclass(frozen=True)
class Week:
    start: date
    days: int
    period: str  # before, during or after the campaign
    observed: int
    expected_without: float  # the counterfactual: no campaign
    expected_with: float  # the model's fit, campaign included

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)

    @property
    def period_label(self) -> str:
        return {
            BEFORE: _("vóór de campagne"),
            DURING: _("tijdens de campagne"),
            AFTER: _("na de campagne"),
        }[self.period]


def weekly_rows(series: DailySeries, result: EffectResult) -> list[Week]:
    """Observed and expected reports per week, aligned on the campaign's first day."""
    i_start = series.index_of(result.start)
    i_end = series.index_of(result.end)
    bounds: list[tuple[int, int, str]] = []
    # Before: whole weeks ending the day before the window; the oldest may be short.
    stop = i_start
    while stop > 0:
        begin = max(0, stop - 7)
        bounds.append((begin, stop, BEFORE))
        stop = begin
    bounds.reverse()
    for first, last, period in ((i_start, i_end + 1, DURING), (i_end + 1, len(series), AFTER)):
        for begin in range(first, last, 7):
            bounds.append((begin, min(begin + 7, last), period))
    return [
        Week(
            start=series.start + timedelta(days=begin),
            days=stop - begin,
            period=period,
            observed=sum(series.counts[begin:stop]),
            expected_without=sum(result.counterfactual[begin:stop]),
            expected_with=sum(result.fitted[begin:stop]),
        )
        for begin, stop, period in bounds
    ]


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** len(str(int(value))) / 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _fmt(value: float, digits: int = 1) -> str:
    return number_format(round(value, digits), decimal_pos=digits)


def effect_svg(series: DailySeries, result: EffectResult, *, id_prefix: str = "effect") -> str:
    """An accessible SVG of reports per day (weekly average), with and without the campaign."""
    weeks = weekly_rows(series, result)
    prefix = escape(id_prefix, quote=True)
    per_day = [(w.observed / w.days, w.expected_without / w.days) for w in weeks]
    top = _nice_ceiling(max(max(pair) for pair in per_day) * 1.05)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    total_days = len(series)

    def x(day_index: float) -> float:
        return LEFT + plot_w * day_index / total_days

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    parts = []
    i_start = series.index_of(result.start)
    i_end = series.index_of(result.end)
    parts.append(
        f'<rect x="{x(i_start):.1f}" y="{TOP}" width="{x(i_end + 1) - x(i_start):.1f}" '
        f'height="{plot_h}" fill="{WINDOW_FILL}"/>'
    )
    parts.append(
        f'<text x="{x(i_start) + 4:.1f}" y="{TOP + 14}" font-size="12" fill="{TEXT}">'
        f"{escape(_('campagne'))}</text>"
    )
    for k in range(5):
        value = top * k / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="12" text-anchor="end" '
            f'fill="{TEXT}">{escape(_fmt(value, 1 if top < 10 else 0))}</text>'
        )
    # Year (or month, for short series) ticks along the bottom.
    ticks = _date_ticks(series)
    for day_index, label in ticks:
        parts.append(
            f'<line x1="{x(day_index):.1f}" x2="{x(day_index):.1f}" y1="{TOP + plot_h}" '
            f'y2="{TOP + plot_h + 5}" stroke="{TEXT}"/>'
            f'<text x="{x(day_index):.1f}" y="{TOP + plot_h + 18}" font-size="12" '
            f'text-anchor="middle" fill="{TEXT}">{escape(label)}</text>'
        )
    # Each week is drawn at its middle.
    centres = [x(series.index_of(w.start) + w.days / 2) for w in weeks]
    pairs = list(zip(centres, per_day, strict=True))
    observed = " ".join(f"{cx:.1f},{y(o):.1f}" for cx, (o, _e) in pairs)
    baseline = " ".join(f"{cx:.1f},{y(e):.1f}" for cx, (_o, e) in pairs)
    parts.append(
        f'<polyline points="{baseline}" fill="none" stroke="{BASELINE}" stroke-width="2" '
        f'stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<polyline points="{observed}" fill="none" stroke="{OBSERVED}" stroke-width="2"/>'
    )
    # Legend below the axis labels.
    legend_y = HEIGHT - 10
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        f'stroke="{OBSERVED}" stroke-width="2"/>'
        f'<text x="{LEFT + 30}" y="{legend_y}" font-size="12" fill="{TEXT}">'
        f"{escape(_('gemeld (per dag, weekgemiddelde)'))}</text>"
        f'<line x1="{LEFT + 300}" x2="{LEFT + 324}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        f'stroke="{BASELINE}" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{LEFT + 330}" y="{legend_y}" font-size="12" fill="{TEXT}">'
        f"{escape(_('verwacht zonder campagne'))}</text>"
    )
    title = _("Meldingen per dag, met en zonder campagne")
    description = _(
        "Lijn: gemelde meldingen per dag (gemiddelde per week) van %(first)s tot en met "
        "%(last)s. Stippellijn: het aantal dat het model zonder campagne verwacht. "
        "Gearceerd: de campagne van %(start)s tot en met %(end)s. In die periode "
        "%(observed)s meldingen, zonder campagne %(expected)s verwacht; verhouding "
        "%(rr)s (95%%-interval %(low)s tot %(high)s), %(extra)s extra meldingen "
        "(95%%-interval %(extra_low)s tot %(extra_high)s). De cijfers staan ook in de tabel."
    ) % {
        "first": series.start.isoformat(),
        "last": series.end.isoformat(),
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
        "observed": result.observed_during,
        "expected": _fmt(result.expected_during),
        "rr": _fmt(result.rate_ratio, 2),
        "low": _fmt(result.ci_low, 2),
        "high": _fmt(result.ci_high, 2),
        "extra": _fmt(result.extra_reports),
        "extra_low": _fmt(result.extra_ci_low),
        "extra_high": _fmt(result.extra_ci_high),
    }
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'font-family="sans-serif">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(description)}</desc>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
        + "".join(parts)
        + f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        f'stroke="{TEXT}"/></svg>'
    )


def _date_ticks(series: DailySeries) -> list[tuple[int, str]]:
    """January 1sts for series over two years, else the first of every other month."""
    ticks = []
    long = len(series) > 2 * 366
    for i, day in enumerate(series.dates()):
        if day.day != 1:
            continue
        if long and day.month == 1:
            ticks.append((i, str(day.year)))
        elif not long and day.month % 2 == 1:
            ticks.append((i, f"{day.month:02d}-{day.year}"))
    return ticks
