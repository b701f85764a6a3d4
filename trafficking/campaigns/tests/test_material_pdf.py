"""A PDF in the materials library is stored as the reporting point cleans it (ADR 0012).

Issue 12: library files are "checked like the reporting point's attachments
(type detection, size limit, metadata stripped)". A campaign maker's poster
loses its author, software, scripts and embedded files, keeps its pages and
its web links, and the public download serves the cleaned file.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trafficking.campaigns.constants import Licence, MaterialKind, Moderation
from trafficking.campaigns.models import Material
from trafficking.reports.pdf_clean import MAX_PDF_PAGES, clean_pdf
from trafficking.reports.tests.factories import login_with_otp
from trafficking.reports.tests.test_pdf_clean import (
    AUTHOR,
    LINK,
    SOFTWARE,
    all_bytes,
    encrypted_pdf,
    everything_pdf,
    pages_pdf,
    render,
    typst_pdf,
)

ADD = "/intake/campagnes/materialen/nieuw/"
LIBRARY = "/nl/campagnes/bibliotheek/"


@pytest.fixture(autouse=True)
def material_dir(settings, tmp_path):
    settings.MATERIAL_DIR = tmp_path / "materials"
    return settings.MATERIAL_DIR


@pytest.fixture
def maker(client, db):
    login_with_otp(client, "campaign_maker", "maker-comensha", organisation="comensha")
    return client


def form(data: bytes, name: str = "poster.pdf") -> dict:
    return {
        "title": "Poster voor de bouw",
        "description": "Signalen van arbeidsuitbuiting op de bouwplaats.",
        "kind": MaterialKind.POSTER,
        "audiences": ["citizens"],
        "forms": ["labour"],
        "languages": ["nl"],
        "licence": Licence.FREE_TO_ADAPT,
        "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
    }


def stored_files(folder) -> list:
    return sorted(folder.iterdir()) if folder.exists() else []


def test_an_uploaded_pdf_is_stored_cleaned_and_downloaded_cleaned(maker, material_dir):
    original = everything_pdf()
    assert AUTHOR.encode() in all_bytes(original)
    response = maker.post(ADD, form(original))
    assert response.status_code == 302
    material = Material.objects.get()
    stored = (material_dir / material.stored_name).read_bytes()
    assert stored == clean_pdf(original)
    assert material.size == len(stored) and material.content_type == "application/pdf"
    for leftover in (AUTHOR, SOFTWARE, "JavaScript", "EmbeddedFile", "OpenAction"):
        assert leftover.encode() not in all_bytes(stored), leftover
    assert render(stored) == render(original)
    # Once published, the public download serves exactly the cleaned file.
    Material.objects.filter(pk=material.pk).update(status=Moderation.PUBLISHED)
    maker.logout()
    download = maker.get(f"{LIBRARY}{material.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == stored


def test_a_typeset_poster_keeps_its_web_link_and_loses_its_author(maker, material_dir):
    maker.post(ADD, form(typst_pdf()))
    stored = (material_dir / Material.objects.get().stored_name).read_bytes()
    assert AUTHOR.encode() not in all_bytes(stored)
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root
        assert {str(a.A.URI) for a in pdf.pages[0].obj.Annots if "/A" in a} == {LINK}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (encrypted_pdf(user="geheim"), "De PDF is beveiligd met een wachtwoord."),
        (pages_pdf(MAX_PDF_PAGES + 1), "De PDF heeft te veel pagina&#x27;s."),
        (b"%PDF-1.7\n" + b"\x00\xff" * 500 + b"\n%%EOF\n", "kon niet worden gelezen"),
    ],
    ids=["encrypted", "too-many-pages", "garbage"],
)
def test_a_pdf_that_cannot_be_cleaned_is_refused_and_nothing_is_stored(
    maker, material_dir, data, message
):
    response = maker.post(ADD, form(data))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Poster voor de bouw"' in html
    assert Material.objects.count() == 0
    assert stored_files(material_dir) == []
