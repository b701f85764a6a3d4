"""Bad input on the public pages: clear messages, nothing half-stored, no
server error, and nothing about the reporter's device kept."""

import io
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from trafficking.reports.models import Attachment, Report
from trafficking.reports.tests.test_storage_at_rest import every_cell_of_every_table

pytestmark = pytest.mark.django_db
URL = "/nl/melden/"
COMPLETE = {
    "step": "send",
    "action": "send",
    "nonce": "n-1",
    "text": "Iets gezien.",
    "acute": "false",
    "minor": "false",
}


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "GeheimeCameraMerk"
    exif[0x8825] = {1: "N", 2: (52.0, 30.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_a_file_that_lies_about_its_type_is_refused_clearly(client):
    fake = SimpleUploadedFile("foto.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = client.post(URL, {**COMPLETE, "files": [fake]})
    assert response.status_code == 200
    assert response.context["step"] == "send"
    assert "JPG, PNG" in " ".join(response.context["upload_errors"])
    assert 'value="Iets gezien."' in response.content.decode()  # what was typed stays
    assert Report.objects.count() == 0


def test_a_huge_file_is_refused_before_it_is_read(client):
    huge = SimpleUploadedFile(
        "groot.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "application/pdf"
    )
    response = client.post(URL, {**COMPLETE, "files": [huge]})
    assert "10 MB" in " ".join(response.context["upload_errors"])
    assert Report.objects.count() == 0


def test_photo_location_is_stripped_before_storing(client):
    photo = SimpleUploadedFile("foto.jpg", jpeg_with_gps(), "image/jpeg")
    response = client.post(URL, {**COMPLETE, "files": [photo]})
    assert response.status_code == 201
    from trafficking.reports import crypto, storage

    attachment = Attachment.objects.get()
    key = attachment.report.data_key()
    stored = storage.read_sealed(key, attachment.stored_name)
    assert b"GeheimeCameraMerk" not in stored and b"Exif" not in stored
    assert crypto.unseal_json(key, bytes(attachment.sealed_meta))["type"] == "image/jpeg"


def test_a_tampered_language_field_falls_back_to_the_page_language(client):
    response = client.post("/en/melden/", {**COMPLETE, "language": "tlh"})
    assert response.status_code == 201
    assert Report.objects.get().language == "en"


def test_errors_outside_any_step_are_shown_not_swallowed(client):
    response = client.post(URL, {**COMPLETE, "acute": "misschien"})
    assert response.status_code == 200
    assert response.context["errors"], "a bad hidden answer must be reported"
    assert Report.objects.count() == 0


def test_nothing_about_the_device_is_stored_or_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(
        URL, COMPLETE, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Opvallende-Browser/9.9"
    )
    assert response.status_code == 201
    client.post(
        "/nl/melden/opvolgen/",
        {"code": response.context["code"]},
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="Opvallende-Browser/9.9",
    )
    dump = every_cell_of_every_table()
    for trace in ("203.0.113.77", "Opvallende-Browser"):
        assert trace.encode() not in dump
        assert trace not in caplog.text


def test_the_advice_path_files_no_report(client):
    page = client.get("/nl/advies-vragen/")
    nonce = page.context["nonce"]
    empty = client.post("/nl/advies-vragen/", {"text": "", "nonce": nonce})
    assert empty.status_code == 400
    response = client.post("/nl/advies-vragen/", {"text": "Is dit uitbuiting?", "nonce": nonce})
    assert response.status_code == 201
    question = Report.objects.get()
    assert question.kind == "advice"
    assert question.content()["items"] == []


FIELDS = [
    "text",
    "municipality",
    "address",
    "when",
    "contact_name",
    "contact_phone",
    "contact_email",
    "acute",
    "minor",
    "consent_contact",
    "form",
    "item-0-type",
    "item-0-value",
    "step",
    "action",
    "nonce",
    "language",
]


@given(
    data=st.dictionaries(
        st.sampled_from(FIELDS),
        st.one_of(
            st.text(max_size=400),
            st.text(max_size=12_000),
            st.sampled_from(["true", "send", "next", "what", "x" * 70]),
        ),
    )
)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_fuzzed_form_posts_never_cause_a_server_error(client, data):
    before = Report.objects.count()
    response = client.post(URL, data)
    assert response.status_code in (200, 201, 409)
    if response.status_code != 201:
        assert Report.objects.count() == before


@given(st.text(max_size=200))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_fuzzed_receipt_codes_never_cause_a_server_error(client, code):
    response = client.post("/nl/melden/opvolgen/", {"code": code})
    assert response.status_code in (404, 429)
