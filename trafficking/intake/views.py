"""The intake console (staff) and the partner portal.

Views only check access, call the services in trafficking.reports and render;
the rules live in workflow.py, triage.py and forwarding.py. Every page that
shows report content writes to the audit log through those services.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth import logout as auth_logout
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login

from trafficking.audit.log import record
from trafficking.audit.models import AuditEntry
from trafficking.core.text import visible_tree
from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.models import Organisation
from trafficking.directory.routing import Situation, route
from trafficking.linking import index as linking
from trafficking.linking.alerts import identifier_alerts, recent_identifier_alerts
from trafficking.linking.index import candidate_case
from trafficking.pages.views import private
from trafficking.reports import crypto, forwarding, storage, triage
from trafficking.reports.constants import VISIBLE_TO_PARTNER, ForwardStatus, ReportKind
from trafficking.reports.forms import clean_text
from trafficking.reports.models import Attachment, Forward, ReplyTemplate, Report, ReportEvent
from trafficking.reports.workflow import TransitionNotAllowed, allowed_actions

from .access import landing_for, partner_required, staff_required, verified
from .forms import (
    ClassifyForm,
    FeedbackForm,
    ForwardForm,
    ItemForm,
    LoginForm,
    MessageForm,
    QueueFilterForm,
)
from .lockout import lockout_remaining, lockout_response, throttle_message, throttle_remaining
from .queue import filtered_reports, queue_page

VIEW = "reports.view_report_content"
TRIAGE = "reports.triage_report"
APPROVE = "reports.approve_override"


# --- Login -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    error = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        remaining = lockout_remaining(username)
        if remaining is not None:
            # Say how long to wait, whatever was typed; axes is not asked
            # again, so a locked account's lock is not lengthened.
            return private(lockout_response(request, credentials={"username": username}))
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        wait = _throttled_seconds(user)
        device = None
        if user is not None and not wait:
            device = match_token(user, form.cleaned_data["token"].strip())
        if user is not None and device is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)
            record(user, "login", "user", user.get_username())
            return redirect(landing_for(user))
        if user is not None:
            record(user, "login_bad_token", "user", user.get_username())
        if wait:
            error = throttle_message(wait)
        else:
            # One message for every failure: do not tell which part was wrong.
            error = _("Inloggen is niet gelukt. Controleer uw gegevens en de code uit de app.")
        status = 400
    elif request.method == "POST":
        error = _("Vul alle velden in.")
        status = 400
    return private(
        render(request, "intake/login.html", {"form": form, "error": error}, status=status)
    )


def _throttled_seconds(user) -> int:
    """Seconds until the user's only device accepts a code again (0: now).

    Only asked once the password was right, as django-otp's own forms do.
    """
    if user is None:
        return 0
    devices = list(devices_for_user(user, confirmed=True))
    if len(devices) != 1:
        return 0
    return throttle_remaining(devices[0])


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record(request.user, "logout", "user", request.user.get_username())
    auth_logout(request)
    return redirect("intake:login")


def no_role(request):
    return private(render(request, "intake/no_role.html", status=403))


# --- Queue and report --------------------------------------------------------


def queue(request):
    """The queue for intake; anyone else is sent where their work is."""
    user = request.user
    if verified(user) and not user.has_perm(VIEW):
        # A partner (or the directory editor) who opens /intake/ lands in
        # their own part, not on a bare 403.
        landing = landing_for(user)
        if landing != "intake:no_role":
            return redirect(landing)
    return _queue(request)


@staff_required(VIEW)
def _queue(request):
    filters = QueueFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    reports, search = filtered_reports(data, request.user)
    page, rows = queue_page(reports, request.GET.get("pagina"), request.user)
    pending = Forward.objects.filter(status=ForwardStatus.PENDING).select_related(
        "report", "organisation"
    )
    params = request.GET.copy()
    params.pop("pagina", None)
    return private(
        render(
            request,
            "intake/queue.html",
            {
                "filters": filters,
                "rows": rows,
                "page": page,
                "search": search,
                "query_string": params.urlencode(),
                "pending": pending if request.user.has_perm(APPROVE) else [],
                "identifier_alerts": recent_identifier_alerts(),
            },
        )
    )


def _recommended(report: Report):
    catalogue = current_catalogue()
    situation = Situation(
        role="citizen",
        form=(report.form_classified or report.form_reported) or None,
        municipality=report.municipality_code or None,
        abroad=report.abroad,
        need="report",
        acute=report.acute,
        minor=report.minor,
    )
    return [r for r in route(situation, catalogue) if r.organisation.slug != "alarmnummer-112"]


@staff_required(VIEW)
def report_detail(request, pk: int):
    report = get_object_or_404(Report.objects.select_related("assigned_to"), pk=pk)
    content = triage.open_report(report, request.user)
    key = report.data_key()
    attachments = [
        {
            "id": a.pk,
            "size": a.size,
            "at": a.created_at,
            **crypto.unseal_json(key, bytes(a.sealed_meta)),
        }
        for a in report.attachments.all()
    ]
    templates = ReplyTemplate.objects.filter(language=report.language)
    forwards = [
        {"item": f, "answers": forwarding.answers(f)}
        for f in report.forwards.select_related("organisation", "created_by")
    ]
    case = candidate_case(report) if report.kind == ReportKind.REPORT else None
    suggestions = linking.suggestions_for(report, case) if case else []
    decided = set(case.rejected + case.confirmed) if case else set()
    suggestions = [s for s in suggestions if s.other not in decided]
    context = {
        "suggestions": suggestions,
        "identifier_alerts": identifier_alerts(report) if case else [],
        "suggested_reports": {
            r.pk: r for r in Report.objects.filter(pk__in=[s.other for s in suggestions])
        },
        "report": report,
        "case": case,
        "case_reports": Report.objects.filter(pk__in=case.members).exclude(pk=report.pk)
        if case
        else [],
        "content": content,
        "attachments": attachments,
        "conversation": triage.messages_for_staff(report),
        "events": report.events.select_related("actor"),
        "actions": allowed_actions(report.status),
        "recommended": _recommended(report) if report.kind == ReportKind.REPORT else [],
        "forwards": forwards,
        "message_form": MessageForm(),
        "classify_form": ClassifyForm(
            initial={"form": report.form_classified or report.form_reported or None}
        ),
        "forward_form": ForwardForm(report=report),
        "override_allowed": forwarding.override_allowed(report),
        "item_form": ItemForm(),
        "templates": templates,
        "staff": get_user_model()
        .objects.filter(Q(groups__name__in=["intake", "supervisor"]) | Q(is_superuser=True))
        .distinct()
        .order_by("username"),
        "can_triage": request.user.has_perm(TRIAGE),
    }
    return private(render(request, "intake/report.html", context))


@require_POST
@staff_required(TRIAGE)
def report_action(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "message":
            form = MessageForm(request.POST)
            if form.is_valid():
                triage.write_message(
                    report,
                    request.user,
                    form.cleaned_data["text"],
                    to_reporter=form.cleaned_data["to_reporter"],
                )
                messages.success(request, _("Bericht bewaard."))
            else:
                messages.error(request, _("Het bericht is leeg of te lang."))
        elif action == "add_item":
            form = ItemForm(request.POST)
            if form.is_valid():
                value = clean_text(form.cleaned_data["value"])
                if value:
                    triage.add_item(report, request.user, form.cleaned_data["type"], value)
                    messages.success(request, _("Gegeven toegevoegd."))
                else:
                    messages.error(request, _("Het gegeven is leeg."))
            else:
                messages.error(request, _("Kies een soort en vul het gegeven in."))
        elif action == "classify":
            form = ClassifyForm(request.POST)
            if form.is_valid():
                triage.classify(report, request.user, form.cleaned_data["form"])
                messages.success(request, _("Vorm vastgelegd."))
            else:
                messages.error(request, _("Kies een vorm van uitbuiting."))
        elif action == "assign":
            username = request.POST.get("assignee", "")
            assignee = get_user_model().objects.filter(username=username).first()
            if username and assignee is None:
                messages.error(request, _("Onbekende medewerker."))
            else:
                triage.assign(report, request.user, assignee)
        elif action == "forward":
            _forward(request, report)
        else:
            triage.apply_action(report, request.user, action)
    except TransitionNotAllowed:
        messages.error(request, _("Deze stap kan nu niet."))
    except forwarding.ForwardNotAllowed as error:
        messages.error(request, str(error))
    return redirect("intake:report", pk=pk)


def _forward(request, report: Report) -> None:
    """Forward or request an override; every refusal becomes a message."""
    form = ForwardForm(request.POST, report=report)
    if not form.has_recipients:
        messages.error(
            request,
            _(
                "Doorzetten kan niet: de melder gaf voor geen enkele partner toestemming, en "
                "zonder toestemming kan het alleen bij acuut gevaar of een minderjarige."
            ),
        )
        return
    if not form.is_valid():
        # Say why a partner is not on the list (already sent, no consent),
        # not only that it is not.
        known = Organisation.objects.filter(slug=request.POST.get("organisation", "")).first()
        reason = forwarding.refusal_reason(report, known) if known else ""
        messages.error(
            request,
            reason
            or _(
                "Kies een organisatie uit de lijst; alleen die partners kunnen deze melding "
                "krijgen."
            ),
        )
        return
    organisation = Organisation.objects.filter(slug=form.cleaned_data["organisation"]).first()
    if organisation is None:
        messages.error(request, _("Deze organisatie staat niet (meer) in de wegwijzer."))
        return
    item = forwarding.forward(
        report,
        organisation,
        request.user,
        override_reason=form.cleaned_data.get("override_reason", ""),
    )
    if item.status == ForwardStatus.PENDING:
        messages.info(
            request,
            _("Verzoek bewaard: een tweede medewerker moet akkoord geven voor %(name)s.")
            % {"name": organisation.name},
        )
    else:
        messages.success(request, _("Doorgezet naar %(name)s.") % {"name": organisation.name})


@require_POST
@staff_required(TRIAGE)
def link_decision(request, pk: int):
    """Staff confirm or reject that another report is about the same situation."""
    report = get_object_or_404(Report, pk=pk)
    other = Report.objects.filter(pk=request.POST.get("other") or 0).first()
    decision = request.POST.get("decision")
    if other is None or other.pk == report.pk or decision not in ("confirm", "reject"):
        messages.error(request, _("Deze koppeling bestaat niet."))
        return redirect("intake:report", pk=pk)
    linking.decide(report, other, decision, request.user)
    record(request.user, f"link_{decision}", "report", report.reference, other.reference)
    ReportEvent.objects.create(
        report=report, actor=request.user, action=f"link_{decision}", detail=other.reference
    )
    messages.success(request, _("Bewaard."))
    return redirect("intake:report", pk=pk)


@require_POST
@staff_required(APPROVE)
def approve_forward(request, pk: int):
    item = get_object_or_404(Forward, pk=pk)
    try:
        forwarding.approve_override(item, request.user)
        messages.success(request, _("Akkoord gegeven; de partner ziet de melding nu."))
    except forwarding.ForwardNotAllowed as error:
        messages.error(request, str(error))
    return redirect("intake:report", pk=item.report_id)


def attachment_download(request, pk: int):
    """Staff download any file; a partner only the files of a report forwarded
    to them with the reporter's consent (forwarding.attachments_shared)."""
    user = request.user
    if verified(user) and not user.has_perm(VIEW):
        return _partner_attachment(request, pk)
    return _staff_attachment(request, pk)


