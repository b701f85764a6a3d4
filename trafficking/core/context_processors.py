from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def site(request):
    current = get_language() or settings.LANGUAGE_CODE
    # Every public string is translated into every language (a test checks);
    # reference data (organisation roles, routing reasons) is Dutch or English.
    offered = [code for code, _name in settings.LANGUAGES]
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        # The same page in the other languages; answers are never in the URL.
        "language_links": [
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "url": translate_url(request.path, code),
            }
            for code in offered
            if code != current
        ],
    }
