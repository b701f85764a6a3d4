"""The campaign maker's own pages: their organisation's campaigns, plans and results.

Every page is limited to ``request.campaign_organisation`` (set by
``campaign_maker_required``): another organisation's campaign is a 404, so
the pages do not even confirm that it exists. Changes to campaigns are kept
by simple-history; its request middleware records who made them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trafficking.directory.catalogue import current_catalogue

from . import capacity
from .access import campaign_maker_required
from .calendar import calendar
from .constants import CallToAction, CampaignList
from .maker_forms import CampaignPlanForm, EvaluationForm, ReachForm, ReachImportForm
from .models import Campaign, Evaluation, ReachFigure, Sender
from .reach_import import ReachImportError, import_csv
from .results import reach_lines
from .selectors import audience_labels


def organisation_campaigns(organisation):
    """The campaigns an organisation keeps: those it owns, and those it registered."""
    return (
        Campaign.objects.filter(
            Q(owner=organisation)
            | Q(origin=CampaignList.REGISTERED, senders__organisation=organisation)
        )
        .distinct()
        .order_by("-starts_on", "name")
    )


def _own_campaign(request, slug: str) -> Campaign:
    campaign = organisation_campaigns(request.campaign_organisation).filter(slug=slug).first()
    if campaign is None:
        raise Http404
    return campaign


@campaign_maker_required
def dashboard(request):
    return render(
        request,
        "campaigns/maker/dashboard.html",
        {
            "organisation": request.campaign_organisation,
            "campaigns": list(organisation_campaigns(request.campaign_organisation)),
        },
    )


def _new_slug(name: str) -> str:
    stem = slugify(name)[:80].strip("-") or "campagne"
    slug = stem
    while Campaign.objects.filter(slug=slug).exists():
        slug = f"{stem}-{secrets.token_hex(3)}"
    return slug


def _save_plan(form: CampaignPlanForm, campaign: Campaign | None, organisation) -> Campaign:
    data = form.cleaned_data
    with transaction.atomic():
        if campaign is None:
            campaign = Campaign(
                slug=_new_slug(data["name"]),
                origin=CampaignList.REGISTERED,
                owner=organisation,
                source=_("Aangemeld door %(name)s") % {"name": organisation.name},
            )
        campaign.name = data["name"]
        campaign.goal = data["goal"]
        campaign.audiences = data["audiences"]
        campaign.forms = data["exploitation"]
        campaign.areas = form.areas()
        campaign.starts_on = data["starts_on"]
        campaign.ends_on = data["ends_on"]
        campaign.ongoing = False
        campaign.call_to_action = data["call_to_action"]
        campaign.url = data["url"]
        campaign.format = data["format"]
        campaign.channels = data["channels"]
        campaign.complete = True
        campaign.save()
        if not campaign.senders.filter(organisation=organisation).exists():
            Sender.objects.create(
                campaign=campaign,
                position=campaign.senders.count(),
                name=organisation.name,
                organisation=organisation,
            )
    return campaign


@require_http_methods(["GET", "POST"])
@campaign_maker_required
def plan(request, slug: str | None = None):
    campaign = _own_campaign(request, slug) if slug else None
    if campaign is not None and campaign.origin != CampaignList.REGISTERED:
        # The transcribed register (data/campaigns.yaml) is kept in the file,
        # with its source: an edit here would skew the report's figures and be
        # undone by the next load. Its makers add evaluations and reach.
        raise Http404
    gazetteer = current_catalogue().gazetteer
    if request.method == "POST":
        form = CampaignPlanForm(request.POST, gazetteer=gazetteer)
        if form.is_valid():
            campaign = _save_plan(form, campaign, request.campaign_organisation)
            messages.success(request, _("De campagne is opgeslagen."))
            return redirect("makers:edit", slug=campaign.slug)
    else:
        initial = CampaignPlanForm.initial_for(campaign, gazetteer) if campaign else None
        form = CampaignPlanForm(initial=initial, gazetteer=gazetteer)
    warnings = plan_warnings(campaign, gazetteer) if campaign and request.method == "GET" else None
    return render(
        request,
        "campaigns/maker/plan.html",
        {"form": form, "campaign": campaign, "warnings": warnings},
        status=400 if form.errors else 200,
    )


@dataclass(frozen=True)
class OverlapWarning:
    other: str
    audiences: list[str]
    starts_on: object
    ends_on: object


@dataclass(frozen=True)
class PlanWarnings:
    overlaps: list[OverlapWarning]
    weeks_over: list[capacity.Week]
    calls_to_report: bool
    capacity_known: bool
    ratio_known: bool

    @property
    def any(self) -> bool:
        return bool(self.overlaps or self.weeks_over)


def plan_warnings(campaign: Campaign, gazetteer) -> PlanWarnings | None:
    """What the calendar says about the campaign's period: overlaps, and an overloaded desk."""
    if campaign.starts_on is None or campaign.ends_on is None:
        return None
    today = timezone.localdate()
    found = calendar(campaign.starts_on, campaign.ends_on, gazetteer, today)
    overlaps = []
    for overlap in found.overlaps:
        if campaign.slug not in (overlap.first.slug, overlap.second.slug):
            continue
        other = overlap.second if overlap.first.slug == campaign.slug else overlap.first
        overlaps.append(
            OverlapWarning(
                other=other.name,
                audiences=audience_labels(sorted(overlap.audiences)),
                starts_on=overlap.starts_on,
                ends_on=overlap.ends_on,
            )
        )
    calls = campaign.call_to_action == CallToAction.REPORT
    weeks_over = (
        [w for w in found.weeks_over if any(p.slug == campaign.slug for p in w.campaigns)]
        if calls
        else []
    )
    return PlanWarnings(
        overlaps=overlaps,
        weeks_over=weeks_over,
        calls_to_report=calls,
        capacity_known=found.capacity is not None,
        ratio_known=found.ratio is not None,
    )


