"""Flooding is limited for real: submissions are limited per client, the API
takes only JSON, other sites cannot post the forms, images have a pixel
budget and source tags cannot be traced back. The counters themselves are
tested in core/tests/test_ratelimit.py, the client's identity in
core/tests/test_clients.py."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from trafficking.reports.attachments import AttachmentRejected, PixelBudget, sanitise
from trafficking.reports.models import Report

pytestmark = pytest.mark.django_db
API = "/api/v1/reports"


def test_the_api_takes_only_json(client):
    body = json.dumps({"text": "Iets gezien"})
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = client.post(API, body, content_type=content_type)
        assert response.status_code == 415, content_type
        assert "application/json" in response.json()["errors"]["request"][0]
    assert Report.objects.count() == 0
    assert client.post(API, body, content_type="application/json").status_code == 201


def test_reports_and_advice_are_limited_per_client(client, settings):
    settings.SUBMIT_LIMIT = 2
    body = json.dumps({"text": "Iets gezien"})
    statuses = [
        client.post(API, body, content_type="application/json", REMOTE_ADDR="192.0.2.1")
        for _ in range(3)
    ]
    assert [r.status_code for r in statuses] == [201, 201, 429]
    assert int(statuses[-1]["Retry-After"]) > 0
    # The advice path shares the client's budget, and keeps what was typed.
    advice = client.post(
        "/nl/advies-vragen/", {"text": "Mag dit?", "nonce": "n-1"}, REMOTE_ADDR="192.0.2.1"
    )
    assert advice.status_code == 429
    assert "Mag dit?" in advice.content.decode()
    # Another client is not affected.
    other = client.post(API, body, content_type="application/json", REMOTE_ADDR="192.0.2.2")
    assert other.status_code == 201
    assert Report.objects.count() == 3


def test_another_site_cannot_post_the_public_forms(client):
    for url, data in (
        ("/nl/melden/", {"step": "send", "action": "send", "nonce": "x", "text": "Hoi"}),
        ("/nl/advies-vragen/", {"text": "Hoi", "nonce": "y"}),
        ("/nl/melden/opvolgen/", {"code": "ABCDEF-GHJKMN-PQRSTV"}),
    ):
        response = client.post(url, data, HTTP_SEC_FETCH_SITE="cross-site")
        assert response.status_code == 403, url
    assert Report.objects.count() == 0
    # Our own pages (same-origin) and old browsers (no header) are served.
    ok = client.post(
        "/nl/advies-vragen/", {"text": "Hoi", "nonce": "z"}, HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert ok.status_code == 201


def png(width: int, height: int, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def test_small_files_cannot_spend_more_than_the_pixel_budget():
    tiny_but_huge = png(4000, 4000)  # 16 MP in a few kilobytes
    assert len(tiny_but_huge) < 100_000
    budget = PixelBudget(40_000_000)
    sanitise(tiny_but_huge, "a.png", budget=budget)
    sanitise(tiny_but_huge, "b.png", budget=budget)
    with pytest.raises(AttachmentRejected) as refused:
        sanitise(tiny_but_huge, "c.png", budget=budget)
    assert refused.value.code == "too_many_pixels"


def test_an_image_too_large_once_decoded_is_refused_before_decoding():
    # 6,400 x 6,400 RGBA: under the pixel limit, but 164 MB once decoded.
    with pytest.raises(AttachmentRejected) as refused:
        sanitise(png(6400, 6400, "RGBA"), "big.png")
    assert refused.value.code == "too_many_pixels"


def test_the_web_form_shares_one_budget_between_its_files(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(f"p{i}.png", png(5000, 5000), "image/png") for i in range(3)]
    response = client.post(
        "/nl/melden/",
        {"step": "send", "action": "send", "nonce": "n-px", "text": "Foto's", "files": files},
    )
    assert response.status_code == 200
    assert "Een foto is te groot" in response.content.decode()
    assert Report.objects.count() == 0


def test_source_tags_group_a_day_and_cannot_be_traced_once_the_salt_is_gone():
    from datetime import date

    from trafficking.reports import sources
    from trafficking.reports.models import SourceSalt

    day = date(2026, 11, 2)
    tag = sources.tag_for("192.0.2.1", day)
    assert tag == sources.tag_for("192.0.2.1", day)
    assert tag != sources.tag_for("192.0.2.2", day)
    assert tag != sources.tag_for("192.0.2.1", date(2026, 11, 3))
    assert SourceSalt.objects.filter(day=day).exists()
    # Two days on, the salt is deleted: the same network now gets another tag,
    # so the stored one can no longer be matched to any address.
    assert sources.forget_old_salts(today=date(2026, 11, 5)) >= 1
    assert not SourceSalt.objects.filter(day=day).exists()
    assert sources.tag_for("192.0.2.1", day) != tag
