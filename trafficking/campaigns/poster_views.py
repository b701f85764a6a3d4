""" "Materiaal voor je regio": a form that returns a print-ready PDF.

A GET form, like the directory's filters: nothing is stored, no cookie is
set, no CSRF token is needed, and it works without JavaScript. A valid
question answers with the PDF as a download; anything wrong gives the form
again with the messages, status 400. The organisation's name travels in the
query string and so may appear in access logs; it is the name of an
organisation, not of a person, and the help text says it will be printed.
Each PDF is typeset on request, so a client network may have a limited
number made per window (throttle.py); over it, the form comes back with the
choices made and how long to wait (status 429). The empty form and a form
with mistakes cost no PDF and count for nothing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trafficking.core.http import head_as_get
from trafficking.directory.catalogue import current_catalogue

from .poster_forms import LANGUAGE_CHOICES, TEMPLATE_CHOICES, PosterForm
from .poster_texts import TEMPLATE_LANGUAGES
from .posters import PosterError, download_name, render_poster, resolve_context
from .throttle import poster_budget, poster_wait_message, with_retry_after

TEMPLATE = "campaigns/materials/region.html"


def _page(request: HttpRequest, form: PosterForm, status: int = 200) -> HttpResponse:
    catalogue = current_catalogue()
    return render(
        request,
        TEMPLATE,
        {
            "form": form,
            "template_choices": TEMPLATE_CHOICES,
            "language_choices": LANGUAGE_CHOICES,
            "template_languages": TEMPLATE_LANGUAGES,
            "municipalities": sorted(p.name for p in catalogue.gazetteer.places.values()),
        },
        status=status,
    )


@head_as_get
@require_GET
def region_materials(request: HttpRequest) -> HttpResponse:
    catalogue = current_catalogue()
    if not request.GET:
        return _page(request, PosterForm(gazetteer=catalogue.gazetteer))
    form = PosterForm(request.GET, gazetteer=catalogue.gazetteer, site_host=request.get_host())
    if not form.is_valid():
        return _page(request, form, status=400)
    verdict = poster_budget(request).spend()
    if not verdict.allowed:
        form.add_error(None, poster_wait_message(verdict))
        return with_retry_after(_page(request, form, status=429), verdict)
    data = form.cleaned_data
    try:
        context = resolve_context(
            data["template"],
            data["language"],
            data["municipality"],
            data["organisation"],
            data["link"] or None,
            catalogue,
            base_url=f"{request.scheme}://{request.get_host()}",
        )
    except PosterError:
        # The form checks all of this first; should the two ever disagree,
        # the visitor still gets the form, not a server error.
        form.add_error(None, _("Dit materiaal kon niet worden gemaakt. Controleer uw keuzes."))
        return _page(request, form, status=400)
    response = HttpResponse(render_poster(context), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=download_name(context)
    )
    return response
