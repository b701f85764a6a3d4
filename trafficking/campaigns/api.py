"""JSON API of the campaign register: campaigns, figures, coverage, materials, effect.

As in the directory's API, query parameters are plain strings validated by
the website's own Django forms, so a wrong value gets the page's translated
message; errors have the shape ``{"errors": {field: [message]}}``. The
caller's language is chosen before any of this runs (trafficking/api.py).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import ConfigDict

from trafficking.core import ratelimit
from trafficking.directory.api import EMPTY_CHOICE, ErrorOut, _empty_choices, _enum_param
from trafficking.directory.catalogue import current_catalogue
from trafficking.geography.models import Province

from . import coverage
from .constants import GENERAL, CampaignAudience, CampaignList, Form, Licence, MaterialKind
from .effect import MAX_DAYS, EffectInputError, EffectResult, estimate_effect
from .effect_forms import WindowForm, checked, series_from_rows
from .forms import CampaignFilterForm, RegionForm
from .library import published_materials
from .material_files import has_file
from .models import Campaign, Material
from .results import EFFECT_CACHED
from .selectors import CampaignStatus, campaign_status, public_campaigns, search_campaigns
from .stats import campaign_stats
from .throttle import effect_budget, refused_json
from .uplift import NotMeasurable, measure

router = Router(tags=["campaigns"])

FORM_VALUES = [GENERAL, *Form.values]


# --- the register -------------------------------------------------------------


class SenderOut(Schema):
    name: str
    organisation: str | None = Field(
        None, description="The sender's slug in the directory (`/organisations/{slug}`), if any"
    )


class CampaignOut(Schema):
    slug: str
    name: str
    origin: str = Field(
        ...,
        description="online_search (appendix B.1), named_by_respondents "
        "(B.2, name only) or registered (entered by an organisation)",
    )
    complete: bool = Field(..., description="False: only the name is known (appendix B.2)")
    goal: str
    audiences: list[str] = Field(
        ..., description="Campaign audiences: " + ", ".join(CampaignAudience.values)
    )
    forms: list[str] | None = Field(
        ...,
        description="Forms of exploitation; [] is trafficking in general, null: not recorded",
    )
    format: str
    region: str = Field(..., description="The region as the source states it")
    areas: list[str] = Field(..., description="CBS codes the region was read as (NL, PVxx, ...)")
    period: str = Field(..., description="The period as the source states it")
    starts_on: str | None = Field(None, description="ISO date, null when unknown")
    ends_on: str | None = Field(None, description="ISO date, null when unknown or still running")
    ongoing: bool = Field(..., description="The source says it still runs")
    status: str = Field(..., description="Today: " + ", ".join(CampaignStatus.values))
    call_to_action: str
    url: str = Field(..., description="The campaign's landing page (http or https), or empty")
    senders: list[SenderOut]
    source: str = Field(..., description="Where in the inventory report the entry comes from")


class CampaignListOut(Schema):
    count: int
    results: list[CampaignOut]


def campaign_out(campaign: Campaign, today: date) -> dict:
    return {
        "slug": campaign.slug,
        "name": campaign.name,
        "origin": campaign.origin,
        "complete": campaign.complete,
        "goal": campaign.goal,
        "audiences": list(campaign.audiences or []),
        "forms": None if campaign.forms is None else list(campaign.forms),
        "format": campaign.format,
        "region": campaign.region,
        "areas": list(campaign.areas or []),
        "period": campaign.period,
        "starts_on": campaign.starts_on.isoformat() if campaign.starts_on else None,
        "ends_on": campaign.ends_on.isoformat() if campaign.ends_on else None,
        "ongoing": campaign.ongoing,
        "status": str(
            campaign_status(
                campaign.starts_on, campaign.ends_on, today, ongoing=campaign.ongoing
            ).value
        ),
        "call_to_action": campaign.call_to_action,
        # Only a web address: never a javascript: or data: URL (as the page).
        "url": campaign.url if campaign.url.startswith(("https://", "http://")) else "",
        "senders": [
            {"name": s.name, "organisation": s.organisation.slug if s.organisation else None}
            for s in campaign.senders.all()
        ],
        "source": campaign.source,
    }


def _errors(form: forms.Form, rename: dict[str, str] | None = None) -> dict:
    rename = rename or {}
    return {
        "errors": {
            rename.get(field, field): [str(message) for message in messages]
            for field, messages in form.errors.items()
        },
        "suggestions": [],
    }


class CampaignFilters(Schema):
    q: str | None = Field(None, description="Words to find in names, goals and senders")
    audience: str | None = _enum_param(CampaignAudience.values, "Only campaigns for this audience")
    form: str | None = _enum_param(
        FORM_VALUES,
        "Only campaigns on this form of exploitation; `general`: trafficking in general",
    )
    province: str | None = Field(
        None,
        description="Only campaigns in this province (CBS code, e.g. PV27) or `national`",
    )
    origin: str | None = _enum_param(CampaignList.values, "Where the entry comes from")
    status: str | None = _enum_param(CampaignStatus.values, "Where the campaign stands today")


@router.get(
    "/campaigns",
    response={200: CampaignListOut, 400: ErrorOut},
    summary="Search the campaign register",
    description="The campaigns of the register (appendix B of the inventory report, and those "
    "organisations registered), filtered as on the public list; sorted by name.",
)
def list_campaigns(request: HttpRequest, filters: Query[CampaignFilters]):
    if refused := _empty_choices(filters):
        return refused
    gazetteer = current_catalogue().gazetteer
    form = CampaignFilterForm(
        {k: v for k, v in filters.dict().items() if v is not None}, gazetteer=gazetteer
    )
    if not form.is_valid():
        return Status(400, _errors(form))
    today = timezone.localdate()
    found = search_campaigns(
        public_campaigns(), form.campaign_filter(), places=gazetteer.places, today=today
    )
    return Status(200, {"count": len(found), "results": [campaign_out(c, today) for c in found]})


# --- the register's figures ---------------------------------------------------


class StatsPercentOut(Schema):
    forms_online: dict[str, int] = Field(..., description="Share of the B.1 campaigns, %")
    audiences_online: dict[str, int] = Field(
        ..., description="Share of all audience mentions in B.1, %"
    )
    multi_sender_online: int = Field(..., description="Share of B.1 campaigns with senders > 1, %")


class CampaignStatsOut(Schema):
    total: int = Field(..., description="Active campaigns of the inventory's two lists (B.1 + B.2)")
    registered: int = Field(
        ..., description="Active campaigns organisations registered since the inventory"
    )
    online_search: int = Field(..., description="Campaigns of appendix B.1 (the online search)")
    named_by_respondents: int = Field(..., description="Campaigns of appendix B.2 (names only)")
    forms_online: dict[str, int] = Field(
        ...,
        description="B.1 campaigns per set of forms: `general` or the sorted form ids joined "
        "by `+` (e.g. `criminal+sexual`)",
    )
    audiences_online: dict[str, int] = Field(..., description="B.1 campaigns per audience")
    multi_sender_online: int = Field(..., description="B.1 campaigns set up by several parties")
    percent: StatsPercentOut


@router.get(
    "/campaigns/stats",
    response={200: CampaignStatsOut, 400: ErrorOut},
    summary="The register's figures",
    description="Exactly what `manage.py campaign_stats --json` prints (sections 2.1-2.3 of "
    "the inventory report).",
)
def stats(request: HttpRequest):
    return campaign_stats()


# --- coverage -----------------------------------------------------------------


class CoverageCellOut(Schema):
    form: str
    regional: int = Field(..., description="Campaigns made for this region itself")
    national: int = Field(..., description="National campaigns that reach it too")
    count: int
    empty: bool
    campaigns: list[str] = Field(..., description="Slugs of the campaigns counted")


class CoverageRowOut(Schema):
    audience: str
    label: str
    priority: bool = Field(..., description="A priority audience in the report's advice")
    cells: list[CoverageCellOut]


class LabelOut(Schema):
    id: str
    label: str


class AdviceOut(Schema):
    text: str
    source: str


class ProvinceCoverageOut(Schema):
    code: str
    name: str
    counts: dict[str, int] = Field(
        ..., description="Regional campaigns per audience (national ones not included)"
    )


class CoverageOut(Schema):
    region: str
    region_name: str
    counted: int = Field(..., description="Campaigns running now, recently or undated")
    empty_cells: int
    empty_priority_cells: int
    audiences: list[LabelOut]
    forms: list[LabelOut]
    rows: list[CoverageRowOut]
    unplaced: list[str] = Field(
        ..., description="Slugs of counted campaigns whose audience or form is not described"
    )
    advice: list[AdviceOut]
    per_province: list[ProvinceCoverageOut]


@router.get(
    "/campaigns/coverage",
    response={200: CoverageOut, 400: ErrorOut},
    summary="Which audiences and forms campaigns reach, per region",
    description="Audience × form of exploitation for the country (`NL`) or one province: "
    "campaigns that run now, ended less than two years ago, or have no known dates. Empty "
    "cells are gaps; the report's advice on priority audiences comes with it.",
)
def coverage_endpoint(
    request: HttpRequest,
    region: str | None = Query(None, description="`NL` (default) or a province's CBS code"),
):
    provinces = list(Province.objects.order_by("name"))
    form = RegionForm({"regio": region if region is not None else ""}, provinces=provinces)
    if region is not None and not region.strip():
        return Status(400, {"errors": {"region": [str(EMPTY_CHOICE)]}, "suggestions": []})
    if not form.is_valid():
        return Status(400, _errors(form, {"regio": "region"}))
    chosen = form.region()
    gazetteer = current_catalogue().gazetteer
    today = timezone.localdate()
    items = [coverage.item_of(c, gazetteer, today) for c in Campaign.objects.active()]
    matrix = coverage.matrix(items, chosen)
    per_region = coverage.per_region(items, [p.code for p in provinces])
    audiences = coverage.audience_labels()
    form_labels = coverage.form_labels()
    # The names RegionForm offers (and the page shows).
    names = {coverage.NATIONAL: _("Heel Nederland"), **{p.code: p.name for p in provinces}}
    return {
        "region": chosen,
        "region_name": names.get(chosen, ""),
        "counted": matrix.counted,
        "empty_cells": matrix.empty_cells,
        "empty_priority_cells": matrix.empty_priority_cells,
        "audiences": [{"id": k, "label": v} for k, v in audiences.items()],
        "forms": [{"id": k, "label": v} for k, v in form_labels.items()],
        "rows": [
            {
                "audience": audience,
                "label": audiences[audience],
                "priority": audience in coverage.PRIORITY_AUDIENCES,
                "cells": [
                    {
                        "form": cell.form,
                        "regional": len(cell.regional),
                        "national": len(cell.national),
                        "count": cell.count,
                        "empty": cell.is_empty,
                        "campaigns": sorted(i.slug for i in cell.regional + cell.national),
                    }
                    for cell in cells
                ],
            }
            for audience, cells in matrix.rows
        ],
        "unplaced": [item.slug for item in matrix.unplaced],
        "advice": [{"text": str(text), "source": str(source)} for text, source in coverage.ADVICE],
        "per_province": [
            {"code": p.code, "name": p.name, "counts": per_region[p.code]} for p in provinces
        ],
    }


# --- effect -------------------------------------------------------------------


class EffectOut(Schema):
    rate_ratio: float = Field(..., description="Reports during the window ÷ expected without it")
    ci_low: float = Field(..., description="95% interval of the rate ratio, lower bound")
    ci_high: float = Field(..., description="95% interval of the rate ratio, upper bound")
    p_value: float = Field(..., description="Two-sided, for no effect (rate ratio 1)")
    extra_reports: float = Field(..., description="Reports in the window above the expected")
    extra_ci_low: float
    extra_ci_high: float
    method: str
    start: str = Field(..., description="The window's first day (ISO)")
    end: str = Field(..., description="The window's last day (ISO, included)")
    series_start: str
    series_end: str
    n_days_before: int
    n_days_during: int
    n_days_after: int
    # Left out (null) below five reports: a small count could point to a person.
    observed_during: int | None
    expected_during: float = Field(..., description="Expected in the window without campaign")
    after_rate_ratio: float | None = Field(
        None, description="Level after the window ÷ expected; null without days after it"
    )
    after_ci_low: float | None = None
    after_ci_high: float | None = None


def effect_out(result: EffectResult, *, hide_small: bool = False) -> dict:
    """The figures of an estimate; ``hide_small`` for the reporting point's own
    counts, where a count below five could point to a person."""

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    days = result.n_days_before + result.n_days_during + result.n_days_after

    return {
        **result.summary(),
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
        "series_start": result.series_start.isoformat(),
        "series_end": (result.series_start + timedelta(days=days - 1)).isoformat(),
        "n_days_before": result.n_days_before,
        "n_days_during": result.n_days_during,
        "n_days_after": result.n_days_after,
        "observed_during": (
            None if hide_small and result.observed_during < 5 else result.observed_during
        ),
        "expected_during": round(result.expected_during, 1),
        "after_rate_ratio": rounded(result.after_rate_ratio),
        "after_ci_low": rounded(result.after_ci_low),
        "after_ci_high": rounded(result.after_ci_high),
    }


# The body is read as plain JSON and checked by effect_forms, so that text in
# a number, a missing day or a negative count gets its own clear message
# rather than a generic schema error; the schema still says what is expected.
COUNTS_SCHEMA: dict = {
    "type": "array",
    "minItems": 1,
    "maxItems": MAX_DAYS,
    "items": {
        "type": "object",
        "required": ["date", "count"],
        "properties": {
            "date": {"type": "string", "format": "date"},
            "count": {"type": "integer", "minimum": 0},
        },
    },
}


class EffectIn(Schema):
    model_config = ConfigDict(json_schema_extra={"required": ["counts", "start", "end"]})

    counts: Any = Field(
        None,
        description="Reports per day, one item per day with none missing (any order)",
        json_schema_extra=COUNTS_SCHEMA,
    )
    start: Any = Field(
        None,
        description="First day of the campaign",
        json_schema_extra={"type": "string", "format": "date"},
    )
    end: Any = Field(
        None,
        description="Last day of the campaign (included)",
        json_schema_extra={"type": "string", "format": "date"},
    )


@router.post(
    "/effect",
    response={200: EffectOut, 400: ErrorOut, 413: ErrorOut, 429: ErrorOut},
    summary="Measure a campaign's effect on a series of daily counts",
    description="The model of `manage.py campaign_effect`: a negative-binomial GLM with trend "
    "and day of week, giving the rate ratio in the window and the extra reports, each with a "
    "95% interval. Needs at least 28 days before the window and a window of at least 7 days. "
    f"At most {MAX_DAYS} days. Nothing is stored. Every refusal says why, in the caller's "
    "language. Each client network may have a limited number of series measured per ten "
    "minutes, together with the website's form (429 with Retry-After); a series refused "
    "with 400 does not count.",
)
def effect_endpoint(request: HttpRequest, body: EffectIn):
    errors: dict[str, list[str]] = {}
    try:
        series = series_from_rows(body.counts)
    except EffectInputError as error:
        errors["counts"] = [str(error)]
    window = WindowForm({"start": _as_text(body.start), "end": _as_text(body.end)})
    if not window.is_valid():
        errors.update(_errors(window)["errors"])
    if errors:
        return Status(400, {"errors": errors, "suggestions": []})
    # Counted only now: checking the input is cheap, the fit is what costs.
    verdict = effect_budget(request).spend()
    if not verdict.allowed:
        return refused_json(verdict)
    try:
        result = checked(
            estimate_effect(series, window.cleaned_data["start"], window.cleaned_data["end"])
        )
    except EffectInputError as error:
        return Status(400, {"errors": {"__all__": [str(error)]}, "suggestions": []})
    return Status(200, effect_out(result))


def _as_text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


@router.get(
    "/campaigns/{slug}/effect",
    response={200: EffectOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="The measured effect of a campaign on reports",
    description="Reports received by the reporting point in the campaign's provinces and "
    "forms of exploitation, from a year before the campaign to 90 days after it, run through "
    "the model of `POST /effect`. 422 with the reason when the campaign cannot be measured "
    "(no start date, not yet started, no reports). The answer is kept for up to an hour; "
    "working one out counts against the same limit as `POST /effect` (429 with Retry-After).",
)
def campaign_effect(
    request: HttpRequest,
    slug: str = Path(..., description="The campaign's slug, as in `/campaigns`"),
):
    campaign = Campaign.objects.active().filter(slug=slug).first()
    if campaign is None:
        return Status(404, {"errors": {"slug": [_("Onbekende campagne.")]}, "suggestions": []})
    today = timezone.localdate()
    # A model fit per call would let anyone load the server at will; as on the
    # campaign's page (results.py), the answer is kept per campaign, version
    # and day, and per language for the refusals' messages.
    key = ":".join(
        (
            "campaigns:api-effect",
            str(campaign.pk),
            campaign.updated_at.isoformat() if campaign.updated_at else "",
            today.isoformat(),
            get_language() or "",
        )
    )
    answer = cache.get(key)
    if answer is None:
        budget = effect_budget(request)
        verdict = budget.check()
        if not verdict.allowed:
            return refused_json(verdict)
        answer = _campaign_effect_answer(campaign, today, budget)
        cache.set(key, answer, EFFECT_CACHED)
    status, body = answer
    return Status(status, body)


def _campaign_effect_answer(
    campaign: Campaign, today: date, budget: ratelimit.Budget
) -> tuple[int, dict]:
    """The status and body for a campaign's effect; the budget pays only for a fit."""
    try:
        found = measure(campaign, current_catalogue().gazetteer, today)
    except NotMeasurable as error:
        # Refused before any fit (no dates, not started, nothing tallied): free.
        return 422, {"errors": {"__all__": [str(error)]}, "suggestions": []}
    except EffectInputError as error:
        budget.spend()
        return 422, {"errors": {"__all__": [str(error)]}, "suggestions": []}
    budget.spend()
    try:
        result = checked(found.result)
    except EffectInputError as error:
        return 422, {"errors": {"__all__": [str(error)]}, "suggestions": []}
    return 200, effect_out(result, hide_small=True)


