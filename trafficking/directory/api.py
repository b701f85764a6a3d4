"""JSON API of the directory: organisations, municipalities, routing, figures.

Query parameters are declared as plain strings and validated by the same
Django forms as the website, so a wrong value gets the same translated
message and close-match suggestions rather than a generic schema error.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from trafficking.geography.gazetteer import Place, UnknownPlace

from .catalogue import OrgInfo, current_catalogue
from .constants import AreaScope, Audience, Form, Kind, Need, Role, Scale
from .forms import (
    FORM_CHOICES,
    PREFERRED_LANGUAGES,
    DirectoryFilterForm,
    SituationForm,
    error_payload,
)
from .routing import route
from .selectors import directory_stats, search_organisations

router = Router(tags=["directory"])


class ChannelOut(Schema):
    kind: str
    value: str
    purpose: str
    hours: str
    languages: list[str]
    anonymous: bool
    verified: bool
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
    source: str


class RecommendationOut(Schema):
    organisation: str
    slug: str
    channel: RouteChannelOut | None
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
        "role": org.role
        if (get_language() or "nl").startswith("nl")
        else (org.role_en or org.role),
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


def _enum(values) -> dict:
    return {"json_schema_extra": {"enum": list(values)}}


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
        if value == "" and "enum" in (fields[name].json_schema_extra or {})
    ]
    if not empty:
        return None
    message = (
        "Kies een van de toegestane waarden, of laat deze parameter weg."
        if _nl()
        else "Choose one of the allowed values, or leave this parameter out."
    )
    return Status(400, {"errors": {name: [message] for name in empty}, "suggestions": []})


class OrganisationFilters(Schema):
    q: str | None = None
    form: str | None = Field(None, **_enum(Form.values))
    audience: str | None = Field(None, **_enum(Audience.values))
    kind: str | None = Field(None, **_enum(Kind.values))
    scale: str | None = Field(None, **_enum(Scale.values))
    province: str | None = Field(None, description="CBS province code, e.g. PV23")
    municipality: str | None = Field(None, description="name or CBS code")


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


@router.get("/organisations/{slug}", response={200: OrganisationOut, 404: ErrorOut})
def get_organisation(request: HttpRequest, slug: str):
    org = current_catalogue().get(slug)
    if org is None:
        message = "Onbekende organisatie." if _nl() else "Unknown organisation."
        return Status(404, {"errors": {"slug": [message]}})
    return Status(200, organisation_out(org))


@router.get("/municipalities", response=list[MunicipalityOut], tags=["geography"])
def list_municipalities(request: HttpRequest, q: str | None = None):
    places = current_catalogue().gazetteer.places.values()
    if q:
        gazetteer = current_catalogue().gazetteer
        try:
            places = [gazetteer.find(q)]
        except UnknownPlace as error:
            places = error.suggestions
    return [municipality_out(p) for p in sorted(places, key=lambda p: p.name)]


@router.get(
    "/municipalities/{code}", response={200: MunicipalityOut, 404: ErrorOut}, tags=["geography"]
)
def get_municipality(request: HttpRequest, code: str):
    place = current_catalogue().gazetteer.get(code.upper()[:6])
    if place is None:
        message = "Onbekende gemeentecode." if _nl() else "Unknown municipality code."
        return Status(404, {"errors": {"code": [message]}})
    return Status(200, municipality_out(place))


class RouteQuery(Schema):
    role: str | None = Field(None, **_enum(Role.values))
    form: str | None = Field(None, **_enum(v for v, _label in FORM_CHOICES))
    municipality: str | None = Field(None, description="name or CBS code, or 'abroad'")
    abroad: str | None = Field(None, **_enum(["true", "false"]))
    need: str | None = Field(None, **_enum(Need.values))
    acute: str | None = Field(None, **_enum(["true", "false"]))
    minor: str | None = Field(None, **_enum(["true", "false"]))
    language: str | None = Field(None, **_enum(code for code, _label in PREFERRED_LANGUAGES))


@router.get(
    "/route",
    response={200: RouteOut, 400: ErrorOut},
    summary="Where should this person go?",
    description="Ordered recommendations for a situation. Every parameter may be left out. "
    "Messages and `reason` follow the Accept-Language header (nl, en, pl, ro, bg, uk, ar); "
    "`reason_nl` and `reason_en` are always included.",
)
def route_endpoint(request: HttpRequest, params: Query[RouteQuery]):
    if refused := _empty_choices(params):
        return refused
    catalogue = current_catalogue()
    data = {k: v for k, v in params.dict().items() if v is not None}
    language = (get_language() or "nl").split("-")[0]
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


@router.get("/stats", response=StatsOut, summary="The inventory's figures")
def stats(request: HttpRequest):
    return directory_stats(current_catalogue())


def _nl() -> bool:
    return (get_language() or "nl").startswith("nl")


__all__ = ["AreaScope", "HttpError", "router"]
