"""Reports over time from the reporting point's daily tallies (campaigns.ReportTally).

Only reports (kind ``report``, not advice questions) in complete weeks
(Monday to Sunday, before the current week) are shown: a count that changes
during the day would tell whoever just reported that they are in it. Every
selection goes through suppression.py unless ``exact`` (staff).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum
from django.utils.translation import gettext as _

from trafficking.campaigns.models import ReportTally
from trafficking.campaigns.tallies import ABROAD
from trafficking.directory.constants import Form
from trafficking.geography.gazetteer import Gazetteer
from trafficking.reports.constants import Channel, ReportKind

from . import suppression
from .figure import SUPPRESSED, Cell, Figure

UNKNOWN = "unknown"  # a tally with no form, region or channel ("")
ALL = ""
LAST_YEAR = "52"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Selection:
    """What the filters chose; ``ALL`` ("") means no filter."""

    form: str = ALL
    region: str = ALL
    channel: str = ALL
    # "52": the last 52 complete weeks; a year ("2025"); ALL: every complete week.
    period: str = LAST_YEAR

    def key(self) -> str:
        return f"{self.form}|{self.region}|{self.channel}|{self.period}"

    def window(self, today: date) -> tuple[date | None, date]:
        """First and last day of the selection, complete weeks only."""
        last = week_start(today) - timedelta(days=1)
        if self.period == LAST_YEAR:
            return last - timedelta(weeks=52) + timedelta(days=1), last
        if self.period.isdigit() and len(self.period) == 4:
            year = int(self.period)
            first = week_start(date(year, 1, 4))  # ISO week 1 of that year
            end = week_start(date(year + 1, 1, 4)) - timedelta(days=1)
            return first, min(end, last)
        return None, last


def _stored(value: str) -> str:
    return "" if value == UNKNOWN else value


def _rows(selection: Selection, today: date):
    first, last = selection.window(today)
    rows = ReportTally.objects.filter(kind=ReportKind.REPORT, day__lte=last)
    if first is not None:
        rows = rows.filter(day__gte=first)
    if selection.form:
        rows = rows.filter(form=_stored(selection.form))
    if selection.region:
        rows = rows.filter(region=_stored(selection.region))
    if selection.channel:
        rows = rows.filter(channel=_stored(selection.channel))
    return rows, first, last


def _by(rows, field: str) -> Counter:
    return Counter(
        {
            value: int(total)
            for value, total in rows.order_by().values_list(field).annotate(t=Sum("count"))
        }
    )


def province_choices(gazetteer: Gazetteer) -> list[tuple[str, str]]:
    names = {p.province_code: p.province for p in gazetteer.places.values()}
    return sorted(names.items(), key=lambda item: item[1])


def form_choices() -> list[tuple[str, str]]:
    return [*((v, str(label)) for v, label in Form.choices), (UNKNOWN, _("Niet bekend"))]


def region_choices(gazetteer: Gazetteer) -> list[tuple[str, str]]:
    return [*province_choices(gazetteer), (ABROAD, _("Buitenland")), (UNKNOWN, _("Niet bekend"))]


def channel_choices() -> list[tuple[str, str]]:
    return [*((v, str(label)) for v, label in Channel.choices), (UNKNOWN, _("Niet bekend"))]


@dataclass(frozen=True)
class ReportFigures:
    """One selection's figures; ``figures`` is empty when it is too small to show."""

    selection: Selection
    total: Cell
    figures: tuple[Figure, ...]
    too_small: bool
    exact: bool


def report_figures(
    selection: Selection, *, today: date, gazetteer: Gazetteer, exact: bool = False
) -> ReportFigures:
    rows, first, last = _rows(selection, today)
    per_day = _by(rows, "day")
    weeks: Counter[date] = Counter()
    for day, count in per_day.items():
        weeks[week_start(day)] += count
    if first is None:
        first = min(weeks, default=week_start(last))
    week_keys = []
    current = week_start(first)
    while current <= last:
        week_keys.append(current)
        current += timedelta(weeks=1)
    total = sum(per_day.values())
    if not exact and suppression.selection_too_small(total):
        return ReportFigures(selection, SUPPRESSED, (), True, exact)
    forms, regions, channels = (_by(rows, field) for field in ("form", "region", "channel"))

    def ordered(counts: Counter, choices: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
        return [(key, label, counts[_stored(key)]) for key, label in choices]

    breakdowns = [
        (
            "reports-weekly",
            _("Meldingen per week"),
            [(w.isoformat(), w.isoformat(), weeks[w]) for w in week_keys],
        ),
    ]
    # A dimension the filters fixed has one non-zero cell and zeros that say
    # nothing (and would hide every total): it is left out.
    if not selection.form:
        breakdowns.append(
            (
                "reports-by-form",
                _("Meldingen per vorm van uitbuiting"),
                ordered(forms, form_choices()),
            )
        )
    if not selection.region:
        breakdowns.append(
            (
                "reports-by-province",
                _("Meldingen per provincie"),
                ordered(regions, region_choices(gazetteer)),
            )
        )
    if not selection.channel:
        breakdowns.append(
            ("reports-by-channel", _("Meldingen per kanaal"), ordered(channels, channel_choices()))
        )
    protected, shown_total = suppression.protect_selection(
        [[count for _k, _l, count in rows_] for _key, _title, rows_ in breakdowns], exact=exact
    )
    as_of = last
    figures = []
    for (key, title, rows_), cells in zip(breakdowns, protected, strict=True):
        if cells is None:
            continue
        figures.append(
            Figure(
                key=key,
                title=title,
                summary=_summary(title, shown_total, first, last),
                columns=(_("Meldingen"),),
                rows=tuple(
                    (label, (cell,)) for (_k, label, _c), cell in zip(rows_, cells, strict=True)
                ),
                row_keys=tuple(k for k, _label, _count in rows_),
                source=_("Meldpunt van de Wegwijzer mensenhandel: meldingen per dag"),
                as_of=as_of,
                denominator=shown_total if isinstance(shown_total, int) else None,
                notes=() if exact else _public_notes(),
            )
        )
    return ReportFigures(selection, shown_total, tuple(figures), False, exact)


def _public_notes() -> tuple[str, ...]:
    return (
        _("Aantallen onder 5 staan als “< 5”."),
        _(
            "Andere aantallen zijn afgerond op een veelvoud van 5, zodat een klein aantal "
            "ook niet uit verschillen te berekenen is."
        ),
    )


def _summary(title: str, total: Cell, first: date, last: date) -> str:
    if isinstance(total, int):
        return _("%(title)s van %(first)s tot en met %(last)s: %(total)s meldingen in totaal.") % {
            "title": title,
            "first": first.isoformat(),
            "last": last.isoformat(),
            "total": total,
        }
    return _(
        "%(title)s van %(first)s tot en met %(last)s; het totaal wordt niet getoond, "
        "omdat er kleine aantallen in zitten."
    ) % {"title": title, "first": first.isoformat(), "last": last.isoformat()}