@router.get(
    "/campaigns/{slug}",
    response={200: CampaignOut, 400: ErrorOut, 404: ErrorOut},
    summary="One campaign",
)
def get_campaign(
    request: HttpRequest,
    slug: str = Path(..., description="The campaign's slug, as in `/campaigns`"),
):
    campaign = public_campaigns().filter(slug=slug).first()
    if campaign is None:
        return Status(404, {"errors": {"slug": [_("Onbekende campagne.")]}, "suggestions": []})
    return Status(200, campaign_out(campaign, timezone.localdate()))


# --- materials ----------------------------------------------------------------

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


class MaterialFilterForm(forms.Form):
    audience = forms.ChoiceField(choices=[("", ""), *CampaignAudience.choices], required=False)
    form = forms.ChoiceField(choices=[("", ""), (GENERAL, GENERAL), *Form.choices], required=False)
    kind = forms.ChoiceField(choices=[("", ""), *MaterialKind.choices], required=False)
    language = forms.RegexField(
        regex=LANGUAGE_CODE,
        max_length=3,
        required=False,
        error_messages={
            "invalid": gettext_lazy("Geef een taalcode van twee of drie kleine letters, zoals nl.")
        },
    )
    licence = forms.ChoiceField(choices=[("", ""), *Licence.choices], required=False)


