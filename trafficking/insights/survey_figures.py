"""The report's survey figures (2 to 6, 9 and 11) from the submitted responses.

Shares come from ``surveys.stats.survey_stats`` over the responses to the
current questionnaire that are submitted and still pass its checks (a
response that no longer does is left out rather than half counted). The
denominator ``n`` is who answered the question, as the report states it
("n=23"). The survey describes organisations, not people, but a share of a
handful of answers can still point at one organisation: a figure whose n is
under 5 is shown without its shares (``MIN_N``).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from trafficking.surveys.definition import Questionnaire, current_questionnaire
from trafficking.surveys.store import stored_tally

from .figure import SUPPRESSED, Figure

MIN_N = 5

# (figure key, question, title): the report's survey figures.
SURVEY_FIGURES = (
    (
        "survey-campaign-organisations",
        "q15",
        gettext_noop("Organisaties die campagnes hebben opgezet"),
    ),
    (
        "survey-campaign-forms",
        "q20",
        gettext_noop("Campagnes en vormen van mensenhandel (enquête)"),
    ),
    ("survey-campaign-audiences", "q21", gettext_noop("Doelgroepen van campagnes (enquête)")),
    ("survey-campaign-goals", "q22", gettext_noop("Doelen van campagnes (enquête)")),
    ("survey-campaign-cost", "q24", gettext_noop("Kosten van een campagne (enquête)")),
    ("survey-campaign-duration", "q25", gettext_noop("Looptijd van een campagne (enquête)")),
    ("survey-reporting-methods", "q6", gettext_noop("Manieren van melden (enquête)")),
    ("survey-follow-up", "q7", gettext_noop("Opvolging van een melding door meldpunten (enquête)")),
    (
        "survey-knowledge-activities",
        "q13",
        gettext_noop("Manieren waarop kenniscentra kennis aanbieden (enquête)"),
    ),
)


def survey_figures(as_of: date, questionnaire: Questionnaire | None = None) -> list[Figure]:
    questionnaire = questionnaire or current_questionnaire()
    # The same counting as manage.py survey_stats: the newest submitted
    # response per organisation, checked again against the questionnaire.
    tally, _skipped = stored_tally(questionnaire)
    stats = tally.result()
    language = (get_language() or "nl")[:2]
    figures = []
    for key, question_key, title in SURVEY_FIGURES:
        if question_key not in questionnaire:
            continue
        question = questionnaire.question(question_key)
        part = "campaign_questions" if questionnaire.in_repeat(question_key) else "questions"
        found = stats[part].get(question_key, {"n": 0, "options": {}})
        n = found["n"]
        shares = found.get("options", {})
        rows = []
        for option in question.options:
            share = shares.get(option.key)
            if n < MIN_N or share is None:
                cells: tuple = (SUPPRESSED, None) if n else (0, None)
            else:
                # The count itself, not one rebuilt from a rounded share.
                cells = (tally.chosen[question_key, option.key], round(100 * share, 1))
            rows.append((option.label.get(language) or option.key, cells))
        unit = _("campagnes") if part == "campaign_questions" else _("respondenten")
        if n >= MIN_N:
            best = max(question.options, key=lambda o: shares.get(o.key) or 0)
            summary = _("%(share)s%% koos “%(label)s” (n=%(n)s %(unit)s).") % {
                "share": round(100 * (shares.get(best.key) or 0)),
                "label": (best.label.get(language) or best.key).rstrip(".:; "),
                "n": n,
                "unit": unit,
            }
        else:
            summary = _(
                "Nog te weinig antwoorden om aandelen te tonen (n=%(n)s; vanaf %(min)s)."
            ) % {"n": n, "min": MIN_N}
        figures.append(
            Figure(
                key=key,
                title=_(title),
                summary=summary,
                columns=(_("Aantal"), _("Aandeel (%)")),
                rows=tuple(rows),
                row_keys=tuple(option.key for option in question.options),
                source=_("Enquête onder organisaties, vragenlijst %(version)s, vraag %(q)s")
                % {"version": questionnaire.version, "q": question_key[1:]},
                as_of=as_of,
                denominator=n,
                unit=unit,
            )
        )
    return figures
