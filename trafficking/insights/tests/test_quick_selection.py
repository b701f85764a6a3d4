"""The reports page's fast path reads a query exactly as the filter form does."""

from datetime import date

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from trafficking.directory.catalogue import current_catalogue
from trafficking.insights.forms import ReportFilterForm, _valid_values, quick_selection

TODAY = date(2026, 11, 30)

pytestmark = pytest.mark.django_db


def form_selection(query, gazetteer):
    form = ReportFilterForm(query or None, gazetteer=gazetteer, today=TODAY)
    if form.is_bound and not form.is_valid():
        return None
    return form.selection() if form.is_bound else None


def test_every_valid_query_gives_the_forms_selection():
    gazetteer = current_catalogue().gazetteer
    valid = _valid_values(gazetteer, TODAY)

    @settings(max_examples=200, deadline=None)
    @given(
        st.fixed_dictionaries(
            {},
            optional={name: st.sampled_from(sorted(values)) for name, values in valid.items()},
        )
    )
    def check(params):
        query = QueryDict(mutable=True)
        for name, value in params.items():
            query[name] = value
        quick = quick_selection(query, gazetteer=gazetteer, today=TODAY)
        assert quick is not None
        expected = form_selection(query, gazetteer)
        if expected is not None:
            assert quick == expected

    check()


@pytest.mark.parametrize(
    "raw",
    ["vorm=nope", "provincie=PV99", "periode=1999", "vorm=labour&vorm=sexual", "x=1", "kanaal=<b>"],
)
def test_anything_else_goes_through_the_form(raw):
    gazetteer = current_catalogue().gazetteer
    assert quick_selection(QueryDict(raw), gazetteer=gazetteer, today=TODAY) is None
