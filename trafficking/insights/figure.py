"""The shape every insights figure has: a table first, a chart drawn from it.

A figure is data before it is a picture: the chart (charts.py, maps.py), the
table beside it, the text summary, the CSV and XLSX downloads and the
open-data API all read the same ``Figure``, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# A cell: a count, a share or rate, a label, or SUPPRESSED ("< 5" shown).
Cell = int | float | str | None
SUPPRESSED = "< 5"


@dataclass(frozen=True)
class Figure:
    """One figure of the insights pages.

    ``key`` is stable and URL-safe ("reporting-points-by-scale"): it names the
    figure in URLs, file names and the open-data API. ``columns`` label the
    cells of each row; ``rows`` are (label, cells) with a stable ``row_keys``
    entry per row (a province code, an option key) for machines. ``title``,
    ``summary`` and the labels are already translated into the request's
    language. ``source`` says where the data come from (directory, campaign
    register, survey version, reporting point tallies) and ``as_of`` the date
    of the data. ``denominator`` is the n a share is of, when shares are shown.
    """

    key: str
    title: str
    summary: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]
    row_keys: tuple[str, ...]
    source: str
    as_of: date
    denominator: int | None = None
    unit: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
