from django.http import Http404
from django.shortcuts import render

from .catalogue import current_catalogue
from .constants import Audience, Focus, Form
from .forms import DirectoryFilterForm
from .selectors import search_organisations


def organisation_list(request):
    catalogue = current_catalogue()
    form = DirectoryFilterForm(request.GET or None, gazetteer=catalogue.gazetteer)
    if form.is_bound and not form.is_valid():
        organisations = []
    else:
        if not form.is_bound:
            form = DirectoryFilterForm({}, gazetteer=catalogue.gazetteer)
            form.is_valid()
        organisations = search_organisations(catalogue, form.directory_filter())
    return render(
        request,
        "directory/list.html",
        {
            "form": form,
            "organisations": organisations,
            "municipalities": sorted(p.name for p in catalogue.gazetteer.places.values()),
        },
        status=400 if form.errors else 200,
    )


def organisation_detail(request, slug):
    org = current_catalogue().get(slug)
    if org is None:
        raise Http404
    return render(
        request,
        "directory/detail.html",
        {
            "org": org,
            "forms": [Form(v).label for v in Form.values if v in org.forms],
            "audiences": [Audience(v).label for v in Audience.values if v in org.audiences],
            "focus": [Focus(v).label for v in Focus.values if v in org.focus],
        },
    )
