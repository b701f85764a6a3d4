"""The factsheet PDF on demand, in the request's language (issue 13, point 5).

A typeset factsheet costs tens of milliseconds of CPU and is the same for
everyone who asks on the same data, so it is kept in Django's shared cache
(every worker sees it) under the language and ``key_figures.data_version``:
a change of an organisation, campaign, survey response or report tally, or
a new day, gives a new version and so a new PDF on the next request; nothing
has to be invalidated by hand. Reading the version is a handful of aggregate
queries.

Renders, not requests, are rate-limited per client network (as the posters
are, campaigns/throttle.py): only a request that finds no PDF for the current
version costs one. Over the limit, the last PDF made in that language is
served if there is one (a day old at most, and it says its own date);
otherwise the answer is 429 with Retry-After and a message saying how long
to wait.

Dutch visitors get the Dutch factsheet, everyone else the English one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_GET

from trafficking.campaigns.throttle import with_retry_after
from trafficking.core import ratelimit
from trafficking.core.http import head_as_get

from .factsheet import download_name, factsheet_language, render_factsheet
from .key_figures import data_version, key_figures

FACTSHEET = "insights-factsheet"
# Kept a day: the version holds the date, so an older PDF is never served as current.
CACHE_SECONDS = 86_400
# Renders per client network per window; a render happens only when the data
# changed, so a person never comes near this. Settings override it.
DEFAULT_LIMIT = 30
DEFAULT_WINDOW = 600


def factsheet_budget(request: HttpRequest) -> ratelimit.Budget:
    """This client network's budget of factsheet renders."""
    return ratelimit.Budget(
        FACTSHEET,
        ratelimit.client_key(request),
        getattr(settings, "FACTSHEET_LIMIT", DEFAULT_LIMIT),
        getattr(settings, "FACTSHEET_WINDOW", DEFAULT_WINDOW),
    )


@dataclass(frozen=True)
class KeptPdf:
    pdf: bytes
    name: str


def _kept(key: str) -> KeptPdf | None:
    """A PDF from the cache. Kept as plain bytes and text, not as a pickled
    class, so a cache filled by an older release can still be read."""
    value = cache.get(key)
    if isinstance(value, tuple) and len(value) == 2:
        pdf, name = value
        if isinstance(pdf, bytes) and isinstance(name, str):
            return KeptPdf(pdf, name)
    return None


def _keep(key: str, kept: KeptPdf) -> None:
    cache.set(key, (kept.pdf, kept.name), CACHE_SECONDS)


def _key(language: str, version: str) -> str:
    return f"insights:factsheet:{language}:{version}"


def _last_key(language: str) -> str:
    return f"insights:factsheet:{language}:last"


def _pdf_response(kept: KeptPdf) -> HttpResponse:
    response = HttpResponse(kept.pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=kept.name
    )
    # The PDF follows the data; shared caches must not keep an old one.
    response["Cache-Control"] = "no-cache"
    return response


def _wait_message(verdict: ratelimit.Verdict) -> str:
    minutes = verdict.minutes
    return ngettext(
        "Er zijn vanaf uw verbinding veel factsheets gemaakt. Probeer het over %(minutes)d "
        "minuut opnieuw.",
        "Er zijn vanaf uw verbinding veel factsheets gemaakt. Probeer het over %(minutes)d "
        "minuten opnieuw.",
        minutes,
    ) % {"minutes": minutes}


@head_as_get
@require_GET
def factsheet_pdf(request: HttpRequest) -> HttpResponse:
    language = factsheet_language(get_language())
    as_of = timezone.localdate()
    key = _key(language, data_version(as_of))
    kept = _kept(key)
    if kept is not None:
        return _pdf_response(kept)
    verdict = factsheet_budget(request).spend()
    if not verdict.allowed:
        last = _kept(_last_key(language))
        if last is not None:
            return _pdf_response(last)
        refused = HttpResponse(
            _wait_message(verdict), status=429, content_type="text/plain; charset=utf-8"
        )
        return with_retry_after(refused, verdict)
    figures = key_figures(as_of)
    entry = KeptPdf(render_factsheet(figures, language), download_name(figures.as_of, language))
    _keep(key, entry)
    _keep(_last_key(language), entry)
    return _pdf_response(entry)
