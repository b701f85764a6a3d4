"""Saying how long to wait after too many failed logins.

django-axes locks a username after AXES_FAILURE_LIMIT wrong passwords for
AXES_COOLOFF_TIME; django-otp slows down code guessing per device (1 s after
one wrong code, then 2, 4, 8 s ...). Both are right to do so, but a person
who is told only "try again later" tries again at once and extends nothing
but their frustration. These helpers say, in minutes or seconds, when the
next attempt can work, without saying whether the password was right.
"""

from __future__ import annotations

import math
from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def lockout_remaining(username: str) -> timedelta | None:
    """How long the username stays locked by django-axes; None when it is not."""
    if not username:
        return None
    cool_off = get_cool_off()
    attempt = (
        AccessAttempt.objects.filter(
            username=username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        )
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None:
        return None
    if cool_off is None:
        return timedelta.max
    remaining = attempt.attempt_time + cool_off - timezone.now()
    return remaining if remaining > timedelta(0) else None


def lockout_message(remaining: timedelta) -> str:
    if remaining == timedelta.max:
        return _(
            "Te vaak een verkeerd wachtwoord. Dit account is geblokkeerd; vraag een beheerder "
            "om het vrij te geven."
        )
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    return ngettext(
        "Te vaak een verkeerd wachtwoord. Om misbruik te voorkomen kunt u over %(minutes)d "
        "minuut opnieuw inloggen. Wachten is genoeg: de blokkade gaat vanzelf voorbij.",
        "Te vaak een verkeerd wachtwoord. Om misbruik te voorkomen kunt u over %(minutes)d "
        "minuten opnieuw inloggen. Wachten is genoeg: de blokkade gaat vanzelf voorbij.",
        minutes,
    ) % {"minutes": minutes}


def throttle_remaining(device) -> int:
    """Seconds until django-otp lets this device verify a code again (0: now)."""
    allowed, extra = device.verify_is_allowed()
    if allowed:
        return 0
    until = (extra or {}).get("locked_until")
    if until is None:
        return 1
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def throttle_message(seconds: int) -> str:
    return ngettext(
        "Na een verkeerde code wacht het systeem even. Probeer de code over %(seconds)d "
        "seconde opnieuw.",
        "Na een verkeerde code wacht het systeem even. Probeer de code over %(seconds)d "
        "seconden opnieuw.",
        seconds,
    ) % {"seconds": seconds}


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: the login page with the wait explained."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    remaining = lockout_remaining(username) or get_cool_off() or timedelta.max
    return render(
        request,
        "intake/locked.html",
        {"message": lockout_message(remaining)},
        status=429,
    )