@require_http_methods(["GET", "POST"])
@campaign_maker_required
def evaluation(request, slug: str):
    campaign = _own_campaign(request, slug)
    instance = Evaluation.objects.filter(campaign=campaign).first() or Evaluation(campaign=campaign)
    form = EvaluationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
        messages.success(request, _("De evaluatie is opgeslagen."))
        return redirect("makers:evaluation", slug=campaign.slug)
    return render(
        request,
        "campaigns/maker/evaluation.html",
        {"form": form, "campaign": campaign},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@campaign_maker_required
def reach(request, slug: str):
    campaign = _own_campaign(request, slug)
    form = ReachForm(prefix="hand")
    upload = ReachImportForm(prefix="csv")
    import_errors: list[str] = []
    action = request.POST.get("action")
    if request.method == "POST" and action == "hand":
        form = ReachForm(request.POST, prefix="hand")
        if form.is_valid():
            figure = form.save(commit=False)
            figure.campaign = campaign
            figure.entered_by = request.user
            figure.save()
            messages.success(request, _("De bereikcijfers zijn opgeslagen."))
            return redirect("makers:reach", slug=campaign.slug)
    elif request.method == "POST" and action == "csv":
        upload = ReachImportForm(request.POST, request.FILES, prefix="csv")
        if upload.is_valid():
            file = upload.cleaned_data["file"]
            try:
                stored = import_csv(
                    file.read(),
                    campaign=campaign,
                    user=request.user,
                    source=_("CSV-import"),
                )
            except ReachImportError as error:
                import_errors = error.messages
            else:
                messages.success(
                    request,
                    _("%(n)s regels met bereikcijfers ingelezen.") % {"n": len(stored)},
                )
                return redirect("makers:reach", slug=campaign.slug)
    elif request.method == "POST" and action == "delete":
        figure = request.POST.get("figure", "")
        if figure.isascii() and figure.isdigit():
            ReachFigure.objects.filter(campaign=campaign, pk=int(figure)).delete()
        messages.success(request, _("De regel is verwijderd."))
        return redirect("makers:reach", slug=campaign.slug)
    failed = bool(form.errors or upload.errors or import_errors)
    return render(
        request,
        "campaigns/maker/reach.html",
        {
            "campaign": campaign,
            "form": form,
            "upload": upload,
            "import_errors": import_errors,
            "lines": reach_lines(campaign),
        },
        status=400 if failed else 200,
    )


# Under campagne/ so the slug never swallows another module's fixed paths.
patterns = [
    path("", dashboard, name="dashboard"),
    path("nieuw/", plan, name="new"),
    path("campagne/<slug:slug>/", plan, name="edit"),
    path("campagne/<slug:slug>/evaluatie/", evaluation, name="evaluation"),
    path("campagne/<slug:slug>/bereik/", reach, name="reach"),
]
