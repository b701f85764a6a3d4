"""The materials library in headless Chromium: a maker uploads on the live site,
the public pages are WCAG 2.1 AA (axe-core), fit a phone and work without JavaScript."""

from __future__ import annotations

import io
import json
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image

from trafficking.pages.tests.test_browser import axe_violations
from trafficking.pages.tests.test_browser_reporting import account, staff_login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
TITLE = "Poster voor de bouwplaats"


def url(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def png_bytes() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make: must not survive the upload
    Image.new("RGB", (60, 40), (200, 30, 30)).save(out, format="PNG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture(scope="module")
def uploaded(browser, site):
    """A maker of CoMensha uploads a poster through the form; staff then publish it."""
    password, key = account(site, "maker-bieb", "campaign_maker", "comensha")
    maker = staff_login(browser, site, "maker-bieb", password, key)
    maker.goto("/intake/campagnes/materialen/nieuw/")
    for viewport in (PHONE, DESKTOP):
        maker.set_viewport_size(viewport)
        assert axe_violations(maker) == []
        assert maker.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    # First a file that lies about its type: refused, with the message on the page.
    maker.get_by_label("Titel").fill(TITLE)
    maker.get_by_label("Soort materiaal").select_option("poster")
    maker.get_by_label("Burgers").check()
    maker.get_by_label("Arbeidsuitbuiting").check()
    maker.get_by_label("Nederlands").check()
    maker.get_by_label("Polski").check()
    maker.get_by_label("Wat mogen anderen ermee?").select_option("free_to_adapt")
    maker.get_by_label("Bestand", exact=True).set_input_files(
        {"name": "poster.pdf", "mimeType": "application/pdf", "buffer": b"<script>x</script>"}
    )
    maker.get_by_role("button", name="Insturen ter controle").click()
    alert = maker.locator("#error-summary")
    assert "wat de naam ook zegt" in alert.inner_text()
    assert axe_violations(maker) == []
    # What was typed stays; the file is chosen again.
    assert maker.get_by_label("Titel").input_value() == TITLE
    maker.get_by_label("Bestand", exact=True).set_input_files(
        {"name": "poster.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    maker.get_by_role("button", name="Insturen ter controle").click()
    maker.wait_for_url("**/intake/campagnes/materialen/")
    row = maker.get_by_role("row", name=TITLE).inner_text()
    assert "Wacht op controle" in row
    assert axe_violations(maker) == []
    maker.context.close()

    out = site.manage(
        "shell",
        "-c",
        "import json; from trafficking.campaigns.models import Material; "
        f"m = Material.objects.get(title={TITLE!r}); "
        "m.status = 'published'; m.save(); "
        "print(json.dumps({'pk': m.pk, 'type': m.content_type}))",
    )
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["nl", "en", "ar"])
@pytest.mark.parametrize("which", ["list", "filtered", "detail"])
def test_library_pages_are_accessible_and_fit_a_phone(
    page, site_url, uploaded, viewport, language, which
):
    page.set_viewport_size(viewport)
    target = {
        "list": url("campaigns:library", language),
        "filtered": url("campaigns:library", language) + "?form=labour&language=pl",
        "detail": url("campaigns:material", language, uploaded["pk"]),
    }[which]
    response = page.goto(target)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert TITLE in page.content()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    origin = urlparse(site_url).netloc
    assert [u for u in page.requests if urlparse(u).netloc not in ("", origin)] == []


def test_find_and_download_without_javascript(page_no_js, uploaded):
    page = page_no_js
    page.set_viewport_size(PHONE)
    page.goto(url("campaigns:library", "nl"))
    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Soort materiaal").select_option("lesson")
    page.get_by_role("button", name="Zoeken").click()
    assert "kind=lesson" in page.url and TITLE not in page.content()
    page.get_by_label("Soort materiaal").select_option("poster")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert "U mag dit materiaal gratis gebruiken, verspreiden en aanpassen" in page.content()
    assert page.get_by_role("link", name="CoMensha").get_attribute("href") == url(
        "directory:detail", "nl", "comensha"
    )
    href = page.get_by_role("link", name="Bestand downloaden").get_attribute("href")
    download = page.request.get(href)
    assert download.status == 200
    assert download.headers["content-type"] == "image/png"
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert "set-cookie" not in download.headers
    image = Image.open(io.BytesIO(download.body()))
    assert image.size == (60, 40) and not image.getexif()
    # The poster page for one's own region is one link away.
    page.get_by_role("link", name="Materiaal voor uw regio", exact=False).click()
    assert page.url.endswith(url("campaigns:region-materials", "nl"))


def test_unpublished_material_is_not_found(page, uploaded):
    response = page.goto(url("campaigns:material", "nl", uploaded["pk"] + 1000))
    assert response.status == 404
