"""Reach figures from a CSV export of an advertising platform.

Platforms name their columns differently and in the language of the account,
so the importer reads a small generic CSV: a period per row (a start and an
end, or a single date), and any of the metrics below under a Dutch or an
English header. Columns it does not know are ignored, so a full export can be
uploaded as it is; at least one known metric is required.

Rows with the same period and channel are summed into one ReachFigure. Every
problem is reported with its line number and nothing is stored unless the
whole file is sound (``store`` runs in one transaction).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from django.db import transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from .models import Campaign, ReachFigure

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
# Enough to fix a file in one go without a wall of text.
MAX_ERRORS = 20
# Far above any campaign's reach; fits every reach column of the database.
MAX_VALUE = 2_000_000_000

METRICS = ("impressions", "complete_views", "clicks", "landing_visits")
EXTRA_METRICS = ("people_trained", "materials_distributed")

# Header names as platforms and people write them, normalised (see _key).
HEADERS: dict[str, str] = {
    # Period
    "date": "date",
    "datum": "date",
    "day": "date",
    "dag": "date",
    "start": "start",
    "start date": "start",
    "period start": "start",
    "reporting starts": "start",
    "begin": "start",
    "begindatum": "start",
    "startdatum": "start",
    "van": "start",
    "end": "end",
    "end date": "end",
    "period end": "end",
    "reporting ends": "end",
    "eind": "end",
    "einddatum": "end",
    "tot": "end",
    "tot en met": "end",
    "channel": "channel",
    "kanaal": "channel",
    "platform": "channel",
    # Metrics. Platforms call an ad shown a view ("weergaven") as often as an
    # impression; both mean the ad appeared on a screen.
    "impressions": "impressions",
    "impressies": "impressions",
    "vertoningen": "impressions",
    "views": "impressions",
    "weergaven": "impressions",
    "thruplays": "complete_views",
    "thruplay": "complete_views",
    "complete views": "complete_views",
    "completed views": "complete_views",
    "volledig bekeken": "complete_views",
    "volledige weergaven": "complete_views",
    "video plays at 100": "complete_views",
    "clicks": "clicks",
    "link clicks": "clicks",
    "kliks": "clicks",
    "klikken": "clicks",
    "linkkliks": "clicks",
    "landing page views": "landing_visits",
    "landing visits": "landing_visits",
    "landingspaginaweergaven": "landing_visits",
    "bezoeken landingspagina": "landing_visits",
    "weergaven van bestemmingspagina": "landing_visits",
    "people trained": "people_trained",
    "mensen getraind": "people_trained",
    "getraind": "people_trained",
    "materials distributed": "materials_distributed",
    "materialen verspreid": "materials_distributed",
    "verspreid": "materials_distributed",
}

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d")
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 1, 1)
THOUSANDS = re.compile(r"^\d{1,3}([.,\s ]\d{3})+$")
PLAIN = re.compile(r"^\d+$")


class ReachImportError(ValueError):
    """The file cannot be imported; ``messages`` says why, line by line."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class ReachRow:
    period_start: date
    period_end: date
    channel: str
    values: dict[str, int] = field(default_factory=dict)


def _key(header: str) -> str:
    text = header.strip().strip('"').lower()
    text = re.sub(r"[^\w]+", " ", text).strip()
    return text


def _number(text: str) -> int | None:
    """A count as platforms write it: "1234", "1.234", "1,234"; empty is None."""
    value = text.strip().replace("\u00a0", " ")
    if value in ("", "-", "–"):
        return None
    if value.startswith("-") and PLAIN.match(value[1:].replace(".", "").replace(",", "")):
        raise ValueError(_("een negatief getal"))
    if PLAIN.match(value):
        number = int(value)
    elif THOUSANDS.match(value):
        number = int(re.sub(r"\D", "", value))
    else:
        raise ValueError(_("geen geheel getal"))
    if number > MAX_VALUE:
        raise ValueError(_("te groot"))
    return number


def _date(text: str) -> date:
    value = text.strip()
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if not EARLIEST <= day <= LATEST:
            break
        return day
    raise ValueError


def decode(data: bytes) -> str:
    """The file as text; refuses a file that is empty, too large or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise ReachImportError([_("Het bestand is groter dan 2 MB. Splits het in delen.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReachImportError(
            [
                _(
                    "Het bestand is geen UTF-8-tekst. Sla het op als ‘CSV UTF-8’ en "
                    "probeer het opnieuw."
                )
            ]
        ) from None
    if not text.strip():
        raise ReachImportError([_("Het bestand is leeg.")])
    return text


def parse(text: str) -> list[ReachRow]:
    """The rows of a CSV, summed per period and channel; ReachImportError lists every problem."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    errors: list[str] = []
    summed: dict[tuple[date, date, str], ReachRow] = {}
    try:
        return _parse_rows(reader, errors, summed)
    except csv.Error as error:  # a field longer than csv allows, a NUL byte
        raise ReachImportError(
            [_("Het bestand kon niet worden gelezen. Het is misschien beschadigd.")]
        ) from error


