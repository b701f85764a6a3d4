"""The campaign maker's own pages: their organisation's campaigns, plans and results.

Every page is limited to ``request.campaign_organisation`` (set by
``campaign_maker_required``): another organisation's campaign is a 404, so
the pages do not even confirm that it exists. Changes to campaigns are kept
by simple-history; its request middleware records who made them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date

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

from . import capacity, moderation
from .access import campaign_maker_required
from .calendar import Calendar, calendar, capacity_by_week, planned, usual_levels
from .constants import CallToAction, CampaignList, Moderation
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


def _save_plan(
    form: CampaignPlanForm, campaign: Campaign | None, organisation
) -> tuple[Campaign, bool]:
    """Store the plan; returns the campaign and whether a change waits for staff.

    A new campaign waits for staff before anything of it is public. Of a
    published one, new public text and a new address wait
    (moderation.take_maker_text, take_maker_url); the rest changes at once.
    """
    data = form.cleaned_data
    with transaction.atomic():
        if campaign is None:
            campaign = Campaign(
                slug=_new_slug(data["name"]),
                origin=CampaignList.REGISTERED,
                owner=organisation,
                source=_("Aangemeld door %(name)s") % {"name": organisation.name},
                moderation=Moderation.SUBMITTED,
            )
            kept_areas: list[str] = []
        else:
            # Read again, locked: whether the text and address must wait
            # depends on the moderation now, not when the page was read.
            campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
            kept_areas = form.unshown_areas(campaign.areas or [])
        campaign.audiences = data["audiences"]
        campaign.forms = data["exploitation"]
        campaign.areas = [*form.areas(), *kept_areas]
        campaign.starts_on = data["starts_on"]
        campaign.ends_on = data["ends_on"]
        campaign.ongoing = False
        campaign.call_to_action = data["call_to_action"]
        text_waits = moderation.take_maker_text(
            campaign, {field: data[field] for field in Campaign.HELD_FIELDS}
        )
        url_waits = moderation.take_maker_url(campaign, data["url"])
        moderation.after_maker_edit(campaign)
        campaign.complete = True
        campaign.save()
        if not campaign.senders.filter(organisation=organisation).exists():
            Sender.objects.create(
                campaign=campaign,
                position=campaign.senders.count(),
                name=organisation.name,
                organisation=organisation,
            )
    return campaign, text_waits or url_waits


def _saved_message(campaign: Campaign, waits: bool) -> str:
    if campaign.moderation != Moderation.PUBLISHED:
        return _(
            "De campagne is opgeslagen. Een redacteur controleert haar voordat ze openbaar wordt."
        )
    if waits:
        return _(
            "De campagne is opgeslagen. Uw wijzigingen in de tekst of het webadres zijn pas "
            "openbaar als een redacteur ze heeft gecontroleerd; tot dan ziet iedereen de "
            "goedgekeurde tekst en leiden de links van de campagne naar het goedgekeurde "
            "webadres."
        )
    return _("De campagne is opgeslagen.")


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
            campaign, waits = _save_plan(form, campaign, request.campaign_organisation)
            messages.success(request, _saved_message(campaign, waits))
            return redirect("makers:edit", slug=campaign.slug)
    else:
        initial = CampaignPlanForm.initial_for(campaign, gazetteer) if campaign else None
        form = CampaignPlanForm(initial=initial, gazetteer=gazetteer)
    warnings = plan_warnings(campaign, gazetteer) if campaign and request.method == "GET" else None
    return render(
        request,
        "campaigns/maker/plan.html",
        {
            "form": form,
            "campaign": campaign,
            "warnings": warnings,
            "unshown_areas": form.unshown_areas(campaign.areas or []) if campaign else [],
        },
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


def _calendar_with(campaign: Campaign, first: date, last: date, gazetteer, today) -> Calendar:
    """The public calendar over the campaign's period, with the campaign in it.

    The calendar holds public campaigns only; a plan waiting for staff is
    weighed against them for its own maker (and only its own: another
    organisation's waiting plan is nobody else's business).
    """
    found = calendar(first, last, gazetteer, today)
    if any(p.slug == campaign.slug for p in found.plans):
        return found
    plans = [*found.plans, planned(campaign, gazetteer, last, usual_levels(today))]
    return replace(
        found,
        plans=plans,
        # The campaign starts on ``first``: every overlap with it is in range.
        overlaps=[
            o for o in capacity.overlaps(plans) if campaign.slug in (o.first.slug, o.second.slug)
        ],
        weeks=capacity.weeks(
            first,
            last,
            usual_per_week=found.usual_per_week,
            plans=plans,
            ratio=found.ratio,
            capacity=capacity_by_week(today, last),
        ),
    )


def plan_warnings(campaign: Campaign, gazetteer) -> PlanWarnings | None:
    """What the calendar says about the campaign's period: overlaps, and an overloaded desk."""
    if campaign.starts_on is None or campaign.ends_on is None:
        return None
    today = timezone.localdate()
    found = _calendar_with(campaign, campaign.starts_on, campaign.ends_on, gazetteer, today)
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
