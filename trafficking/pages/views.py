"""Public pages: start, wizard, results and the page about signals."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from trafficking.core.http import head_as_get
from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import Form
from trafficking.directory.forms import SituationForm
from trafficking.directory.routing import route

from . import wizard
from .signals import SIGNALS


def private(response: HttpResponse) -> HttpResponse:
    """Keep a person's answers out of every cache and the back-forward cache."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html")


def signals(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/signals.html", {"signals": SIGNALS, "forms": Form})


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
        return private(_render_step(request, first, answers, None))

    step = wizard.STEP_BY_NAME[current]
    action = data.get("action", "next")
    if action == "back":
        return private(_render_step(request, wizard.previous_step(current), answers, None))
    if action == "skip":
        answers[current] = ""
    elif action == "abroad":
        answers["municipality"] = "abroad"

    form = SituationForm(answers, gazetteer=catalogue.gazetteer)
    if not form.is_valid() and current in form.errors:
        return private(_render_step(request, step, answers, form))
    following = wizard.next_step(current)
    if following is not None and action != "finish":
        return private(_render_step(request, following, answers, None))
    return private(_render_results(request, form, answers))


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
    return private(_render_results(request, form, answers))


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
    language = get_language() or "nl"
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
        },
    )
