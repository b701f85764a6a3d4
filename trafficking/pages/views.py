"""Public pages: the root redirect, start, wizard, results and the page about signals."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from trafficking.core.http import head_as_get
from trafficking.core.languages import language_code
from trafficking.core.step_cache import step_page, steps_finished
from trafficking.core.text import phone_links
from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import Form
from trafficking.directory.forms import SituationForm
from trafficking.directory.routing import route

from . import wizard
from .indicators import INDICATORS


@require_http_methods(["GET", "HEAD"])
def quick_exit(request: HttpRequest) -> HttpResponse:
    """The quick exit without JavaScript: forget the cached steps, then leave.

    Steps are kept in the browser's cache so Back works (ADR 9); a person who
    flees must not leave them behind for the next user of the phone. With
    JavaScript the button leaves directly (``static/js/quick-exit.js``).
    """
    return steps_finished(HttpResponseRedirect(settings.QUICK_EXIT_URL))


# The answer depends on the language cookie and the browser's languages, and
# changes when the visitor picks another language: no cache may keep it.
@never_cache
@vary_on_headers("Accept-Language", "Cookie")
def root(request: HttpRequest) -> HttpResponse:
    """/ goes to the start page in the visitor's language.

    The language cookie first, then the browser's Accept-Language, among
    settings.LANGUAGES; Dutch when neither names one of them.
    """
    language = translation.get_language_from_request(request)
    with translation.override(language):
        return HttpResponseRedirect(reverse("pages:home"))


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html")


def signals(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/signals.html", {"signals": INDICATORS, "forms": Form})


# The wizard stores nothing and changes nothing, so a cross-site POST can do no
# harm; without CSRF protection it also sets no cookie on a victim's phone.
@head_as_get
@csrf_exempt
@require_http_methods(["GET", "POST"])
def wizard_view(request: HttpRequest) -> HttpResponse:
    catalogue = current_catalogue()
    data = request.POST if request.method == "POST" else request.GET
    answers = wizard.carried_answers(data)
    current = data.get("step")
    if request.method == "GET" or current not in wizard.STEP_BY_NAME:
        first = wizard.STEPS[0]
        return step_page(_render_step(request, first, answers, None))

    step = wizard.STEP_BY_NAME[current]
    action = data.get("action", "next")
    if action == "back":
        return step_page(_render_step(request, wizard.previous_step(current), answers, None))
    if action == "skip":
        answers[current] = ""
    elif action == "abroad":
        answers["municipality"] = "abroad"

    form = SituationForm(answers, gazetteer=catalogue.gazetteer)
    if not form.is_valid() and current in form.errors:
        return step_page(_render_step(request, step, answers, form))
    following = wizard.next_step(current)
    if following is not None and action != "finish":
        return step_page(_render_step(request, following, answers, None))
    return step_page(_render_results(request, form, answers))


@head_as_get
@csrf_exempt
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest) -> HttpResponse:
    catalogue = current_catalogue()
    data = request.POST if request.method == "POST" else request.GET
    answers = wizard.carried_answers(data)
    for extra in ("abroad", "language"):
        if data.get(extra):
            answers[extra] = str(data.get(extra))[:100]
    form = SituationForm(answers, gazetteer=catalogue.gazetteer)
    return step_page(_render_results(request, form, answers))


def _render_step(request, step: wizard.Step, answers: dict, form) -> HttpResponse:
    catalogue = current_catalogue()
    errors = form.errors.get(step.name) if form is not None else None
    return render(
        request,
        "pages/wizard_step.html",
        {
            "step": step,
            "number": wizard.step_index(step.name) + 1,
            "total": len(wizard.STEPS),
            "answers": answers,
            "hidden": {k: v for k, v in answers.items() if k != step.name},
            "current": answers.get(step.name, ""),
            "errors": errors,
            "suggestions": form.suggestions if form is not None else [],
            "municipalities": sorted(p.name for p in catalogue.gazetteer.places.values()),
            "acute": answers.get("acute") == "true",
            "acute_alert": phone_links(gettext("Is iemand in direct gevaar? Bel nu 112.")),
        },
        status=400 if errors else 200,
    )


def _render_results(request, form: SituationForm, answers: dict) -> HttpResponse:
    if not form.is_valid():
        return render(
            request,
            "pages/results.html",
            {"form": form, "answers": answers, "recommendations": []},
            status=400,
        )
    situation = form.situation()
    language = language_code()
    recommendations = [
        {
            "rec": rec,
            "reason": rec.reason(language),
            "reason_language": rec.reason_language(language),
        }
        for rec in route(situation, current_catalogue())
    ]
    return render(
        request,
        "pages/results.html",
        {
            "form": form,
            "answers": answers,
            "situation": situation,
            "place": form.place,
            "recommendations": recommendations,
            "share_url": _share_url(request, situation),
        },
    )


def _share_url(request: HttpRequest, situation) -> str:
    """A link to these results that holds the question only (ADR 9)."""
    query = urlencode(wizard.shared_question(situation))
    return request.build_absolute_uri(f"{reverse('pages:results')}?{query}")
