"""The public coverage page: which audiences and forms campaigns leave uncovered."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trafficking.directory.catalogue import current_catalogue
from trafficking.geography.models import Province

from . import coverage
from .library import published_materials
from .models import Campaign


class RegionForm(forms.Form):
    regio = forms.ChoiceField(
        label=_("Regio"),
        required=False,
        error_messages={
            "invalid_choice": _("Kies Nederland of een van de twaalf provincies uit de lijst.")
        },
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regio"].choices = [
            (coverage.NATIONAL, _("Heel Nederland")),
            *[(p.code, p.name) for p in provinces],
        ]

    def region(self) -> str:
        return (self.is_valid() and self.cleaned_data["regio"]) or coverage.NATIONAL


def coverage_page(request):
    provinces = list(Province.objects.order_by("name"))
    form = RegionForm(request.GET or None, provinces=provinces)
    region = form.region() if form.is_bound else coverage.NATIONAL
    gazetteer = current_catalogue().gazetteer
    today = timezone.localdate()
    items = [coverage.item_of(c, gazetteer, today) for c in Campaign.objects.active()]
    items += [coverage.material_item(m) for m in published_materials()]
    matrix = coverage.matrix(items, region)
    per_region = coverage.per_region(items, [p.code for p in provinces])
    audiences = coverage.audience_labels()
    form_labels = coverage.form_labels()
    return render(
        request,
        "campaigns/coverage.html",
        {
            "form": form,
            "region": region,
            "region_name": dict(form.fields["regio"].choices)[region],
            "matrix": matrix,
            "rows": [
                {
                    "audience": audience,
                    "label": audiences[audience],
                    "priority": audience in coverage.PRIORITY_AUDIENCES,
                    "cells": [(cell, form_labels[cell.form]) for cell in cells],
                }
                for audience, cells in matrix.rows
            ],
            "audiences": audiences,
            "forms": form_labels,
            "advice": coverage.ADVICE,
            "provinces": [(p, [per_region[p.code][a] for a in audiences]) for p in provinces],
            "recent_years": coverage.RECENT.days // 365,
        },
        status=400 if form.errors else 200,
    )
