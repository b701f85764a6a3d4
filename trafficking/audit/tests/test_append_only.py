"""The audit log can be added to, never changed or emptied: not through the
model, not through a queryset, not with raw SQL."""

import pytest
from django.db import connection, transaction

from trafficking.audit.actions import AuditAction, ObjectType
from trafficking.audit.log import record
from trafficking.audit.models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return record(None, AuditAction.REPORT_VIEWED, ObjectType.REPORT, "M-000001")


def test_the_model_refuses_changes_and_deletion(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    entry.detail = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()


@pytest.mark.parametrize(
    "change",
    [
        lambda entries: entries.update(detail="x"),
        lambda entries: entries.delete(),
    ],
    ids=["update", "delete"],
)
def test_querysets_are_stopped_by_the_database(entry, change):
    # A savepoint keeps the test's transaction usable on PostgreSQL.
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        change(AuditEntry.objects.all())
    entry.refresh_from_db()
    assert entry.detail == ""


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditentry SET detail = 'x'", "DELETE FROM audit_auditentry"],
)
def test_raw_sql_is_stopped_by_the_database(entry, statement):
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEntry.objects.filter(pk=entry.pk, detail="").exists()


def test_long_references_are_cut_to_fit():
    from trafficking.audit import accounts

    accounts.user_deleted("x" * 150)
    assert AuditEntry.objects.get(action="user_deleted").object_ref == "x" * 64
