"""Nothing of a report is readable on disk, even for a moment: uploads are
held in memory only, bodies are capped before they are read, a failed write
(disk full, read-only) leaves nothing behind and the reporter keeps what they
typed, and orphaned files are cleaned up."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import (
    InMemoryUploadedFile,
    SimpleUploadedFile,
    TemporaryUploadedFile,
)
from django.core.management import call_command
from PIL import Image

from trafficking.reports import storage, views
from trafficking.reports.attachments import MAX_ATTACHMENT_BYTES
from trafficking.reports.models import Attachment, Report
from trafficking.reports.tests.factories import make_report
from trafficking.reports.tests.pdfs import padded_pdf

pytestmark = pytest.mark.django_db
URL = "/nl/melden/"
TYPED = "Iets gezien bij de kassen, drie mannen."
COMPLETE = {
    "step": "send",
    "action": "send",
    "nonce": "n-upload",
    "text": TYPED,
    "acute": "false",
    "minor": "false",
}


def pdf(size: int) -> bytes:
    return padded_pdf(size)  # a real PDF: every PDF is opened and written anew


def photo_jpeg(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def upload_spy(monkeypatch):
    seen: list[type] = []
    real = views.clean_uploads

    def spy(files):
        seen.extend(type(f) for f in files)
        return real(files)

    monkeypatch.setattr(views, "clean_uploads", spy)
    return seen


def test_a_large_upload_is_never_spooled_to_disk(client, upload_spy, settings, tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    big = SimpleUploadedFile("scan.pdf", pdf(3 * 1024 * 1024), "application/pdf")
    assert big.size > settings.FILE_UPLOAD_MAX_MEMORY_SIZE  # Django would spool this
    response = client.post(URL, {**COMPLETE, "files": [big]})
    assert response.status_code == 201
    assert upload_spy == [InMemoryUploadedFile]
    assert TemporaryUploadedFile not in upload_spy
    assert list(spool.iterdir()) == []
    assert Attachment.objects.count() == 1


def test_a_file_over_the_limit_is_refused_with_what_was_typed_kept(client, upload_spy):
    huge = SimpleUploadedFile("film.pdf", pdf(MAX_ATTACHMENT_BYTES + 1024), "application/pdf")
    response = client.post(URL, {**COMPLETE, "files": [huge]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "te groot" in html
    assert TYPED in html
    assert Report.objects.count() == 0
    # The handler dropped the bytes as they came: nothing of it is held.
    assert upload_spy and upload_spy[0] is not TemporaryUploadedFile


def test_six_files_get_the_five_file_message(client):
    files = [SimpleUploadedFile(f"f{i}.jpg", photo_jpeg(), "image/jpeg") for i in range(6)]
    response = client.post(URL, {**COMPLETE, "files": files})
    assert response.status_code == 200
    assert "hoogstens 5 bestanden" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, settings):
    announced = settings.MAX_REQUEST_BODY + 1
    response = client.post(
        "/en/melden/", {**COMPLETE}, CONTENT_LENGTH=str(announced)
    )  # the middleware answers on the header alone
    assert response.status_code == 413
    assert response["Cache-Control"] == "no-store, private"
    assert "too large" in response.content.decode().lower()
    assert Report.objects.count() == 0


def test_an_oversized_api_body_gets_a_json_error(client, settings):
    body = json.dumps({"text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = client.post(
        "/api/v1/reports", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "too large" in response.json()["errors"]["request"][0]
    assert Report.objects.count() == 0


@contextlib.contextmanager
def small_filesystem(path: Path, options: str):
    """A real tmpfs (root only): a full or read-only disk, not a simulation."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.fail(
            "This test mounts a small tmpfs to fill a real disk; it needs root "
            f"(as make test and CI run): {mounted.stderr.decode().strip()}"
        )
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@pytest.mark.parametrize(
    ("options", "why"), [("size=64k", "disk full"), ("size=64k,ro", "read-only")]
)
def test_a_failed_attachment_write_keeps_nothing_and_keeps_what_was_typed(
    client, settings, tmp_path, options, why
):
    if os.geteuid() != 0:
        pytest.fail("run as root (make test does in CI): the test mounts a tmpfs")
    with small_filesystem(tmp_path / "disk", options) as disk:
        settings.ATTACHMENT_DIR = disk
        scan = SimpleUploadedFile("scan.pdf", pdf(200 * 1024), "application/pdf")
        response = client.post(URL, {**COMPLETE, "files": [scan]})
        assert response.status_code == 503, why
        html = response.content.decode()
        assert "niet worden opgeslagen" in html
        assert TYPED in html  # everything typed is back in the form
        assert Report.objects.count() == 0
        assert Attachment.objects.count() == 0
        assert [p.name for p in disk.iterdir()] == []  # no zero-byte or partial file
        # The form token was not spent: the same form can be sent again.
        settings.ATTACHMENT_DIR = tmp_path / "healthy"
        scan = SimpleUploadedFile("scan.pdf", pdf(200 * 1024), "application/pdf")
        again = client.post(URL, {**COMPLETE, "files": [scan]})
        assert again.status_code == 201
        assert Report.objects.count() == 1


def test_orphans_are_removed_and_everything_referenced_is_kept(settings, tmp_path):
    report, _code = make_report()
    root = Path(settings.ATTACHMENT_DIR)
    kept_name, _size = storage.write_sealed(report.data_key(), b"referenced")
    Attachment.objects.create(
        report=report, stored_name=kept_name, size=1, sealed_meta=b"", message=None
    )
    orphan_name, _size = storage.write_sealed(report.data_key(), b"never committed")
    partial = root / ".deadbeef.partial"
    partial.write_bytes(b"half")
    fresh_orphan, _size = storage.write_sealed(report.data_key(), b"in flight")
    old = time.time() - 7200
    for name in (kept_name, orphan_name, partial.name):
        os.utime(root / name, (old, old))
    spool = tmp_path / "spool"
    spool.mkdir()
    spooled = spool / "tmpab12cd.upload.jpg"
    spooled.write_bytes(photo_jpeg())
    os.utime(spooled, (old, old))
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)

    call_command("clean_orphans", stdout=io.StringIO())

    left = {p.name for p in root.iterdir()}
    assert left == {kept_name, fresh_orphan}
    assert not spooled.exists()


def test_a_sealed_write_fsyncs_the_file_and_its_directory(monkeypatch):
    import stat

    synced: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(fd):
        synced.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(storage.os, "fsync", recording_fsync)
    name, _size = storage.write_sealed(bytes(32), b"inhoud")
    assert synced == ["file", "dir"]  # the bytes, then the rename that names them
    assert storage.stored_names() == {name}  # no partial file left beside it


def test_clean_orphans_refuses_when_the_database_references_nothing(settings):
    from django.core.management.base import CommandError

    root = Path(settings.ATTACHMENT_DIR)
    name, _size = storage.write_sealed(bytes(32), b"someone's photo")
    old = time.time() - 7200
    os.utime(root / name, (old, old))
    with pytest.raises(CommandError, match="right database"):
        call_command("clean_orphans", stdout=io.StringIO())
    assert (root / name).exists()
    call_command("clean_orphans", "--force", stdout=io.StringIO())
    assert not (root / name).exists()
