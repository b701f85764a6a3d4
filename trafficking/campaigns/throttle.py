"""Rate limits on the public campaign tools that compute something per request.

"Effect meten" (the page and ``POST /api/v1/effect``) fits the effect model on
every question, ``GET /api/v1/campaigns/{slug}/effect`` fits it when its answer
is not cached yet, and "Materiaal voor uw regio" typesets a PDF. Cheap for one
person, but a single client repeating them fast enough would keep both web
workers busy. So each client network (core/clients.py) gets a budget per
window, counted in core/ratelimit.py's table; the numbers are settings
(EFFECT_LIMIT, POSTER_LIMIT and their windows).

Why those numbers. Measured on the 2-core sandbox through the test client,
warm, while other work kept the load average at 6 (a quiet machine is about
three times faster): a question to "Effect meten" with two years of days took
160 ms (median), five years 280 ms, the most the page accepts (twenty years)
1.2-1.4 s; a poster 14-30 ms (at most 40 ms). At 60 fits per 10 minutes a
client takes at most 84 s of one worker's 600 s (14%) with the longest
series, 12 s (2%) with two years; at 120 posters about 5 s (1%). Keeping both
workers busy would take some fourteen times the effect limit with the longest
series. A person stays far below: fixing a file and asking again takes
longer than ten seconds, and 120 posters is every municipality of a large
province in five languages, inside ten minutes. The API shares the effect
budget with the page; a series it refuses as bad input (400) costs nothing.

A refusal is status 429 with Retry-After and a message that says how long to
wait; the pages show the question again as it was asked, so nothing is lost.
Like every limit here it means "wait a few minutes", never a lockout.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import ngettext

from trafficking.core import ratelimit

EFFECT = "campaign-effect"
POSTER = "campaign-poster"


def effect_budget(request: HttpRequest) -> ratelimit.Budget:
    """This client network's budget of effect-model fits (page and API together)."""
    return ratelimit.Budget(
        EFFECT, ratelimit.client_key(request), settings.EFFECT_LIMIT, settings.EFFECT_WINDOW
    )


def poster_budget(request: HttpRequest) -> ratelimit.Budget:
    """This client network's budget of rendered posters and pocket cards."""
    return ratelimit.Budget(
        POSTER, ratelimit.client_key(request), settings.POSTER_LIMIT, settings.POSTER_WINDOW
    )


def effect_wait_message(verdict: ratelimit.Verdict) -> str:
    minutes = verdict.minutes
    return ngettext(
        "Er zijn vanaf uw verbinding veel berekeningen gevraagd. Wacht %(minutes)d minuut en "
        "klik dan opnieuw op “Effect berekenen”; wat u heeft ingevuld staat hieronder nog.",
        "Er zijn vanaf uw verbinding veel berekeningen gevraagd. Wacht %(minutes)d minuten en "
        "klik dan opnieuw op “Effect berekenen”; wat u heeft ingevuld staat hieronder nog.",
        minutes,
    ) % {"minutes": minutes}


def poster_wait_message(verdict: ratelimit.Verdict) -> str:
    minutes = verdict.minutes
    return ngettext(
        "Er zijn vanaf uw verbinding veel PDF's gemaakt. Wacht %(minutes)d minuut en klik dan "
        "opnieuw op “PDF maken”; uw keuzes staan hieronder nog.",
        "Er zijn vanaf uw verbinding veel PDF's gemaakt. Wacht %(minutes)d minuten en klik dan "
        "opnieuw op “PDF maken”; uw keuzes staan hieronder nog.",
        minutes,
    ) % {"minutes": minutes}


def api_wait_message(verdict: ratelimit.Verdict) -> str:
    minutes = verdict.minutes
    return ngettext(
        "Te veel berekeningen vanaf deze verbinding. Probeer het over %(minutes)d minuut opnieuw.",
        "Te veel berekeningen vanaf deze verbinding. Probeer het over %(minutes)d minuten opnieuw.",
        minutes,
    ) % {"minutes": minutes}


def with_retry_after(response: HttpResponse, verdict: ratelimit.Verdict) -> HttpResponse:
    """Tell clients and proxies when to ask again (RFC 9110: seconds)."""
    response["Retry-After"] = str(verdict.retry_after)
    return response


def refused_json(verdict: ratelimit.Verdict) -> JsonResponse:
    """The API's refusal, in its usual error shape."""
    body = {"errors": {"request": [api_wait_message(verdict)]}, "suggestions": []}
    response = JsonResponse(body, status=429)
    with_retry_after(response, verdict)
    return response
