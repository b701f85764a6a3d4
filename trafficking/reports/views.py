"""Public pages of the reporting point: the report form, the receipt, the
follow-up with a receipt code, and the lighter "ask for advice" path.

No page sets a cookie: the form carries its answers from step to step in
hidden fields (nothing is stored before "send"), and the follow-up pages
carry the receipt code the same way. The steps of the report and advice
forms may stay in this browser's own cache, so that Back works without
JavaScript, until the receipt clears it (ADR 9, ``core/step_cache.py``);
every other response is ``no-store``.
Nothing here writes an IP address or user agent anywhere.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from trafficking.core import ratelimit
from trafficking.core.languages import language_code
from trafficking.core.step_cache import step_page, steps_finished
from trafficking.core.text import phone_links
from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import FORM_CHOICES
from trafficking.pages.indicators import INDICATORS

from . import followup
from .attachments import (
    MAX_ATTACHMENT_BYTES,
    AttachmentRejected,
    CleanAttachment,
    PixelBudget,
    check_count,
    sanitise,
)
from .constants import ItemType, ReportKind
from .forms import (
    MAX_ITEMS,
    AdviceForm,
    ReplyForm,
    ReportForm,
    campaign_initial,
    files_to_choose_again,
    items_from_post,
)
from .sources import source_tag
from .submission import AlreadySubmitted, NotStored, submit_report

logger = logging.getLogger(__name__)

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
        "encrypted": _(
            "Een PDF-bestand is beveiligd met een wachtwoord. Voeg het toe zonder "
            "wachtwoord, of maak een foto of schermafbeelding van de pagina's."
        ),
        "too_many_pages": _(
            "Een PDF-bestand heeft te veel pagina's. Het mag er hoogstens 500 hebben."
        ),
        "too_complex": _(
            "Een PDF-bestand is te ingewikkeld om te controleren. Maak er een foto of "
            "schermafbeelding van, of sla het opnieuw op als PDF."
        ),
    }
    return messages.get(code, messages["corrupt"])


def clean_uploads(files) -> tuple[list[CleanAttachment], list[str]]:
    """Sanitise uploaded files; returns the clean ones or translated errors."""
    try:
        check_count(len(files))
    except AttachmentRejected as error:
        return [], [attachment_error(error.code)]
    clean, errors = [], []
    budget = PixelBudget()  # shared: the files of one submission decode together
    for upload in files:
        if upload.size > MAX_ATTACHMENT_BYTES:  # its bytes were never kept (uploads.py)
            errors.append(attachment_error("too_large"))
            continue
        try:
            clean.append(sanitise(upload.read(), upload.name or "", upload.content_type, budget))
        except AttachmentRejected as error:
            errors.append(attachment_error(error.code))
    return clean, errors


def not_stored_message() -> str:
    return _(
        "Uw bericht kon nu niet worden opgeslagen door een storing bij ons. Er is niets "
        "bewaard. Wat u heeft ingevuld staat hieronder nog; probeer het over een paar "
        "minuten opnieuw. Is iemand in direct gevaar? Bel 112."
    )


def acute_alert(*, before_the_form: bool = True) -> SafeString:
    if before_the_form:
        return phone_links(_("Is iemand nu in gevaar? Bel eerst 112."))
    return phone_links(_("Is iemand nu in gevaar? Bel 112."))


def error_count(errors: dict, upload_errors) -> int:
    return sum(len(messages) for messages in errors.values()) + len(upload_errors)


def cross_site(request: HttpRequest) -> bool:
    """A form post that another website made the browser send.

    The public forms are cookieless, so there is no CSRF token to check; but
    no other site may make a visitor's browser file a report. Browsers say
    where a request comes from in Sec-Fetch-Site (it does not depend on the
    Referrer-Policy, unlike Origin); old browsers without it are let through.
    """
    return request.headers.get("Sec-Fetch-Site", "") == "cross-site"


def submission_budget(request: HttpRequest) -> ratelimit.Budget:
    """This client network's budget of reports and advice questions (shared
    by the web form, the advice path, the API and replies with files)."""
    return ratelimit.Budget(
        "submit", ratelimit.client_key(request), settings.SUBMIT_LIMIT, settings.SUBMIT_WINDOW
    )


def wait_message(verdict: ratelimit.Verdict) -> str:
    minutes = verdict.minutes
    return ngettext(
        "Er zijn vanaf uw verbinding veel berichten verstuurd. Wacht %(minutes)d minuut en "
        "verstuur dan opnieuw; wat u heeft ingevuld staat hieronder nog. Is iemand in direct "
        "gevaar? Bel 112.",
        "Er zijn vanaf uw verbinding veel berichten verstuurd. Wacht %(minutes)d minuten en "
        "verstuur dan opnieuw; wat u heeft ingevuld staat hieronder nog. Is iemand in direct "
        "gevaar? Bel 112.",
        minutes,
    ) % {"minutes": minutes}


@never_cache
def refused_cross_site(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/cross_site.html", status=403)


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
    status: int = 200,
    problem: str = "",
):
    visible = set(ReportForm.STEPS[step])
    hidden = {
        name: _hidden_value(form[name].value())
        for name in form.fields
        if name not in visible and name != "language"
    }
    # Rows with something typed, and rows with an error (even an empty one with
    # a type the page never offers), so each message stands next to its row.
    rows = [
        dict(r)
        for i, r in enumerate(form.raw_items)
        if (r.get("value") or "").strip() or i in form.item_errors
    ]
    if step == "details":
        rows += [{"type": "", "value": ""}] * (EMPTY_ROWS + extra_rows)
        rows = rows[:MAX_ITEMS]
    errors = form.step_errors(step) if show_errors else {}
    earlier_files = files_to_choose_again(
        request.FILES.getlist("files"), request.POST.getlist("earlier_file")
    )
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
        "error_count": error_count(errors, upload_errors),
        # Not about a field: storing failed, or the client must wait.
        "problem": phone_links(problem) if problem else "",
        "earlier_files": earlier_files,
        "review": form.review() if step == "send" else None,
        "form_choices": FORM_CHOICES,
        "signals": INDICATORS,
        "acute": form["acute"].value() in (True, "true"),
        "acute_alert": acute_alert(),
        "nonce": nonce or secrets.token_urlsafe(16),
        "language": language_code(),
        "suggestions": form.suggestions if show_errors else [],
        "can_add_rows": len(rows) < MAX_ITEMS,
    }
    return step_page(render(request, "reports/step.html", context, status=status))


def already_sent(request: HttpRequest, sent: AlreadySubmitted, *, advice: bool) -> HttpResponse:
    """The same form again (a double click, a refresh, a retry after a time-out):
    the browser may have dropped the first answer, so show the same receipt."""
    if sent.receipt:
        context = {"code": sent.receipt, "advice": advice, "again": True}
        return steps_finished(render(request, "reports/receipt.html", context, status=200))
    return steps_finished(render(request, "reports/already_sent.html", status=409))


def _valid_nonce(nonce: str) -> bool:
    return 0 < len(nonce) <= 64


@csrf_exempt  # anonymous and cookieless: there is no session to protect
@require_http_methods(["GET", "POST"])
def report_view(request: HttpRequest) -> HttpResponse:
    catalogue = current_catalogue()
    if request.method in ("GET", "HEAD"):
        # A campaign link (``?via=<code>``) preselects its campaign as the
        # answer to "how did you hear of us?"; the steps carry it in hidden
        # fields, so it is remembered for this visit only.
        form = ReportForm(
            gazetteer=catalogue.gazetteer,
            final=False,
            initial=campaign_initial(request.GET.get("via", "")),
        )
        return _render_step(request, form, "danger", show_errors=False)
    if cross_site(request):
        return refused_cross_site(request)

    posted_step = request.POST.get("step", "")
    step = posted_step if posted_step in STEPS else "danger"
    action = request.POST.get("action", "next")
    nonce = request.POST.get("nonce", "")
    final = action == "send"
    data = request.POST.copy()
    data["language"] = language_code()  # the page's language, whatever the form says
    form = ReportForm(
        data,
        gazetteer=catalogue.gazetteer,
        items=items_from_post(request.POST),
        final=final,
        step=step if action == "next" else "",
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
    if not _valid_nonce(nonce):
        # A page without its token (stale, or tampered with): nothing was
        # stored; give the form back with a fresh token to send again.
        nonce = secrets.token_urlsafe(16)
        return _render_step(
            request,
            form,
            "send",
            show_errors=True,
            nonce=nonce,
            status=400,
            problem=not_stored_message(),
        )

    def again(message: str, status: int) -> HttpResponse:
        # Everything typed goes back into the form; files must be chosen again.
        return _render_step(
            request, form, "send", show_errors=True, nonce=nonce, status=status, problem=message
        )

    budget = submission_budget(request)
    verdict = budget.check()
    if not verdict.allowed:
        return again(wait_message(verdict), 429)
    attachments, upload_errors = clean_uploads(request.FILES.getlist("files"))
    if upload_errors:
        return _render_step(
            request,
            form,
            "send",
            show_errors=True,
            upload_errors=upload_errors,
            nonce=nonce,
        )
    try:
        receipt = submit_report(
            form.draft(language=language_code()),
            attachments,
            source_tag=source_tag(request, timezone.localdate()),
            token=nonce,
            budget=budget,
        )
    except AlreadySubmitted as sent:
        return already_sent(request, sent, advice=False)
    except NotStored:
        logger.exception("A web report could not be stored (nothing was kept).")
        return again(not_stored_message(), 503)
    return steps_finished(
        render(
            request,
            "reports/receipt.html",
            {
                "code": receipt.code,
                "acute": form.cleaned_data.get("acute"),
                "acute_alert": acute_alert(before_the_form=False),
                "advice": False,
            },
            status=201,
        )
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def advice_view(request: HttpRequest) -> HttpResponse:
    """Ask a question without filing a report; answered through a receipt."""
    if request.method in ("GET", "HEAD"):
        return step_page(
            render(
                request,
                "reports/advice.html",
                {
                    "form": AdviceForm(initial=campaign_initial(request.GET.get("via", ""))),
                    "nonce": secrets.token_urlsafe(16),
                },
            )
        )
    if cross_site(request):
        return refused_cross_site(request)
    form = AdviceForm(request.POST)
    nonce = request.POST.get("nonce", "")

    def again(message: str, status: int) -> HttpResponse:
        context = {"form": form, "nonce": nonce, "problem": phone_links(message)}
        return step_page(render(request, "reports/advice.html", context, status=status))

    if not form.is_valid():
        return step_page(
            render(request, "reports/advice.html", {"form": form, "nonce": nonce}, status=400)
        )
    if not _valid_nonce(nonce):
        nonce = secrets.token_urlsafe(16)
        return again(not_stored_message(), 400)
    budget = submission_budget(request)
    verdict = budget.check()
    if not verdict.allowed:
        return again(wait_message(verdict), 429)
    try:
        receipt = submit_report(
            form.draft(language=language_code()),
            source_tag=source_tag(request, timezone.localdate()),
            token=nonce,
            budget=budget,
        )
    except AlreadySubmitted as sent:
        return already_sent(request, sent, advice=True)
    except NotStored:
        logger.exception("An advice question could not be stored (nothing was kept).")
        return again(not_stored_message(), 503)
    return steps_finished(
        render(request, "reports/receipt.html", {"code": receipt.code, "advice": True}, status=201)
    )


@csrf_exempt  # the receipt code in the form is the authority, not a cookie
@never_cache  # the conversation and the code stay on no device and in no cache
@require_http_methods(["GET", "POST"])
def followup_view(request: HttpRequest) -> HttpResponse:
    if request.method in ("GET", "HEAD"):
        return render(request, "reports/followup_login.html", {})
    if cross_site(request):
        return refused_cross_site(request)
    code = request.POST.get("code", "")
    # Every check counts, before the lookup: over the limit, the answer is
    # the same for a right and a wrong code, so the limit cannot be used to
    # learn which code is right. A reporter with the right code who comes back
    # a few times stays far below it (the limit is per window, per network).
    verdict = ratelimit.hit(
        "receipt",
        ratelimit.client_key(request),
        settings.RECEIPT_CHECK_LIMIT,
        settings.RECEIPT_CHECK_WINDOW,
    )
    report = followup.find_by_receipt(code) if verdict.allowed else None
    if report is None:
        if not verdict.allowed:
            minutes = verdict.minutes
            message = ngettext(
                "U heeft te vaak een code geprobeerd. Wacht %(minutes)d minuut en probeer het "
                "opnieuw. Uw melding blijft bewaard.",
                "U heeft te vaak een code geprobeerd. Wacht %(minutes)d minuten en probeer het "
                "opnieuw. Uw melding blijft bewaard.",
                minutes,
            ) % {"minutes": minutes}
            return render(
                request,
                "reports/followup_login.html",
                {"error": message, "code": ""},
                status=429,
            )
        return render(
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

    reply = None
    status = 200
    notice = ""
    upload_errors: list[str] = []
    if request.POST.get("action") == "reply":
        reply = ReplyForm(request.POST)
        files = request.FILES.getlist("files")
        # Files cost decoding time: a reply that carries them counts against
        # the client's submission budget, like a new report.
        upload_verdict = submission_budget(request).spend() if files else None
        if upload_verdict is not None and not upload_verdict.allowed:
            upload_errors = [wait_message(upload_verdict)]
            status = 429
        elif reply.is_valid():
            attachments, upload_errors = clean_uploads(files)
            if not upload_errors:
                try:
                    followup.add_reporter_message(
                        report, reply.cleaned_data["text"], attachments, language=language_code()
                    )
                except NotStored:
                    logger.exception("A reporter's message could not be stored.")
                    upload_errors = [not_stored_message()]
                    status = 503
                else:
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
    return render(request, "reports/followup.html", context, status=status)
