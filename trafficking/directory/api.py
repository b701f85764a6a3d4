"""JSON API of the directory: organisations, municipalities, routing, figures.

Query parameters are declared as plain strings and validated by the same
Django forms as the website, so a wrong value gets the same translated
message and close-match suggestions rather than a generic schema error.
The caller's language is chosen before any of this runs (trafficking/api.py):
messages and texts here follow the active language.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import JsonValue

from trafficking.core.languages import language_code, reference_text
from trafficking.geography.gazetteer import Place, UnknownPlace

from .catalogue import OrgInfo, current_catalogue
from .constants import FORM_CHOICES, YES_NO, Audience, Form, Kind, Need, Role, Scale
from .forms import PREFERRED_LANGUAGES, DirectoryFilterForm, SituationForm, error_payload
from .routing import route
from .selectors import directory_stats, search_organisations

router = Router(tags=["directory"])

YES_NO_VALUES = [value for value, _label in YES_NO]
# For the API's descriptions: "nl, en, pl, ...".
SITE_LANGUAGES = ", ".join(code for code, _name in settings.LANGUAGES)
EMPTY_CHOICE = gettext_lazy("Kies een van de toegestane waarden, of laat deze parameter weg.")


class ChannelOut(Schema):
    kind: str
    value: str
    purpose: str
    hours: str
    languages: list[str]
    anonymous: bool
    verified: bool
    outdated: bool
    works_from_abroad: bool
    source: str


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    operator_type: str
    reporting_scale: str
    knowledge_scale: str
    care_coordinator: bool
    role: str
    audiences: list[str]
    forms: list[str]
    focus: list[str]
    areas: list[str]
    area_approximate: bool
    national: bool
    channels: list[ChannelOut]


class OrganisationList(Schema):
    count: int
    results: list[OrganisationOut]


class MunicipalityOut(Schema):
    code: str
    name: str
    province: str
    province_code: str
    safety_region: str
    safety_region_code: str
    police_unit: str


class RouteChannelOut(Schema):
    kind: str
    value: str
    hours: str
    anonymous: bool
    verified: bool
    outdated: bool
    works_from_abroad: bool
    international_value: str
    source: str


class ReachOut(Schema):
    """How to reach an organisation that has no usable channel of its own."""

    organisation: str
    slug: str
    channel: RouteChannelOut | None


class RecommendationOut(Schema):
    organisation: str
    slug: str
    channel: RouteChannelOut | None
    reach: list[ReachOut] = []
    reason: str
    reason_nl: str
    reason_en: str
    rule: str


class RouteOut(Schema):
    recommendations: list[RecommendationOut]


class Suggestion(Schema):
    code: str
    name: str


class ErrorOut(Schema):
    errors: dict[str, list[str]]
    suggestions: list[Suggestion] = []


class ProvinceCounts(Schema):
    meldpunten: int
    kenniscentra: int


class ReportingCounts(Schema):
    total: int
    national: int
    regional: int
    municipal: int


class KnowledgeCounts(Schema):
    total: int
    national: int
    regional: int


class StatsOut(Schema):
    meldpunten: ReportingCounts
    kenniscentra: KnowledgeCounts
    per_province: dict[str, ProvinceCounts]


def organisation_out(org: OrgInfo) -> dict:
    return {
        "slug": org.slug,
        "name": org.name,
        "kind": org.kind,
        "operator_type": org.operator_type,
        "reporting_scale": org.reporting_scale,
        "knowledge_scale": org.knowledge_scale,
        "care_coordinator": org.is_care_coordinator,
        "role": reference_text(org.role, org.role_en)[0],
        "audiences": sorted(org.audiences),
        "forms": sorted(org.forms),
        "focus": sorted(org.focus),
        "areas": list(org.area_labels),
        "area_approximate": org.area_approximate,
        "national": org.national,
        "channels": [
            {
                "kind": c.kind,
                "value": c.value,
                "purpose": c.purpose,
                "hours": c.hours,
                "languages": list(c.languages),
                "anonymous": c.anonymous,
                "verified": c.verified,
                "outdated": c.outdated,
                "works_from_abroad": c.works_from_abroad,
                "source": c.source,
            }
            for c in org.channels
        ],
    }


def municipality_out(place: Place) -> dict:
    return {
        "code": place.code,
        "name": place.name,
        "province": place.province,
        "province_code": place.province_code,
        "safety_region": place.safety_region,
        "safety_region_code": place.safety_region_code,
        "police_unit": place.police_unit,
    }


def _enum_param(values: Iterable[str], description: str) -> Any:
    """An optional query parameter whose schema lists the allowed ``values``.

    Typed ``Any`` like pydantic's own ``Field()``, so the schema attribute it is
    assigned to keeps its declared type.
    """
    enum: list[JsonValue] = list(values)
    return Field(None, description=description, json_schema_extra={"enum": enum})


def _has_enum(extra: object) -> bool:
    # json_schema_extra may also be a callable; ours are always dicts.
    return isinstance(extra, dict) and "enum" in extra


def _empty_choices(params: Schema) -> Status | None:
    """400 for a choice parameter sent empty (``?form=``).

    The schema lists the allowed values and "" is not one of them; leaving a
    parameter out is how a caller says "any". (The website's forms do send
    "" for "any", which is why the shared Django forms accept it.)
    """
    fields = type(params).model_fields
    empty = [
        name
        for name, value in params.dict().items()
        if value == "" and _has_enum(fields[name].json_schema_extra)
    ]
    if not empty:
        return None
    message = str(EMPTY_CHOICE)
    return Status(400, {"errors": {name: [message] for name in empty}, "suggestions": []})


class OrganisationFilters(Schema):
    q: str | None = Field(None, description="Words to find in names, roles and areas")
    form: str | None = _enum_param(
        Form.values, "Only organisations that deal with this form of exploitation"
    )
    audience: str | None = _enum_param(Audience.values, "Only organisations for this audience")
    kind: str | None = _enum_param(Kind.values, "Reporting points, knowledge centres, or both")
    scale: str | None = _enum_param(Scale.values, "National, regional or municipal")
    province: str | None = Field(None, description="CBS province code, e.g. PV23")
    municipality: str | None = Field(
        None, description="Only organisations serving this municipality: name or CBS code"
    )


@router.get(
    "/organisations",
    response={200: OrganisationList, 400: ErrorOut},
    summary="Search the directory",
)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]):
    if refused := _empty_choices(filters):
        return refused
    catalogue = current_catalogue()
    form = DirectoryFilterForm(
        {k: v for k, v in filters.dict().items() if v is not None}, gazetteer=catalogue.gazetteer
    )
    if not form.is_valid():
        return Status(400, error_payload(form))
    found = search_organisations(catalogue, form.directory_filter())
    return Status(200, {"count": len(found), "results": [organisation_out(o) for o in found]})


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, 400: ErrorOut, 404: ErrorOut},
    summary="One organisation",
)
def get_organisation(
    request: HttpRequest,
    slug: str = Path(..., description="The organisation's slug, as in `/organisations`"),
):
    org = current_catalogue().get(slug)
    if org is None:
        message = _("Onbekende organisatie.")
        return Status(404, {"errors": {"slug": [message]}})
    return Status(200, organisation_out(org))


@router.get(
    "/municipalities",
    response={200: list[MunicipalityOut], 400: ErrorOut},
    tags=["geography"],
    summary="Municipalities, or the best matches for a name",
)
def list_municipalities(
    request: HttpRequest,
    q: str | None = Query(
        None, description="A name or CBS code; misspellings give the closest matches"
    ),
):
    places: Iterable[Place] = current_catalogue().gazetteer.places.values()
    if q:
        gazetteer = current_catalogue().gazetteer
        try:
            places = [gazetteer.find(q)]
        except UnknownPlace as error:
            places = error.suggestions
    return [municipality_out(p) for p in sorted(places, key=lambda p: p.name)]


@router.get(
    "/municipalities/{code}",
    response={200: MunicipalityOut, 400: ErrorOut, 404: ErrorOut},
    tags=["geography"],
    summary="One municipality, with its region and police unit",
)
def get_municipality(
    request: HttpRequest, code: str = Path(..., description="CBS municipality code, e.g. GM0193")
):
    place = current_catalogue().gazetteer.get(code.upper()[:6])
    if place is None:
        message = _("Onbekende gemeentecode.")
        return Status(404, {"errors": {"code": [message]}})
    return Status(200, municipality_out(place))


class RouteQuery(Schema):
    role: str | None = _enum_param(
        Role.values, "Who is asking: the person concerned, a bystander, a professional"
    )
    form: str | None = _enum_param(
        (v for v, _label in FORM_CHOICES), "The form of exploitation, or 'unknown'"
    )
    municipality: str | None = Field(
        None, description="Where it happens: name or CBS code, or 'abroad'"
    )
    abroad: str | None = _enum_param(YES_NO_VALUES, "The person is outside the Netherlands")
    need: str | None = _enum_param(Need.values, "What is needed first")
    acute: str | None = _enum_param(YES_NO_VALUES, "Someone is in danger right now")
    minor: str | None = _enum_param(YES_NO_VALUES, "It concerns someone under 18")
    language: str | None = _enum_param(
        (code for code, _label in PREFERRED_LANGUAGES),
        "The language the person wants to be helped in; channels in it come first. When "
        f"the site speaks it ({SITE_LANGUAGES}) the answer is in it too; "
        "otherwise Accept-Language decides the language of the answer.",
    )


@router.get(
    "/route",
    response={200: RouteOut, 400: ErrorOut},
    summary="Where should this person go?",
    description="Ordered recommendations for a situation. Every parameter may be left out. "
    "Messages and `reason` follow `language` when the site speaks it, else the "
    f"Accept-Language header ({SITE_LANGUAGES}); `reason_nl` and `reason_en` are "
    "always included.",
)
def route_endpoint(request: HttpRequest, params: Query[RouteQuery]):
    if refused := _empty_choices(params):
        return refused
    catalogue = current_catalogue()
    data = {k: v for k, v in params.dict().items() if v is not None}
    language = language_code()
    # The answer is a pure function of the question, the language and the
    # snapshot, so it is serialised once and kept with the snapshot.
    key = (language, tuple(sorted(data.items())))
    status, body = catalogue.answers.get_or_compute(
        key, lambda: _route_answer(data, language, catalogue)
    )
    return HttpResponse(body, status=status, content_type="application/json")


def _route_answer(data: dict, language: str, catalogue) -> tuple[int, bytes]:
    form = SituationForm(data, gazetteer=catalogue.gazetteer)
    if not form.is_valid():
        return 400, _json(error_payload(form))
    recommendations = route(form.situation(), catalogue)
    return 200, _json({"recommendations": [r.as_dict(language) for r in recommendations]})


def _json(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


@router.get("/stats", response={200: StatsOut, 400: ErrorOut}, summary="The inventory's figures")
def stats(request: HttpRequest):
    return directory_stats(current_catalogue())
