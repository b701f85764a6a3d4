"""Reads of the materials library: what is public, search and filters, what a page shows.

Only published materials are public. Like the register, the library is small
(tens to a few hundred items), so the list loads the published materials in
one query and filters them in plain Python: the JSON lists (audiences, forms,
languages) then filter the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from trafficking.directory.models import Organisation
from trafficking.geography.gazetteer import normalise

from .constants import GENERAL, Licence, MaterialKind, Moderation
from .models import Material

# What each licence lets another organisation do: the library's promise to
# the owner, in plain words on every material's page.
LICENCE_EXPLAINED = {
    Licence.FREE_TO_ADAPT: _(
        "U mag dit materiaal gratis gebruiken, verspreiden en aanpassen, bijvoorbeeld met de "
        "naam van uw organisatie of de hulp in uw regio. Noem de eigenaar als maker."
    ),
    Licence.ASK_OWNER: _(
        "Vraag de eigenaar eerst om toestemming voordat u dit materiaal gebruikt of "
        "verspreidt. De eigenaar kan voorwaarden stellen."
    ),
    Licence.USE_UNCHANGED: _(
        "U mag dit materiaal gratis gebruiken en verspreiden zoals het is. U mag het niet "
        "aanpassen: geen tekst, logo of afbeelding veranderen of weglaten."
    ),
}


@dataclass(frozen=True)
class LibraryFilter:
    text: str = ""
    audience: str = ""  # a CampaignAudience value
    form: str = ""  # a Form value, or GENERAL for "mensenhandel in het algemeen"
    kind: str = ""  # a MaterialKind value
    language: str = ""  # a language code
    licence: str = ""  # a Licence value
    owner: str = ""  # the owner organisation's slug


def published_materials() -> models.QuerySet[Material]:
    """What anyone may see: published materials of active organisations."""
    return (
        Material.objects.filter(status=Moderation.PUBLISHED, owner__is_active=True)
        .select_related("owner", "campaign")
        .order_by("-created_at", "-id")
    )


def published_material(pk: int) -> Material | None:
    return published_materials().filter(pk=pk).first()


def owner_choices() -> list[tuple[str, str]]:
    """The organisations that have published material, by name."""
    owners = Organisation.objects.filter(
        materials__status=Moderation.PUBLISHED, is_active=True
    ).distinct()
    return sorted(((o.slug, o.name) for o in owners), key=lambda item: normalise(item[1]))


def _haystack(material: Material) -> str:
    parts = [material.title, material.description, material.owner.name]
    # A campaign waiting for staff is not named anywhere public, search included.
    if material.campaign is not None and material.campaign.is_public:
        parts.append(material.campaign.name)
    return normalise(" ".join(parts))


def material_matches(material: Material, f: LibraryFilter) -> bool:
    """Whether one material (with owner and campaign loaded) passes every filter set."""
    words = normalise(f.text).split() if f.text else []
    if words:
        haystack = _haystack(material)
        if not all(word in haystack for word in words):
            return False
    if f.audience and f.audience not in (material.audiences or []):
        return False
    if f.form == GENERAL and (material.forms or []) != []:
        return False
    if f.form and f.form != GENERAL and f.form not in (material.forms or []):
        return False
    if f.kind and material.kind != f.kind:
        return False
    if f.language and f.language not in (material.languages or []):
        return False
    if f.licence and material.licence != f.licence:
        return False
    return not f.owner or material.owner.slug == f.owner


def search_materials(materials: Iterable[Material], f: LibraryFilter) -> list[Material]:
    """The materials matching every filter that is set, newest first (as given)."""
    return [m for m in materials if material_matches(m, f)]


def kind_label(kind: str) -> str:
    return str(MaterialKind(kind).label) if kind in MaterialKind.values else kind


def file_format_label(material: Material) -> str:
    """ "PDF, 2.1 MB", "PNG, 340 kB" — what the download will be."""
    kind = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPG"}.get(
        material.content_type, ""
    )
    if not kind:
        return ""
    size = material.size
    if size >= 1_000_000:
        return f"{kind}, {size / 1_000_000:.1f} MB"
    return f"{kind}, {max(1, round(size / 1000))} kB"


def maker_materials(organisation: Organisation) -> models.QuerySet[Material]:
    """Every material of one organisation, whatever its status: for its own makers."""
    return Material.objects.filter(owner=organisation).select_related("campaign")
