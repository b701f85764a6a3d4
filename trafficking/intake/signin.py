"""Signing in to the console and the portal (password and TOTP code in one
step) and signing out, each audited.

A locked username is the caller's to check first (lockout.lockout_remaining),
so that axes is not asked again and a lock is not lengthened.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import authenticate, login, logout
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login

from trafficking.audit import events as audit_events

from .lockout import throttle_message, throttle_remaining

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class SignIn:
    user: object = None  # the user, once signed in
    error: str = ""  # why not, in words for the person signing in


def sign_in(request, username: str, password: str, token: str) -> SignIn:
    """Check the password and the code; on success the session is verified."""
    user = authenticate(request, username=username, password=password)
    wait = _throttled_seconds(user)
    device = match_token(user, token.strip()) if user is not None and not wait else None
    if device is not None:
        login(request, user, backend=AUTH_BACKEND)
        otp_login(request, device)
        audit_events.logged_in(user)
        return SignIn(user=user)
    if user is not None:
        audit_events.login_token_rejected(user)
    if wait:
        return SignIn(error=throttle_message(wait))
    # One message for every failure: do not tell which part was wrong.
    return SignIn(error=_("Inloggen is niet gelukt. Controleer uw gegevens en de code uit de app."))


def sign_out(request) -> None:
    if request.user.is_authenticated:
        audit_events.logged_out(request.user)
    logout(request)


def _throttled_seconds(user) -> int:
    """Seconds until the user's only device accepts a code again (0: now).

    Only asked once the password was right, as django-otp's own forms do.
    """
    if user is None:
        return 0
    devices = list(devices_for_user(user, confirmed=True))
    if len(devices) != 1:
        return 0
    return throttle_remaining(devices[0])
