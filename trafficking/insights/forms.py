"""The filter form of the reports-over-time page (GET), shared with the API."""

from __future__ import annotations

from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trafficking.geography.gazetteer import Gazetteer

from .report_figures import (
    ALL,
    LAST_YEAR,
    Selection,
    channel_choices,
    form_choices,
    region_choices,
)

FIRST_YEAR = 2024  # tallies began in 2026; the register and the survey look back to 2024


def period_choices(today: date) -> list[tuple[str, str]]:
    years = [(str(year), str(year)) for year in range(today.year, FIRST_YEAR - 1, -1)]
    return [(LAST_YEAR, str(_("Laatste 52 weken"))), *years, ("all", str(_("Alles")))]


class ReportFilterForm(forms.Form):
    vorm = forms.ChoiceField(label=_("Vorm van uitbuiting"), required=False)
    provincie = forms.ChoiceField(label=_("Provincie"), required=False)
    kanaal = forms.ChoiceField(label=_("Kanaal"), required=False)
    periode = forms.ChoiceField(label=_("Periode"), required=False)

    def __init__(self, *args, gazetteer: Gazetteer, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        every = [(ALL, str(_("Alle")))]
        for name, choices in (
            ("vorm", every + form_choices()),
            ("provincie", every + region_choices(gazetteer)),
            ("kanaal", every + channel_choices()),
            ("periode", period_choices(today)),
        ):
            cast(forms.ChoiceField, self.fields[name]).choices = choices

    def selection(self) -> Selection:
        data = self.cleaned_data
        period = data.get("periode") or LAST_YEAR
        return Selection(
            form=data.get("vorm") or ALL,
            region=data.get("provincie") or ALL,
            channel=data.get("kanaal") or ALL,
            period=ALL if period == "all" else period,
        )


FIELDS = ("vorm", "provincie", "kanaal", "periode")


def quick_selection(query, *, gazetteer: Gazetteer, today: date) -> Selection | None:
    """The selection of a plain, valid query without building the form, else None.

    The reports page is asked the same few selections over and over; building
    the form (with its translated choices) for each request cost more than
    serving the kept page. Only a query whose every parameter is one of the
    form's fields, given once with a value the form accepts, is read here, so
    the result is what ``ReportFilterForm(...).selection()`` would give; any
    other query goes through the form and its error messages.
    """
    if any(name not in FIELDS or len(query.getlist(name)) != 1 for name in query):
        return None
    valid = _valid_values(gazetteer, today)
    values = {name: query.get(name, "") for name in FIELDS}
    if any(values[name] not in valid[name] for name in FIELDS):
        return None
    period = values["periode"] or LAST_YEAR
    return Selection(
        form=values["vorm"] or ALL,
        region=values["provincie"] or ALL,
        channel=values["kanaal"] or ALL,
        period=ALL if period == "all" else period,
    )


_valid: tuple[date, int, dict[str, frozenset[str]]] | None = None


def _valid_values(gazetteer: Gazetteer, today: date) -> dict[str, frozenset[str]]:
    global _valid
    if _valid is not None and _valid[0] == today and _valid[1] == id(gazetteer):
        return _valid[2]
    keys = {
        "vorm": [value for value, _label in form_choices()],
        "provincie": [value for value, _label in region_choices(gazetteer)],
        "kanaal": [value for value, _label in channel_choices()],
        "periode": [value for value, _label in period_choices(today)],
    }
    valid = {name: frozenset([ALL, *values]) for name, values in keys.items()}
    _valid = (today, id(gazetteer), valid)
    return valid
