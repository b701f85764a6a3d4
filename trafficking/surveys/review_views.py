"""Staff review of what survey answers propose: a list, and a page per response.

Plain forms that work without JavaScript: one radio group per change
(overnemen / afwijzen / later), buttons to take or refuse everything, and an
optional note. The decision itself is review.decide; these views only read
the form and say what happened. Everything respondents wrote is shown as
text (Django's escaping; never marked safe).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache

from trafficking.campaigns.constants import CallToAction, CampaignAudience
from trafficking.campaigns.models import Campaign
from trafficking.campaigns.selectors import area_labels
from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import (
    Audience,
    FollowUpAction,
    Form,
    Kind,
    KnowledgeActivity,
    ReportingMethod,
    ReportSource,
    Scale,
)
from trafficking.directory.models import Organisation
from trafficking.intake.access import staff_required

from .answering import file_path, is_stored_name
from .campaign_match import Match, match_campaign
from .definition import QuestionnaireError, QuestionType, load_version
from .models import ChangeStatus, ChangeTarget, ProposedChange, SurveyResponse
from .proposals import campaign_name
from .responses import TEXT_SUFFIX
from .review import ACCEPT, REJECT, ReviewError, decide, pending_responses

REVIEW_SURVEY = "surveys.review_survey"
LATER = "later"
NOTE_LENGTH = 2000

# The vocabulary each field's values come from, for readable labels.
CHOICES: dict[tuple[str, str], type[models.TextChoices]] = {
    (ChangeTarget.ORGANISATION, "kind"): Kind,
    (ChangeTarget.ORGANISATION, "reporting_scale"): Scale,
    (ChangeTarget.ORGANISATION, "knowledge_scale"): Scale,
    (ChangeTarget.ORGANISATION, "forms"): Form,
    (ChangeTarget.ORGANISATION, "audiences"): Audience,
    (ChangeTarget.ORGANISATION, "report_sources"): ReportSource,
    (ChangeTarget.ORGANISATION, "reporting_methods"): ReportingMethod,
    (ChangeTarget.ORGANISATION, "follow_up"): FollowUpAction,
    (ChangeTarget.ORGANISATION, "knowledge_activities"): KnowledgeActivity,
    (ChangeTarget.CAMPAIGN, "forms"): Form,
    (ChangeTarget.CAMPAIGN, "audiences"): CampaignAudience,
    (ChangeTarget.CAMPAIGN, "call_to_action"): CallToAction,
}


def _label(target: str, name: str, value: Any) -> str:
    choices = CHOICES.get((target, name))
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    if isinstance(value, bool):
        return _("Ja") if value else _("Nee")
    return "" if value is None else str(value)


def _field_label(target: str, name: str) -> str:
    model: type[models.Model] = Organisation if target == ChangeTarget.ORGANISATION else Campaign
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(found.verbose_name) if isinstance(found, models.Field) else name


@dataclass
class ChangeRow:
    """One change as the page shows it: labels, and for lists what comes and goes."""

    change: ProposedChange
    label: str
    is_list: bool
    current: str = ""
    proposed: str = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def field_name(self) -> str:
        return f"change-{self.change.pk}"


def change_row(change: ProposedChange, places) -> ChangeRow:
    target, name = change.target, change.field

    def labels(values) -> list[str]:
        values = list(values or [])
        if target == ChangeTarget.CAMPAIGN and name == "areas":
            return area_labels(values, places)
        return [_label(target, name, v) for v in values]

    row = ChangeRow(change, _field_label(target, name), isinstance(change.proposed, list))
    if row.is_list:
        before = list(change.current or [])
        after = list(change.proposed or [])
        row.added = labels([v for v in after if v not in before])
        row.removed = labels([v for v in before if v not in after])
        row.kept = labels([v for v in after if v in before])
    else:
        row.current = _label(target, name, change.current)
        row.proposed = _label(target, name, change.proposed)
    return row


@dataclass
class AnswerRow:
    key: str
    question: str
    answer: list[str]
    # The stored name of a file answer (q35), for the staff download link.
    file: str = ""


def answer_rows(version: str, answers: dict) -> list[AnswerRow]:
    """Every answer of ``answers`` as question text and option labels (Dutch), with texts."""
    try:
        questionnaire = load_version(version)
    except QuestionnaireError:
        return [AnswerRow(k, k, [str(v)]) for k, v in answers.items()]
    rows = []
    for question in questionnaire.questions:
        value = answers.get(question.key)
        texts = answers.get(question.key + TEXT_SUFFIX)
        if value is None and texts is None:
            continue
        shown: list[str] = []
        if question.type in (QuestionType.TEXT, QuestionType.FILE):
            shown.append(str(value))
        else:
            letters = value if isinstance(value, list) else [value]
            for letter in letters:
                option = question.option(str(letter))
                shown.append(option.label.nl or str(letter) if option else str(letter))
        if isinstance(texts, str):
            shown.append(texts)
        elif isinstance(texts, dict):
            shown.extend(str(t) for _letter, t in sorted(texts.items()))
        stored = value if question.type == QuestionType.FILE and is_stored_name(value) else ""
        rows.append(
            AnswerRow(question.key, question.text.nl or question.key, shown, file=str(stored))
        )
    return rows


@dataclass
class Block:
    """One campaign block of the response: its changes, its match and its answers."""

    index: int
    name: str
    campaign: Campaign | None
    match: Match | None
    rows: list[ChangeRow]
    answers: list[AnswerRow]

    @property
    def number(self) -> int:
        return self.index + 1


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Toelichting (optioneel)"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Wordt bij elke beslissing bewaard; niet openbaar."),
    )


def _decisions(request: HttpRequest, pending: list[ProposedChange]) -> dict[int, str]:
    everything = request.POST.get("all")
    if everything in (ACCEPT, REJECT):
        return {c.pk: everything for c in pending}
    decisions = {}
    for change in pending:
        choice = request.POST.get(f"change-{change.pk}", LATER)
        if choice in (ACCEPT, REJECT):
            decisions[change.pk] = choice
    return decisions


def _outcome_messages(request: HttpRequest, outcome) -> None:
    if outcome.accepted:
        n = len(outcome.accepted)
        messages.success(
            request,
            ngettext("%(n)d wijziging overgenomen.", "%(n)d wijzigingen overgenomen.", n)
            % {"n": n},
        )
    if outcome.rejected:
        n = len(outcome.rejected)
        messages.info(
            request,
            ngettext("%(n)d wijziging afgewezen.", "%(n)d wijzigingen afgewezen.", n) % {"n": n},
        )
    if outcome.stale:
        fields = ", ".join(sorted({str(c.field) for c in outcome.stale}))
        messages.warning(
            request,
            _(
                "Niet overgenomen omdat het gegeven sinds het antwoord al is gewijzigd "
                "(verouderd): %(fields)s. Bekijk het record opnieuw."
            )
            % {"fields": fields},
        )
    for campaign in outcome.created:
        messages.info(
            request,
            _(
                "Nieuwe campagne aangemaakt: %(name)s. Ze is nog niet openbaar; publiceer "
                "haar via de controle van campagnes."
            )
            % {"name": campaign.name},
        )


@never_cache
@staff_required(REVIEW_SURVEY)
def survey_file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    """A file sent with a survey answer (q35), only as a download of its own response."""
    response = get_object_or_404(SurveyResponse, pk=pk)
    held = [response.answers or {}, *(b for b in response.campaigns or [] if isinstance(b, dict))]
    if not any(name in block.values() for block in held):
        raise Http404
    try:
        path = file_path(name)
    except FileNotFoundError:
        raise Http404 from None
    download = FileResponse(path.open("rb"), as_attachment=True, filename=f"enquete-{pk}-{name}")
    download["X-Content-Type-Options"] = "nosniff"
    return download


@never_cache
@staff_required(REVIEW_SURVEY)
def review_list(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/staff/review_list.html", {"responses": pending_responses()})


@never_cache
@staff_required(REVIEW_SURVEY)
def review_response(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(
        SurveyResponse.objects.select_related("invitation__organisation"),
        pk=pk,
        invitation__isnull=False,
    )
    organisation = response.invitation.organisation if response.invitation else None
    changes = list(
        ProposedChange.objects.filter(response=response).select_related("campaign", "decided_by")
    )
    pending = [c for c in changes if c.status == ChangeStatus.PENDING]
    form = DecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            decisions = _decisions(request, pending)
            if not decisions:
                messages.warning(request, _("Er is niets gekozen; er is niets gewijzigd."))
                return redirect("survey-staff:review-response", pk=response.pk)
            try:
                outcome = decide(
                    response, decisions, user=request.user, note=form.cleaned_data["note"]
                )
            except ReviewError as error:
                messages.error(request, str(error))
                status = 400
            else:
                _outcome_messages(request, outcome)
                return redirect("survey-staff:review-response", pk=response.pk)
    places = current_catalogue().gazetteer.places
    decided = [change_row(c, places) for c in changes if c.status != ChangeStatus.PENDING]
    org_rows = [change_row(c, places) for c in pending if c.target == ChangeTarget.ORGANISATION]
    blocks = []
    for index, answers in enumerate(response.campaigns or []):
        if not isinstance(answers, dict):
            continue
        name = campaign_name(response.version, answers)
        rows = [
            change_row(c, places)
            for c in pending
            if c.target == ChangeTarget.CAMPAIGN and c.block == index
        ]
        linked = next(
            (c.campaign for c in changes if c.block == index and c.campaign is not None), None
        )
        blocks.append(
            Block(
                index,
                name,
                linked,
                match_campaign(name, organisation) if name else None,
                rows,
                answer_rows(response.version, answers),
            )
        )
    return render(
        request,
        "surveys/staff/review_response.html",
        {
            "response": response,
            "organisation": organisation,
            "form": form,
            "org_rows": org_rows,
            "blocks": blocks,
            "decided": decided,
            "pending_count": len(pending),
            "answers": answer_rows(response.version, response.answers or {}),
            "ACCEPT": ACCEPT,
            "REJECT": REJECT,
            "LATER": LATER,
        },
        status=status,
    )
