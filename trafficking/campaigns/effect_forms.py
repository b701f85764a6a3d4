"""The questions behind "Effect meten" and ``POST /api/v1/effect``.

A series of daily report counts and a campaign window, checked here so the
page and the API refuse the same input with the same words: effect.py's
messages wherever it has one. Nothing is stored: the file is read in memory
(the upload handler never writes it to disk) and forgotten with the request.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .effect import (
    MAX_DAILY_COUNT,
    MAX_DAYS,
    DailySeries,
    EffectInputError,
    EffectResult,
    estimate_effect,
    read_counts_csv,
)
from .effect import _parse_date as parse_iso_date

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# ISO from <input type="date">; the Dutch order for a browser that shows a
# plain text box instead.
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class WindowForm(forms.Form):
    """The campaign's first and last day (both included)."""

    start = forms.DateField(
        label=gettext_lazy("Eerste dag van de campagne"),
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )
    end = forms.DateField(
        label=gettext_lazy("Laatste dag van de campagne"),
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )


class EffectForm(WindowForm):
    """The page's question: a CSV file or pasted lines, and the window.

    When valid, ``series`` and ``result`` hold the counts and the estimate.
    A file wins over pasted text. A readable file with a mistake in it is
    put in the text box (``pasted_value``), so the person can correct it
    there instead of finding the file again.
    """

    counts_file = forms.FileField(
        label=gettext_lazy("CSV-bestand met meldingen per dag"),
        help_text=gettext_lazy(
            "Ten hoogste 2 MB. Kiest u een bestand, dan telt het bestand en niet het tekstvak."
        ),
        required=False,
    )
    counts_text = forms.CharField(
        label=gettext_lazy("Of plak de regels hier"),
        help_text=gettext_lazy(
            "Eerste regel date,count; daarna één regel per dag, bijvoorbeeld 2024-03-01,4."
        ),
        required=False,
        max_length=MAX_UPLOAD_BYTES,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )
    field_order = ["counts_file", "counts_text", "start", "end"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.file_text: str | None = None
        self.series: DailySeries | None = None
        self.result: EffectResult | None = None

    def clean_counts_file(self):
        upload = self.cleaned_data.get("counts_file")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "Het bestand is groter dan %(mb)d MB. Kies een kortere reeks of een kleiner "
                    "bestand."
                )
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        raw = upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        if text is None or "\x00" in text:
            raise forms.ValidationError(
                _(
                    "Dit bestand is geen tekst. Sla de cijfers op als CSV (UTF-8) en kies dat "
                    "bestand."
                )
            )
        self.file_text = text
        return upload

    def clean(self):
        cleaned = super().clean()
        if "counts_file" in self._errors:
            return cleaned
        source = "counts_file" if self.file_text is not None else "counts_text"
        text = self.file_text if self.file_text is not None else cleaned.get("counts_text", "")
        if "counts_text" in self._errors:
            return cleaned
        if not (text or "").strip():
            self.add_error(
                "counts_file",
                _("Kies een CSV-bestand of plak de cijfers in het tekstvak."),
            )
            return cleaned
        try:
            series = read_counts_csv(text)
        except EffectInputError as error:
            self.add_error(source, str(error))
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None:
            return cleaned
        try:
            result = checked(estimate_effect(series, start, end))
        except EffectInputError as error:
            self.add_error(None, str(error))
            return cleaned
        self.series, self.result = series, result
        return cleaned

    def pasted_value(self) -> str:
        """What the text box shows: the file's lines after a mistake, else what was pasted."""
        if self.file_text is not None and self.errors:
            return self.file_text
        return self.data.get("counts_text", "") if self.is_bound else ""

    @property
    def file_moved_to_text(self) -> bool:
        return self.file_text is not None and bool(self.errors)


def checked(result: EffectResult) -> EffectResult:
    """Refuse an estimate with an infinite or undefined figure (it cannot be shown or sent)."""
    figures = [value for value in result.summary().values() if isinstance(value, float)]
    if not all(value == value and abs(value) != float("inf") for value in figures):
        raise EffectInputError(
            _("Het model convergeert niet op deze reeks; de reeks is te grillig of te kort.")
        )
    return result


