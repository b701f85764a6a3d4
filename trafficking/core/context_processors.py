from django.conf import settings
from django.urls import translate_url

from trafficking.core.languages import language_code

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def site(request):
    current = language_code()
    # Every public string is translated into every language (a test checks);
    # routing reasons too; organisation roles are Dutch or English only.
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
