"""A figure as CSV or XLSX, with its source, licence and date above the table.

Spreadsheet programs run a cell that starts with = + - @ (or a tab or
carriage return) as a formula; labels come from the directory and the survey
and a name could start with one. Such cells are prefixed with an apostrophe
(OWASP's advice), in both formats.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from django.utils.translation import gettext as _

from .figure import Cell, Figure

LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
ATTRIBUTION = "CoMensha / Wegwijzer mensenhandel"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Cell) -> Cell:
    """A cell that no spreadsheet runs: text starting like a formula gets a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def header_rows(figure: Figure) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        [_("Titel"), figure.title],
        [_("Bron"), figure.source],
        [_("Licentie"), LICENCE],
        [_("Naamsvermelding"), ATTRIBUTION],
        [_("Datum van de gegevens"), figure.as_of.isoformat()],
    ]
    if figure.denominator is not None:
        rows.append([_("n"), figure.denominator])
    rows += [[_("Opmerking"), note] for note in figure.notes]
    rows.append([])
    return rows


def table_rows(figure: Figure) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[_("Sleutel"), _("Omschrijving"), *figure.columns]]
    for key, (label, cells) in zip(figure.row_keys, figure.rows, strict=True):
        rows.append([key, label, *cells])
    return rows


def filename(figure: Figure, extension: str, today: date) -> str:
    return f"{figure.key}-{today.isoformat()}.{extension}"


def as_csv(figure: Figure) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [*header_rows(figure), *table_rows(figure)]:
        writer.writerow(["" if cell is None else safe(cell) for cell in row])
    return out.getvalue()


def as_xlsx(figure: Figure) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # no stubs; only here

    book = Workbook()
    sheet = book.active
    sheet.title = figure.key[:31]
    for row in [*header_rows(figure), *table_rows(figure)]:
        sheet.append([safe(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
