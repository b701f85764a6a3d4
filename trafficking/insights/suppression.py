"""Small counts of reports are never published, nor can they be worked out.

A count of reports in one week, province and form can point at one person.
The public insights therefore follow these rules (pure functions, tested by
brute force with hypothesis in tests/test_suppression.py):

1. **Small counts.** Every public count under ``THRESHOLD`` (5), zero
   included, is shown as ``figure.SUPPRESSED`` ("< 5"). Zero is hidden too:
   "no report from Zeeland this week" is as telling as "one".
2. **Small selections.** When the reports a choice of filters selects number
   fewer than ``THRESHOLD``, nothing is shown of that selection but "< 5"
   and a message: no chart, no table, no total (``selection_too_small``).
3. **Rounding.** Every other public count, totals included, is rounded to
   the nearest multiple of ``BASE`` (5): 5-7 show as 5, 8-12 as 10. This is
   what stops differencing, within one selection and across selections: a
   hidden count is only ever the difference of rounded numbers, each known
   to within ±2, so it cannot be pinned. (Choosing a cell to withhold per
   table, as an earlier version did, does not survive comparing selections:
   the total of "channel: web" is the cell withheld in the national split by
   channel.) Repeating a count in several tables gives nothing new: the same
   number always rounds the same way.
4. **Breakdowns checked whole.** A breakdown whose "< 5" cells would still
   be pinned by its rounded total and rounded cells (e.g. two cells under 5
   and a total that rounds to 10: both must be 4) is withheld whole
   (``protect_group`` returns None). For each "< 5" cell, at least two values
   must stay possible.

   The adversary model, checked by the property test: knows the published
   cells and total, that "< 5" is 0 to 4, that a shown count ``r`` is one of
   ``r - 2 .. r + 2`` (and at least 5), and these rules.

Staff with the right permissions see exact figures; they are built with
``exact=True`` and never cached in the public cache (cache.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from .figure import SUPPRESSED, Cell

THRESHOLD = 5
BASE = 5
# No longer produced (rule 3 replaced withholding a second cell); kept so that
# readers of older exports and the factsheet's guard still know the marker.
WITHHELD = "x"


def rounded(value: int) -> int:
    """``value`` to the nearest multiple of BASE (half up): 7 → 5, 8 → 10."""
    return BASE * ((value + BASE // 2) // BASE)


def public_count(value: int) -> Cell:
    """One count as the public may see it (rules 1 and 3)."""
    return rounded(value) if value >= THRESHOLD else SUPPRESSED


def possible(cell: Cell) -> tuple[int, int]:
    """The smallest and largest count that publishes as ``cell``."""
    if cell == SUPPRESSED:
        return 0, THRESHOLD - 1
    assert isinstance(cell, int)
    return max(THRESHOLD, cell - BASE // 2), cell + BASE // 2


def selection_too_small(total: int) -> bool:
    """Rule 2: a selection this small shows nothing but "< 5"."""
    return total < THRESHOLD


def protect_group(values: Sequence[int]) -> tuple[Cell, ...] | None:
    """One breakdown of a selection (cells that add up to its total), made public.

    Returns the cells with "< 5" and rounded counts; None when a "< 5" cell
    would be pinned by the rounded total and the other cells (rule 4).
    """
    cells = tuple(public_count(v) for v in values)
    if SUPPRESSED not in cells:
        return cells
    low_total, high_total = possible(public_count(sum(values)))
    ranges = [possible(cell) for cell in cells]
    low_sum = sum(low for low, _high in ranges)
    high_sum = sum(high for _low, high in ranges)
    for cell, (low, high) in zip(cells, ranges, strict=True):
        if cell != SUPPRESSED:
            continue
        others_low, others_high = low_sum - low, high_sum - high
        # Values v of this cell that some choice of the others fits with the total.
        first = max(low, low_total - others_high)
        last = min(high, high_total - others_low)
        if last - first + 1 < 2:
            return None
    return cells


def protect_selection(
    groups: Sequence[Sequence[int]], *, exact: bool = False
) -> tuple[list[tuple[Cell, ...] | None], Cell]:
    """All breakdowns of one selection and its total, made public (rules 1-4).

    ``exact`` (staff) returns every count as it is.
    """
    total = sum(groups[0]) if groups else 0
    if exact:
        return [tuple(group) for group in groups], total
    return [protect_group(group) for group in groups], public_count(total)
