"""The public coverage page: which audiences and forms campaigns leave uncovered."""

from typing import NamedTuple

from django.shortcuts import render
from django.utils import timezone

from trafficking.directory.catalogue import current_catalogue
from trafficking.geography.gazetteer import Gazetteer

from . import coverage
from .forms import RegionForm
from .library import published_materials
from .models import Campaign
from .page_cache import cached_page


class ProvinceName(NamedTuple):
    code: str
    name: str


def provinces_of(gazetteer: Gazetteer) -> list[ProvinceName]:
    """The provinces, by name, from the worker's snapshot: no query on a served page."""
    found = {ProvinceName(p.province_code, p.province) for p in gazetteer.places.values()}
    return sorted(found, key=lambda p: p.name)


def coverage_page(request):
    provinces = provinces_of(current_catalogue().gazetteer)
    form = RegionForm(request.GET or None, provinces=provinces)
    today = timezone.localdate()
    if form.is_bound and not form.is_valid():
        return _render(request, form, provinces, today)
    # The cleaned choice, not the region it stands for: "?regio=NL" marks the
    # option as chosen in the form, no question leaves it unmarked.
    question = form.cleaned_data["regio"] if form.is_bound else ""
    return cached_page(
        request, "coverage", question, today, lambda: _render(request, form, provinces, today)
    )


def _render(request, form, provinces, today):
    region = form.region() if form.is_bound else coverage.NATIONAL
    gazetteer = current_catalogue().gazetteer
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
