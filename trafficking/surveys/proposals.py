"""From a submitted survey response to proposed changes (issue 13, point 3).

What the answers say about the organisation and its campaigns becomes one
``ProposedChange`` per field whose value would change; staff decide on each
(review.py). Nothing here writes a directory entry or a campaign.

The questionnaire is data (ADR 0013), but what an answer *means* for the
directory is not in the definition file: which letter of q6 is the telephone
line is a decision about our vocabulary. It lives in ``MAPPINGS``, one entry
per questionnaire version. A version without an entry (or a question missing
from its entry) proposes nothing for that question: guessing from the option
texts of a new version could put a wrong channel in front of victims.

Rules worth knowing:

- An unanswered question proposes nothing (not answering is not "none").
- List fields are compared as sets; the proposed list is in the vocabulary's
  order, so the stored value (and its history) does not depend on clicking
  order.
- Values the questionnaire cannot express are kept: q14 has no option for
  the directory audience "organisaties", so an organisation that has it keeps
  it; the survey neither adds nor removes it.
- Options that have no value in the directory are not applied but shown:
  q14/q21 "anders" and q14 "bestuurders" (the directory sorts organisations
  by who may contact them, and "bestuurders" is not one of those groups).
  Their words, like every "namelijk" text, go into the change's ``note`` so
  staff read them beside the diff. Answers with no field at all (cost,
  duration, results) are shown on the review page from the response itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction

from trafficking.campaigns.constants import CallToAction, CampaignAudience
from trafficking.campaigns.models import Campaign
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

from .campaign_match import match_campaign, name_key
from .models import ChangeStatus, ChangeTarget, ProposedChange, SurveyResponse
from .responses import TEXT_SUFFIX

# Whole-form answers: a letter that means "all of the list" (q2 "e").
ALL = "*all*"


@dataclass(frozen=True)
class ListQuestion:
    """A multiple-choice question that sets a list field.

    ``options`` maps a letter to a value of ``vocabulary`` (ALL: every value;
    None: no value in our vocabulary, shown to staff, never applied).
    ``kept`` are values of the field the question cannot express: the
    record keeps them whatever the answer.
    """

    question: str
    field: str
    vocabulary: tuple[str, ...]
    options: Mapping[str, str | None]
    kept: frozenset[str] = frozenset()


@dataclass(frozen=True)
class VersionMapping:
    """What the answers of one questionnaire version mean for our records."""

    # Organisation.
    scale: str | None = None  # q3: {letter: Scale}
    scale_options: Mapping[str, str] = field(default_factory=dict)
    reporting_point: str | None = None  # q4: {letter: bool}
    reporting_point_options: Mapping[str, bool] = field(default_factory=dict)
    knowledge_centre: str | None = None  # q9
    knowledge_centre_options: Mapping[str, bool] = field(default_factory=dict)
    organisation_lists: tuple[ListQuestion, ...] = ()
    # Campaign block.
    campaign_name: str | None = None  # q18 (name, maybe with a link)
    campaign_scale: str | None = None  # q19
    campaign_scale_options: Mapping[str, str] = field(default_factory=dict)
    campaign_lists: tuple[ListQuestion, ...] = ()
    campaign_goal: str | None = None  # q22: labels become the goal text
    goal_call_to_action: Mapping[str, str] = field(default_factory=dict)
    campaign_running: str | None = None  # q26: {letter: ongoing}
    campaign_running_options: Mapping[str, bool] = field(default_factory=dict)
    campaign_duration: str | None = None  # q25: its label becomes the period text


_FORMS = tuple(Form.values)

MAPPINGS: dict[str, VersionMapping] = {
    "2025": VersionMapping(
        scale="q3",
        scale_options={"a": Scale.REGIONAL, "b": Scale.NATIONAL},
        reporting_point="q4",
        reporting_point_options={"a": True, "b": False},
        knowledge_centre="q9",
        # "b": knowledge they do not share is not a knowledge centre (C.3.2).
        knowledge_centre_options={"a": True, "b": False, "c": False},
        organisation_lists=(
            ListQuestion(
                "q2",
                "forms",
                _FORMS,
                {
                    "a": Form.CRIMINAL,
                    "b": Form.SEXUAL,
                    "c": Form.LABOUR,
                    "d": Form.ORGAN_REMOVAL,
                    "e": ALL,
                },
            ),
            ListQuestion(
                "q5",
                "report_sources",
                tuple(ReportSource.values),
                {
                    "a": ReportSource.PROFESSIONALS,
                    "b": ReportSource.CITIZENS,
                    "c": ReportSource.ANONYMOUS,
                    "d": ReportSource.ORGANISATIONS,
                },
            ),
            ListQuestion(
                "q6",
                "reporting_methods",
                tuple(ReportingMethod.values),
                {
                    "a": ReportingMethod.PHONE_LINE,
                    "b": ReportingMethod.EMAIL,
                    "c": ReportingMethod.ONLINE_FORM,
                    "d": ReportingMethod.IN_PERSON,
                    "e": ReportingMethod.OTHER,
                },
            ),
            ListQuestion(
                "q7",
                "follow_up",
                tuple(FollowUpAction.values),
                {
                    "a": FollowUpAction.ASSESS,
                    "b": FollowUpAction.TO_COMENSHA,
                    "c": FollowUpAction.INVESTIGATE,
                    "d": FollowUpAction.VICTIM_CARE,
                    "e": FollowUpAction.FORWARD_OTHER,
                    "f": FollowUpAction.OTHER,
                },
            ),
            ListQuestion(
                "q13",
                "knowledge_activities",
                tuple(KnowledgeActivity.values),
                {
                    "a": KnowledgeActivity.WEBSITE,
                    "b": KnowledgeActivity.TRAINING,
                    "c": KnowledgeActivity.ONLINE_COURSES,
                    "d": KnowledgeActivity.CONFERENCES,
                    "e": KnowledgeActivity.VIDEOS,
                    "f": KnowledgeActivity.NEWSLETTERS,
                    "g": KnowledgeActivity.OTHER,
                },
            ),
            # Bestuurders (d) and "overig" (e) have no directory audience: the
            # directory says who may contact an organisation, and neither is
            # such a group. They are shown to staff (note), never applied.
            # "Organisaties" cannot be answered here, so it is kept.
            ListQuestion(
                "q14",
                "audiences",
                tuple(Audience.values),
                {
                    "a": Audience.CITIZENS,
                    "b": Audience.VICTIMS,
                    "c": Audience.PROFESSIONALS,
                    "d": None,
                    "e": None,
                },
                kept=frozenset({Audience.ORGANISATIONS}),
            ),
        ),
        campaign_name="q18",
        campaign_scale="q19",
        campaign_scale_options={"a": Scale.REGIONAL, "b": Scale.NATIONAL},
        campaign_lists=(
            ListQuestion(
                "q20",
                "forms",
                _FORMS,
                {
                    "a": Form.CRIMINAL,
                    "b": Form.SEXUAL,
                    "c": Form.LABOUR,
                    "d": Form.ORGAN_REMOVAL,
                },
            ),
            # The register's finer groups (youth, parents, ...) cannot be
            # answered in q21: kept.
            ListQuestion(
                "q21",
                "audiences",
                tuple(CampaignAudience.values),
                {
                    "a": CampaignAudience.CITIZENS,
                    "b": CampaignAudience.VICTIMS,
                    "c": CampaignAudience.PROFESSIONALS,
                    "d": CampaignAudience.POLITICIANS,
                    "e": CampaignAudience.OTHER,
                },
                kept=frozenset(
                    {
                        CampaignAudience.YOUTH,
                        CampaignAudience.CONSUMERS,
                        CampaignAudience.UNDOCUMENTED,
                        CampaignAudience.PARENTS,
                    }
                ),
            ),
        ),
        campaign_goal="q22",
        # "Meldingen stimuleren": the campaign asks people to report.
        goal_call_to_action={"b": CallToAction.REPORT},
        campaign_running="q26",
        campaign_running_options={"a": True, "b": False},
        campaign_duration="q25",
    ),
}

# The area code of the whole country, as the register stores it.
NATIONAL_AREA = "NL"
NAME_LENGTH = Campaign._meta.get_field("name").max_length
REGION_LENGTH = Campaign._meta.get_field("region").max_length
PERIOD_LENGTH = Campaign._meta.get_field("period").max_length
_URL = re.compile(r"(https?://\S+|www\.\S+)", re.IGNORECASE)


def _choice(answers: Mapping[str, Any], key: str | None) -> str | None:
    value = answers.get(key) if key else None
    return value if isinstance(value, str) else None


def _choices(answers: Mapping[str, Any], key: str) -> list[str] | None:
    value = answers.get(key)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def specified_texts(answers: Mapping[str, Any], key: str, letters: Iterable[str]) -> list[str]:
    """The respondent's "namelijk" texts for ``key``'s chosen ``letters``, in letter order."""
    raw = answers.get(key + TEXT_SUFFIX)
    if isinstance(raw, str):
        return [raw.strip()] if raw.strip() else []
    if isinstance(raw, dict):
        return [
            str(raw[letter]).strip()
            for letter in sorted(letters)
            if isinstance(raw.get(letter), str) and raw[letter].strip()
        ]
    return []


def option_label(version: str, key: str, letter: str) -> str:
    """The Dutch label of option ``letter`` of question ``key`` (the letter if unknown)."""
    from .definition import load_version

    try:
        option = load_version(version).question(key).option(letter)
    except (KeyError, ValueError):
        return letter
    return (option.label.nl or letter) if option else letter


def _list_value(spec: ListQuestion, letters: list[str], current: Iterable[str]) -> list[str]:
    chosen: set[str] = set()
    for letter in letters:
        value = spec.options.get(letter)
        if value == ALL:
            chosen.update(spec.vocabulary)
        elif value:
            chosen.add(value)
    chosen.update(v for v in current if v in spec.kept)
    return [v for v in spec.vocabulary if v in chosen]


def same_value(a: Any, b: Any) -> bool:
    """Equal as the record means it: lists as sets, None and "" alike."""
    if isinstance(a, list) and isinstance(b, list):
        return set(map(str, a)) == set(map(str, b))
    return (a if a not in ("", None) else None) == (b if b not in ("", None) else None)


@dataclass
class Draft:
    """A change before it is stored: field, value now, value proposed, respondent's words."""

    field: str
    current: Any
    proposed: Any
    note: str = ""


