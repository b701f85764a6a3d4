"""The public JSON API, version 1, with its OpenAPI schema at /api/v1/openapi.json."""

from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.errors import ValidationError

from trafficking.directory.api import router as directory_router

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
