"""Staff decisions on proposed changes, and applying the accepted ones.

One call decides on any number of a response's pending changes, in one
transaction: every record is read again under ``select_for_update``, so a
directory edit or a maker's save that lands between the page and the
decision waits for it rather than slipping under it.

Stale changes. Staff decide on the diff they saw: "current" is the value the
record had when the response was submitted. When the record holds something
else now (an editor changed it since), applying the proposal would silently
overwrite that edit; the change becomes STALE instead and the caller says so.

History. Each record changed gets one save, so one simple_history row per
record, naming the response in its change reason (``change_reason``) and the
reviewer as ``history_user``. The public pages read that reason to say the
change came from the organisation's own answers; they never show the user.

New campaigns. A block that matched no campaign makes one when its changes
are accepted: origin "registered", owned by the organisation, with the
organisation as its sender, and **submitted**, not published. Staff here
decide field by field on survey answers; whether the campaign as a whole
belongs in the public register (is it really about trafficking, is the
address right, is it complete enough) is the moderation decision, taken in
one place with its own stale guard (campaigns/moderation.py). A survey must
not be a way around that. Fields of an existing campaign, the moderated
texts (``HELD_FIELDS``) included, are applied directly: staff reviewed this
very text here, which is what moderation asks for. A maker's text waiting
in ``pending_changes`` is left waiting; moderation still decides on it.
"""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trafficking.audit import events
from trafficking.campaigns.constants import CampaignList, Moderation
from trafficking.campaigns.models import Campaign, Sender
from trafficking.directory.models import Organisation
from trafficking.directory.selectors import SURVEY_REASON_PREFIX

from .models import ChangeStatus, ChangeTarget, ProposedChange, ResponseState, SurveyResponse

ACCEPT = "accept"
REJECT = "reject"
# Fields a survey may change, per model: never the slug, moderation or owner.
ORGANISATION_FIELDS = frozenset(
    {
        "kind",
        "reporting_scale",
        "knowledge_scale",
        "forms",
        "audiences",
        "report_sources",
        "reporting_methods",
        "follow_up",
        "knowledge_activities",
    }
)
CAMPAIGN_FIELDS = frozenset(
    {
        "name",
        "url",
        "region",
        "areas",
        "forms",
        "audiences",
        "goal",
        "call_to_action",
        "period",
        "ongoing",
    }
)


class ReviewError(ValueError):
    """A set of decisions that cannot be applied; nothing was written."""


def change_reason(response: SurveyResponse) -> str:
    """ "Enquête 2025, antwoord #12": the source of every change a response makes."""
    return f"{SURVEY_REASON_PREFIX}{response.version}, antwoord #{response.pk}"


def is_survey_reason(reason: str | None) -> bool:
    return bool(reason) and str(reason).startswith(SURVEY_REASON_PREFIX)


@dataclass
class Outcome:
    accepted: list[ProposedChange] = field(default_factory=list)
    rejected: list[ProposedChange] = field(default_factory=list)
    stale: list[ProposedChange] = field(default_factory=list)
    created: list[Campaign] = field(default_factory=list)


def _empty(value: Any) -> bool:
    return value in ("", None) or value == []


def same(a: Any, b: Any) -> bool:
    """Equal as the record means it: lists as sets; "", None and [] all empty.

    Empty values are alike so that a snapshot of "nothing" (None for a
    campaign that did not exist yet) matches the new row's defaults.
    """
    if _empty(a) and _empty(b):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return set(map(str, a)) == set(map(str, b))
    return a == b


