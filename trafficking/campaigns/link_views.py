"""``/c/<code>``: follow a campaign's short link.

Outside the language prefix, because the code is printed on posters and QR
codes in one form for every reader. The answer is a redirect that counts one
visit of the day and learns nothing else: the view reads neither the address
nor the user agent, sets no cookie and starts no session.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from trafficking.core.languages import spoken_language

from .links import count_visit, destination, find_link

logger = logging.getLogger(__name__)


def _visitor_language(request: HttpRequest) -> str:
    # As the root redirect does: the language the visitor chose on this site
    # (the switcher's cookie, read, never set), else the browser's
    # Accept-Language among the site's languages, else Dutch.
    language = translation.get_language_from_request(request)
    return spoken_language(language, otherwise=settings.LANGUAGE_CODE)


# The answer depends on the browser's languages, and each GET must reach us to
# be counted: no cache may keep it.
@never_cache
@vary_on_headers("Accept-Language", "Cookie")
@require_http_methods(["GET", "HEAD"])
def follow(request: HttpRequest, code: str) -> HttpResponse:
    language = _visitor_language(request)
    link = find_link(code)
    if link is None:
        # Unknown, switched off, or of a campaign that is not public (waiting
        # for staff, rejected): one answer for all, nothing counted, so the
        # page never tells that a code exists.
        return _not_found(request, language)
    # HEAD is a link checker or a preview, not a person reading the page.
    if request.method == "GET":
        try:
            count_visit(link, timezone.localdate())
        except DatabaseError:
            # A lost count must not cost the visitor the page they came for.
            # The log line names the link, never the visitor.
            logger.warning("visit of campaign link %s not counted", link.code, exc_info=True)
    return HttpResponseRedirect(destination(link, language))


def _not_found(request: HttpRequest, language: str) -> HttpResponse:
    with translation.override(language):
        # The switcher offers the start page in each language: this page has
        # no address of its own in another language.
        language_links = []
        for code, name in settings.LANGUAGES:
            if code == language:
                continue
            with translation.override(code):
                url = reverse("pages:home")
            language_links.append({"code": code, "name": name, "url": url})
        return render(
            request,
            "campaigns/link_not_found.html",
            {"language_links": language_links},
            status=404,
        )
