"""Named audit events outside a report (sign-in, system jobs), and the rule
that only the event modules write the history or the audit log."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from trafficking.audit import events as audit_events
from trafficking.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# The modules allowed to write history or the audit log directly.
WRITERS = {
    ROOT / "reports" / "events.py",
    ROOT / "audit" / "events.py",
    ROOT / "audit" / "accounts.py",
    ROOT / "audit" / "log.py",
}
LOG_MODULES = ("trafficking.audit.log", ".log")
MODELS = ("ReportEvent", "AuditEntry")
WRITE_METHODS = ("create", "bulk_create", "get_or_create", "update_or_create")


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("intake-1")


def audit(since: int = 0) -> list[tuple[str, str, str]]:
    return [
        (e.action, e.object_ref, e.detail)
        for e in AuditEntry.objects.filter(id__gt=since).order_by("id")
    ]


def last_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_sign_in_events(staff):
    mark = last_audit_id()
    audit_events.logged_in(staff)
    audit_events.login_token_rejected(staff)
    audit_events.logged_out(staff)
    assert [a for a, *_ in audit(mark)] == ["login", "login_bad_token", "logout"]


def test_rebuilding_the_index_is_logged_as_the_system():
    audit_events.index_rebuilt(12, 34)
    entry = AuditEntry.objects.get()
    assert (entry.actor_name, entry.action, entry.object_ref, entry.detail) == (
        "",
        "relink",
        "index",
        "12 reports, 34 keys",
    )


def direct_writes(source: str, name: str = "module.py") -> list[str]:
    """Places in ``source`` that write history or the audit log themselves:
    importing the log writer, building a ReportEvent or AuditEntry, or calling
    a write method on either model."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.ImportFrom):
            module = ("." * node.level) + (node.module or "")
            if module.endswith(LOG_MODULES) or (
                module.endswith("audit") and any(a.name == "log" for a in node.names)
            ):
                found.append(f"{name}:{node.lineno} import {module}")
        elif isinstance(node, ast.Import):
            if any(a.name == "trafficking.audit.log" for a in node.names):
                found.append(f"{name}:{node.lineno} import trafficking.audit.log")
        elif isinstance(node, ast.Call):
            call = ast.unparse(node.func)
            parts = call.split(".")
            if parts[-1] in MODELS or (
                parts[-1] in WRITE_METHODS and any(m in parts for m in MODELS)
            ):
                found.append(f"{name}:{node.lineno} {call}")
    return found


@pytest.mark.parametrize(
    "source",
    [
        "from trafficking.audit.log import record as note",
        "from trafficking.audit import log",
        "import trafficking.audit.log",
        "from .log import record",
        "ReportEvent.objects.create(report=r, action='x')",
        "models.ReportEvent.objects.bulk_create([])",
        "AuditEntry.objects.get_or_create(action='x')",
        "ReportEvent(report=r, action='x').save()",
    ],
)
def test_the_guard_sees_every_way_of_writing(source):
    assert direct_writes(source) != []


def test_the_guard_lets_reading_pass():
    assert direct_writes("ReportEvent.objects.filter(report=r).exists()") == []
    assert direct_writes("from trafficking.reports import events") == []


def test_only_the_event_modules_write_history_or_the_audit_log():
    sources = [
        p
        for p in ROOT.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and p not in WRITERS
    ]
    assert len(sources) > 50
    offenders = [
        hit
        for path in sources
        for hit in direct_writes(path.read_text(), str(path.relative_to(ROOT)))
    ]
    assert offenders == []