class MaterialFilters(Schema):
    audience: str | None = _enum_param(CampaignAudience.values, "Only material for this audience")
    form: str | None = _enum_param(
        FORM_VALUES, "Only material on this form of exploitation; `general`: in general"
    )
    kind: str | None = _enum_param(MaterialKind.values, "Poster, flyer, video, ...")
    language: str | None = Field(
        None, description="Only material in this language (ISO 639 code, e.g. nl, pl)"
    )
    licence: str | None = _enum_param(Licence.values, "What others may do with it")


class MaterialOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    owner: str = Field(..., description="The owner organisation's name")
    owner_slug: str = Field(..., description="Its slug in the directory")
    audiences: list[str]
    forms: list[str] = Field(..., description="[] is trafficking in general")
    languages: list[str]
    licence: str
    campaign: str | None = Field(None, description="The campaign's slug, if it belongs to one")
    has_file: bool
    external_url: str = Field(..., description="Where a video or e-learning lives, or empty")
    download_url: str | None = Field(None, description="Where to download the file, if it has one")


class MaterialList(Schema):
    count: int
    results: list[MaterialOut]


def _download_url(material: Material) -> str | None:
    if not has_file(material):
        return None
    try:
        return reverse("campaigns:material-download", args=[material.pk])
    except NoReverseMatch:
        return None


