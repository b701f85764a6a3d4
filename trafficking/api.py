"""The public JSON API, version 1, with its OpenAPI schema at /api/v1/openapi.json.

Every operation answers in the caller's language: the ``language`` query
parameter when it is given, otherwise the Accept-Language header (a region
such as ``pl-PL`` counts as ``pl``), otherwise Dutch. A ``language`` the site
does not speak is refused with 400 rather than silently answered in another
language, except on ``/route``, where ``language`` also says in which
language the person wants to be helped (see ``OWN_LANGUAGE_PARAMETER``).
"""

import inspect
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from trafficking.campaigns.api import router as campaigns_router
from trafficking.directory.api import EMPTY_CHOICE, ErrorOut, route_endpoint
from trafficking.directory.api import router as directory_router
from trafficking.insights.api import router as insights_router
from trafficking.reports.api import router as reports_router

SITE_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

# Operations that declare a ``language`` parameter of their own, with a wider
# meaning; they validate it themselves and answer in it when the site speaks it.
OWN_LANGUAGE_PARAMETER = {route_endpoint}

LANGUAGE_PARAMETER = {
    "name": "language",
    "in": "query",
    "required": False,
    "description": "Language of the answer's messages and texts: "
    + ", ".join(SITE_LANGUAGES)
    + ". Takes precedence over Accept-Language; leave it out to use that header (default "
    "Dutch). Any other value, or an empty one, is refused with 400.",
    "schema": {"type": "string", "enum": list(SITE_LANGUAGES)},
}
ACCEPT_LANGUAGE_PARAMETER = {
    "name": "Accept-Language",
    "in": "header",
    "required": False,
    "description": "Used when there is no `language` parameter, as browsers send it "
    "(e.g. `pl-PL,pl;q=0.9,en;q=0.8`); a region counts as its language. Languages the site "
    "does not speak are skipped; without a match the answer is in Dutch.",
    "schema": {"type": "string"},
}


class LocalisedNinjaAPI(NinjaAPI):
    """Adds the two language parameters to every operation in the schema.

    They are handled once, for all operations, by ``in_callers_language``
    before Ninja reads the other parameters, so no view declares them.
    """

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                parameters = operation.setdefault("parameters", [])
                if not any(p["name"] == "language" for p in parameters):
                    parameters.append(LANGUAGE_PARAMETER)
                parameters.append(ACCEPT_LANGUAGE_PARAMETER)
        return schema


def callers_language(request: HttpRequest) -> str:
    """``language=`` if the site speaks it, else Accept-Language, else Dutch."""
    asked = request.GET.get("language", "")
    if asked in SITE_LANGUAGES:
        return asked
    # LocaleMiddleware's choice: the language cookie, then Accept-Language,
    # then LANGUAGE_CODE; variants (pl-PL) map to the language (pl).
    return translation.get_language_from_request(request)


def _language_refusal(asked: str) -> JsonResponse:
    if asked.strip():
        message = _("We kennen geen taal ‘%(value)s’. Kies een van: %(codes)s.") % {
            "value": asked[:20],
            "codes": ", ".join(SITE_LANGUAGES),
        }
    else:
        message = str(EMPTY_CHOICE)
    suggestions = [{"code": code, "name": name} for code, name in settings.LANGUAGES]
    return JsonResponse({"errors": {"language": [message]}, "suggestions": suggestions}, status=400)


def in_callers_language(run):
    """Wraps an operation, before Ninja validates anything, so that every
    message (validation errors included) is in the caller's language."""
    operation = getattr(inspect.unwrap(run), "__self__", None)  # the bound Operation.run
    own_parameter = getattr(operation, "view_func", None) in OWN_LANGUAGE_PARAMETER

    @wraps(run)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        language = callers_language(request)
        asked = request.GET.get("language")
        with translation.override(language):
            if asked is not None and asked not in SITE_LANGUAGES and not own_parameter:
                response = _language_refusal(asked)
            else:
                response = run(request, *args, **kwargs)
        # LocaleMiddleware would name the header's language; say the real one.
        response["Content-Language"] = language
        return response

    return answer


api = LocalisedNinjaAPI(
    title="Wegwijzer mensenhandel API",
    version="1.0.0",
    description="Directory of reporting points and knowledge centres for human trafficking in "
    "the Netherlands, and referral routing. Every operation answers in the language of the "
    "`language` query parameter, else of the Accept-Language header, else in Dutch ("
    + ", ".join(SITE_LANGUAGES)
    + "); the Content-Language header of the answer says which.",
    urls_namespace="api-v1",
    # The interactive docs page runs inline scripts that our CSP forbids; the
    # schema itself is served at /api/v1/openapi.json.
    docs_url=None,
)
api.add_router("/", directory_router)
api.add_router("/", reports_router)
api.add_router("/", campaigns_router)
api.add_router("/", insights_router)
api.add_decorator(in_callers_language, mode="view")


class HealthOut(Schema):
    status: str


@api.get(
    "/health",
    response={200: HealthOut, 400: ErrorOut},
    tags=["meta"],
    summary="Liveness check",
)
def health(request):
    return {"status": "ok"}


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    # Ninja's own messages are English and technical; give a plain one in the
    # caller's language and keep the detail for developers.
    message = _("De vraag klopt niet. Controleer de parameters.")
    return api.create_response(
        request, {"errors": {"request": [message]}, "detail": exc.errors}, status=400
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # Ninja raises HttpError(400) for a body that is not JSON; keep the shape
    # of every other error ({"errors": {...}}) and say it plainly.
    if exc.status_code == 400:
        message = _("De inhoud is geen geldige JSON (UTF-8). Controleer wat u verstuurt.")
    else:
        message = str(exc)
    return api.create_response(request, {"errors": {"request": [message]}}, status=exc.status_code)
