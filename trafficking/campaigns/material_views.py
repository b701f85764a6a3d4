"""The materials library: public search and download, upload by campaign makers.

The public pages are plain GET pages (no cookie, no form post, no script) and
show published materials only; anything else is a 404, so the library never
says that an unpublished material exists. Makers see and change their own
organisation's materials only; every change is checked again by staff.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from trafficking.core.http import head_as_get, page_number

from .access import campaign_maker_required, maker_organisation
from .constants import Licence, Moderation
from .library import (
    LICENCE_EXPLAINED,
    file_format_label,
    kind_label,
    maker_materials,
    owner_choices,
    published_material,
    published_materials,
    search_materials,
)
from .material_files import file_path, has_file, save_material
from .material_forms import LANGUAGE_NAMES, LibraryFilterForm, MaterialForm
from .models import Material
from .selectors import audience_labels, forms_labels

logger = logging.getLogger(__name__)

PAGE_SIZE = 20


def _facts(material: Material) -> dict:
    return {
        "material": material,
        "kind": kind_label(material.kind),
        "audiences": audience_labels(material.audiences),
        "forms": forms_labels(material.forms if material.forms is not None else []),
        "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in material.languages],
        "licence": Licence(material.licence).label if material.licence in Licence.values else "",
        "has_file": has_file(material),
        "file_format": file_format_label(material) if has_file(material) else "",
        # Only a web address is a link: never a javascript: or data: URL.
        "url": material.external_url
        if material.external_url.startswith(("https://", "http://"))
        else "",
    }


@head_as_get
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or {}, owners=owner_choices())
    valid = form.is_valid()
    found = search_materials(published_materials(), form.library_filter()) if valid else []
    paginator = Paginator(found, PAGE_SIZE)
    requested = request.GET.get("page", "")
    page = paginator.get_page(page_number(requested))
    return render(
        request,
        "campaigns/library/list.html",
        {
            "form": form,
            "page_obj": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1)),
            "page_adjusted": bool(requested) and requested != str(page.number),
            "cards": [_facts(m) for m in page],
            "filters_open": bool(form.errors)
            or any(form.data.get(name) for name in form.fields if name != "q"),
        },
        status=200 if valid else 400,
    )


@head_as_get
@require_GET
def material_detail(request: HttpRequest, pk: int) -> HttpResponse:
    material = published_material(pk)
    if material is None:
        raise Http404
    context = _facts(material)
    context["licence_explained"] = LICENCE_EXPLAINED.get(Licence(material.licence), "")
    # A campaign waiting for staff (or withdrawn) is not named to the public.
    context["campaign_public"] = material.campaign is not None and material.campaign.is_public
    return render(request, "campaigns/library/detail.html", context)


@head_as_get
@require_GET
def material_download(request: HttpRequest, pk: int) -> FileResponse:
    material = published_material(pk)
    if material is None or not has_file(material):
        raise Http404
    return file_response(material)


def file_response(material: Material) -> FileResponse:
    """The checked file as a download, never shown inline by the browser."""
    try:
        handle = file_path(material.stored_name).open("rb")
    except FileNotFoundError:
        logger.error("Material %s points at a missing file.", material.pk)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=material.file_name or f"materiaal-{material.pk}",
        content_type=material.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Campaign makers ----------------------------------------------------------


@campaign_maker_required
@require_GET
def maker_library(request: HttpRequest) -> HttpResponse:
    materials = list(maker_materials(maker_organisation(request)))
    return render(
        request,
        "campaigns/library/maker_list.html",
        {
            "organisation": maker_organisation(request),
            "rows": [_facts(m) for m in materials],
        },
    )


@campaign_maker_required
@require_http_methods(["GET", "POST"])
def material_add(request: HttpRequest) -> HttpResponse:
    return _edit(request, Material(owner=maker_organisation(request)))


@campaign_maker_required
@require_http_methods(["GET", "POST"])
def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    material = maker_materials(maker_organisation(request)).filter(pk=pk).first()
    if material is None:
        # Another organisation's material is as unknown here as a missing one.
        raise Http404
    return _edit(request, material)


def _edit(request: HttpRequest, material: Material) -> HttpResponse:
    organisation = maker_organisation(request)
    adding = material.pk is None
    if request.method != "POST":
        form = MaterialForm(instance=material, organisation=organisation)
        return _form_page(request, form, material)
    form = MaterialForm(request.POST, request.FILES, instance=material, organisation=organisation)
    if not form.is_valid():
        return _form_page(request, form, material, status=400)
    material = form.save(commit=False)
    material.owner = organisation
    material.external_url = form.cleaned_data.get("external_url") or ""
    # Every change is checked again before it is public.
    material.status = Moderation.SUBMITTED
    material.moderated_by = None
    material.moderated_at = None
    if adding:
        material.uploaded_by_id = request.user.pk
    try:
        save_material(
            material,
            clean=form.checked_file,
            drop_file=bool(form.cleaned_data.get("drop_file")) or bool(material.external_url),
        )
    except (DatabaseError, OSError) as error:
        logger.error("A material could not be stored (%s).", type(error).__name__)
        if adding:
            material.pk = None  # the row was rolled back with its file
        form.add_error(
            None,
            _t(
                "Het materiaal kon nu niet worden opgeslagen. Er is niets bewaard; "
                "probeer het later opnieuw."
            ),
        )
        return _form_page(request, form, material, status=503)
    messages.success(
        request,
        _t(
            "“%(title)s” is ontvangen. Een redacteur controleert het voordat het in de "
            "bibliotheek staat."
        )
        % {"title": material.title},
    )
    return redirect("makers:materials")


def _form_page(request, form, material: Material, status: int = 200) -> HttpResponse:
    for name in form.errors:
        # A screen reader hears the message with the field, not only in the summary.
        if name in form.fields and not form[name].use_fieldset:
            described = [f"{form[name].auto_id}_errors"]
            if form.fields[name].help_text:
                described.insert(0, f"{form[name].auto_id}_helptext")
            form.fields[name].widget.attrs["aria-describedby"] = " ".join(described)
    return render(
        request,
        "campaigns/library/form.html",
        {
            "form": form,
            "material": material,
            "has_file": material.pk is not None and has_file(material),
            "status_label": Moderation(material.status).label if material.pk else "",
        },
        status=status,
    )


maker_patterns = [
    path("materialen/", maker_library, name="materials"),
    path("materialen/nieuw/", material_add, name="material-add"),
    path("materialen/<int:pk>/", material_edit, name="material-edit"),
]
public_patterns = [
    path(_("campagnes/bibliotheek/"), library, name="library"),
    path(_("campagnes/bibliotheek/<int:pk>/"), material_detail, name="material"),
    path(
        _("campagnes/bibliotheek/<int:pk>/download/"),
        material_download,
        name="material-download",
    ),
]
