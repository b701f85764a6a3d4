from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def site(request):
    current = get_language() or settings.LANGUAGE_CODE
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        # The same page in the other languages; answers are never in the URL.
        "language_links": [
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "url": translate_url(request.path, code),
            }
            for code, _name in settings.LANGUAGES
            if code != current
        ],
    }
