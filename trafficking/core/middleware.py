"""Referrer-Policy per part of the site.

Public pages send ``no-referrer``: a page that links or redirects elsewhere
must not tell the next site that someone was on a human-trafficking site
(threat model, adversary 6). That makes browsers send ``Origin: null`` on
form posts, which Django's CSRF check refuses; every public form is
CSRF-exempt (it is cookieless, ADR 6), so that costs nothing there. The
staff console and the admin use sessions and CSRF, so they keep
``same-origin``, which still tells no other site anything.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PUBLIC_POLICY = "no-referrer"
STAFF_POLICY = "same-origin"
# The session-based parts of the site (config/urls.py); a test checks that
# they still live here.
STAFF_PREFIXES = ("/intake/", "/beheer/")


def referrer_policy_for(path: str) -> str:
    return STAFF_POLICY if path.startswith(STAFF_PREFIXES) else PUBLIC_POLICY


class ReferrerPolicyMiddleware:
    """Sets the policy on every response, whatever SECURE_REFERRER_POLICY says."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Referrer-Policy"] = referrer_policy_for(request.path_info)
        return response
