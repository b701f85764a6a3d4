"""manage.py campaign_link: make or reuse a short link, print it, write its QR code."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import zxingcpp
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from trafficking.campaigns.constants import CampaignList, LinkTarget
from trafficking.campaigns.models import Campaign, CampaignLink, LinkVisit

BASE = "https://meldpunt.example.org"


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        moderation="published",
        slug="poster-campagne",
        name="Postercampagne",
        origin=CampaignList.REGISTERED,
    )


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("campaign_link", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_prints_the_short_url_and_reuses_the_link(campaign):
    url, _ = run(
        "poster-campagne", "--target", "wizard", "--label", "poster Tilburg", "--base-url", BASE
    )
    link = CampaignLink.objects.get()
    assert url == f"{BASE}/c/{link.code}"
    assert (link.campaign, link.target, link.label) == (campaign, "wizard", "poster Tilburg")

    again, _ = run(
        "poster-campagne",
        "--target",
        "wizard",
        "--label",
        "poster Tilburg",
        "--base-url",
        BASE + "/",
    )
    assert again == url
    assert CampaignLink.objects.count() == 1

    other, _ = run("poster-campagne", "--target", "report", "--base-url", BASE)
    assert other != url
    assert CampaignLink.objects.count() == 2


def test_without_a_base_url_it_prints_the_path(campaign):
    path, _ = run("poster-campagne")
    link = CampaignLink.objects.get()
    assert path == f"/c/{link.code}"
    assert link.target == LinkTarget.LANDING  # the default


def test_the_png_qr_code_reads_back_as_the_link_and_the_link_works(campaign, tmp_path, client):
    target = tmp_path / "poster.png"
    url, message = run(
        "poster-campagne", "--target", "wizard", "--qr", str(target), "--base-url", BASE
    )
    assert str(target) in message
    barcodes = zxingcpp.read_barcodes(Image.open(target))
    assert [b.text for b in barcodes] == [url]
    assert barcodes[0].format == zxingcpp.BarcodeFormat.QRCode

    # Scanning it leads through /c/<code> to the wizard, counted once.
    response = client.get(urlsplit(barcodes[0].text).path)
    assert response.status_code == 302
    assert response["Location"].startswith("/nl/wegwijzer/?via=")
    assert LinkVisit.objects.get().count == 1


def test_the_svg_qr_code_is_an_svg_image(campaign, tmp_path):
    target = tmp_path / "poster.svg"
    run("poster-campagne", "--qr", str(target), "--base-url", BASE)
    root = ElementTree.parse(target).getroot()  # noqa: S314 - the file segno just wrote
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert list(root.iter("{http://www.w3.org/2000/svg}path"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["geen-campagne"], "No campaign with slug 'geen-campagne'"),
        (["poster-campagne", "--target", "homepage"], "invalid choice: 'homepage'"),
        (["poster-campagne", "--label", "x" * 201], "at most 200"),
        (["poster-campagne", "--base-url", "javascript:alert(1)"], "http(s) address"),
        (["poster-campagne", "--base-url", "ftp://example.org"], "http(s) address"),
        (["poster-campagne", "--qr", "poster.pdf", "--base-url", BASE], ".png or .svg"),
        (["poster-campagne", "--qr", "poster.png"], "--qr needs --base-url"),
        (
            ["poster-campagne", "--qr", "/no/such/folder/p.png", "--base-url", BASE],
            "No such folder",
        ),
    ],
)
def test_bad_input_is_a_clear_error_and_stores_nothing(campaign, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)
    assert not CampaignLink.objects.exists()
