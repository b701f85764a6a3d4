"""The "Materiaal voor je regio" page: a GET form that answers with a PDF."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.urls import reverse
from django.utils import translation

from trafficking.campaigns.models import Campaign, CampaignLink

VALID = {
    "template": "citizens",
    "language": "nl",
    "municipality": "Zwolle",
    "organisation": "Stichting Voorbeeld",
}


def url(language="nl"):
    with translation.override(language):
        return reverse("campaigns:region-materials")


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range().split())


@pytest.mark.django_db
def test_empty_form_page_works_without_cookies(client):
    response = client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Materiaal voor uw regio" in html
    assert 'method="get"' in html
    for name in ("template", "language", "municipality", "organisation", "link"):
        assert f'name="{name}"' in html
    assert not response.cookies


@pytest.mark.django_db
def test_valid_question_returns_the_pdf_as_a_download(client, catalogue):
    response = client.get(url(), VALID)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="poster-burgers-zwolle-nl.pdf"'
    assert not response.cookies
    text = pdf_text(response.content)
    assert "Stichting Voorbeeld" in text
    assert "112" in text
    assert "http://testserver/nl/melden/" in text
    police = next(o for o in catalogue.serving("GM0193") if o.operator_type == "police")
    assert police.name in text


@pytest.mark.django_db
def test_qr_code_defaults_to_the_wizard_and_follows_a_given_link(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "meldpunt.example"]
    response = client.get(url(), {**VALID, "template": "workers", "language": "ro"})
    bitmap = pdfium.PdfDocument(response.content)[0].render(scale=2).to_pil()
    with translation.override("ro"):
        wizard = "http://testserver" + reverse("pages:wizard")
    assert [r.text for r in zxingcpp.read_barcodes(bitmap)] == [wizard]
    assert response["Content-Disposition"].endswith('"poster-werkenden-zwolle-ro.pdf"')

    campaign = Campaign.objects.create(
        moderation="published", slug="poster", name="Poster", origin="registered"
    )
    CampaignLink.objects.create(code="abc23", campaign=campaign, target="wizard")
    link = "https://meldpunt.example/c/abc23"
    response = client.get(url(), {**VALID, "link": link}, HTTP_HOST="meldpunt.example")
    bitmap = pdfium.PdfDocument(response.content)[0].render(scale=2).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(bitmap)] == [link]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "link",
    [
        "https://elders.example/c/abc23",  # another site: a fake poster
        "https://meldpunt.example/c/nope99",  # no such campaign link
        "https://meldpunt.example/nl/melden/",  # not a campaign link
        "https://meldpunt.example/c/abc23?next=https://elders.example",
    ],
)
def test_the_qr_code_may_only_lead_to_a_campaign_link_of_this_site(client, settings, link):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "meldpunt.example"]
    campaign = Campaign.objects.create(
        moderation="published", slug="poster", name="Poster", origin="registered"
    )
    CampaignLink.objects.create(code="abc23", campaign=campaign, target="wizard")
    response = client.get(url(), {**VALID, "link": link}, HTTP_HOST="meldpunt.example")
    assert response.status_code == 400
    assert "campagnelink van deze site" in response.content.decode()


@pytest.mark.django_db
def test_municipality_by_cbs_code_and_pocket_card_in_english(client):
    response = client.get(
        url("en"),
        {**VALID, "template": "professionals", "language": "en", "municipality": "gm0599"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('"zakkaart-professionals-rotterdam-en.pdf"')
    assert "Signs of human trafficking" in pdf_text(response.content)


@pytest.mark.django_db
def test_misspelt_municipality_gives_the_form_with_suggestions(client):
    response = client.get(url(), {**VALID, "municipality": "Zwole"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "We kennen geen gemeente" in html
    assert "Zwolle" in html
    assert 'aria-invalid="true"' in html
    # What was typed is kept.
    assert 'value="Stichting Voorbeeld"' in html


@pytest.mark.django_db
def test_language_the_template_does_not_exist_in_is_refused(client):
    response = client.get(url(), {**VALID, "language": "pl"})
    assert response.status_code == 400
    assert "Dit materiaal bestaat in deze talen: Nederlands, English" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("template", "flyer"),
        ("language", "xx"),
        ("organisation", ""),
        ("organisation", "x" * 121),
        ("municipality", ""),
        ("link", "javascript:alert(1)"),
        ("link", "ftp://example.org/x"),
    ],
)
def test_bad_input_gives_the_form_again_with_status_400(client, field, value):
    response = client.get(url(), {**VALID, field: value})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert 'class="alert alert-error"' in response.content.decode()


@pytest.mark.django_db
def test_markup_in_the_organisation_name_is_escaped_on_the_page(client):
    name = '<script>alert("x")</script>'
    response = client.get(url(), {**VALID, "organisation": name, "municipality": "Nergens"})
    assert response.status_code == 400
    html = response.content.decode()
    assert name not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_post_is_not_allowed_and_head_works(client):
    assert client.post(url(), VALID).status_code == 405
    assert client.head(url()).status_code == 200


# In Debian's headless Chromium against the live test server.


@pytest.mark.browser
def test_form_page_passes_axe_and_fits_a_phone(page, site_url):
    from urllib.parse import urlparse

    from trafficking.pages.tests.test_browser import axe_violations

    page.set_viewport_size({"width": 390, "height": 844})
    for query in ("", "?template=citizens&language=pl&municipality=Zwole&organisation="):
        page.goto(url() + query)
        assert axe_violations(page) == [], query
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, query
    origin = urlparse(site_url).netloc
    assert [u for u in page.requests if urlparse(u).netloc not in ("", origin)] == []


@pytest.mark.browser
def test_form_works_without_javascript_and_downloads_the_pdf(page_no_js):
    page = page_no_js
    page.goto(url())
    page.get_by_label("Poster voor werkenden", exact=False).check()
    page.get_by_label("In welke taal?").select_option("bg")
    page.get_by_label("Voor welke gemeente?").fill("Zwolle")
    page.get_by_label("Naam van uw organisatie").fill("Stichting [test] #1")
    with page.expect_download() as info:
        page.get_by_role("button", name="PDF maken").click()
    download = info.value
    assert download.suggested_filename == "poster-werkenden-zwolle-bg.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert "Stichting [test] #1" in text
