"""The report page's actions (views/actions.py): one handler per action, and
anything else refused with a message; link decisions and downloads leave
their events through the services."""

import pytest

from trafficking.audit.models import AuditEntry
from trafficking.intake.views.actions import HANDLERS
from trafficking.linking.models import LinkDecision
from trafficking.reports.attachments import sanitise
from trafficking.reports.models import Attachment, Report, ReportEvent
from trafficking.reports.submission import submit_report
from trafficking.reports.tests.factories import login_with_otp, make_draft, make_report
from trafficking.reports.tests.pdfs import MINIMAL_PDF

pytestmark = pytest.mark.django_db

PDF = MINIMAL_PDF


def shown_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_every_form_action_has_a_handler():
    assert set(HANDLERS) == {"message", "add_item", "classify", "assign", "forward"}


@pytest.mark.parametrize("action", ["", "verwijderen", "status:close"])
def test_an_unknown_action_is_refused_with_a_message_and_changes_nothing(client, action):
    report, _code = make_report()
    login_with_otp(client, "intake")
    # Following the redirect opens the report, which the history shows.
    history = ReportEvent.objects.filter(report=report).exclude(action="viewed")
    events_before = history.count()
    response = client.post(f"/intake/meldingen/{report.pk}/actie/", {"action": action}, follow=True)
    assert shown_messages(response) == ["Deze stap kan nu niet."]
    report.refresh_from_db()
    assert report.status == "new"
    assert history.count() == events_before


def test_a_workflow_step_still_goes_through(client):
    report, _code = make_report()
    login_with_otp(client, "intake")
    response = client.post(
        f"/intake/meldingen/{report.pk}/actie/", {"action": "triage"}, follow=True
    )
    assert shown_messages(response) == []
    report.refresh_from_db()
    assert report.status == "triage"


def test_a_link_decision_is_stored_with_history_and_audit(client):
    report, _code = make_report()
    other, _code = make_report()
    user = login_with_otp(client, "intake")
    response = client.post(
        f"/intake/meldingen/{report.pk}/koppeling/",
        {"other": other.pk, "decision": "confirm"},
        follow=True,
    )
    assert shown_messages(response) == ["Bewaard."]
    decision = LinkDecision.objects.get()
    assert (decision.decision, decision.decided_by) == ("confirm", user)
    assert ReportEvent.objects.filter(
        report=report, action="link_confirm", detail=other.reference, actor=user
    ).exists()
    assert AuditEntry.objects.filter(
        action="link_confirm", object_ref=report.reference, detail=other.reference
    ).exists()


@pytest.mark.parametrize("decision", ["maybe", ""])
def test_an_unknown_link_decision_stores_nothing(client, decision):
    report, _code = make_report()
    other, _code = make_report()
    login_with_otp(client, "intake")
    response = client.post(
        f"/intake/meldingen/{report.pk}/koppeling/",
        {"other": other.pk, "decision": decision},
        follow=True,
    )
    assert shown_messages(response) == ["Deze koppeling bestaat niet."]
    assert not LinkDecision.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="link_").exists()


def test_a_report_cannot_be_linked_to_itself(client):
    report, _code = make_report()
    login_with_otp(client, "intake")
    client.post(
        f"/intake/meldingen/{report.pk}/koppeling/", {"other": report.pk, "decision": "reject"}
    )
    assert not LinkDecision.objects.exists()


def test_a_staff_download_is_named_by_type_kept_out_of_caches_and_audited(client):
    receipt = submit_report(make_draft(), [sanitise(PDF, "loonstrook.pdf")])
    attachment = Attachment.objects.get(report_id=receipt.report_id)
    user = login_with_otp(client, "intake")
    response = client.get(f"/intake/bijlagen/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="bijlage-{attachment.pk}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    report = Report.objects.get(pk=receipt.report_id)
    assert AuditEntry.objects.filter(
        action="download", actor=user, object_ref=report.reference
    ).exists()


def test_an_export_is_kept_out_of_caches_and_audited(client):
    report, _code = make_report()
    user = login_with_otp(client, "intake")
    response = client.get(f"/intake/meldingen/{report.pk}/export/")
    assert response["Content-Disposition"] == f'attachment; filename="{report.reference}.json"'
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(
        action="export", actor=user, object_ref=report.reference
    ).exists()


@pytest.mark.parametrize("path", ["/intake/inloggen/", "/intake/", "/intake/audit/"])
def test_console_pages_are_kept_out_of_caches(client, path):
    login_with_otp(client, "supervisor")
    assert "no-store" in client.get(path)["Cache-Control"]
