"""The public campaign calendar, six months at a time."""

from __future__ import annotations

from datetime import date, timedelta

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from trafficking.directory.catalogue import current_catalogue

from .calendar import calendar
from .coverage import NATIONAL
from .forms import MonthForm
from .page_cache import cached_page

MONTHS_SHOWN = 6


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def calendar_page(request):
    today = timezone.localdate()
    form = MonthForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _render(request, form, today.replace(day=1), today)
    chosen = form.cleaned_data["van"] if form.is_bound else None
    first = chosen.replace(day=1) if chosen else today.replace(day=1)
    if chosen and form.data.get("van") != f"{first:%Y-%m}":
        # Written another way ("2027-3"): the form shows it back as typed, so
        # the page is not the canonical one, and such variants are not kept.
        return _render(request, form, first, today)
    question = f"{first:%Y-%m}" if chosen else ""
    return cached_page(
        request, "calendar", question, today, lambda: _render(request, form, first, today)
    )


def _render(request, form: MonthForm, first: date, today: date):
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