def _parse_rows(reader, errors: list[str], summed: dict) -> list[ReachRow]:
    header: list[str] | None = None
    columns: dict[int, str] = {}
    rows = 0
    for line_number, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = cells
            columns = _columns(cells, errors)
            if errors:
                raise ReachImportError(errors)
            continue
        rows += 1
        if rows > MAX_ROWS:
            raise ReachImportError(
                [_("Meer dan %(max)s regels: splits het bestand in delen.") % {"max": MAX_ROWS}]
            )
        row = _row(line_number, cells, columns, errors)
        if row is None:
            continue
        key = (row.period_start, row.period_end, row.channel)
        total = summed.setdefault(key, ReachRow(row.period_start, row.period_end, row.channel, {}))
        for name, value in row.values.items():
            added = total.values.get(name, 0) + value
            if added > MAX_VALUE:  # rows of one period and channel add up: the sum must fit
                errors.append(
                    _("Regel %(line)s: ‘%(value)s’ in kolom %(column)s is %(why)s.")
                    % {
                        "line": line_number,
                        "value": added,
                        "column": _label(name),
                        "why": _("te groot"),
                    }
                )
            total.values[name] = added
        if len(errors) >= MAX_ERRORS:
            break
    if header is None:
        raise ReachImportError([_("Het bestand is leeg.")])
    if errors:
        if len(errors) >= MAX_ERRORS:
            more = _("Er zijn meer fouten; de eerste %(n)s staan hierboven.")
            errors.append(more % {"n": MAX_ERRORS})
        raise ReachImportError(errors)
    if not summed:
        raise ReachImportError([_("Het bestand heeft een kopregel maar geen cijfers.")])
    return list(summed.values())


def _columns(cells: list[str], errors: list[str]) -> dict[int, str]:
    columns: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index, cell in enumerate(cells):
        name = HEADERS.get(_key(cell))
        if name is None:
            continue  # a column we do not use: a full export may be uploaded
        if name in seen:
            errors.append(
                _("Regel 1: de kolommen ‘%(a)s’ en ‘%(b)s’ betekenen allebei hetzelfde.")
                % {"a": seen[name], "b": cell.strip()}
            )
            continue
        seen[name] = cell.strip()
        columns[index] = name
    names = set(columns.values())
    if not names & {*METRICS, *EXTRA_METRICS}:
        errors.append(
            _(
                "Regel 1: geen bekende kolom met cijfers. Gebruik bijvoorbeeld "
                "vertoningen (impressions), kliks (clicks), weergaven (views), "
                "ThruPlays (volledig bekeken) of bezoeken landingspagina (landing page views)."
            )
        )
    if "date" not in names and not {"start", "end"} <= names:
        errors.append(
            _(
                "Regel 1: geen periode. Geef een kolom datum (date), of twee kolommen "
                "begindatum (start) en einddatum (end)."
            )
        )
    return columns


def _row(number: int, cells: list[str], columns: dict[int, str], errors: list[str]):
    found: dict[str, str] = {}
    for index, name in columns.items():
        found[name] = cells[index] if index < len(cells) else ""
    dates: dict[str, date] = {}
    problems = []
    for name in ("date", "start", "end"):
        if name not in found:
            continue
        try:
            dates[name] = _date(found[name])
        except ValueError:
            problems.append(
                _(
                    "Regel %(line)s: ‘%(value)s’ is geen datum. Schrijf bijvoorbeeld "
                    "2025-03-31 of 31-03-2025."
                )
                % {"line": number, "value": found[name].strip()[:40]}
            )
    start = dates.get("start", dates.get("date"))
    end = dates.get("end", dates.get("date"))
    if not problems and start and end and end < start:
        problems.append(
            _("Regel %(line)s: de einddatum ligt vóór de begindatum.") % {"line": number}
        )
    values: dict[str, int] = {}
    for name in (*METRICS, *EXTRA_METRICS):
        if name not in found:
            continue
        try:
            value = _number(found[name])
        except ValueError as error:
            problems.append(
                _("Regel %(line)s: ‘%(value)s’ in kolom %(column)s is %(why)s.")
                % {
                    "line": number,
                    "value": found[name].strip()[:40],
                    "column": _label(name),
                    "why": error,
                }
            )
            continue
        if value is not None:
            values[name] = value
    if not problems and not values:
        problems.append(_("Regel %(line)s: geen cijfers ingevuld.") % {"line": number})
    if problems:
        errors.extend(problems)
        return None
    if start is None or end is None:  # the date checks above reported it
        return None
    channel = found.get("channel", "").strip()[:100]
    return ReachRow(start, end, channel, values)


def _label(name: str) -> str:
    """A column's name as the model calls it ("vertoningen")."""
    return str(cast(Field, ReachFigure._meta.get_field(name)).verbose_name)


def import_csv(data: bytes, *, campaign: Campaign, user, source: str) -> list[ReachFigure]:
    """Parse ``data`` and store its rows for ``campaign``: all of them, or none."""
    rows = parse(decode(data))
    with transaction.atomic():
        return ReachFigure.objects.bulk_create(
            [
                ReachFigure(
                    campaign=campaign,
                    period_start=row.period_start,
                    period_end=row.period_end,
                    channel=row.channel,
                    source=source[:200],
                    entered_by=user,
                    **row.values,
                )
                for row in rows
            ]
        )
