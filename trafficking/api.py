"""The public JSON API, version 1, with its OpenAPI schema at /api/v1/openapi.json."""

from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from trafficking.directory.api import router as directory_router
from trafficking.reports.api import router as reports_router

api = NinjaAPI(
    title="Wegwijzer mensenhandel API",
    version="1.0.0",
    description="Directory of reporting points and knowledge centres for human trafficking in "
    "the Netherlands, and referral routing.",
    urls_namespace="api-v1",
    # The interactive docs page runs inline scripts that our CSP forbids; the
    # schema itself is served at /api/v1/openapi.json.
    docs_url=None,
)
api.add_router("/", directory_router)
api.add_router("/", reports_router)


@api.get("/health", tags=["meta"], summary="Liveness check")
def health(request):
    return {"status": "ok"}


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    # Ninja's own messages are English and technical; give a plain one in the
    # caller's language and keep the detail for developers.
    nl = (get_language() or "nl").startswith("nl")
    message = (
        "De vraag klopt niet. Controleer de parameters."
        if nl
        else "The request is not valid. Check the parameters."
    )
    return api.create_response(
        request, {"errors": {"request": [message]}, "detail": exc.errors}, status=400
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # Ninja raises HttpError(400) for a body that is not JSON; keep the shape
    # of every other error ({"errors": {...}}) and say it plainly.
    nl = (get_language() or "nl").startswith("nl")
    if exc.status_code == 400:
        message = (
            "De inhoud is geen geldige JSON (UTF-8). Controleer wat u verstuurt."
            if nl
            else "The body is not valid JSON (UTF-8). Check what you send."
        )
    else:
        message = str(exc)
    return api.create_response(request, {"errors": {"request": [message]}}, status=exc.status_code)