def _as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _checked(model: type[models.Model], name: str, value: Any, instance) -> Any:
    """``value`` as the field takes it, or ReviewError naming the field."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        model_field = None
    if not isinstance(model_field, models.Field):
        raise ReviewError(_("Onbekend veld: %(field)s") % {"field": name})
    if value is None and not model_field.null:
        value = [] if isinstance(model_field, models.JSONField) else ""
    try:
        return model_field.clean(value, instance)
    except ValidationError as error:
        raise ReviewError(
            _("%(field)s: %(error)s")
            % {"field": model_field.verbose_name, "error": "; ".join(error.messages)}
        ) from None


def _apply_to(record: models.Model, allowed: frozenset[str], changes, outcome: Outcome) -> bool:
    """Write ``changes`` onto ``record`` (locked, unsaved); True when something was set."""
    changed = False
    for change in changes:
        if change.field not in allowed:
            raise ReviewError(
                _("Dit veld kan niet uit een enquête komen: %(f)s") % {"f": change.field}
            )
        if not same(_as_json(getattr(record, change.field)), change.current):
            change.status = ChangeStatus.STALE
            outcome.stale.append(change)
            continue
        setattr(record, change.field, _checked(type(record), change.field, change.proposed, record))
        change.status = ChangeStatus.ACCEPTED
        outcome.accepted.append(change)
        changed = True
    return changed


def _save_with_history(record: models.Model, reason: str, user) -> None:
    record._change_reason = reason  # type: ignore[attr-defined]
    record._history_user = user  # type: ignore[attr-defined]
    record.save()


def _new_slug(name: str) -> str:
    stem = slugify(name)[:80].strip("-") or "campagne"
    slug = stem
    while Campaign.objects.filter(slug=slug).exists():
        slug = f"{stem}-{secrets.token_hex(3)}"
    return slug


def _create_campaign(
    response: SurveyResponse, organisation: Organisation, changes, user, outcome: Outcome
) -> Campaign:
    campaign = Campaign(
        origin=CampaignList.REGISTERED,
        owner=organisation,
        moderation=Moderation.SUBMITTED,
        complete=True,
        is_active=True,
        source=change_reason(response),
    )
    for change in changes:
        if change.field not in CAMPAIGN_FIELDS:
            raise ReviewError(
                _("Dit veld kan niet uit een enquête komen: %(f)s") % {"f": change.field}
            )
        setattr(campaign, change.field, _checked(Campaign, change.field, change.proposed, campaign))
        change.status = ChangeStatus.ACCEPTED
        outcome.accepted.append(change)
    campaign.slug = _new_slug(campaign.name)
    _save_with_history(campaign, change_reason(response), user)
    sender = Sender(campaign=campaign, name=organisation.name, organisation=organisation)
    sender._history_user = user  # type: ignore[attr-defined]
    sender.save()
    outcome.created.append(campaign)
    return campaign


@transaction.atomic
def decide(
    response: SurveyResponse,
    decisions: dict[int, str],
    *,
    user,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Outcome:
    """Accept or reject pending changes of ``response``: {change id: ACCEPT/REJECT}.

    Changes not pending any more (decided in another tab) are left alone. A
    new campaign needs its name: accepting other fields of a new campaign
    while its name is rejected or left open is refused (ReviewError), and
    nothing is written.
    """
    now = now or timezone.now()
    if any(choice not in (ACCEPT, REJECT) for choice in decisions.values()):
        raise ReviewError(_("Kies per wijziging overnemen of afwijzen."))
    changes = list(
        ProposedChange.objects.select_for_update()
        .filter(response=response, pk__in=list(decisions), status=ChangeStatus.PENDING)
        .order_by("pk")
    )
    accepted = [c for c in changes if decisions[c.pk] == ACCEPT]
    outcome = Outcome()
    reason = change_reason(response)

    org_changes = [c for c in accepted if c.target == ChangeTarget.ORGANISATION]
    if org_changes:
        organisation = Organisation.objects.select_for_update().get(
            pk=org_changes[0].organisation_id or 0
        )
        if _apply_to(organisation, ORGANISATION_FIELDS, org_changes, outcome):
            _save_with_history(organisation, reason, user)

    by_campaign: dict[int, list[ProposedChange]] = defaultdict(list)
    new_blocks: dict[int, list[ProposedChange]] = defaultdict(list)
    for change in accepted:
        if change.target != ChangeTarget.CAMPAIGN:
            continue
        if change.campaign_id is not None:
            by_campaign[change.campaign_id].append(change)
        else:
            new_blocks[change.block or 0].append(change)
    for campaign_id, group in sorted(by_campaign.items()):
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if _apply_to(campaign, CAMPAIGN_FIELDS, group, outcome):
            _save_with_history(campaign, reason, user)
    for block, group in sorted(new_blocks.items()):
        if not any(c.field == "name" for c in group):
            raise ReviewError(
                _(
                    "Campagne %(n)s is nieuw en heeft een naam nodig: neem de naam over, "
                    "of wijs de andere velden af."
                )
                % {"n": block + 1}
            )
        organisation = Organisation.objects.get(pk=group[0].organisation_id or 0)
        campaign = _create_campaign(response, organisation, group, user, outcome)
        # The block's other changes now concern this campaign.
        ProposedChange.objects.filter(
            response=response, target=ChangeTarget.CAMPAIGN, block=block, campaign=None
        ).update(campaign=campaign)
        for change in changes:
            if (
                change.target == ChangeTarget.CAMPAIGN
                and change.block == block
                and (change.campaign_id is None)
            ):
                change.campaign = campaign

    for change in changes:
        if decisions[change.pk] == REJECT:
            change.status = ChangeStatus.REJECTED
            outcome.rejected.append(change)
        change.decided_by = user
        change.decided_at = now
        if note.strip():
            # The note keeps what the respondent wrote; the reviewer's follows.
            addition = _("Beoordeling: %(note)s") % {"note": note.strip()}
            change.note = f"{change.note}\n\n{addition}" if change.note else addition
    ProposedChange.objects.bulk_update(
        changes, ["status", "decided_by", "decided_at", "note", "campaign"]
    )
    if changes:
        events.survey_changes_decided(
            response,
            accepted=len(outcome.accepted),
            rejected=len(outcome.rejected),
            stale=len(outcome.stale),
            by=user,
        )
    return outcome


def pending_responses() -> models.QuerySet[SurveyResponse]:
    """Submitted responses with at least one change waiting, oldest first."""
    return (
        SurveyResponse.objects.filter(
            state=ResponseState.SUBMITTED, changes__status=ChangeStatus.PENDING
        )
        .annotate(
            pending=models.Count("changes", filter=models.Q(changes__status=ChangeStatus.PENDING))
        )
        .select_related("invitation__organisation")
        .order_by("submitted_at", "pk")
    )