def _list_note(version: str, spec: ListQuestion, answers: Mapping[str, Any], letters) -> str:
    """The respondent's words and the options we cannot apply, for staff."""
    parts = []
    unmapped = [letter for letter in letters if spec.options.get(letter, None) is None]
    specify = [letter for letter in letters if letter in _specify_letters(version, spec.question)]
    for letter in unmapped:
        if letter not in specify:
            parts.append(option_label(version, spec.question, letter))
    parts.extend(
        f"{option_label(version, spec.question, letter)} {text}"
        for letter, text in zip(
            sorted(specify), _texts_per_letter(answers, spec.question, specify), strict=False
        )
    )
    return "\n".join(parts)


def _specify_letters(version: str, key: str) -> frozenset[str]:
    from .definition import load_version

    try:
        return load_version(version).question(key).specify_keys
    except (KeyError, ValueError):
        return frozenset()


def _texts_per_letter(answers: Mapping[str, Any], key: str, letters: Iterable[str]) -> list[str]:
    raw = answers.get(key + TEXT_SUFFIX)
    ordered = sorted(letters)
    if isinstance(raw, str):
        return [raw.strip()] * min(1, len(ordered))
    if isinstance(raw, dict):
        return [str(raw.get(letter, "")).strip() for letter in ordered]
    return []


