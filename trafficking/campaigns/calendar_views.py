"""The public campaign calendar, six months at a time."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from trafficking.directory.catalogue import current_catalogue

from .calendar import calendar
from .coverage import NATIONAL

MONTHS_SHOWN = 6


class MonthForm(forms.Form):
    van = forms.DateField(
        label=_("Vanaf maand (jjjj-mm)"),
        required=False,
        input_formats=["%Y-%m"],
        error_messages={"invalid": _("Schrijf de maand als jaar-maand, bijvoorbeeld 2027-03.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2027-03"}),
    )

    def clean_van(self):
        value = self.cleaned_data["van"]
        if value is not None and not date(2000, 1, 1) <= value <= date(2100, 1, 1):
            raise forms.ValidationError(_("Kies een maand tussen 2000 en 2100."))
        return value


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def calendar_page(request):
    today = timezone.localdate()
    form = MonthForm(request.GET or None)
    first = today.replace(day=1)
    if form.is_bound and form.is_valid() and form.cleaned_data["van"]:
        first = form.cleaned_data["van"].replace(day=1)
    last = _add_months(first, MONTHS_SHOWN) - timedelta(days=1)
    found = calendar(first, last, current_catalogue().gazetteer, today)
    # Each campaign's line is made once, however many months it runs in.
    entries = {
        p.slug: {
            "plan": p,
            "url": reverse("campaigns:detail", args=[p.slug]),
            "period": f"{date_format(p.starts_on, 'j M Y')} – {date_format(p.ends_on, 'j M Y')}",
        }
        for p in found.plans
    }
    return render(
        request,
        "campaigns/calendar.html",
        {
            "form": form,
            "cal": found,
            "months": [
                (month, [entries[p.slug] for p in plans]) for month, plans in found.months()
            ],
            "previous": _add_months(first, -MONTHS_SHOWN).strftime("%Y-%m"),
            "next": _add_months(first, MONTHS_SHOWN).strftime("%Y-%m"),
            "national": NATIONAL,
            "calls_to_report": _("roept op tot melden"),
        },
        status=400 if form.errors else 200,
    )
