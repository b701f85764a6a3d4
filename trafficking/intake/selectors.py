"""What the console's pages show, read in one place per page.

Reading only: nothing here writes the report's history or the audit log.
Opening a report's content is a look that is audited, so the views ask
triage.open_report (reports) and forwarding.payload_for_partner for that.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from trafficking.audit.models import AuditEntry
from trafficking.core.text import visible_tree
from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import EMERGENCY
from trafficking.directory.models import Organisation
from trafficking.directory.routing import Recommendation, Situation, route
from trafficking.linking.alerts import identifier_alerts
from trafficking.linking.case_suggestions import suggestions_for
from trafficking.linking.cases import candidate_case
from trafficking.reports import crypto, forwarding, triage
from trafficking.reports.constants import VISIBLE_TO_PARTNER, ForwardStatus, ReportKind
from trafficking.reports.models import Attachment, Forward, ReplyTemplate, Report
from trafficking.reports.workflow import allowed_actions

from .access import STAFF_ROLES, TRIAGE_REPORT

AUDIT_PAGE_SIZE = 500  # the audit page shows the latest entries only


# --- Queue ------------------------------------------------------------------


def pending_overrides() -> QuerySet[Forward]:
    """Forwards without consent waiting for a second staff member's approval."""
    return Forward.objects.filter(status=ForwardStatus.PENDING).select_related(
        "report", "organisation"
    )


# --- One report -------------------------------------------------------------


def report_page(report: Report, user) -> dict:
    """Everything the report page shows besides its content and its forms."""
    is_report = report.kind == ReportKind.REPORT
    return {
        "report": report,
        **_links(report),
        "attachments": attachment_list(report),
        "conversation": triage.messages_for_staff(report),
        "events": report.events.select_related("actor"),
        "actions": allowed_actions(report.status),
        "recommended": recommended_organisations(report) if is_report else [],
        "forwards": [
            {"item": f, "answers": forwarding.answers(f)}
            for f in report.forwards.select_related("organisation", "created_by")
        ],
        "override_allowed": forwarding.override_allowed(report),
        "templates": ReplyTemplate.objects.filter(language=report.language),
        "staff": staff_members(),
        "can_triage": user.has_perm(TRIAGE_REPORT),
    }


def _links(report: Report) -> dict:
    """The report's candidate case and the look-alikes staff have not decided on.

    Tips (and other kinds) are not linked: only reports have a case.
    """
    if report.kind != ReportKind.REPORT:
        return {
            "case": None,
            "case_reports": [],
            "suggestions": [],
            "suggested_reports": {},
            "identifier_alerts": [],
        }
    case = candidate_case(report)
    decided = set(case.rejected + case.confirmed)
    suggestions = [s for s in suggestions_for(report, case) if s.other not in decided]
    return {
        "case": case,
        "case_reports": Report.objects.filter(pk__in=case.members).exclude(pk=report.pk),
        "suggestions": suggestions,
        "suggested_reports": {
            r.pk: r for r in Report.objects.filter(pk__in=[s.other for s in suggestions])
        },
        "identifier_alerts": identifier_alerts(report),
    }


def attachment_list(report: Report) -> list[dict]:
    """The report's files with their sealed name and type, for staff."""
    key = report.data_key()
    return [
        {
            "id": a.pk,
            "size": a.size,
            "at": a.created_at,
            **crypto.unseal_json(key, bytes(a.sealed_meta)),
        }
        for a in report.attachments.all()
    ]


def staff_members() -> QuerySet:
    """Who a report can be assigned to."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=STAFF_ROLES) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


def recommended_organisations(report: Report) -> list[Recommendation]:
    """Where the directory would send the reporter's situation; staff forward
    to these first. The emergency number is left out: it is called, not sent
    a report."""
    situation = Situation(
        role="citizen",
        form=(report.form_classified or report.form_reported) or None,
        municipality=report.municipality_code or None,
        abroad=report.abroad,
        need="report",
        acute=report.acute,
        minor=report.minor,
    )
    return [r for r in route(situation, current_catalogue()) if r.organisation.slug != EMERGENCY]


def export_payload(report: Report) -> dict:
    """A report as exported: shown as on screen, without invisible characters
    (the seal keeps them)."""
    payload = {
        "reference": report.reference,
        "received_at": report.received_at.isoformat(),
        "status": report.status,
        "language": report.language,
        "content": report.content(),
        "messages": [{**m, "at": m["at"].isoformat()} for m in triage.messages_for_staff(report)],
    }
    return visible_tree(payload)


# --- Files ------------------------------------------------------------------


def partner_forward_for(attachment: Attachment, organisation) -> Forward | None:
    """The forward through which a partner may download this file, if any."""
    item = Forward.objects.filter(
        report=attachment.report, organisation=organisation, status__in=VISIBLE_TO_PARTNER
    ).first()
    if item is None or not forwarding.partner_may_download(item, attachment):
        return None
    return item


# --- Audit log and partner portal ------------------------------------------


def latest_audit_entries() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.all()[:AUDIT_PAGE_SIZE]


def partner_forwards(organisation) -> QuerySet[Forward]:
    """The reports forwarded to a partner that it may see."""
    return Forward.objects.filter(
        organisation=organisation, status__in=VISIBLE_TO_PARTNER
    ).select_related("report")


def partner_items(organisation, pk: int) -> QuerySet[Forward]:
    """The forward of this partner with this number, as a query for
    get_object_or_404 (empty when it is not theirs or not visible to them)."""
    return Forward.objects.select_related("report", "organisation").filter(
        pk=pk, organisation=organisation, status__in=VISIBLE_TO_PARTNER
    )


def organisation_by_slug(slug: str) -> Organisation | None:
    """A directory organisation by slug, or None when it is not (or no longer) there."""
    return Organisation.objects.filter(slug=slug).first() if slug else None
