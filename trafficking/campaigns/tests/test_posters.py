"""The printable materials: real PDFs from typst, read back with pdfium and zxing.

Expected contacts are computed from the directory as loaded from
inventory.yaml (the regional police unit serving a municipality, its phone
number), not copied from the rendered output.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp

from trafficking.campaigns.local_route import MAX_LINES, local_route
from trafficking.campaigns.poster_texts import SLOGANS, TEMPLATE_LANGUAGES
from trafficking.campaigns.posters import (
    TEMPLATES,
    InvalidText,
    UnknownMunicipality,
    UnknownTemplate,
    UnsupportedLanguage,
    download_name,
    render_poster,
    resolve_context,
)
from trafficking.directory.catalogue import ChannelInfo
from trafficking.directory.constants import ChannelKind, OperatorType
from trafficking.directory.tests.factories import make_catalogue, org

BASE = "https://meldpunt.example"
ZWOLLE = "GM0193"
ROTTERDAM = "GM0599"  # police unit Rotterdam, not Oost-Nederland
GRONINGEN = "GM0014"
MM_TO_PT = 72 / 25.4


def pdf_text(pdf: bytes) -> str:
    """All text of a one-page PDF, whitespace collapsed (lines wrap anywhere)."""
    document = pdfium.PdfDocument(pdf)
    return " ".join(document[0].get_textpage().get_text_range().split())


def fonts_used(pdf: bytes) -> set[str]:
    """The font of every visible character on the first page."""
    page = pdfium.PdfDocument(pdf)[0]
    textpage = page.get_textpage()
    names = set()
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    for index in range(textpage.count_chars()):
        if textpage.get_text_range(index, 1).isspace():
            continue
        pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, 256, ctypes.byref(flags))
        names.add(buffer.value.decode("utf-8", "replace"))
    return names


def render(catalogue, template, language, code, name="Stichting Voorbeeld", link=None):
    context = resolve_context(template, language, code, name, link, catalogue, base_url=BASE)
    return context, render_poster(context)


def police_unit(catalogue, code):
    """The regional police unit serving a municipality and its phone number, from the directory."""
    units = [
        o
        for o in catalogue.serving(code)
        if o.operator_type == OperatorType.POLICE and not o.national
    ]
    assert len(units) == 1, units
    phones = [c.value for c in units[0].channels if c.kind == ChannelKind.PHONE and c.usable]
    assert phones, units[0]
    return units[0].name, phones[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("template", "language"),
    [(t, lang) for t, languages in TEMPLATE_LANGUAGES.items() for lang in languages],
)
def test_every_template_and_language_is_one_page_of_the_right_size(catalogue, template, language):
    _, pdf = render(catalogue, template, language, ZWOLLE)
    assert pdf.startswith(b"%PDF-")
    document = pdfium.PdfDocument(pdf)
    assert len(document) == 1
    width, height = document[0].get_size()
    expected = TEMPLATES[template].size_mm
    assert width == pytest.approx(expected[0] * MM_TO_PT, abs=1)
    assert height == pytest.approx(expected[1] * MM_TO_PT, abs=1)


@pytest.mark.django_db
@pytest.mark.parametrize("code", [ZWOLLE, ROTTERDAM])
@pytest.mark.parametrize(("template", "language"), [("citizens", "nl"), ("workers", "en")])
def test_poster_shows_the_regions_police_unit_112_and_the_report_form(
    catalogue, code, template, language
):
    name, phone = police_unit(catalogue, code)
    _, pdf = render(catalogue, template, language, code)
    text = pdf_text(pdf)
    assert name in text
    assert phone in text
    assert "112" in text
    # The report form's path is Dutch in every language (reports/urls.py).
    assert f"{BASE}/{language}/melden/" in text
    assert catalogue.gazetteer.places[code].name in text


@pytest.mark.django_db
def test_two_police_units_give_two_different_posters(catalogue):
    zwolle_unit, _ = police_unit(catalogue, ZWOLLE)
    rotterdam_unit, _ = police_unit(catalogue, ROTTERDAM)
    assert zwolle_unit != rotterdam_unit
    text = pdf_text(render(catalogue, "citizens", "nl", ROTTERDAM)[1])
    assert rotterdam_unit in text
    assert zwolle_unit not in text


@pytest.mark.django_db
def test_pocket_card_shows_the_regional_safety_house_e_mail(catalogue):
    # Groningen's Zorg- en Veiligheidshuis is reached by e-mail; professionals report there.
    zvh = [
        o
        for o in catalogue.serving(GRONINGEN)
        if o.operator_type == OperatorType.ZVH and not o.national
    ]
    assert len(zvh) == 1
    email = next(c.value for c in zvh[0].channels if c.kind == ChannelKind.EMAIL and c.usable)
    text = pdf_text(render(catalogue, "professionals", "en", GRONINGEN)[1])
    assert zvh[0].name in text
    assert email in text
    assert "Signs of human trafficking" in text


@pytest.mark.django_db
@pytest.mark.parametrize("code", [ZWOLLE, ROTTERDAM, "GM0363"])
def test_outdated_contact_details_are_never_printed(catalogue, code):
    outdated = {
        c.value
        for o in catalogue.serving(code)
        for c in o.channels
        if c.outdated and c.value.strip()
    }
    usable = {c.value for o in catalogue.serving(code) for c in o.channels if c.usable}
    for template in TEMPLATES:
        text = pdf_text(render(catalogue, template, "nl", code)[1])
        for value in outdated - usable:
            assert value not in text


@pytest.mark.django_db
def test_qr_code_reads_back_as_the_link_passed_in(catalogue):
    link = "https://meldpunt.example/c/ZW7K3?utm=poster"
    for template in TEMPLATES:
        _, pdf = render(catalogue, template, "nl", ZWOLLE, link=link)
        bitmap = pdfium.PdfDocument(pdf)[0].render(scale=2).to_pil()
        results = zxingcpp.read_barcodes(bitmap)
        assert [r.text for r in results] == [link], template


@pytest.mark.django_db
def test_qr_code_defaults_to_the_wizard_in_the_posters_language(catalogue):
    context, pdf = render(catalogue, "workers", "pl", ZWOLLE)
    results = zxingcpp.read_barcodes(pdfium.PdfDocument(pdf)[0].render(scale=2).to_pil())
    assert [r.text for r in results] == [context.link_url]
    assert context.link_url.startswith(f"{BASE}/pl/")


# A few characters each language cannot do without.
LANGUAGE_CHARACTERS = {
    "pl": "łśęą",
    "ro": "șțăî",
    "bg": "жъщяВ",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", TEMPLATE_LANGUAGES["workers"])
def test_worker_poster_prints_its_own_slogan_and_script_intact(catalogue, language):
    _, pdf = render(catalogue, "workers", language, ZWOLLE)
    text = pdf_text(pdf)
    assert SLOGANS[language] in text
    for other, slogan in SLOGANS.items():
        if other != language:
            assert slogan not in text
    for character in LANGUAGE_CHARACTERS.get(language, ""):
        assert character in text, character
    if language == "bg":
        assert len(re.findall(r"[\u0400-\u04FF]", text)) > 200
    # Every character is set in DejaVu Sans itself: none needed a fallback font.
    assert fonts_used(pdf) and all("DejaVuSans" in name for name in fonts_used(pdf))


@pytest.mark.django_db
def test_organisation_name_with_typst_markup_prints_literally(catalogue):
    name = r"Stichting #set page(fill: red) $x^2$ *vet* _schuin_ [a] \ <b> @c // d = e"
    context, pdf = render(catalogue, "citizens", "nl", ZWOLLE, name=name)
    assert context.organisation_name == name
    text = pdf_text(pdf)
    assert name in text
    # The page was not turned red by the name: its corner is still white.
    bitmap = pdfium.PdfDocument(pdf)[0].render(scale=0.5).to_pil().convert("RGB")
    assert bitmap.getpixel((2, 2)) == (255, 255, 255)


@pytest.mark.django_db
def test_a_name_with_characters_beyond_dejavu_still_renders(catalogue):
    # Whatever an organisation is called, the PDF is made (a fallback font).
    _, pdf = render(catalogue, "citizens", "nl", ZWOLLE, name="Stichting 𝔄")
    assert "Stichting 𝔄" in pdf_text(pdf)
    # ... and the font check of the test above does see a fallback when there is one.
    assert any("DejaVuSans" not in name for name in fonts_used(pdf))


def test_unverified_contact_is_marked_as_the_directory_marks_it(settings):
    unverified = ChannelInfo("phone", "0800 0000 (test)", verified=False)
    catalogue = make_catalogue(
        org(
            "politie-oost-nederland",
            operator_type="police",
            municipalities=frozenset({"GM0193", "GM0150"}),
            channels=(unverified,),
        )
    )
    lines = local_route("citizens", ZWOLLE, catalogue, "nl")
    police = next(line for line in lines if line.slug == "politie-oost-nederland")
    assert police.contact is not None and police.contact.verified is False
    text = pdf_text(render(catalogue, "citizens", "nl", ZWOLLE)[1])
    assert "0800 0000 (test) (niet gecontroleerd)" in text
    text_en = pdf_text(render(catalogue, "citizens", "en", ZWOLLE)[1])
    assert "0800 0000 (test) (not verified)" in text_en


def test_organisation_without_channel_is_printed_with_the_way_to_reach_it():
    catalogue = make_catalogue(
        org(
            "zvh-ijsselland",
            operator_type="zvh",
            municipalities=frozenset({"GM0193", "GM0150"}),
            channels=(),
        )
    )
    lines = local_route("professionals", ZWOLLE, catalogue, "nl")
    zvh = next(line for line in lines if line.slug == "zvh-ijsselland")
    assert zvh.contact is None
    assert [name for name, _ in zvh.via] == [catalogue.get("comensha").name]
    text = pdf_text(render(catalogue, "professionals", "nl", ZWOLLE)[1])
    assert f"bereikbaar via {catalogue.get('comensha').name}: 0800 0000" in text


def test_local_route_leaves_out_112_and_the_online_point_and_fits_the_page():
    catalogue = make_catalogue()
    for audience in MAX_LINES:
        lines = local_route(audience, ZWOLLE, catalogue)
        assert 0 < len(lines) <= MAX_LINES[audience]
        slugs = [line.slug for line in lines]
        assert "alarmnummer-112" not in slugs
        assert "meldpunt-online" not in slugs
        assert len(slugs) == len(set(slugs))


def test_worker_route_names_both_advice_and_the_labour_authority():
    slugs = [line.slug for line in local_route("workers", ZWOLLE, make_catalogue())]
    assert "fairwork" in slugs
    assert "nederlandse-arbeidsinspectie" in slugs


@pytest.mark.django_db
def test_clear_errors_for_what_does_not_exist(catalogue):
    def resolve(**kwargs):
        arguments = {
            "template": "citizens",
            "language": "nl",
            "municipality_code": ZWOLLE,
            "organisation_name": "Stichting",
            "link_url": None,
        }
        arguments.update(kwargs)
        return resolve_context(catalogue=catalogue, base_url=BASE, **arguments)

    with pytest.raises(UnknownTemplate, match="flyer"):
        resolve(template="flyer")
    with pytest.raises(UnsupportedLanguage, match="nl, en"):
        resolve(language="pl")
    with pytest.raises(UnsupportedLanguage):
        resolve(template="workers", language="uk")
    with pytest.raises(UnknownMunicipality, match="GM9999"):
        resolve(municipality_code="GM9999")
    with pytest.raises(InvalidText):
        resolve(organisation_name="   ")
    with pytest.raises(InvalidText):
        resolve(organisation_name="x" * 121)
    with pytest.raises(InvalidText):
        resolve(organisation_name="Stichting\x07")
    with pytest.raises(InvalidText):
        resolve(link_url="javascript:alert(1)")
    context = resolve()
    with pytest.raises(UnknownTemplate):
        render_poster(replace(context, template="flyer"))


@pytest.mark.django_db
def test_download_name_says_template_municipality_and_language(catalogue):
    context = resolve_context("workers", "ro", "GM1900", "X", None, catalogue, base_url=BASE)
    assert download_name(context) == "poster-werkenden-sudwest-fryslan-ro.pdf"


@pytest.mark.django_db
def test_rendering_is_reproducible(catalogue):
    context, first = render(catalogue, "citizens", "nl", ZWOLLE)
    assert render_poster(context) == first
