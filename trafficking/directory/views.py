from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from trafficking.core.http import page_number
from trafficking.core.languages import reference_text

from .catalogue import current_catalogue
from .constants import COMENSHA, Audience, Focus, Form
from .forms import DirectoryFilterForm
from .models import Organisation
from .selectors import (
    ORGANISATION_PUBLIC_FIELDS,
    card_contacts,
    public_changes,
    search_organisations,
    survey_facts,
)

# Twenty cards fit about four phone screens; the whole directory is 7 pages.
PAGE_SIZE = 20


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
    paginator = Paginator(organisations, PAGE_SIZE)
    requested = request.GET.get("page", "")
    page = paginator.get_page(page_number(requested))
    return render(
        request,
        "directory/list.html",
        {
            "form": form,
            "page_obj": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1)),
            "page_adjusted": bool(requested) and requested != str(page.number),
            "cards": [{"org": org, "contacts": card_contacts(org)} for org in page],
            # Closed on a small screen unless the person already chose filters.
            "filters_open": bool(form.errors)
            or any(form.data.get(name) for name in form.fields if name != "q"),
            "municipalities": sorted(p.name for p in catalogue.gazetteer.places.values()),
        },
        status=400 if form.errors else 200,
    )


def organisation_detail(request, slug):
    catalogue = current_catalogue()
    org = catalogue.get(slug)
    if org is None:
        raise Http404
    role, role_language = reference_text(org.role, org.role_en)
    # The snapshot holds what routing needs; the survey's facts and the
    # history are read from the row itself, so an accepted change shows at
    # once (the snapshot follows within DIRECTORY_SNAPSHOT_TTL).
    row = Organisation.objects.active().filter(slug=slug).first()
    if row is None:
        raise Http404
    return render(
        request,
        "directory/detail.html",
        {
            "org": org,
            "role": role,
            "role_language": role_language,
            "reachable": org.reachable,
            # The national coordination centre: the way on from an organisation we cannot reach.
            "national_centre": catalogue.get(COMENSHA),
            "forms": [Form(v).label for v in Form.values if v in row.forms],
            "audiences": [Audience(v).label for v in Audience.values if v in row.audiences],
            "focus": [Focus(v).label for v in Focus.values if v in org.focus],
            "survey_facts": survey_facts(row),
            "changes": public_changes(row, ORGANISATION_PUBLIC_FIELDS),
        },
    )