@staff_required(VIEW)
def _staff_attachment(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    record(request.user, "download", "report", attachment.report.reference, f"attachment {pk}")
    return _file_response(attachment)


@partner_required
def _partner_attachment(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    item = Forward.objects.filter(
        report=attachment.report,
        organisation=request.partner_organisation,
        status__in=VISIBLE_TO_PARTNER,
    ).first()
    if item is None or not forwarding.partner_may_download(item, attachment):
        raise Http404
    record(
        request.user,
        "partner_download",
        "report",
        attachment.report.reference,
        f"attachment {pk} ({item.organisation.slug})",
    )
    return _file_response(attachment)


def _file_response(attachment: Attachment) -> HttpResponse:
    key = attachment.report.data_key()
    meta = crypto.unseal_json(key, bytes(attachment.sealed_meta))
    content = storage.read_sealed(key, attachment.stored_name)
    response = HttpResponse(content, content_type=meta["type"])
    # Always a download, never rendered in the console's origin.
    response["Content-Disposition"] = (
        f'attachment; filename="bijlage-{attachment.pk}{_ext(meta["type"])}"'
    )
    return private(response)


def _ext(content_type: str) -> str:
    return {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}.get(
        content_type, ".bin"
    )


@staff_required(VIEW)
def report_export(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    record(request.user, "export", "report", report.reference)
    # Shown as on screen: without invisible characters (the seal keeps them).
    payload = {
        "reference": report.reference,
        "received_at": report.received_at.isoformat(),
        "status": report.status,
        "language": report.language,
        "content": report.content(),
        "messages": [{**m, "at": m["at"].isoformat()} for m in triage.messages_for_staff(report)],
    }
    response = HttpResponse(
        json.dumps(visible_tree(payload), ensure_ascii=False, indent=2),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.json"'
    return private(response)


@staff_required("audit.view_auditentry")
def audit_log(request):
    entries = AuditEntry.objects.all()[:500]
    return private(render(request, "intake/audit.html", {"entries": entries}))


# --- Partner portal ----------------------------------------------------------


@partner_required
def partner_list(request):
    forwards = Forward.objects.filter(
        organisation=request.partner_organisation, status__in=VISIBLE_TO_PARTNER
    ).select_related("report")
    return private(
        render(
            request,
            "intake/partner_list.html",
            {"forwards": forwards, "organisation": request.partner_organisation},
        )
    )


@require_http_methods(["GET", "POST"])
@partner_required
def partner_detail(request, pk: int):
    item = get_object_or_404(
        Forward.objects.select_related("report", "organisation"),
        pk=pk,
        organisation=request.partner_organisation,
        status__in=VISIBLE_TO_PARTNER,
    )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "received":
            forwarding.confirm_receipt(item, request.user)
            messages.success(request, _("Ontvangst bevestigd."))
            return redirect("intake:partner_detail", pk=pk)
        if form.is_valid():
            forwarding.report_back(
                item,
                request.user,
                acted=form.cleaned_data["acted"],
                note=form.cleaned_data["note"],
                message_to_reporter=form.cleaned_data["message_to_reporter"]
                if item.report.wants_updates
                else "",
            )
            messages.success(request, _("Dank u, uw terugkoppeling is bewaard."))
            return redirect("intake:partner_detail", pk=pk)
    payload = forwarding.payload_for_partner(item, request.user)
    return private(
        render(
            request,
            "intake/partner_detail.html",
            {
                "item": item,
                "payload": payload,
                "form": form,
                "answers": forwarding.answers(item),
                "attachments": forwarding.partner_attachments(item),
                "additions": forwarding.reporter_additions(item),
                "not_dutch": payload.get("language", "nl") != "nl",
            },
            status=400 if form.errors else 200,
        )
    )
