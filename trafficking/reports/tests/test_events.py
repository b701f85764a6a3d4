"""Named report events: each step in a report's life leaves exactly the
history row and audit entry it names, and no report content."""

import pytest
from django.contrib.auth import get_user_model

from trafficking.audit.actions import AuditAction
from trafficking.audit.models import AuditEntry
from trafficking.directory.models import Organisation
from trafficking.linking.models import LinkDecision
from trafficking.reports import events, forwarding, triage
from trafficking.reports.constants import EventType
from trafficking.reports.models import ReportEvent
from trafficking.reports.retention import purge_expired
from trafficking.reports.tests.factories import SECRET_PHONE, SECRET_TEXT, make_report
from trafficking.reports.workflow import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("intake-1")


def history(report) -> list[tuple[str, str, str, str]]:
    return [
        (e.action, e.from_status, e.to_status, e.detail)
        for e in ReportEvent.objects.filter(report=report).order_by("id")
    ]


def audit(since: int = 0) -> list[tuple[str, str, str]]:
    return [
        (e.action, e.object_ref, e.detail)
        for e in AuditEntry.objects.filter(id__gt=since).order_by("id")
    ]


def last_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_new_report_has_one_received_event_and_no_audit_entry():
    report, _code = make_report()
    assert history(report) == [("received", "", "new", "web")]
    assert audit() == []


def test_opening_is_audited_every_time_but_shown_once_per_stretch_of_work(staff):
    report, _code = make_report()
    mark = last_audit_id()
    triage.open_report(report, staff)
    triage.open_report(report, staff)
    assert [a for a, *_ in history(report)].count(EventType.VIEWED) == 1
    assert audit(mark) == [("view", report.reference, "")] * 2


def test_a_status_move_is_one_history_row_and_one_audit_entry(staff):
    report, _code = make_report()
    mark = last_audit_id()
    triage.apply_action(report, staff, Action.TRIAGE)
    triage.apply_action(report, staff, Action.CLOSE)
    assert history(report)[-2:] == [
        ("triage", "new", "triage", ""),
        ("close", "triage", "closed", ""),
    ]
    assert audit(mark) == [
        ("status:triage", report.reference, "new -> triage"),
        ("status:close", report.reference, "triage -> closed"),
    ]


def test_assign_classify_message_and_item_name_what_happened_without_content(staff):
    report, _code = make_report()
    mark = last_audit_id()
    triage.assign(report, staff, staff)
    triage.classify(report, staff, "sexual")
    triage.write_message(report, staff, SECRET_TEXT, to_reporter=False)
    triage.add_item(report, staff, "phone", SECRET_PHONE)
    assert history(report)[1:] == [
        ("assigned", "", "", "intake-1"),
        ("classified", "", "", "sexual"),
        ("message:note", "", "", ""),
        ("item_added", "", "", "phone"),
    ]
    assert [a for a, *_ in audit(mark)] == ["assign", "classify", "message:note", "item_added"]
    logged = " ".join(" ".join(row) for row in [*history(report), *audit()])
    assert SECRET_TEXT not in logged and SECRET_PHONE not in logged


def test_forwarding_and_the_partners_answer(staff):
    report, _code = make_report(consent_police=True)
    police = Organisation.objects.get(slug="politie-oost-nederland")
    mark = last_audit_id()
    item = forwarding.forward(report, police, staff)
    forwarding.confirm_receipt(item, staff)
    forwarding.report_back(item, staff, acted=True, note="opgepakt")
    actions = [a for a, *_ in history(report)]
    assert actions[1:] == [
        "forward",  # to the police
        "forward",  # the status move to forwarded
        "partner_received",
        "partner_acted",
        "all_partners_answered",
    ]
    assert [a for a, *_ in audit(mark)] == ["forward", "partner_received", "partner_acted"]
    assert audit(mark)[0][2] == f"to politie-oost-nederland ({item.basis})"


def test_a_link_decision_is_on_the_report_and_in_the_log(staff):
    report, _code = make_report()
    other, _code = make_report()
    events.link_decided(report, other, LinkDecision.REJECT, by=staff)
    assert history(report)[-1] == ("link_reject", "", "", other.reference)
    assert audit()[-1] == ("link_reject", report.reference, other.reference)


def test_retention_leaves_only_the_reference_and_the_day(staff):
    report, _code = make_report()
    reference = report.reference
    mark = last_audit_id()
    type(report).objects.filter(pk=report.pk).update(delete_after=report.received_at)
    purge_expired()
    assert audit(mark) == [
        ("deleted_by_retention", reference, f"received {report.received_at:%Y-%m-%d}")
    ]


def test_an_event_outside_the_vocabulary_is_refused(staff):
    report, _code = make_report()
    with pytest.raises(ValueError):
        events.status_changed(report, "shred", "new", by=staff)
    assert history(report) == [("received", "", "new", "web")]


def test_every_workflow_action_has_a_history_event_and_an_audit_action():
    for action in Action:
        assert EventType(action.value)
        assert events.STATUS_AUDIT[action] in AuditAction
