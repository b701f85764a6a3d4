"""What staff do on a report page: one handler per action of the action
form, a link decision, and the second pair of eyes on a forward without
consent. Each posts, does one thing through a service and returns to the
report with a message."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from trafficking.directory.models import Organisation
from trafficking.reports import forwarding, triage
from trafficking.reports.constants import ForwardStatus
from trafficking.reports.forms import clean_text
from trafficking.reports.models import Forward, Report
from trafficking.reports.workflow import Action, TransitionNotAllowed

from ..access import APPROVE_OVERRIDE, TRIAGE_REPORT, staff_required
from ..forms import ClassifyForm, ForwardForm, ItemForm, MessageForm
from ..selectors import organisation_by_slug
from ..services import LINK_DECISIONS, decide_link

Handler = Callable[[object, Report], None]


@never_cache
@require_POST
@staff_required(TRIAGE_REPORT)
def report_action(request, pk: int):
    """Run the posted action; every refusal becomes a message on the report."""
    report = get_object_or_404(Report, pk=pk)
    handler = HANDLERS.get(request.POST.get("action", ""), _workflow)
    try:
        handler(request, report)
    except TransitionNotAllowed:
        messages.error(request, _("Deze stap kan nu niet."))
    except forwarding.ForwardNotAllowed as error:
        messages.error(request, str(error))
    return redirect("intake:report", pk=pk)


def _message(request, report: Report) -> None:
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Het bericht is leeg of te lang."))
        return
    data = form.cleaned_data
    triage.write_message(report, request.user, data["text"], to_reporter=data["to_reporter"])
    messages.success(request, _("Bericht bewaard."))


def _add_item(request, report: Report) -> None:
    form = ItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een soort en vul het gegeven in."))
        return
    # Invisible characters alone are no identifier.
    value = clean_text(form.cleaned_data["value"])
    if not value:
        messages.error(request, _("Het gegeven is leeg."))
        return
    triage.add_item(report, request.user, form.cleaned_data["type"], value)
    messages.success(request, _("Gegeven toegevoegd."))


def _classify(request, report: Report) -> None:
    form = ClassifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een vorm van uitbuiting."))
        return
    triage.classify(report, request.user, form.cleaned_data["form"])
    messages.success(request, _("Vorm vastgelegd."))


def _assign(request, report: Report) -> None:
    """Assign to a staff member by username, or to nobody (empty)."""
    username = request.POST.get("assignee", "")
    assignee = get_user_model().objects.filter(username=username).first()
    if username and assignee is None:
        messages.error(request, _("Onbekende medewerker."))
        return
    triage.assign(report, request.user, assignee)


def _forward(request, report: Report) -> None:
    """Forward, or request an override; the request waits for a second
    staff member (approve_forward)."""
    recipient = _recipient(request, ForwardForm(request.POST, report=report))
    if recipient is None:
        return
    organisation, override_reason = recipient
    item = forwarding.forward(report, organisation, request.user, override_reason=override_reason)
    name = {"name": organisation.name}
    if item.status == ForwardStatus.PENDING:
        messages.info(
            request,
            _("Verzoek bewaard: een tweede medewerker moet akkoord geven voor %(name)s.") % name,
        )
    else:
        messages.success(request, _("Doorgezet naar %(name)s.") % name)


def _recipient(request, form: ForwardForm) -> tuple[Organisation, str] | None:
    """The organisation chosen and the reason for an override, or None after
    saying why it cannot be sent there."""
    if not form.has_recipients:
        messages.error(
            request,
            _(
                "Doorzetten kan niet: de melder gaf voor geen enkele partner toestemming, en "
                "zonder toestemming kan het alleen bij acuut gevaar of een minderjarige."
            ),
        )
        return None
    if not form.is_valid():
        # Say why a partner is not on the list (already sent, no consent),
        # not only that it is not.
        known = organisation_by_slug(request.POST.get("organisation", ""))
        reason = forwarding.refusal_reason(form.report, known) if known else ""
        messages.error(
            request,
            reason
            or _(
                "Kies een organisatie uit de lijst; alleen die partners kunnen deze melding "
                "krijgen."
            ),
        )
        return None
    chosen = organisation_by_slug(form.cleaned_data["organisation"])
    if chosen is None:
        messages.error(request, _("Deze organisatie staat niet (meer) in de wegwijzer."))
        return None
    return chosen, form.cleaned_data.get("override_reason", "")


def _workflow(request, report: Report) -> None:
    """A move through the workflow (triage, ask the reporter, close, ...);
    anything else is not a step."""
    action = request.POST.get("action", "")
    if action not in Action.values:
        raise TransitionNotAllowed(report.status, action)
    triage.apply_action(report, request.user, action)


# The action form's "action" values; any other value is a workflow step.
HANDLERS: dict[str, Handler] = {
    "message": _message,
    "add_item": _add_item,
    "classify": _classify,
    "assign": _assign,
    # Forwarding to a partner, not the workflow's bare "forward" step: the
    # status follows once a partner has the report (reports.forwarding).
    "forward": _forward,
}


@never_cache
@require_POST
@staff_required(TRIAGE_REPORT)
def link_decision(request, pk: int):
    """Staff confirm or reject that another report is about the same situation."""
    report = get_object_or_404(Report, pk=pk)
    other = Report.objects.filter(pk=request.POST.get("other") or 0).first()
    decision = request.POST.get("decision")
    if other is None or other.pk == report.pk or decision not in LINK_DECISIONS:
        messages.error(request, _("Deze koppeling bestaat niet."))
    else:
        decide_link(report, other, decision, request.user)
        messages.success(request, _("Bewaard."))
    return redirect("intake:report", pk=pk)


@never_cache
@require_POST
@staff_required(APPROVE_OVERRIDE)
def approve_forward(request, pk: int):
    item = get_object_or_404(Forward, pk=pk)
    try:
        forwarding.approve_override(item, request.user)
        messages.success(request, _("Akkoord gegeven; de partner ziet de melding nu."))
    except forwarding.ForwardNotAllowed as error:
        messages.error(request, str(error))
    return redirect("intake:report", pk=item.report_id)
