"""Passing a report to partner organisations, only as far as consent allows.

The reporter consents per kind of partner (police, care and shelter, the
Labour Authority). Which kind an organisation is comes only from its reviewed
sharing category in the directory, never from its name or operator type, and
a consent covers no more than its text on the report form says. A partner
whose category the reporter did not consent to, or that no consent names
(municipalities, "other", an organisation nobody categorised), gets the
report only through a four-eyes override, allowed when someone is in acute
danger or a minor is involved: one staff member asks with a written reason,
a supervisor who is someone else approves, and both are logged.

What the partner receives is a separate sealed copy ("payload"), built here.
The reporter's own contact details are identifying: they go along only when
the reporter allowed both contact and sharing with that kind of partner,
never under an override.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from trafficking.directory.constants import SharingCategory
from trafficking.directory.models import Organisation

from . import crypto, events
from .constants import VISIBLE_TO_PARTNER, Direction, ForwardStatus, ShareWith
from .models import Forward, Message, Report
from .workflow import Action, Status, TransitionNotAllowed, next_status

# The consent that covers each sharing category. The reporter reads "De
# politie", "Hulp en opvang (zorgcoördinator)" and "De Nederlandse
# Arbeidsinspectie" (reports/forms.py); no text names municipalities, so they
# and "other" are deliberately missing here: no consent stretches to them.
CONSENT_FOR_CATEGORY: dict[str, str] = {
    SharingCategory.POLICE_JUSTICE: ShareWith.POLICE,
    SharingCategory.LABOUR_INSPECTION: ShareWith.LABOUR,
    SharingCategory.CARE_SHELTER: ShareWith.CARE,
}


class ForwardNotAllowed(Exception):
    """Raised with a message for staff explaining what is missing."""


def consent_needed(category: str) -> str | None:
    """The consent that covers a sharing category, or None when none can."""
    return CONSENT_FOR_CATEGORY.get(category)


def partner_kind(organisation: Organisation) -> str | None:
    """Which consent a forward to this organisation needs (None: only an override)."""
    return consent_needed(organisation.sharing_category)


def consent_covers(report: Report, category: str) -> bool:
    """Whether the reporter's consents cover sharing with this category."""
    needed = consent_needed(category)
    return needed is not None and needed in report.consents()


def override_allowed(report: Report) -> bool:
    return report.acute or report.minor


def partner_payload(report: Report, content: dict, *, identifying: bool) -> dict:
    """The partner's copy of a report: the situation, and the reporter only
    when ``identifying``."""
    payload = {
        "reference": report.reference,
        "received_at": report.received_at.isoformat(),
        "language": report.language,
        "acute": report.acute,
        "minor": report.minor,
        "form": report.form_classified or report.form_reported,
        "municipality_code": report.municipality_code,
        "abroad": report.abroad,
        "text": content.get("text", ""),
        "address": content.get("address", ""),
        "when": content.get("when", ""),
        "items": content.get("items", []),
    }
    if identifying and content.get("contact"):
        payload["reporter_contact"] = content["contact"]
    return payload


# Forward.basis when no consent covers the organisation (four eyes instead).
OVERRIDE_BASIS = "override"


