"""Logins that do not fight back (issue 10, point 9): the admin asks for the
code in one step, a correct code after a typo works, waits are explained,
login fields carry autocomplete hints, and create_staff_user says plainly
when a name is taken."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_otp.oath import totp

from trafficking.intake.accounts import create_account
from trafficking.intake.management.commands.create_staff_user import Command

pytestmark = pytest.mark.django_db


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def let_throttle_pass(device) -> None:
    """What a person retyping a code does anyway: a few seconds go by."""
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - timedelta(seconds=120)
    device.save(update_fields=["throttling_failure_timestamp"])


def admin_login(client, username, password, token):
    return client.post(
        "/beheer/login/?next=/beheer/",
        {"username": username, "password": password, "otp_token": token, "next": "/beheer/"},
    )


# --- The admin's login ------------------------------------------------------------


def test_admin_login_takes_password_and_code_in_one_step(client):
    _user, password, device = create_account("redacteur", "directory_editor")
    page = client.get("/beheer/login/")
    html = page.content.decode()
    assert 'name="otp_token"' in html and 'name="otp_device"' not in html
    response = admin_login(client, "redacteur", password, code(device))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/beheer/"
    assert client.get("/beheer/").status_code == 200


def test_admin_login_a_correct_code_after_a_typo_works(client):
    _user, password, device = create_account("beheer1", "admin")
    typo = admin_login(client, "beheer1", password, "000000")
    assert typo.status_code == 200
    assert "Please select a device" not in typo.content.decode()
    # The password is not written back into the page.
    assert password not in typo.content.decode()
    let_throttle_pass(device)
    response = admin_login(client, "beheer1", password, code(device))
    assert response.status_code == 302
    assert client.get("/beheer/").status_code == 200


def test_admin_login_explains_the_wait_after_a_wrong_code(client, settings):
    # A longer throttle than the default 1 s, so that hashing the password
    # (Argon2, slow on purpose) cannot outlast it on a slow test machine.
    settings.OTP_TOTP_THROTTLE_FACTOR = 30
    _user, password, device = create_account("beheer2", "admin")
    admin_login(client, "beheer2", password, "000000")
    at_once = admin_login(client, "beheer2", password, code(device))
    html = at_once.content.decode()
    assert at_once.status_code == 200
    assert "Probeer de code over" in html and "seconden opnieuw" in html


def test_admin_login_with_two_devices_asks_which(client):
    user, password, device = create_account("beheer3", "admin")
    user.totpdevice_set.create(name="reserve", confirmed=True)
    first = admin_login(client, "beheer3", password, code(device))
    assert first.status_code == 200
    assert 'name="otp_device"' in first.content.decode()
    let_throttle_pass(device)
    response = client.post(
        "/beheer/login/?next=/beheer/",
        {
            "username": "beheer3",
            "password": password,
            "otp_device": device.persistent_id,
            "otp_token": code(device),
        },
    )
    assert response.status_code == 302


def test_admin_login_fields_have_autocomplete_hints(client):
    html = client.get("/beheer/login/").content.decode()
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html


def test_admin_lockout_says_how_long_to_wait(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    _user, password, device = create_account("beheer4", "admin")
    for _ in range(2):
        admin_login(client, "beheer4", "fout-fout-fout", "123456")
    locked = admin_login(client, "beheer4", password, code(device))
    html = locked.content.decode()
    assert "over 30 minuten opnieuw inloggen" in html
    assert not locked.wsgi_request.user.is_authenticated


# --- The console's login ----------------------------------------------------------


def console_login(client, username, password, token):
    return client.post(
        "/intake/inloggen/", {"username": username, "password": password, "token": token}
    )


def test_console_login_fields_have_autocomplete_hints(client):
    html = client.get("/intake/inloggen/").content.decode()
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html


def test_console_a_correct_code_right_after_a_typo_explains_the_wait(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30  # see the admin's test above
    _user, password, device = create_account("nacht1", "intake")
    assert console_login(client, "nacht1", password, "000000").status_code == 400
    at_once = console_login(client, "nacht1", password, code(device))
    assert at_once.status_code == 400
    html = at_once.content.decode()
    assert "Probeer de code over" in html and "seconden opnieuw" in html
    let_throttle_pass(device)
    assert console_login(client, "nacht1", password, code(device)).status_code == 302


def test_console_lockout_says_how_long_to_wait(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    _user, password, device = create_account("nacht2", "intake")
    for _ in range(3):
        console_login(client, "nacht2", "fout-fout-fout", "123456")
    locked = console_login(client, "nacht2", password, code(device))
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "over 30 minuten opnieuw inloggen" in html
    assert not locked.wsgi_request.user.is_authenticated


def test_the_attempt_that_locks_explains_the_wait_with_the_lockout_callable(client, settings):
    """With AXES_LOCKOUT_CALLABLE set (see the report to the lead), even the
    attempt that triggers the lock shows the wait, not axes' bare text."""
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_LOCKOUT_CALLABLE = "trafficking.intake.lockout.lockout_response"
    create_account("nacht3", "intake")
    console_login(client, "nacht3", "fout-fout-fout", "123456")
    crossing = console_login(client, "nacht3", "fout-fout-fout", "123456")
    assert crossing.status_code == 429
    assert "over 30 minuten opnieuw inloggen" in crossing.content.decode()


# --- create_staff_user ------------------------------------------------------------


def test_create_staff_user_refuses_an_existing_name_clearly(capsys):
    create_account("jdevries", "intake")
    with pytest.raises(CommandError, match="an account named 'jdevries' already exists"):
        call_command("create_staff_user", "jdevries", "--role", "supervisor", stdout=StringIO())
    # From the command line: a message and exit status 1, no traceback.
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(
            ["manage.py", "create_staff_user", "JdeVries", "--role", "intake", "--no-qr"]
        )
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "Traceback" not in err


def test_create_staff_user_names_an_unknown_organisation():
    with pytest.raises(CommandError, match="no organisation with slug 'bestaat-niet'"):
        call_command(
            "create_staff_user",
            "p9",
            "--role",
            "partner",
            "--organisation",
            "bestaat-niet",
            stdout=StringIO(),
        )
