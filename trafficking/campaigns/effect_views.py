""" "Effect meten": a public tool that measures a campaign's effect on a series of counts.

A campaign maker uploads (or pastes) reports per day and the campaign's
dates; the answer is the model of effect.py with its figure and a table of
weeks. Nothing is stored and no cookie is set: like the report form, the
form is cookieless, so there is no CSRF token; a post that another website
made the browser send is refused by the browser's Sec-Fetch-Site header.
Every question costs a model fit, so each client network may ask a limited
number per window (throttle.py); over it, the question comes back unanswered
but as it was typed, with how long to wait.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .effect import MIN_DAYS_BEFORE, MIN_WINDOW_DAYS, EffectResult
from .effect_forms import MAX_UPLOAD_BYTES, EffectForm
from .effect_plot import effect_svg, weekly_rows
from .throttle import effect_budget, effect_wait_message, with_retry_after

TEMPLATE = "campaigns/effect.html"
# Written into the sentences rather than in them, so no msgid holds a bare "%".
LEVEL = "95%"


def conclusion(result: EffectResult) -> tuple[str, str]:
    """A plain-language reading of the estimate, and its kind (for the page's styling).

    "Probably an effect" only when the 95% interval of the rate ratio lies
    wholly above (or below) 1: an estimate above 1 alone could be chance.
    """
    if result.ci_low > 1:
        return "up", _(
            "Waarschijnlijk effect: tijdens de campagne kwamen er meer meldingen binnen dan "
            "zonder campagne te verwachten was. Het hele %(level)s-interval ligt boven 1."
        ) % {"level": LEVEL}
    if result.ci_high < 1:
        return "down", _(
            "Waarschijnlijk effect, maar omlaag: tijdens de campagne kwamen er minder meldingen "
            "binnen dan zonder campagne te verwachten was. Het hele %(level)s-interval ligt "
            "onder 1. Kijk of er iets anders veranderde in die periode."
        ) % {"level": LEVEL}
    return "none", _(
        "Geen aantoonbaar effect: het %(level)s-interval bevat 1 (geen verschil). Een klein "
        "effect is niet uitgesloten, maar deze cijfers laten het niet zien."
    ) % {"level": LEVEL}


class HeldQuestion(EffectForm):
    """A question shown again as it was sent, without answering it.

    Unbound on purpose: validating an EffectForm fits the model, which is what
    a refused question must not cost. The dates go back into their fields and
    the counts into the text box, a chosen file's lines included, because the
    browser cannot choose the file again for the visitor.
    """

    def __init__(self, data: QueryDict, files: Any) -> None:
        super().__init__(initial={"start": data.get("start", ""), "end": data.get("end", "")})
        self.file_text = _readable_text(files.get("counts_file"))
        self.held_text = (
            self.file_text if self.file_text is not None else data.get("counts_text", "")
        )

    def pasted_value(self) -> str:
        return self.held_text

    @property
    def file_moved_to_text(self) -> bool:
        return self.file_text is not None


def _readable_text(upload: UploadedFile | None) -> str | None:
    """The file's text, if it is one the form would read (UTF-8, at most the size limit)."""
    if upload is None or not upload.size or upload.size > MAX_UPLOAD_BYTES:
        return None
    upload.seek(0)
    try:
        text = upload.read(MAX_UPLOAD_BYTES + 1).decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _page(
    request: HttpRequest, form: EffectForm, status: int = 200, refusal: str = ""
) -> HttpResponse:
    context = {
        "form": form,
        "refusal": refusal,
        "max_megabytes": MAX_UPLOAD_BYTES // (1024 * 1024),
        "min_days_before": MIN_DAYS_BEFORE,
        "min_window_days": MIN_WINDOW_DAYS,
    }
    if form.result is not None and form.series is not None:
        kind, text = conclusion(form.result)
        context.update(
            result=form.result,
            conclusion=text,
            conclusion_kind=kind,
            svg=effect_svg(form.series, form.result, id_prefix="effect-figure"),
            weeks=weekly_rows(form.series, form.result),
        )
    return render(request, TEMPLATE, context, status=status)


@csrf_exempt  # cookieless and nothing is stored: there is no session to protect
@never_cache  # the figures are the visitor's own; no shared cache keeps them
@require_http_methods(["GET", "HEAD", "POST"])
def effect_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, EffectForm())
    if request.headers.get("Sec-Fetch-Site", "") == "cross-site":
        refusal = _(
            "Dit formulier kwam niet van onze website. Er is niets berekend of opgeslagen; "
            "vul het hier opnieuw in."
        )
        return _page(request, EffectForm(), status=403, refusal=refusal)
    verdict = effect_budget(request).spend()
    if not verdict.allowed:
        held = HeldQuestion(request.POST, request.FILES)
        page = _page(request, held, status=429, refusal=effect_wait_message(verdict))
        return with_retry_after(page, verdict)
    form = EffectForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    return _page(request, form)