@transaction.atomic
def forward(
    report: Report, organisation: Organisation, user, *, override_reason: str = ""
) -> Forward:
    """Forward with consent, or request an override (pending a second person)."""
    refusal = refusal_reason(report, organisation)
    if refusal:
        raise ForwardNotAllowed(refusal)
    kind = partner_kind(organisation)
    consented = consent_covers(report, organisation.sharing_category)
    override_reason = override_reason.strip()
    if not consented and len(override_reason) < 10:
        raise ForwardNotAllowed(
            "Zonder toestemming van de melder: schrijf waarom dit toch nodig is."
        )
    # Only a category with a consent can be consented to, so a consented
    # forward always has a kind; the None check is for the type checker.
    basis = kind if consented and kind is not None else OVERRIDE_BASIS
    key = report.data_key()
    identifying = consented and report.consent_contact
    content = crypto.unseal_json(key, bytes(report.sealed_content))
    payload = partner_payload(report, content, identifying=identifying)
    item = Forward.objects.create(
        report=report,
        organisation=organisation,
        created_by=user,
        basis=basis,
        include_identifying=identifying,
        override_requested=not consented,
        sealed_override_reason=crypto.seal_json(key, {"text": override_reason})
        if override_reason
        else None,
        status=ForwardStatus.SENT if consented else ForwardStatus.PENDING,
        sealed_payload=crypto.seal_json(key, payload),
    )
    if consented:
        events.report_forwarded(report, organisation, item.basis, by=user)
        _mark_forwarded(report, user)
    else:
        events.override_requested(report, organisation, item.basis, by=user)
    return item


def refusal_reason(report: Report, organisation: Organisation) -> str:
    """Why this report cannot go to this organisation at all ("" when it can,
    with consent or through an override with a reason)."""
    if Forward.objects.filter(report=report, organisation=organisation).exists():
        return "Deze melding is al naar deze organisatie doorgezet."
    if not consent_covers(report, organisation.sharing_category) and not override_allowed(report):
        return _not_consented_message(organisation, partner_kind(organisation))
    return ""


@transaction.atomic
def approve_override(item: Forward, approver) -> Forward:
    """The second pair of eyes: a different person with the approval right."""
    if item.status != ForwardStatus.PENDING:
        raise ForwardNotAllowed("Dit verzoek wacht niet op akkoord.")
    if item.created_by_id == approver.pk:
        raise ForwardNotAllowed("Een tweede medewerker moet akkoord geven, niet de aanvrager.")
    if not approver.has_perm("reports.approve_override"):
        raise ForwardNotAllowed("U mag geen akkoord geven op delen zonder toestemming.")
    item.status = ForwardStatus.SENT
    item.override_approved_by = approver
    item.save(update_fields=["status", "override_approved_by"])
    events.override_approved(item, by=approver)
    _mark_forwarded(item.report, approver)
    return item


def _not_consented_message(organisation: Organisation, kind: str | None) -> str:
    if kind is None:
        category = organisation.get_sharing_category_display() or "geen deelcategorie"
        why = (
            f"Voor deze partner ({category}) kan de melder geen toestemming geven: geen "
            "toestemmingstekst noemt deze soort partner."
        )
    else:
        why = "De melder gaf geen toestemming om te delen met deze partner."
    return (
        f"{why} Zonder toestemming kan alleen bij acuut gevaar of een minderjarige, met vier ogen."
    )


def _mark_forwarded(report: Report, user) -> None:
    locked = Report.objects.select_for_update().get(pk=report.pk)
    before = locked.status
    try:
        locked.status = next_status(before, Action.FORWARD)
    except TransitionNotAllowed:
        return
    locked.save(update_fields=["status", "updated_at"])
    events.forwarded_status(locked, before, by=user)


# --- The partner's side ------------------------------------------------------


def payload_for_partner(item: Forward, user) -> dict:
    events.partner_viewed(item, by=user)
    return crypto.unseal_json(item.report.data_key(), bytes(item.sealed_payload))


@transaction.atomic
def confirm_receipt(item: Forward, user) -> None:
    if item.status == ForwardStatus.SENT:
        item.status = ForwardStatus.RECEIVED
        item.received_at = timezone.now()
        item.save(update_fields=["status", "received_at"])
        events.partner_received(item, by=user)