def organisation_drafts(version: str, answers: Mapping[str, Any], org: Organisation) -> list[Draft]:
    """What the main answers would change on ``org``; only fields that differ."""
    mapping = MAPPINGS.get(version)
    if mapping is None:
        return []
    drafts: list[Draft] = []

    def propose(name: str, value: Any, note: str = "") -> None:
        current = getattr(org, name)
        if not same_value(current, value):
            drafts.append(Draft(name, current, value, note))

    rp_answer = _choice(answers, mapping.reporting_point)
    kc_answer = _choice(answers, mapping.knowledge_centre)
    is_rp = mapping.reporting_point_options.get(rp_answer) if rp_answer else None
    is_kc = mapping.knowledge_centre_options.get(kc_answer) if kc_answer else None
    was_rp = org.kind in (Kind.REPORTING_POINT, Kind.BOTH)
    was_kc = org.kind in (Kind.KNOWLEDGE_CENTRE, Kind.BOTH)
    # An unanswered q4/q9 leaves that half of the kind as it is.
    rp = was_rp if is_rp is None else is_rp
    kc = was_kc if is_kc is None else is_kc
    if rp and kc:
        propose("kind", Kind.BOTH.value)
    elif rp:
        propose("kind", Kind.REPORTING_POINT.value)
    elif kc:
        propose("kind", Kind.KNOWLEDGE_CENTRE.value)
    # Neither: the directory has no kind for that; staff see q4/q9 on the
    # review page and decide (for instance to deactivate the entry).

    scale_answer = _choice(answers, mapping.scale)
    scale = mapping.scale_options.get(scale_answer) if scale_answer else None
    region = (
        specified_texts(answers, mapping.scale, [scale_answer])
        if mapping.scale and scale_answer
        else []
    )
    note = "\n".join(region)
    for role, name in ((rp, "reporting_scale"), (kc, "knowledge_scale")):
        current = getattr(org, name)
        if role and scale:
            # q3 offers no "lokaal": a municipality's own reporting point
            # answers "regionaal", which does not make it less local.
            if scale == Scale.REGIONAL and current == Scale.LOCAL:
                continue
            propose(name, scale.value if isinstance(scale, Scale) else scale, note)
    if is_rp is False:
        propose("reporting_scale", "")
    if is_kc is False:
        propose("knowledge_scale", "")

    for spec in mapping.organisation_lists:
        letters = _choices(answers, spec.question)
        if letters is None:
            continue
        current = list(getattr(org, spec.field) or [])
        value = _list_value(spec, letters, current)
        propose(spec.field, value, _list_note(version, spec, answers, letters))
    return drafts


