"""Nothing a reporter wrote can be read from the database or the disk."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from trafficking.reports import followup, triage
from trafficking.reports.attachments import sanitise
from trafficking.reports.models import Attachment, Message, Report
from trafficking.reports.submission import submit_report

from .factories import (
    SECRET_EMAIL,
    SECRET_PHONE,
    SECRET_PLATE,
    SECRET_TEXT,
    login_with_otp,
    make_draft,
)
from .pdfs import one_page_pdf

pytestmark = pytest.mark.django_db

SECRETS = [SECRET_TEXT, SECRET_PHONE, SECRET_PLATE, SECRET_EMAIL, "Tomatenweg", "Geheim-Antwoord"]
# A web link on the page survives the PDF cleaning as plain text, so it would
# show in the stored bytes if they were not sealed.
PDF = one_page_pdf(link="https://www.example.org/Geheim-Bijlage-Inhoud")


def every_cell_of_every_table() -> bytes:
    """All values in the database, as one blob (works on SQLite and PostgreSQL)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode())
    return b"\n".join(chunks)


def test_a_dump_of_the_database_contains_no_report_text_or_identifier(client):
    receipt = submit_report(make_draft(), [sanitise(PDF, "bewijs.pdf")])
    report = Report.objects.get(pk=receipt.report_id)
    followup.add_reporter_message(report, "Geheim-Antwoord van de melder")
    user = login_with_otp(client, "intake")
    triage.write_message(report, user, "Geheim-Vraag aan de melder", to_reporter=True)

    dump = every_cell_of_every_table()
    assert Report.objects.count() == 1 and Message.objects.count() == 2
    for secret in [*SECRETS, "Geheim-Vraag", receipt.code, receipt.code.replace("-", "")]:
        assert secret.encode() not in dump, secret
    # ...while the content does open with the key.
    content = report.content()
    assert content["text"] == SECRET_TEXT
    assert {"type": "plate", "value": SECRET_PLATE} in content["items"]

    if connection.vendor == "sqlite":
        database = Path(settings.DATABASES["default"]["NAME"])
        assert database.exists()  # the test database is a file (settings: TEST NAME)
        raw = b"".join(
            p.read_bytes() for p in database.parent.glob(database.name + "*") if p.is_file()
        )
        assert len(raw) > 100_000
        for secret in SECRETS:
            assert secret.encode() not in raw


def test_attachment_files_are_sealed_on_disk():
    clean = sanitise(PDF, "bewijs.pdf")
    assert b"Geheim-Bijlage-Inhoud" in clean.content  # what sealing has to hide
    receipt = submit_report(make_draft(), [clean])
    attachment = Attachment.objects.get(report_id=receipt.report_id)
    stored = Path(settings.ATTACHMENT_DIR) / attachment.stored_name
    raw = stored.read_bytes()
    assert b"Geheim-Bijlage-Inhoud" not in raw and b"%PDF" not in raw
    assert stored.stat().st_mode & 0o077 == 0  # readable by the service only