@transaction.atomic
def report_back(
    item: Forward, user, *, acted: bool, note: str, message_to_reporter: str = ""
) -> None:
    """The partner says what they did; optionally a short word for the reporter.

    A partner may answer again (a first "we are looking into it", later
    "inspection done"): every answer is kept, the latest sets the status.
    """
    key = item.report.data_key()
    first_answer = item.status not in (ForwardStatus.ACTED, ForwardStatus.DECLINED)
    earlier = answers(item)
    now = timezone.now()
    item.status = ForwardStatus.ACTED if acted else ForwardStatus.DECLINED
    item.received_at = item.received_at or now
    history = [*earlier, {"at": now.isoformat(), "acted": acted, "note": note}]
    # "note" stays the latest answer, as older copies hold it.
    item.sealed_feedback = crypto.seal_json(key, {"note": note, "answers": history})
    item.feedback_at = now
    item.save(update_fields=["status", "received_at", "sealed_feedback", "feedback_at"])
    events.partner_answered(item, by=user)
    report = Report.objects.select_for_update().get(pk=item.report_id)
    if message_to_reporter.strip():
        Message.objects.create(
            report=report,
            direction=Direction.TO_REPORTER,
            author=user,
            language=report.language,
            sealed_body=crypto.seal_json(key, {"text": message_to_reporter.strip()}),
        )
    # Intake sees the feedback as unread news on the report.
    report.unread_from_reporter = True
    if (
        first_answer
        and report.status == Status.FORWARDED
        and report.forwards.exclude(
            status__in=[ForwardStatus.ACTED, ForwardStatus.DECLINED]
        ).count()
        == 0
    ):
        events.all_partners_answered(report, by=user)
    report.save(update_fields=["unread_from_reporter", "updated_at"])


def answers(item: Forward) -> list[dict]:
    """Every answer of the partner, oldest first: {"at", "acted", "note"}."""
    if not item.sealed_feedback:
        return []
    data = crypto.unseal_json(item.report.data_key(), bytes(item.sealed_feedback))
    if "answers" in data:
        return data["answers"]
    # Stored before partners could answer more than once: one answer.
    at = item.feedback_at.isoformat() if item.feedback_at else None
    return [{"at": at, "acted": item.status == ForwardStatus.ACTED, "note": data.get("note", "")}]


def feedback(item: Forward) -> str:
    """The partner's latest answer."""
    found = answers(item)
    return found[-1]["note"] if found else ""


# --- What else a partner sees -------------------------------------------------


def attachments_shared(item: Forward) -> bool:
    """Files go along only with the reporter's consent, never under an override.

    A photo or a PDF can identify the reporter (a face, a room, a PDF's author
    field, which is not removed), so under an override they stay behind with
    the reporter's contact details.
    """
    return item.basis != OVERRIDE_BASIS and item.status in VISIBLE_TO_PARTNER


def partner_attachments(item: Forward) -> list[dict]:
    """The report's files this partner may download: id, name, type, size, date."""
    if not attachments_shared(item):
        return []
    key = item.report.data_key()
    return [
        {
            "id": a.pk,
            "size": a.size,
            "at": a.created_at,
            "later": a.message_id is not None,
            **crypto.unseal_json(key, bytes(a.sealed_meta)),
        }
        for a in item.report.attachments.all()
    ]


def partner_may_download(item: Forward, attachment) -> bool:
    return attachment.report_id == item.report_id and attachments_shared(item)


def reporter_additions(item: Forward) -> list[dict]:
    """What the reporter added after the first report (follow-up messages and
    their files), for the partner: never staff notes, never staff questions.

    The reporter's consent covers their report, and these are part of it; the
    partner's copy (the payload) is a snapshot made when forwarding, so later
    additions would otherwise never reach the partner.
    """
    key = item.report.data_key()
    files = attachments_shared(item)
    return [
        {
            "at": m.created_at,
            "language": m.language,
            "text": m.body(key).get("text", ""),
            "attachments": [a.pk for a in m.attachments.all()] if files else [],
            "after_forward": m.created_at >= item.created_at,
        }
        for m in item.report.messages.filter(direction=Direction.FROM_REPORTER).prefetch_related(
            "attachments"
        )
    ]