def _material_matches(material: Material, f: dict) -> bool:
    if f["audience"] and f["audience"] not in (material.audiences or []):
        return False
    if f["form"] == GENERAL and material.forms:
        return False
    if f["form"] and f["form"] != GENERAL and f["form"] not in (material.forms or []):
        return False
    if f["language"] and f["language"] not in (material.languages or []):
        return False
    if f["kind"] and material.kind != f["kind"]:
        return False
    return not f["licence"] or material.licence == f["licence"]


@router.get(
    "/materials",
    response={200: MaterialList, 400: ErrorOut},
    summary="The materials library (published items)",
    description="Metadata of the published materials, newest first; files are downloaded "
    "from `download_url`.",
)
def list_materials(request: HttpRequest, filters: Query[MaterialFilters]):
    if refused := _empty_choices(filters):
        return refused
    form = MaterialFilterForm({k: v for k, v in filters.dict().items() if v is not None})
    if not form.is_valid():
        return Status(400, _errors(form))
    materials = published_materials()
    found = [m for m in materials if _material_matches(m, form.cleaned_data)]
    return Status(
        200,
        {
            "count": len(found),
            "results": [
                {
                    "id": m.pk,
                    "title": m.title,
                    "description": m.description,
                    "kind": m.kind,
                    "owner": m.owner.name,
                    "owner_slug": m.owner.slug,
                    "audiences": list(m.audiences or []),
                    "forms": list(m.forms or []),
                    "languages": list(m.languages or []),
                    "licence": m.licence,
                    "campaign": m.campaign.slug if m.campaign and m.campaign.is_public else None,
                    "has_file": has_file(m),
                    "external_url": m.external_url,
                    "download_url": _download_url(m),
                }
                for m in found
            ],
        },
    )
