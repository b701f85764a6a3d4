"""The reporting point's intake capacity, set by supervisors, against the campaign calendar."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from trafficking.audit import events
from trafficking.campaigns.calendar import calendar
from trafficking.campaigns.models import IntakeCapacity
from trafficking.directory.catalogue import current_catalogue

from ..access import SET_CAPACITY, staff_required

# The console shows the coming quarter: far enough to see a planned campaign.
WEEKS_AHEAD = 13


class CapacityForm(forms.ModelForm):
    class Meta:
        model = IntakeCapacity
        fields = ["effective_from", "hours_per_week", "minutes_per_report", "note"]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "hours_per_week": gettext_lazy(
                "Uren die het team per week aan nieuwe meldingen besteedt."
            ),
            "minutes_per_report": gettext_lazy("Gemiddelde tijd voor de intake van één melding."),
        }

    def clean_hours_per_week(self):
        value = self.cleaned_data["hours_per_week"]
        if not 0 < value <= 10_000:
            raise forms.ValidationError(_("Geef een aantal uren groter dan 0."))
        return value

    def clean_minutes_per_report(self):
        value = self.cleaned_data["minutes_per_report"]
        if not 0 < value <= 24 * 60:
            raise forms.ValidationError(_("Geef een aantal minuten tussen 1 en 1440."))
        return value


@never_cache
@staff_required(SET_CAPACITY)
def capacity_page(request):
    today = timezone.localdate()
    form = CapacityForm(request.POST or None, initial={"effective_from": today})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            row = form.save(commit=False)
            row.set_by = request.user
            row.save()
            events.capacity_set(row, by=request.user)
        messages.success(request, _("De capaciteit is opgeslagen."))
        return redirect("intake:capacity")
    found = calendar(
        today, today + timedelta(weeks=WEEKS_AHEAD), current_catalogue().gazetteer, today
    )
    return render(
        request,
        "intake/capacity.html",
        {
            "form": form,
            "cal": found,
            "history": IntakeCapacity.objects.select_related("set_by")[:20],
        },
        status=400 if form.errors else 200,
    )
