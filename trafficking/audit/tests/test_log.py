"""The one writer of the audit log: only known actions, bounded fields, and
the actor as a name that outlives the account."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from trafficking.audit.actions import AuditAction, ObjectType
from trafficking.audit.log import DETAIL_LENGTH, REF_LENGTH, record
from trafficking.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_entry_names_the_actor_and_what_they_did():
    user = get_user_model().objects.create_user("nachtdienst")
    entry = record(user, AuditAction.REPORT_EXPORTED, ObjectType.REPORT, "M-ABC", "why")
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.actor_id, stored.actor_name) == (user.pk, "nachtdienst")
    assert (stored.action, stored.object_type, stored.object_ref, stored.detail) == (
        "export",
        "report",
        "M-ABC",
        "why",
    )


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_the_system_and_anonymous_visitors_have_no_name(actor):
    entry = record(actor, AuditAction.DELETED_BY_RETENTION, ObjectType.REPORT, "M-1")
    assert (entry.actor_id, entry.actor_name) == (None, "")


def test_an_unknown_action_is_refused_and_nothing_is_stored():
    with pytest.raises(ValueError):
        record(None, "status:triag", ObjectType.REPORT, "M-1")
    with pytest.raises(ValueError):
        record(None, AuditAction.LOGIN, "account", "someone")
    assert not AuditEntry.objects.exists()


def test_long_references_and_details_are_cut_to_fit():
    entry = record(None, AuditAction.LOGIN, ObjectType.USER, "u" * 200, "d" * 2000)
    entry.refresh_from_db()
    assert len(entry.object_ref) == REF_LENGTH
    assert len(entry.detail) == DETAIL_LENGTH


def test_the_log_page_shows_labels_not_codes():
    entry = record(None, AuditAction.STATUS_TRIAGE, ObjectType.REPORT, "M-1")
    assert entry.get_action_display() == str(AuditAction.STATUS_TRIAGE.label)
    assert entry.get_action_display() != "status:triage"


def test_every_action_has_its_own_label():
    labels = [str(label) for label in AuditAction.labels]
    assert len(labels) == len(set(labels))
    assert all(len(value) <= 40 for value in AuditAction.values)
