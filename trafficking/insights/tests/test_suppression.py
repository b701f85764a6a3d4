"""Small counts can be neither read nor worked out (suppression.py), checked by brute force.

The adversary knows the published cells and the published total, that "< 5"
is 0-4, that a shown count r is one of r-2 .. r+2 (and at least 5), and the
rules themselves: we list every table that would publish the same cells and
total, and check that each "< 5" cell could have at least two values.
"""

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from trafficking.insights.figure import SUPPRESSED
from trafficking.insights.suppression import (
    THRESHOLD,
    possible,
    protect_group,
    protect_selection,
    public_count,
    rounded,
    selection_too_small,
)

groups = st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=5)


def consistent_tables(published, shown_total):
    """Every table the same publication (cells and total) could have come from."""
    ranges = [range(low, high + 1) for low, high in map(possible, published)]
    for table in product(*ranges):
        if public_count(sum(table)) == shown_total and protect_group(list(table)) == tuple(
            published
        ):
            yield list(table)


@settings(max_examples=300, deadline=None)
@given(groups)
def test_no_small_cell_can_be_worked_out_from_the_total(values):
    published = protect_group(values)
    if published is None:
        return  # the group is withheld whole
    tables = list(consistent_tables(published, public_count(sum(values))))
    assert values in tables
    for i, cell in enumerate(published):
        if cell == SUPPRESSED:
            assert len({table[i] for table in tables}) >= 2, (values, published)


@given(groups)
def test_small_counts_are_hidden_and_the_others_rounded(values):
    published = protect_group(values)
    if published is not None:
        for value, cell in zip(values, published, strict=True):
            assert cell == (SUPPRESSED if value < THRESHOLD else rounded(value))
            lowest, highest = possible(cell)
            assert lowest <= value <= highest


def test_differencing_two_selections_pins_nothing():
    """The review's attack: national by channel, then the "web" selection's total."""
    by_channel = [50, 2, 30, 20, 10]  # web, api, phone, partner, unknown
    published, total = protect_selection([by_channel])
    web_total = public_count(50)  # what the selection "kanaal=web" publishes
    # api = total - web - phone - partner - unknown, each known only to within ±2.
    low = possible(total)[0] - sum(possible(c)[1] for c in (web_total, *published[0][2:]))
    high = possible(total)[1] - sum(possible(c)[0] for c in (web_total, *published[0][2:]))
    assert published[0][1] == SUPPRESSED
    assert max(low, 0) < min(high, THRESHOLD - 1)  # at least two values stay possible


@given(st.lists(groups, min_size=1, max_size=3))
def test_the_total_is_published_rounded_unless_it_is_small(raw):
    total = sum(raw[0])
    groups_ = [raw[0], *([total] if total else [0] for _ in raw[1:])]
    _protected, shown = protect_selection(groups_)
    assert shown == (rounded(total) if total >= THRESHOLD else SUPPRESSED)
    exact, exact_total = protect_selection(groups_, exact=True)
    assert exact_total == total and exact[0] == tuple(raw[0])


def test_the_simple_rules():
    assert public_count(0) == public_count(4) == SUPPRESSED
    assert public_count(5) == public_count(7) == 5
    assert public_count(8) == public_count(12) == 10
    assert possible(5) == (5, 7) and possible(10) == (8, 12) and possible(SUPPRESSED) == (0, 4)
    assert selection_too_small(4) and not selection_too_small(5)
    assert protect_group([3, 40, 12]) == (SUPPRESSED, 40, 10)
    assert protect_group([10, 20]) == (10, 20)
    # Two cells under 5 whose total rounds to 10: both must be 4. Withheld.
    assert protect_group([4, 4]) is None
    assert protect_group([1, 2, 30]) == (SUPPRESSED, SUPPRESSED, 30)