def _row_error(index: int, field: str, message: str) -> EffectInputError:
    # The JSON path is the same in every language; the message follows it.
    return EffectInputError(f"counts[{index}].{field}: {message}")


def series_from_rows(rows: object) -> DailySeries:
    """A DailySeries from the API's ``[{"date": "YYYY-MM-DD", "count": n}, ...]``.

    The same rules as a CSV: ISO dates, whole counts of 0 or more, every day
    between the first and the last exactly once, in any order. Values come
    straight from the JSON (any type), so every check is made here.
    """
    if not isinstance(rows, Sequence) or isinstance(rows, str):
        raise EffectInputError(
            _('Geef counts als een lijst van dagen: [{"date": "JJJJ-MM-DD", "count": 0}, ...].')
        )
    if not rows:
        raise EffectInputError(_("De reeks bevat geen dagen."))
    if len(rows) > MAX_DAYS:
        raise EffectInputError(_("Te veel regels: ten hoogste %(max)d dagen.") % {"max": MAX_DAYS})
    found: dict[date, tuple[int, int]] = {}
    for index, row in enumerate(rows):
        raw_date, raw_count = _date_and_count(index, row)
        day = parse_iso_date(raw_date) if isinstance(raw_date, str) else None
        if day is None:
            raise _row_error(
                index,
                "date",
                _("“%(value)s” is geen datum in de vorm JJJJ-MM-DD.")
                % {"value": str(raw_date)[:40]},
            )
        count = _count(index, raw_count)
        if day in found:
            raise _row_error(
                index,
                "date",
                _("de datum %(day)s staat ook in counts[%(other)d]; geef elke dag één keer.")
                % {"day": day.isoformat(), "other": found[day][0]},
            )
        found[day] = (index, count)
    days = sorted(found)
    if (days[-1] - days[0]).days + 1 > MAX_DAYS:
        raise EffectInputError(
            _("De reeks is te lang: ten hoogste %(max)d dagen.") % {"max": MAX_DAYS}
        )
    for before, after in itertools.pairwise(days):
        gap = (after - before).days - 1
        if gap:
            first, last = before + timedelta(days=1), after - timedelta(days=1)
            span = (
                first.isoformat()
                if gap == 1
                else _("%(first)s t/m %(last)s")
                % {"first": first.isoformat(), "last": last.isoformat()}
            )
            raise EffectInputError(
                _(
                    "Ontbrekende dag(en): %(span)s (%(n)d). Geef elke dag een waarde, ook een "
                    "dag met 0 meldingen."
                )
                % {"span": span, "n": gap}
            )
    return DailySeries(start=days[0], counts=tuple(found[day][1] for day in days))


def _date_and_count(index: int, row: object) -> tuple[object, object]:
    if not (isinstance(row, dict) and "date" in row and "count" in row):
        raise EffectInputError(
            f"counts[{index}]: "
            + _('verwacht een datum en een aantal, zoals {"date": "2024-03-01", "count": 4}.')
        )
    return row["date"], row["count"]


def _count(index: int, value: object) -> int:
    # JSON true is not a count, though Python's bool is an int.
    if isinstance(value, bool) or not isinstance(value, int):
        text = str(value)[:40]
        if isinstance(value, float | int) and not isinstance(value, bool) and value < 0:
            message = _("het aantal %(value)s is negatief; een aantal meldingen is 0 of meer.")
        else:
            message = _("het aantal “%(value)s” is geen geheel getal (0 of meer).")
        raise _row_error(index, "count", message % {"value": text})
    if value < 0:
        raise _row_error(
            index,
            "count",
            _("het aantal %(value)s is negatief; een aantal meldingen is 0 of meer.")
            % {"value": value},
        )
    if value > MAX_DAILY_COUNT:
        raise _row_error(
            index, "count", _("het aantal %(value)d is onwaarschijnlijk groot.") % {"value": value}
        )
    return value
