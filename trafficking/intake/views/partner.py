"""The partner portal: the reports forwarded to a partner organisation,
receipt and the partner's answer."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from trafficking.core.languages import is_dutch
from trafficking.reports import forwarding
from trafficking.reports.constants import ForwardStatus
from trafficking.reports.models import Forward

from ..access import partner_required
from ..forms import FeedbackForm
from ..selectors import partner_forwards, partner_items

RECEIVED = ForwardStatus.RECEIVED  # the "received" button's action


@never_cache
@partner_required
def partner_list(request):
    organisation = request.partner_organisation
    context = {"forwards": partner_forwards(organisation), "organisation": organisation}
    return render(request, "intake/partner_list.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@partner_required
def partner_detail(request, pk: int):
    item = get_object_or_404(partner_items(request.partner_organisation, pk))
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and _answered(request, item, form):
        return redirect("intake:partner_detail", pk=pk)
    return _page(request, item, form)


def _answered(request, item: Forward, form: FeedbackForm) -> bool:
    """Confirm receipt, or store the partner's answer; False if the answer
    is incomplete (the form shows why)."""
    if request.POST.get("action") == RECEIVED:
        forwarding.confirm_receipt(item, request.user)
        messages.success(request, _("Ontvangst bevestigd."))
        return True
    if not form.is_valid():
        return False
    data = form.cleaned_data
    forwarding.report_back(
        item,
        request.user,
        acted=data["acted"],
        note=data["note"],
        # A reporter who asked for no updates gets none, whatever was typed.
        message_to_reporter=data["message_to_reporter"] if item.report.wants_updates else "",
    )
    messages.success(request, _("Dank u, uw terugkoppeling is bewaard."))
    return True


def _page(request, item: Forward, form: FeedbackForm):
    # Decrypting the payload is a look at it: forwarding writes that to the log.
    payload = forwarding.payload_for_partner(item, request.user)
    context = {
        "item": item,
        "payload": payload,
        "form": form,
        "answers": forwarding.answers(item),
        "attachments": forwarding.partner_attachments(item),
        "additions": forwarding.reporter_additions(item),
        "not_dutch": not is_dutch(payload.get("language")),
    }
    return render(
        request, "intake/partner_detail.html", context, status=400 if form.errors else 200
    )
