"""The public campaign register: a searchable list and a page per campaign.

Like the directory's pages these are plain GET pages: no form post, no
cookie, and they work without JavaScript.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from trafficking.core.http import page_number
from trafficking.directory.catalogue import current_catalogue

from .constants import CallToAction, CampaignList
from .forms import CampaignFilterForm
from .results import campaign_results
from .selectors import (
    area_labels,
    audience_labels,
    campaign_card,
    campaign_changes,
    campaign_status,
    forms_labels,
    public_campaigns,
    region_label,
    search_campaigns,
    transcription_language,
)

# As in the directory: twenty cards fit about four phone screens.
PAGE_SIZE = 20


def campaign_list(request: HttpRequest) -> HttpResponse:
    places = current_catalogue().gazetteer
    today = timezone.localdate()
    form = CampaignFilterForm(request.GET or None, gazetteer=places)
    if form.is_bound and not form.is_valid():
        campaigns = []
    else:
        if not form.is_bound:
            form = CampaignFilterForm({}, gazetteer=places)
            form.is_valid()
        campaigns = search_campaigns(
            public_campaigns(), form.campaign_filter(), places=places.places, today=today
        )
    paginator = Paginator(campaigns, PAGE_SIZE)
    requested = request.GET.get("page", "")
    page = paginator.get_page(page_number(requested))
    return render(
        request,
        "campaigns/list.html",
        {
            "form": form,
            "page_obj": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1)),
            "page_adjusted": bool(requested) and requested != str(page.number),
            "cards": [campaign_card(c, today=today) for c in page],
            # Closed on a small screen unless the person already chose filters.
            "filters_open": bool(form.errors)
            or any(form.data.get(name) for name in form.fields if name != "q"),
        },
        status=400 if form.errors else 200,
    )


def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = public_campaigns().select_related("owner").filter(slug=slug).first()
    if campaign is None:
        raise Http404
    gazetteer = current_catalogue().gazetteer
    places = gazetteer.places
    today = timezone.localdate()
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "senders": list(campaign.senders.all()),
            "origin": CampaignList(campaign.origin).label,
            "audiences": audience_labels(campaign.audiences),
            "forms": forms_labels(campaign.forms),
            "region": region_label(campaign.region),
            "areas": area_labels(campaign.areas or [], places),
            "status": campaign_status(
                campaign.starts_on, campaign.ends_on, today, ongoing=campaign.ongoing
            ),
            "call_to_action": (
                CallToAction(campaign.call_to_action).label if campaign.call_to_action else ""
            ),
            "note_language": transcription_language(campaign),
            "transcribed": campaign.origin != CampaignList.REGISTERED,
            # Only a web address is a link: never a javascript: or data: URL
            # that reached the table without the model's validation.
            "url": campaign.url if campaign.url.startswith(("https://", "http://")) else "",
            "results": campaign_results(campaign, gazetteer, today),
            "changes": campaign_changes(campaign),
        },
    )