def _split_name(text: str) -> tuple[str, str]:
    """q18 asks for a name "and, if possible, a link": (name, web address or "")."""
    url = ""
    match = _URL.search(text)
    if match:
        candidate = match.group(1).rstrip(").,;")
        if candidate.lower().startswith("www."):
            candidate = "https://" + candidate
        try:
            URLValidator(schemes=["https", "http"])(candidate)
        except ValidationError:
            candidate = ""
        if candidate and len(candidate) <= 200:
            url = candidate
            text = text[: match.start()] + text[match.end() :]
    name = " ".join(text.replace("(", " ").replace(")", " ").split()).strip(" -–:,;")
    return name[:NAME_LENGTH], url


def campaign_name(version: str, block: Mapping[str, Any]) -> str:
    """The campaign's name as the block gives it ("" when not answered)."""
    mapping = MAPPINGS.get(version)
    raw = block.get(mapping.campaign_name) if mapping and mapping.campaign_name else None
    return _split_name(raw)[0] if isinstance(raw, str) else ""


def _areas_for(region: str) -> list[str] | None:
    """Area codes for a region named in words, when the name is exactly a known area."""
    from trafficking.directory.catalogue import current_catalogue
    from trafficking.geography.gazetteer import normalise

    wanted = normalise(region)
    if not wanted:
        return None
    for place in current_catalogue().gazetteer.places.values():
        if normalise(place.name) == wanted:
            return [place.code]
        if normalise(place.province) == wanted:
            return [place.province_code]
        if normalise(place.safety_region) == wanted:
            return [place.safety_region_code]
    return None


