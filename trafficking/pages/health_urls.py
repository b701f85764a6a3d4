from django.http import HttpResponseRedirect
from django.urls import path
from django.utils.translation import get_language_from_request


def root(request):
    """/ goes to the start page in the visitor's language (Dutch by default)."""
    language = get_language_from_request(request)
    return HttpResponseRedirect(f"/{'en' if language == 'en' else 'nl'}/")


urlpatterns = [path("", root, name="root")]
