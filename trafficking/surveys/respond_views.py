"""The respondent's pages: the survey behind an invitation's personal link.

No account, no cookie: the token in the path is the only key, so these
forms are CSRF-exempt like the site's other public forms (a page on another
site cannot know the token; cross-site posts are refused all the same).

Every page is a GET of ``enquete/<token>/<page>/``; a POST saves the page and
redirects (303) to the next one, so the browser's own Back and a reload never
re-post a form, and every response is ``no-store`` (the token is in the
path). The language is the URL's (/nl/, /en/); the survey exists in Dutch
and English only, so other languages go to the invitation's.

Privacy of the token: the public pages send ``Referrer-Policy: no-referrer``
(core/middleware.py), so no link from here tells another site the path. The
token must not reach a log either: the refusals (404, 410, 429) are marked
as logged, so Django's request logger does not write their path; the
access log of the server still does (see the report on core/logging.py).

Guessing: a token has 256 bits, so guessing is hopeless, but each unknown
token still costs the client's network one try of a small budget (only
misses count, so respondents never use it up); over it, every token, right
or wrong, gets the same "wait" page, so the limit tells nothing either.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from trafficking.core import ratelimit
from trafficking.core.languages import language_code

from . import answering, flow, invitations
from .definition import Questionnaire, QuestionType, load_version
from .models import Invitation, ResponseState, SurveyResponse
from .respond_forms import ACCEPTED_FILES, REMOVE_SUFFIX, PageForm
from .responses import MAX_TEXT_CHARS

logger = logging.getLogger(__name__)

SURVEY_LANGUAGES = ("nl", "en")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
# Unknown tokens per client network per window before every token must wait.
TOKEN_MISS_LIMIT = 20
TOKEN_MISS_WINDOW = 600


def _quiet(response: HttpResponse) -> HttpResponse:
    # Django's request logger writes "Not Found: <path>" for every 4xx, and
    # the path holds the token. This is Django's own marker for a response
    # that was logged already (django.utils.log.log_response).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _cross_site(request: HttpRequest) -> bool:
    # As for the report form: browsers say where a post comes from.
    return request.headers.get("Sec-Fetch-Site", "") == "cross-site"


def _miss_budget(request: HttpRequest) -> ratelimit.Budget:
    return ratelimit.Budget(
        "survey-token",
        ratelimit.client_key(request),
        getattr(settings, "SURVEY_TOKEN_MISS_LIMIT", TOKEN_MISS_LIMIT),
        getattr(settings, "SURVEY_TOKEN_MISS_WINDOW", TOKEN_MISS_WINDOW),
    )


def _language_links(request: HttpRequest, current: str) -> list[dict]:
    return [
        {"code": code, "name": name, "url": translate_url(request.path, code)}
        for code, name in LANGUAGE_NAMES.items()
        if code != current
    ]


def _closed(request: HttpRequest, reason: str, status: int, **extra) -> HttpResponse:
    language = language_code()
    if language not in SURVEY_LANGUAGES:
        language = "en"  # the survey's pages exist in Dutch and English only
    with override(language):
        context = {"reason": reason, **extra, "language_links": _language_links(request, language)}
        response = render(request, "surveys/respond/closed.html", context, status=status)
    return _quiet(response)


@dataclass
class _Visit:
    invitation: Invitation
    questionnaire: Questionnaire
    language: str
    response: SurveyResponse | None
    answers: dict = field(default_factory=dict)
    campaigns: list = field(default_factory=list)


def _open(request: HttpRequest, token: str) -> _Visit | HttpResponse:
    """The visit behind ``token``, or the page that says why there is none."""
    budget = _miss_budget(request)
    verdict = budget.check()
    if not verdict.allowed:
        return _closed(request, "wait", 429, minutes=verdict.minutes)
    invitation = invitations.find_invitation(token)
    if invitation is None:
        budget.spend()
        return _closed(request, "unknown", 404)
    language = language_code()
    if language not in SURVEY_LANGUAGES:
        target = invitation.language if invitation.language in SURVEY_LANGUAGES else "nl"
        return HttpResponseRedirect(translate_url(request.path, target))
    if invitation.revoked_at is not None:
        return _closed(request, "revoked", 410)
    response = getattr(invitation, "response", None)
    if response is not None and response.state == ResponseState.SUBMITTED:
        return render(
            request,
            "surveys/respond/thanks.html",
            {
                "response": response,
                "organisation": invitation.organisation,
                "language_links": _language_links(request, language),
            },
        )
    if not invitation.is_open():
        return _closed(request, "expired", 410)
    return _Visit(
        invitation=invitation,
        questionnaire=load_version(invitation.version),
        language=language,
        response=response,
        answers=dict(response.answers) if response else {},
        campaigns=list(response.campaigns) if response else [],
    )


def _page_url(token: str, key: str) -> str:
    return reverse("surveys:page", kwargs={"token": token, "page": key})


def _go(token: str, key: str) -> HttpResponse:
    return HttpResponseRedirect(_page_url(token, key), status=303)


@csrf_exempt
@never_cache
@require_http_methods(["GET"])
def respond_start(request: HttpRequest, token: str) -> HttpResponse:
    """The link itself: opens where the respondent left off."""
    visit = _open(request, token)
    if isinstance(visit, HttpResponse):
        return visit
    page_list = flow.pages(visit.questionnaire, visit.answers, visit.campaigns)
    resume = visit.response.resume_at if visit.response else ""
    if not resume or flow.find_page(page_list, resume) is None:
        resume = flow.START
    return _go(token, resume)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def respond_page(request: HttpRequest, token: str, page: str) -> HttpResponse:
    visit = _open(request, token)
    if isinstance(visit, HttpResponse):
        return visit
    page_list = flow.pages(visit.questionnaire, visit.answers, visit.campaigns)
    index = flow.find_page(page_list, page) if flow.is_page_key(page) else None
    if index is None:
        # A page the route does not reach (any more): back to where they were.
        return HttpResponseRedirect(reverse("surveys:respond", kwargs={"token": token}))
    current = page_list[index]
    if request.method == "POST":
        if _cross_site(request):
            return _quiet(render(request, "reports/cross_site.html", status=403))
        return _post(request, token, visit, page_list, index)
    if current.key == flow.SUMMARY:
        return _render_summary(request, token, visit, page_list, index)
    form = None
    if current.questions:
        scope = flow.scope_of(visit.answers, visit.campaigns, current)
        initial = flow.form_initial(visit.questionnaire, current.questions, scope)
        first = visit.questionnaire.questions[0].key
        if first in current.questions and first not in initial and current.block is None:
            # The organisation's name for its first answer; the respondent may change it.
            initial[first] = visit.invitation.organisation.name
        form = PageForm(visit.questionnaire, current.questions, visit.language, initial=initial)
    return _render_page(request, token, visit, page_list, index, form)


def _post(request, token, visit: _Visit, page_list, index: int) -> HttpResponse:
    current = page_list[index]
    action = request.POST.get("action", "next")
    if current.key == flow.SUMMARY:
        if action == "back":
            return _go(token, page_list[max(0, index - 1)].key)
        if action == "submit":
            return _submit(request, token, visit, page_list, index)
        return _go(token, current.key)
    if not current.questions:  # the start page
        following = page_list[min(index + 1, len(page_list) - 1)]
        answering.set_resume_at(visit.invitation, following.key)
        return _go(token, following.key)

    form = PageForm(
        visit.questionnaire, current.questions, visit.language, request.POST, request.FILES
    )
    if not form.is_valid():
        return _render_page(request, token, visit, page_list, index, form)
    values = flow.answers_from_form(visit.questionnaire, current.questions, form.cleaned_data)
    removed = {
        key
        for key in current.questions
        if form.cleaned_data.get(key + REMOVE_SUFFIX) and key not in form.clean_files
    }
    answers, campaigns = flow.apply_page(visit.answers, visit.campaigns, current, values)
    new_list = flow.pages(visit.questionnaire, answers, campaigns)
    here = flow.find_page(new_list, current.key)
    here = index if here is None else here
    if action == "back":
        target = new_list[max(0, here - 1)]
    elif action == "save":
        target = current
    else:
        target = new_list[min(here + 1, len(new_list) - 1)]
    try:
        answering.save_page(
            visit.invitation,
            visit.questionnaire,
            current,
            values,
            new_files=form.clean_files,
            remove_files=removed,
            resume_at=target.key,
        )
    except answering.AlreadySubmitted:
        return HttpResponseRedirect(reverse("surveys:respond", kwargs={"token": token}))
    except OSError:
        logger.exception("A survey page could not be saved (its file could not be written).")
        form.add_error(
            None, _("Je antwoorden konden nu niet worden bewaard. Probeer het zo opnieuw.")
        )
        return _render_page(request, token, visit, page_list, index, form, status=503)
    if action == "save":
        return render(
            request,
            "surveys/respond/saved.html",
            {
                "link": request.build_absolute_uri(
                    reverse("surveys:respond", kwargs={"token": token})
                ),
                "expires_at": visit.invitation.expires_at,
                "page_url": _page_url(token, current.key),
                "language_links": _language_links(request, visit.language),
            },
        )
    return _go(token, target.key)


def _submit(request, token, visit: _Visit, page_list, index: int) -> HttpResponse:
    try:
        checked = answering.submit(visit.invitation, visit.questionnaire)
    except answering.AlreadySubmitted:
        return HttpResponseRedirect(reverse("surveys:respond", kwargs={"token": token}))
    if checked.ok:
        return HttpResponseRedirect(reverse("surveys:respond", kwargs={"token": token}), status=303)
    problems = [_problem_message(problem.code) for problem in checked.problems]
    return _render_summary(request, token, visit, page_list, index, problems=problems)


def _problem_message(code: str) -> str:
    if code == "no_answers":
        return _("Je hebt nog geen enkele vraag beantwoord. Beantwoord ten minste één vraag.")
    return _(
        "Een antwoord past niet bij de andere antwoorden. Ga terug naar de vragen en "
        "controleer je antwoorden."
    )


# ---- rendering ------------------------------------------------------------------------


def _progress_context(visit: _Visit, page_list, index: int) -> dict:
    current = page_list[index]
    progress = flow.progress(visit.questionnaire, visit.answers, visit.campaigns, current.key)
    return {"progress": progress}


def _base_context(request, token, visit: _Visit, page_list, index: int) -> dict:
    current = page_list[index]
    return {
        "token": token,
        "page": current,
        "page_url": _page_url(token, current.key),
        "has_previous": index > 0,
        "organisation": visit.invitation.organisation,
        "expires_at": visit.invitation.expires_at,
        "questionnaire_title": visit.questionnaire.title.get(visit.language),
        "language_links": _language_links(request, visit.language),
        **_progress_context(visit, page_list, index),
    }


def _render_page(
    request, token, visit: _Visit, page_list, index: int, form: PageForm | None, status: int = 200
) -> HttpResponse:
    current = page_list[index]
    questionnaire = visit.questionnaire
    context = _base_context(request, token, visit, page_list, index)
    if current.questions and form is not None:
        first = questionnaire.question(current.questions[0])
        section = next(s for s in questionnaire.sections if s.key == first.section)
        section_starts = _section_first(questionnaire, first.section) in current.questions
        scope = flow.scope_of(visit.answers, visit.campaigns, current)
        context.update(
            {
                "form": form,
                "section_title": section.title.get(visit.language),
                "section_intro": section.intro.get(visit.language)
                if section.intro and section_starts
                else "",
                "questions": [
                    _question_view(questionnaire, key, form, visit.language, scope)
                    for key in current.questions
                ],
                "errors": _error_list(form, questionnaire, current.questions, visit.language),
                "campaign_number": None if current.block is None else current.block + 1,
                "campaign_total": flow.allowed_blocks(questionnaire, visit.answers),
                "repeat_intro": _repeat_intro(visit, current),
                "accept": ACCEPTED_FILES,
                "max_text": MAX_TEXT_CHARS,
            }
        )
    else:
        context["intro_minutes"] = 20
    return render(request, "surveys/respond/page.html", context, status=status)


def _section_first(questionnaire: Questionnaire, section: str) -> str:
    return next(q.key for q in questionnaire.questions if q.section == section and not q.unreadable)


def _repeat_intro(visit: _Visit, page: flow.Page) -> str:
    repeat = visit.questionnaire.repeat
    if repeat is None or page.block != 0 or repeat.first not in page.questions:
        return ""
    count = visit.answers.get(repeat.count)
    for intro in repeat.intro:
        if count in intro.when:
            return intro.text.get(visit.language) or ""
    return ""


def _values(form: PageForm, name: str) -> list[str]:
    if form.is_bound:
        if hasattr(form.data, "getlist"):
            return [str(v) for v in form.data.getlist(name)]
        value = form.data.get(name)
    else:
        value = form.initial.get(name)
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _question_view(
    questionnaire: Questionnaire, key: str, form: PageForm, language: str, scope
) -> dict:
    question = questionnaire.question(key)
    chosen = _values(form, key)
    options = []
    for number, option in enumerate(question.options):
        entry = {
            "key": option.key,
            "label": option.label.get(language) or option.key,
            "id": f"id_{key}_{number}",
            "checked": option.key in chosen,
        }
        if option.specify:
            name = flow.text_field(key, option.key)
            values = _values(form, name)
            entry["specify"] = {
                "name": name,
                "id": f"id_{name}",
                "value": values[0] if values else "",
                "errors": list(form.errors.get(name, [])),
            }
        options.append(entry)
    text_values = _values(form, key) if question.type == QuestionType.TEXT else []
    stored = scope.get(key)
    return {
        "key": key,
        "number": key.removeprefix("q"),
        "type": str(question.type),
        "text": question.text.get(language) or key,
        "hint": question.hint.get(language) if question.hint else "",
        "id": f"id_{key}",
        "errors": list(form.errors.get(key, [])),
        "options": options,
        "value": text_values[0] if text_values else "",
        "has_file": question.type == QuestionType.FILE and answering.is_stored_name(stored),
        "file_kind": str(stored).rsplit(".", 1)[-1].upper()
        if answering.is_stored_name(stored)
        else "",
        "remove_name": key + REMOVE_SUFFIX,
    }


def _error_list(form: PageForm, questionnaire: Questionnaire, keys, language: str) -> list:
    """The error summary: each message with the field it links to."""
    out = []
    for message in form.non_field_errors():
        out.append({"anchor": "", "message": message})
    for key in keys:
        question = questionnaire.question(key)
        anchor = f"id_{key}_0" if question.is_choice else f"id_{key}"
        for message in form.errors.get(key, []):
            out.append({"anchor": anchor, "message": message})
        for letter in sorted(question.specify_keys):
            name = flow.text_field(key, letter)
            for message in form.errors.get(name, []):
                out.append({"anchor": f"id_{name}", "message": message})
    return out


def _render_summary(
    request, token, visit: _Visit, page_list, index: int, problems: list[str] | None = None
) -> HttpResponse:
    context = _base_context(request, token, visit, page_list, index)
    parts = flow.summary(visit.questionnaire, visit.answers, visit.campaigns, visit.language)
    context.update(
        {
            "parts": [
                {
                    "campaign": None if part.block is None else part.block + 1,
                    "items": [
                        {
                            "question": item.question,
                            "answers": item.answers,
                            "kind": item.kind,
                            "url": _page_url(token, item.page),
                            "key": item.key,
                        }
                        for item in part.items
                    ],
                }
                for part in parts
            ],
            "problems": problems or [],
            "deadline": visit.invitation.expires_at,
        }
    )
    return render(request, "surveys/respond/summary.html", context)
