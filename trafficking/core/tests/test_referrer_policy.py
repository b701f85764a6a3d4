"""Referrer-Policy: no-referrer on public pages, same-origin where CSRF needs it."""

import pytest
from django.conf import settings as live_settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from trafficking.core.middleware import STAFF_PREFIXES, referrer_policy_for
from trafficking.intake.accounts import create_account

pytestmark = pytest.mark.django_db
MIDDLEWARE = "trafficking.core.middleware.ReferrerPolicyMiddleware"


def test_the_staff_prefixes_are_where_the_session_pages_live():
    assert reverse("intake:login").startswith(STAFF_PREFIXES)
    assert reverse("admin:index").startswith(STAFF_PREFIXES)
    assert referrer_policy_for("/nl/melden/") == "no-referrer"
    assert referrer_policy_for("/intake/meldingen/1/") == "same-origin"
    assert referrer_policy_for("/intakefoo/") == "no-referrer"


def test_the_middleware_is_installed():
    assert MIDDLEWARE in live_settings.MIDDLEWARE


@pytest.mark.parametrize("path", ["/intake/inloggen/", "/intake/", "/beheer/login/", "/beheer/"])
def test_console_and_admin_keep_same_origin(client, path):
    assert client.get(path)["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/api/v1/health", "/nl/melden/"])
def test_everything_else_sends_no_referrer(client, path):
    assert client.get(path)["Referrer-Policy"] == "no-referrer"


def test_console_login_post_passes_the_csrf_check():
    _user, password, device = create_account("nachtdienst", "intake")
    browser = Client(enforce_csrf_checks=True)
    browser.get("/intake/inloggen/")
    token = browser.cookies["csrftoken"].value
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    form = {
        "username": "nachtdienst",
        "password": password,
        "token": f"{code:06d}",
        "csrfmiddlewaretoken": token,
    }
    # What a browser sends under no-referrer: refused, hence same-origin here.
    assert browser.post("/intake/inloggen/", form, HTTP_ORIGIN="null").status_code == 403
    # What it sends under same-origin.
    response = browser.post("/intake/inloggen/", form, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert response["Location"] == "/intake/"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path, data",
    [
        ("/nl/melden/", {"step": "danger", "acute": "false", "minor": "false"}),
        ("/nl/advies-vragen/", {"text": ""}),
        ("/nl/melden/opvolgen/", {"code": "WRONG"}),
        ("/nl/wegwijzer/", {"step": "role", "role": "victim"}),
        ("/nl/advies/", {"role": "victim", "need": "shelter", "municipality": "Zwolle"}),
    ],
)
def test_public_forms_work_with_origin_null(path, data):
    # Every public form is CSRF-exempt (cookieless, ADR 6), so the Origin: null
    # a browser sends under no-referrer costs nothing; a 403 here would mean a
    # public form had started to rely on CSRF.
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(path, data, HTTP_ORIGIN="null")
    assert response.status_code != 403, path
    assert response["Referrer-Policy"] == "no-referrer"
    assert "csrftoken" not in browser.cookies
