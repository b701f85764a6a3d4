"""Public pages of the reporting point: the report form, the receipt, the
follow-up with a receipt code, and the lighter "ask for advice" path.

No page sets a cookie: the form carries its answers from step to step in
hidden fields (nothing is stored before "send"), and the follow-up pages
carry the receipt code the same way. Every response is ``no-store``.
Nothing here writes an IP address or user agent anywhere.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from trafficking.core import ratelimit
from trafficking.directory.catalogue import current_catalogue
from trafficking.pages.signals import SIGNALS
from trafficking.pages.views import private

from . import followup
from .attachments import (
    MAX_ATTACHMENT_BYTES,
    AttachmentRejected,
    CleanAttachment,
    check_count,
    sanitise,
)
from .constants import ItemType, ReportKind
from .forms import FORM_CHOICES, MAX_ITEMS, AdviceForm, ReplyForm, ReportForm, items_from_post
from .submission import submit_report

STEPS = list(ReportForm.STEPS)
EMPTY_ROWS = 3


def attachment_error(code: str) -> str:
    messages = {
        "too_large": _("Een bestand is te groot. Het mag hoogstens 10 MB zijn."),
        "empty": _("Een bestand is leeg."),
        "unsupported_type": _("U kunt alleen foto's (JPG, PNG) en PDF-bestanden toevoegen."),
        "corrupt": _("Een bestand kon niet worden gelezen. Probeer een ander bestand."),
        "too_many_pixels": _("Een foto is te groot. Maak hem kleiner en probeer het opnieuw."),
        "too_many": _("U kunt hoogstens 5 bestanden toevoegen."),
    }
    return messages.get(code, messages["corrupt"])


def clean_uploads(files) -> tuple[list[CleanAttachment], list[str]]:
    """Sanitise uploaded files; returns the clean ones or translated errors."""
    try:
        check_count(len(files))
    except AttachmentRejected as error:
        return [], [attachment_error(error.code)]
    clean, errors = [], []
    for upload in files:
        if upload.size > MAX_ATTACHMENT_BYTES:  # refuse before reading it into memory
            errors.append(attachment_error("too_large"))
            continue
        try:
            clean.append(sanitise(upload.read(), upload.name or "", upload.content_type))
        except AttachmentRejected as error:
            errors.append(attachment_error(error.code))
    return clean, errors


def _language() -> str:
    return (get_language() or "nl").split("-")[0]


def _hidden_value(value) -> str:
    if value is True:
        return "true"
    if value is False or value is None:
        return ""
    return str(value)


def _render_step(
    request,
    form: ReportForm,
    step: str,
    *,
    show_errors: bool,
    extra_rows=0,
    upload_errors=(),
    nonce: str = "",
):
    visible = set(ReportForm.STEPS[step])
    hidden = {
        name: _hidden_value(form[name].value())
        for name in form.fields
        if name not in visible and name != "language"
    }
    rows = [dict(r) for r in form.raw_items if (r.get("value") or "").strip()]
    if step == "details":
        rows += [{"type": "", "value": ""}] * (EMPTY_ROWS + extra_rows)
        rows = rows[:MAX_ITEMS]
    errors = form.step_errors(step) if show_errors else {}
    context = {
        "form": form,
        "step": step,
        "number": STEPS.index(step) + 1,
        "total": len(STEPS),
        "hidden": hidden,
        "rows": rows,
        "item_types": ItemType.choices,
        "item_errors": form.item_errors if show_errors else {},
        "errors": errors,
        "upload_errors": list(upload_errors),
        "form_choices": FORM_CHOICES,
        "signals": SIGNALS,
        "acute": form["acute"].value() in (True, "true"),
        "nonce": nonce or secrets.token_urlsafe(16),
        "language": _language(),
        "suggestions": form.suggestions if show_errors else [],
        "can_add_rows": len(rows) < MAX_ITEMS,
    }
    return private(render(request, "reports/step.html", context))


def _claim(nonce: str) -> str | None:
    """One submission per form: a refresh or double click must not file twice."""
    if not nonce or len(nonce) > 64:
        return None
    key = "submitted:" + hashlib.sha256(nonce.encode()).hexdigest()
    return key if cache.add(key, True, timeout=86_400) else None


@csrf_exempt  # anonymous and cookieless: there is no session to protect
@require_http_methods(["GET", "POST"])
def report_view(request: HttpRequest) -> HttpResponse:
    catalogue = current_catalogue()
    if request.method == "GET":
        form = ReportForm(gazetteer=catalogue.gazetteer, final=False)
        return _render_step(request, form, "danger", show_errors=False)

    step = request.POST.get("step") if request.POST.get("step") in STEPS else "danger"
    action = request.POST.get("action", "next")
    nonce = request.POST.get("nonce", "")
    final = action == "send"
    data = request.POST.copy()
    data["language"] = _language()  # the page's language, whatever the form says
    form = ReportForm(
        data,
        gazetteer=catalogue.gazetteer,
        items=items_from_post(request.POST),
        final=final,
    )
    valid = form.is_valid()

    if action == "back":
        previous = STEPS[max(0, STEPS.index(step) - 1)]
        return _render_step(request, form, previous, show_errors=False, nonce=nonce)
    if action == "add_rows":
        return _render_step(request, form, "details", show_errors=False, extra_rows=3, nonce=nonce)
    if action.startswith("goto:") and action[5:] in STEPS:
        return _render_step(request, form, action[5:], show_errors=False, nonce=nonce)

    if not final:
        if form.step_errors(step):
            return _render_step(request, form, step, show_errors=True, nonce=nonce)
        following = STEPS[min(len(STEPS) - 1, STEPS.index(step) + 1)]
        return _render_step(request, form, following, show_errors=False, nonce=nonce)

    if not valid:
        first = form.first_step_with_errors() or "send"
        return _render_step(request, form, first, show_errors=True, nonce=nonce)
    attachments, upload_errors = clean_uploads(request.FILES.getlist("files"))
    if upload_errors:
        return _render_step(
            request, form, "send", show_errors=True, upload_errors=upload_errors, nonce=nonce
        )
    claim = _claim(nonce)
    if claim is None:
        return private(render(request, "reports/already_sent.html", status=409))
    try:
        receipt = submit_report(form.draft(language=_language()), attachments)
    except Exception:
        cache.delete(claim)  # let the reporter try again with the same form
        raise
    return private(
        render(
            request,
            "reports/receipt.html",
            {"code": receipt.code, "acute": form.cleaned_data.get("acute"), "advice": False},
            status=201,
        )
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def advice_view(request: HttpRequest) -> HttpResponse:
    """Ask a question without filing a report; answered through a receipt."""
    if request.method == "GET":
        return private(
            render(
                request,
                "reports/advice.html",
                {"form": AdviceForm(), "nonce": secrets.token_urlsafe(16)},
            )
        )
    form = AdviceForm(request.POST)
    nonce = request.POST.get("nonce", "")
    if not form.is_valid():
        return private(
            render(request, "reports/advice.html", {"form": form, "nonce": nonce}, status=400)
        )
    claim = _claim(nonce)
    if claim is None:
        return private(render(request, "reports/already_sent.html", status=409))
    try:
        receipt = submit_report(form.draft(language=_language()))
    except Exception:
        cache.delete(claim)
        raise
    return private(
        render(request, "reports/receipt.html", {"code": receipt.code, "advice": True}, status=201)
    )


@csrf_exempt  # the receipt code in the form is the authority, not a cookie
@require_http_methods(["GET", "POST"])
def followup_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return private(render(request, "reports/followup_login.html", {}))
    code = request.POST.get("code", "")
    client = ratelimit.client_key(request)
    report = followup.find_by_receipt(code)
    if report is None:
        verdict = ratelimit.hit(
            "receipt", client, settings.RECEIPT_CHECK_LIMIT, settings.RECEIPT_CHECK_WINDOW
        )
        if not verdict.allowed:
            minutes = max(1, round(verdict.retry_after / 60))
            message = ngettext(
                "U heeft te vaak een code geprobeerd. Wacht %(minutes)d minuut en probeer het "
                "opnieuw. Uw melding blijft bewaard.",
                "U heeft te vaak een code geprobeerd. Wacht %(minutes)d minuten en probeer het "
                "opnieuw. Uw melding blijft bewaard.",
                minutes,
            ) % {"minutes": minutes}
            return private(
                render(
                    request,
                    "reports/followup_login.html",
                    {"error": message, "code": ""},
                    status=429,
                )
            )
        return private(
            render(
                request,
                "reports/followup_login.html",
                {
                    "error": _(
                        "Deze code kennen we niet. Controleer de code en probeer het opnieuw. "
                        "Let op: in de code komen geen 0, O, 1, I, L of U voor."
                    ),
                    "code": code[:64],
                },
                status=404,
            )
        )

    reply = None
    status = 200
    notice = ""
    upload_errors: list[str] = []
    if request.POST.get("action") == "reply":
        reply = ReplyForm(request.POST)
        if reply.is_valid():
            attachments, upload_errors = clean_uploads(request.FILES.getlist("files"))
            if not upload_errors:
                followup.add_reporter_message(
                    report, reply.cleaned_data["text"], attachments, language=_language()
                )
                notice = _("Dank u. Uw bericht is bewaard en wordt gelezen.")
                reply = None
            else:
                status = 400
        else:
            status = 400
    context = {
        "code": code[:64],
        "report": report,
        "advice": report.kind == ReportKind.ADVICE,
        "messages_": followup.conversation(report),
        "reply": reply or ReplyForm(),
        "notice": notice,
        "upload_errors": upload_errors,
    }
    return private(render(request, "reports/followup.html", context, status=status))
