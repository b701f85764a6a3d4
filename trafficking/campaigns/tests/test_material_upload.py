"""Uploading to the materials library: checked files, all or nothing, own organisation only."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from PIL import Image

from trafficking.campaigns import material_files
from trafficking.campaigns.constants import Licence, MaterialKind, Moderation
from trafficking.campaigns.models import Campaign, Material
from trafficking.directory.models import Organisation
from trafficking.reports import storage
from trafficking.reports.attachments import MAX_ATTACHMENT_BYTES
from trafficking.reports.pdf_clean import clean_pdf
from trafficking.reports.tests.factories import login_with_otp
from trafficking.reports.tests.test_attachments import (
    GPS_IFD,
    MINIMAL_PDF,
    camera_exif,
    encode,
    two_colour_image,
)

ADD = "/intake/campagnes/materialen/nieuw/"
LIST = "/intake/campagnes/materialen/"


@pytest.fixture(autouse=True)
def material_dir(settings, tmp_path):
    settings.MATERIAL_DIR = tmp_path / "materials"
    return settings.MATERIAL_DIR


@pytest.fixture
def maker(client, db):
    login_with_otp(client, "campaign_maker", "maker-comensha", organisation="comensha")
    return client


def stored_files(folder) -> list:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def fields(**overrides) -> dict:
    data = {
        "title": "Poster voor de bouw",
        "description": "Signalen van arbeidsuitbuiting op de bouwplaats.",
        "kind": MaterialKind.POSTER,
        "audiences": ["citizens", "professionals"],
        "forms": ["labour"],
        "languages": ["nl", "pl"],
        "licence": Licence.FREE_TO_ADAPT,
        "campaign": "",
        "external_url": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_pdf_is_stored_under_a_random_name_and_waits_for_moderation(maker, material_dir):
    response = maker.post(ADD, {**fields(), "file": upload("poster.pdf", MINIMAL_PDF)})
    assert response.status_code == 302 and response["Location"] == LIST
    material = Material.objects.get()
    assert material.status == Moderation.SUBMITTED
    assert material.owner.slug == "comensha"
    assert material.uploaded_by.username == "maker-comensha"
    assert material.content_type == "application/pdf"
    assert material.file_name == "poster.pdf"
    assert material.forms == ["labour"] and material.languages == ["nl", "pl"]
    # The stored name is ours, not the uploader's, and the bytes are the PDF
    # as the check wrote it anew (ADR 0012; test_material_pdf.py has the rest).
    assert stored_files(material_dir) == [material.stored_name]
    assert "poster" not in material.stored_name
    assert (material_dir / material.stored_name).read_bytes() == clean_pdf(MINIMAL_PDF)
    page = maker.get(LIST)
    assert "Poster voor de bouw" in page.content.decode()
    assert "Wacht op controle" in page.content.decode()


def test_a_png_loses_its_exif_and_gps(maker, material_dir):
    original = encode(two_colour_image(), "PNG", exif=camera_exif().tobytes())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    response = maker.post(ADD, {**fields(), "file": upload("foto.png", original, "image/png")})
    assert response.status_code == 302
    material = Material.objects.get()
    stored = (material_dir / material.stored_name).read_bytes()
    assert stored != original
    image = Image.open(io.BytesIO(stored))
    assert image.format == "PNG" and image.size == (40, 20)
    assert not image.getexif()
    assert b"Exif" not in stored and b"eXIf" not in stored


def test_trafficking_in_general_is_no_form_and_a_link_needs_no_file(maker, material_dir):
    response = maker.post(
        ADD,
        fields(
            kind=MaterialKind.VIDEO,
            forms=None,
            external_url="https://www.example.org/video",
        ),
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.forms == []
    assert material.external_url == "https://www.example.org/video"
    assert not material_files.has_file(material)
    assert stored_files(material_dir) == []
    # A second material with only a link: no clash on the empty file name.
    response = maker.post(ADD, fields(title="Tweede", external_url="https://example.org/b"))
    assert response.status_code == 302
    assert Material.objects.count() == 2


BAD_FILES = [
    # (name, bytes, message) — the name says PDF or PNG, the content does not.
    (
        "poster.pdf",
        b"<html><script>alert(1)</script></html>",
        "geen van die soorten, wat de naam ook zegt",
    ),
    ("poster.png", b"MZ\x90\x00" + b"\x00" * 200, "geen van die soorten"),
    ("leeg.pdf", b"", "Het bestand is leeg."),
    ("kapot.pdf", MINIMAL_PDF[:-7], "kon niet worden gelezen"),
    ("kapot.png", encode(two_colour_image(), "PNG")[:60], "kon niet worden gelezen"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_stored(
    maker, material_dir, name, data, message
):
    response = maker.post(ADD, {**fields(), "file": upload(name, data, "application/pdf")})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    # What was typed stays in the form.
    assert 'value="Poster voor de bouw"' in html
    # The message is tied to the field for screen readers.
    assert 'aria-describedby="id_file_helptext id_file_errors"' in html
    assert '<div id="id_file_errors">' in html
    assert Material.objects.count() == 0
    assert stored_files(material_dir) == []


def test_a_huge_file_is_refused(maker, material_dir):
    data = MINIMAL_PDF[:9] + b"%" + b"x" * MAX_ATTACHMENT_BYTES + b"\n" + MINIMAL_PDF[9:]
    response = maker.post(ADD, {**fields(), "file": upload("groot.pdf", data)})
    assert response.status_code == 400
    assert "Het bestand is te groot. Het mag hoogstens 10 MB zijn." in response.content.decode()
    assert Material.objects.count() == 0
    assert stored_files(material_dir) == []


def test_the_message_is_in_the_makers_language(maker, material_dir):
    response = maker.post(
        ADD, {**fields(), "file": upload("leeg.pdf", b"")}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="en">' in html
    # Until the English catalogue has this message, Dutch is what shows;
    # either way it is a message, not a server error.
    assert "Het bestand is leeg." in html or "The file is empty." in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "Voeg een bestand toe of geef het webadres"),
        ({"external_url": "javascript:alert(1)"}, "Geef een volledig webadres"),
        ({"external_url": "ftp://example.org/x"}, "Geef een volledig webadres"),
        ({"external_url": "https://user:pw@example.org/"}, "Geef een volledig webadres"),
        ({"audiences": None, "external_url": "https://e.org"}, "Kies ten minste één doelgroep"),
        ({"languages": None, "external_url": "https://e.org"}, "Kies ten minste één taal"),
        ({"kind": "video"}, "Geef voor een video, animatie of e-learning het webadres"),
        (
            {"licence": "public_domain", "external_url": "https://e.org"},
            "Wat mogen anderen ermee?",
        ),
    ],
)
def test_incomplete_or_wrong_fields_are_explained(maker, overrides, message):
    response = maker.post(ADD, fields(**overrides))
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert Material.objects.count() == 0


def test_a_file_and_a_link_together_are_refused(maker, material_dir):
    response = maker.post(
        ADD,
        {**fields(external_url="https://e.org"), "file": upload("p.pdf", MINIMAL_PDF)},
    )
    assert response.status_code == 400
    assert "niet allebei" in response.content.decode()
    assert stored_files(material_dir) == []


def test_scripts_in_text_are_stored_as_text_and_shown_escaped(maker, client):
    script = "<script>alert('x')</script>"
    response = maker.post(
        ADD,
        {
            **fields(title=f"Titel {script}", description=f"Tekst {script}"),
            "file": upload("p.pdf", MINIMAL_PDF),
        },
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert script in material.title  # kept as typed: it is only text
    listing = maker.get(LIST).content.decode()
    assert script not in listing and "&lt;script&gt;" in listing
    material.status = Moderation.PUBLISHED
    material.save()
    client.logout()
    detail = client.get(f"/nl/campagnes/bibliotheek/{material.pk}/").content.decode()
    assert "<script>alert" not in detail and "&lt;script&gt;" in detail


def test_only_the_makers_own_campaigns_can_be_chosen(maker):
    comensha = Organisation.objects.get(slug="comensha")
    other = Organisation.objects.exclude(pk=comensha.pk).first()
    own = Campaign.objects.create(
        moderation="published", slug="eigen", name="Eigen campagne", origin="registered"
    )
    own.owner = comensha
    own.save()
    foreign = Campaign.objects.create(
        moderation="published",
        slug="vreemd",
        name="Andermans campagne",
        origin="registered",
        owner=other,
    )
    page = maker.get(ADD).content.decode()
    assert "Eigen campagne" in page and "Andermans campagne" not in page
    response = maker.post(
        ADD, {**fields(campaign=str(foreign.pk)), "file": upload("p.pdf", MINIMAL_PDF)}
    )
    assert response.status_code == 400
    assert Material.objects.count() == 0
    response = maker.post(
        ADD, {**fields(campaign=str(own.pk)), "file": upload("p.pdf", MINIMAL_PDF)}
    )
    assert response.status_code == 302
    assert Material.objects.get().campaign == own


def test_a_failing_database_leaves_no_file(maker, material_dir, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Material, "save", broken_save)
    response = maker.post(ADD, {**fields(), "file": upload("p.pdf", MINIMAL_PDF)})
    assert response.status_code == 503
    assert "Er is niets bewaard" in response.content.decode()
    assert stored_files(material_dir) == []
    monkeypatch.undo()
    assert Material.objects.count() == 0


def test_a_failing_disk_leaves_no_row_and_no_partial_file(maker, material_dir, monkeypatch):
    def full_disk(fd):
        raise OSError(28, "No space left on device")

    # The library writes with the reporting point's atomic writer.
    monkeypatch.setattr(storage.os, "fsync", full_disk)
    response = maker.post(ADD, {**fields(), "file": upload("p.pdf", MINIMAL_PDF)})
    monkeypatch.undo()
    assert response.status_code == 503
    assert Material.objects.count() == 0
    assert stored_files(material_dir) == []


# --- Editing -------------------------------------------------------------------


def make_material(owner_slug: str = "comensha", **fields_) -> Material:
    values = {
        "title": "Bestaand materiaal",
        "kind": MaterialKind.FLYER,
        "licence": Licence.USE_UNCHANGED,
        "audiences": ["youth"],
        "languages": ["nl"],
        "status": Moderation.PUBLISHED,
    }
    values.update(fields_)
    material = Material(owner=Organisation.objects.get(slug=owner_slug), **values)
    clean = material_files.check_upload(upload("flyer.pdf", MINIMAL_PDF))
    return material_files.save_material(material, clean=clean)


def test_an_edit_goes_back_to_moderation_and_a_new_file_replaces_the_old(
    maker, material_dir, django_capture_on_commit_callbacks
):
    material = make_material()
    old = material.stored_name
    url = f"/intake/campagnes/materialen/{material.pk}/"
    page = maker.get(url)
    assert page.status_code == 200 and "Bestaand materiaal" in page.content.decode()
    png = encode(two_colour_image(), "PNG")
    with django_capture_on_commit_callbacks(execute=True):
        response = maker.post(
            url, {**fields(title="Nieuwe titel"), "file": upload("nieuw.png", png, "image/png")}
        )
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.title == "Nieuwe titel"
    assert material.status == Moderation.SUBMITTED
    assert material.content_type == "image/png"
    assert stored_files(material_dir) == [material.stored_name] != [old]


def test_an_edit_may_keep_the_file(maker, material_dir):
    material = make_material()
    url = f"/intake/campagnes/materialen/{material.pk}/"
    response = maker.post(url, fields(title="Alleen de titel"))
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.title == "Alleen de titel" and material_files.has_file(material)
    assert stored_files(material_dir) == [material.stored_name]


def test_a_linked_material_keeps_its_link_when_edited(maker, material_dir):
    material = make_material()
    material = material_files.save_material(material, drop_file=True)
    Material.objects.filter(pk=material.pk).update(external_url="https://example.org/v")
    url = f"/intake/campagnes/materialen/{material.pk}/"
    page = maker.get(url).content.decode()
    assert 'value="https://example.org/v"' in page
    assert page.index('name="file"') < page.index('name="external_url"')
    response = maker.post(url, fields(title="Nieuw", external_url="https://example.org/v"))
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.external_url == "https://example.org/v" and material.title == "Nieuw"


# --- Who may -------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    for url in (LIST, ADD):
        response = client.get(url)
        assert response.status_code == 302 and "/intake/inloggen/" in response["Location"]
    response = client.post(ADD, {**fields(), "file": upload("p.pdf", MINIMAL_PDF)})
    assert response.status_code == 302
    assert Material.objects.count() == 0


@pytest.mark.parametrize(("role", "organisation"), [("partner", "comensha"), ("intake", "")])
def test_partners_and_intake_staff_are_no_makers(client, db, role, organisation, material_dir):
    login_with_otp(client, role, f"{role}-x", organisation=organisation)
    assert client.get(LIST).status_code == 403
    response = client.post(ADD, {**fields(), "file": upload("p.pdf", MINIMAL_PDF)})
    assert response.status_code == 403
    assert Material.objects.count() == 0
    assert stored_files(material_dir) == []


def test_another_organisations_maker_cannot_see_or_change_a_material(client, db):
    material = make_material()
    other = Organisation.objects.exclude(slug="comensha").first()
    login_with_otp(client, "campaign_maker", "maker-other", organisation=other.slug)
    assert "Bestaand materiaal" not in client.get(LIST).content.decode()
    url = f"/intake/campagnes/materialen/{material.pk}/"
    assert client.get(url).status_code == 404
    response = client.post(url, {**fields(title="Gekaapt"), "file": upload("p.pdf", MINIMAL_PDF)})
    assert response.status_code == 404
    material.refresh_from_db()
    assert material.title == "Bestaand materiaal"
    assert material.status == Moderation.PUBLISHED
