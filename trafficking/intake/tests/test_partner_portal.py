"""The partner portal carries the case (issue 10, point 8): the report's
language, the files and later additions the consent allows, and more than
one answer."""

import pytest

from trafficking.audit.models import AuditEntry
from trafficking.directory.models import Organisation
from trafficking.intake.accounts import create_account
from trafficking.reports import forwarding, triage
from trafficking.reports.attachments import sanitise
from trafficking.reports.constants import ForwardStatus
from trafficking.reports.followup import add_reporter_message
from trafficking.reports.models import Attachment, Report, ReportEvent
from trafficking.reports.submission import submit_report
from trafficking.reports.tests.factories import login_with_otp, make_draft
from trafficking.reports.tests.pdfs import MINIMAL_PDF

pytestmark = pytest.mark.django_db

PDF = MINIMAL_PDF


def forwarded(*, override: bool = False, language: str = "nl"):
    """A report with a file, forwarded to the Labour Authority with the
    reporter's consent, or without it through an approved override."""
    receipt = submit_report(
        make_draft(language=language, minor=override, consent_labour=not override),
        [sanitise(PDF, "loonstrook.pdf")],
    )
    report = Report.objects.get(pk=receipt.report_id)
    staff, _pw, _dev = create_account("aanvrager", "intake")
    nla = Organisation.objects.get(slug="nederlandse-arbeidsinspectie")
    reason = "Minderjarige, acuut gevaar vannacht." if override else ""
    item = forwarding.forward(report, nla, staff, override_reason=reason)
    if override:
        approver, _pw, _dev = create_account("teamleider", "supervisor")
        forwarding.approve_override(item, approver)
    return report, receipt.code, item


def as_partner(client):
    return login_with_otp(
        client, "partner", "inspecteur", organisation="nederlandse-arbeidsinspectie"
    )


def test_partner_sees_the_language_marked_when_not_dutch(client):
    _report, _code, item = forwarded(language="pl")
    as_partner(client)
    html = client.get(f"/intake/partner/{item.pk}/").content.decode()
    assert "Deze melding is geschreven in het Pools." in html
    assert "niet Nederlands" in html
    assert 'lang="pl"' in html
    listing = client.get("/intake/partner/").content.decode()
    assert "Pools" in listing and "niet Nederlands" in listing


def test_a_dutch_report_carries_no_language_warning(client):
    _report, _code, item = forwarded(language="nl")
    as_partner(client)
    html = client.get(f"/intake/partner/{item.pk}/").content.decode()
    assert "Nederlands" in html and "niet Nederlands" not in html


def test_partner_downloads_attachments_under_consent_and_it_is_audited(client):
    report, _code, item = forwarded()
    attachment = Attachment.objects.get(report=report)
    partner = as_partner(client)
    page = client.get(f"/intake/partner/{item.pk}/")
    assert [a["id"] for a in page.context["attachments"]] == [attachment.pk]
    response = client.get(f"/intake/bijlagen/{attachment.pk}/")
    assert response.status_code == 200
    # The file as stored: written anew without its metadata (ADR 0012).
    assert b"".join(response) == sanitise(PDF, "loonstrook.pdf").content
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEntry.objects.filter(
        action="partner_download", actor=partner, object_ref=report.reference
    ).exists()


def test_under_an_override_files_stay_behind(client):
    report, _code, item = forwarded(override=True)
    attachment = Attachment.objects.get(report=report)
    as_partner(client)
    page = client.get(f"/intake/partner/{item.pk}/")
    assert page.status_code == 200
    assert page.context["attachments"] == []
    assert client.get(f"/intake/bijlagen/{attachment.pk}/").status_code == 404


def test_another_reports_file_is_not_reachable(client):
    _report, _code, _item = forwarded()
    other = submit_report(make_draft(consent_labour=True), [sanitise(PDF, "ander.pdf")])
    other_file = Attachment.objects.get(report_id=other.report_id)
    as_partner(client)
    assert client.get(f"/intake/bijlagen/{other_file.pk}/").status_code == 404


def test_partner_sees_the_reporters_later_additions_but_no_staff_notes(client):
    report, _code, item = forwarded()
    staff = create_account("collega", "intake")[0]
    triage.write_message(report, staff, "Interne twijfel over de melder.", to_reporter=False)
    triage.write_message(report, staff, "Welk bedrijf is het?", to_reporter=True)
    add_reporter_message(report, "Het bedrijf heet Kasbouw BV.", [sanitise(PDF, "foto.pdf")])
    as_partner(client)
    page = client.get(f"/intake/partner/{item.pk}/")
    html = page.content.decode()
    assert "Het bedrijf heet Kasbouw BV." in html
    assert "na het doorzetten" in html
    assert "Interne twijfel" not in html
    assert "Welk bedrijf is het?" not in html
    # The file the reporter added later is downloadable too.
    assert len(page.context["attachments"]) == 2
    later = [a for a in page.context["attachments"] if a["later"]]
    assert client.get(f"/intake/bijlagen/{later[0]['id']}/").status_code == 200


def test_partner_can_answer_more_than_once(client):
    report, code, item = forwarded()
    as_partner(client)
    url = f"/intake/partner/{item.pk}/"
    client.post(url, {"action": "feedback", "acted": "1", "note": "Controle gepland."})
    page = client.get(url)
    assert "Nieuwe terugkoppeling versturen" in page.content.decode()
    client.post(
        url,
        {
            "action": "feedback",
            "acted": "1",
            "note": "Controle uitgevoerd, drie mensen opgevangen.",
            "message_to_reporter": "Er is actie ondernomen.",
        },
    )
    item.refresh_from_db()
    assert item.status == ForwardStatus.ACTED
    notes = [a["note"] for a in forwarding.answers(item)]
    assert notes == ["Controle gepland.", "Controle uitgevoerd, drie mensen opgevangen."]
    assert forwarding.feedback(item) == notes[-1]
    assert ReportEvent.objects.filter(report=report, action="all_partners_answered").count() == 1
    # Staff see both answers on the report.
    client.logout()
    login_with_otp(client, "intake", "intaker")
    staff_html = client.get(f"/intake/meldingen/{report.pk}/").content.decode()
    assert "Controle gepland." in staff_html and "drie mensen opgevangen" in staff_html
    reporter = client.post("/nl/melden/opvolgen/", {"code": code}).content.decode()
    assert "Er is actie ondernomen." in reporter


def test_an_incomplete_answer_is_refused_with_a_message(client):
    _report, _code, item = forwarded()
    as_partner(client)
    response = client.post(f"/intake/partner/{item.pk}/", {"action": "feedback", "note": ""})
    assert response.status_code == 400
    assert "Vul in wat u heeft gedaan" in response.content.decode()
