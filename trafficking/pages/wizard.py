"""The referral wizard's steps: one short question per screen, every one skippable.

Pure logic; the view binds it to requests. Answers travel in hidden form
fields of a POST, never in the URL, so a shared phone's history shows only
"/wegwijzer/" and no server log records someone's situation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from trafficking.directory.constants import FORM_CHOICES, YES_NO, Need, Role

FIELDS = ("acute", "role", "need", "form", "minor", "municipality")


@dataclass(frozen=True)
class Step:
    name: str
    question: object
    hint: object
    choices: list | None  # None: free text


STEPS: tuple[Step, ...] = (
    Step(
        "acute",
        _("Is iemand nu in direct gevaar?"),
        _("Bijvoorbeeld: iemand wordt bedreigd, opgesloten of mishandeld."),
        YES_NO,
    ),
    Step("role", _("Voor wie zoekt u hulp?"), "", Role.choices),
    Step("need", _("Wat wilt u doen?"), _("U kunt ook alleen advies vragen."), Need.choices),
    Step(
        "form",
        _("Waar lijkt het op?"),
        _("Twijfelt u? Kies ‘Weet ik niet’. Op de pagina Signalen leest u meer."),
        FORM_CHOICES,
    ),
    Step("minor", _("Gaat het om iemand jonger dan 18 jaar?"), "", YES_NO),
    Step(
        "municipality",
        _("Waar gebeurt het?"),
        _(
            "Vul de gemeente in. Zo vinden we hulp dichtbij. Gebeurt het in het buitenland? "
            "Kies de knop hieronder, of typ ‘buitenland’ in uw eigen taal."
        ),
        None,
    ),
)
STEP_BY_NAME = {step.name: step for step in STEPS}


def step_index(name: str | None) -> int:
    return FIELDS.index(name) if name in FIELDS else 0


def next_step(name: str) -> Step | None:
    index = step_index(name) + 1
    return STEPS[index] if index < len(STEPS) else None


def previous_step(name: str) -> Step:
    return STEPS[max(step_index(name) - 1, 0)]


def carried_answers(data) -> dict[str, str]:
    """The answers given so far, cut to sane lengths (the form validates them).

    ``via`` is the code of the campaign link the person came by: carried from
    step to step (hidden, no cookie) to the report links of the results page,
    so the report form can name the campaign for this visit only. Anything but
    a short code is dropped.
    """
    answers = {field: str(data.get(field, ""))[:100] for field in FIELDS}
    via = str(data.get("via", ""))
    if via and len(via) <= 32 and via.isascii() and via.isalnum():
        answers["via"] = via
    return answers


def shared_question(situation) -> dict[str, str]:
    """The question behind a result, as query parameters of the results page.

    Only what picks the advice: choices from fixed lists, the municipality's
    code and yes/no flags. Nothing the person typed goes in (a misspelt place
    becomes its code), so the link can be shared or bookmarked on purpose.
    """
    params = {
        "role": situation.role or "",
        "need": situation.need or "",
        "form": situation.form or "",
        "municipality": situation.municipality or "",
    }
    if situation.abroad:
        params["abroad"] = "true"
    if situation.acute:
        params["acute"] = "true"
    if situation.minor:
        params["minor"] = "true"
    if situation.language != "nl":
        params["language"] = situation.language
    return {key: value for key, value in params.items() if value}
