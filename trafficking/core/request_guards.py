"""Refuse requests by their headers, before reading a byte of their body.

Bodies that are too large
-------------------------

Django's own limits apply only as the body is parsed (and its file limit only
to how files are held, not to how much is read). This middleware looks at
Content-Length first: the JSON API accepts ``DATA_UPLOAD_MAX_MEMORY_SIZE``,
everything else (the report form with its files) ``MAX_REQUEST_BODY``. The
proxy in front enforces the same limit (see docs/threat-model.md). Without a
Content-Length, Django reads no body at all, so nothing slips past.

The answer is 413 in the shape the client expects: JSON errors for the API,
a short page in the page's language for people, with a way back.

API bodies that are not JSON
----------------------------
A web page on any other site can make a visitor's browser POST a
``text/plain`` or form-encoded body without asking us first (a "simple"
request); a body declared ``application/json`` needs our consent through
CORS, which we never give. So the API refuses anything but JSON with 415.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path_info.startswith("/api/")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE if is_api else settings.MAX_REQUEST_BODY
        if _content_length(request) > limit:
            return self.refuse(request, is_api, limit)
        return self.get_response(request)

    def refuse(self, request, is_api: bool, limit: int) -> HttpResponse:
        # Runs after LocaleMiddleware: the page's (or Accept-Language's)
        # language is active. Nothing has read the body yet.
        megabytes = max(1, limit // (1024 * 1024))
        if is_api:
            with translation.override(_api_language(request)):
                message = gettext("De inhoud is te groot (hoogstens %(mb)d MB).") % {
                    "mb": megabytes
                }
            response: HttpResponse = JsonResponse({"errors": {"request": [message]}}, status=413)
        else:
            response = render(request, "too_large.html", {"megabytes": megabytes}, status=413)
        response["Cache-Control"] = "no-store, private"
        # The client may still be sending; do not reuse the connection.
        response["Connection"] = "close"
        return response


def _api_language(request) -> str:
    # These refusals are written before the API runs, so they choose the
    # caller's language (``language=`` first) the same way the API does.
    from trafficking.api import callers_language  # the API imports settings-heavy modules

    return callers_language(request)


class JsonApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only bodies matter: a request without one stores nothing, and a
        # method the API does not have must still get its 405.
        if (
            request.path_info.startswith("/api/")
            and _content_length(request) > 0
            and request.content_type != "application/json"
        ):
            with translation.override(_api_language(request)):
                message = gettext("Stuur de inhoud als JSON, met Content-Type: application/json.")
            return JsonResponse({"errors": {"request": [message]}}, status=415)
        return self.get_response(request)