def campaign_drafts(
    version: str, block: Mapping[str, Any], campaign: Campaign | None
) -> list[Draft]:
    """What one campaign block would change on ``campaign`` (None: a new campaign).

    For a new campaign every answered field is proposed. For an existing one,
    answers coarser than what the register holds (the goal as a list of aims,
    the duration in words) are proposed only where the register is empty, so
    a survey does not overwrite a fuller description with a rougher one.
    """
    mapping = MAPPINGS.get(version)
    if mapping is None:
        return []
    drafts: list[Draft] = []

    def current_of(name: str) -> Any:
        # A new campaign starts from the register's defaults: what it would
        # hold if the change were not accepted (and what review.py compares).
        if campaign is None:
            found = Campaign._meta.get_field(name)
            return found.get_default() if isinstance(found, models.Field) else None
        return getattr(campaign, name)

    def propose(name: str, value: Any, note: str = "", *, fill_only: bool = False) -> None:
        current = current_of(name)
        if fill_only and campaign is not None and current not in ("", None, []):
            return
        if value in ("", None) and campaign is None:
            return
        if not same_value(current, value):
            drafts.append(Draft(name, current, value, note))

    raw_name = block.get(mapping.campaign_name) if mapping.campaign_name else None
    if isinstance(raw_name, str) and raw_name.strip():
        name, url = _split_name(raw_name)
        # "Chaterover campagne 2023" for "Chaterover.nl" is no new name.
        if name and (campaign is None or name_key(name) != name_key(campaign.name)):
            propose("name", name)
        if url:
            propose("url", url, fill_only=True)

    scale_answer = _choice(block, mapping.campaign_scale)
    scale = mapping.campaign_scale_options.get(scale_answer) if scale_answer else None
    if scale == Scale.NATIONAL:
        propose("region", "Landelijk", fill_only=True)
        propose("areas", [NATIONAL_AREA])
    elif scale == Scale.REGIONAL and mapping.campaign_scale:
        texts = specified_texts(block, mapping.campaign_scale, [scale_answer or ""])
        region = " ".join(texts)[:REGION_LENGTH]
        if region:
            propose("region", region)
            areas = _areas_for(region)
            if areas:
                propose("areas", areas)
        elif campaign is not None and NATIONAL_AREA in (campaign.areas or []):
            # Regional without saying where: at least no longer national.
            propose("areas", [a for a in campaign.areas if a != NATIONAL_AREA])

    for spec in mapping.campaign_lists:
        letters = _choices(block, spec.question)
        if letters is None:
            continue
        current = list(current_of(spec.field) or [])
        propose(
            spec.field,
            _list_value(spec, letters, current),
            _list_note(version, spec, block, letters),
        )

    goal_letters = _choices(block, mapping.campaign_goal) if mapping.campaign_goal else None
    if goal_letters and mapping.campaign_goal:
        key = mapping.campaign_goal
        specify = _specify_letters(version, key)
        words = [
            option_label(version, key, letter).rstrip(":. ")
            for letter in sorted(goal_letters)
            if letter not in specify
        ]
        words += specified_texts(block, key, [x for x in goal_letters if x in specify])
        if words:
            propose("goal", ". ".join(words) + ".", fill_only=True)
        actions = [
            mapping.goal_call_to_action[x] for x in goal_letters if x in mapping.goal_call_to_action
        ]
        if actions:
            propose("call_to_action", str(actions[0]), fill_only=True)

    duration = _choice(block, mapping.campaign_duration)
    if duration and mapping.campaign_duration:
        label = option_label(version, mapping.campaign_duration, duration)
        propose("period", label.rstrip(".")[:PERIOD_LENGTH], fill_only=True)

    running = _choice(block, mapping.campaign_running)
    if running is not None and running in mapping.campaign_running_options:
        ongoing = mapping.campaign_running_options[running]
        # The register refuses "ongoing" next to an end date.
        if not (ongoing and campaign is not None and campaign.ends_on):
            propose("ongoing", ongoing)
    return drafts


def _store(response: SurveyResponse, drafts: list[Draft], **target: Any) -> list[ProposedChange]:
    return [
        ProposedChange(
            response=response,
            field=d.field,
            current=_json(d.current),
            proposed=_json(d.proposed),
            note=d.note,
            status=ChangeStatus.PENDING,
            **target,
        )
        for d in drafts
    ]


def _json(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@transaction.atomic
def propose_changes(response: SurveyResponse) -> list[ProposedChange]:
    """The changes ``response`` proposes to its organisation and campaigns, stored.

    Runs inside the submit view's transaction. A response without an
    invitation (an import) proposes nothing; calling it again for the same
    response replaces the pending changes it made before (decided ones stay).
    """
    invitation = response.invitation
    if invitation is None or response.version not in MAPPINGS:
        return []
    organisation = Organisation.objects.get(pk=invitation.organisation_id)
    ProposedChange.objects.filter(response=response, status=ChangeStatus.PENDING).delete()
    answers = response.answers or {}
    changes = _store(
        response,
        organisation_drafts(response.version, answers, organisation),
        target=ChangeTarget.ORGANISATION,
        organisation=organisation,
    )
    for index, block in enumerate(response.campaigns or []):
        if not isinstance(block, dict):
            continue
        match = match_campaign(campaign_name(response.version, block), organisation)
        campaign = match.campaign
        changes += _store(
            response,
            campaign_drafts(response.version, block, campaign),
            target=ChangeTarget.CAMPAIGN,
            organisation=organisation,
            campaign=campaign,
            block=index,
        )
    return ProposedChange.objects.bulk_create(changes)
