"""Cache headers for multi-step forms, so the browser's Back button works (ADR 9).

Every step of the wizard and of the report form is a POST to one URL. With
``no-store`` the browser keeps no copy of a step, and Back to a POST shows
"Confirm form resubmission" (Chromium's ERR_CACHE_MISS) instead of the step.
With ``private, no-cache`` the browser keeps the page in its own cache on the
device; history navigation (Back, Forward) shows that copy without asking the
server, while any ordinary load goes to the server again. ``private`` keeps
it out of every shared cache. A POST response can only be reached again
through the history entry that posted it, not by typing the address.

With JavaScript (``static/js/steps.js``) steps are fetched with
``cache: "no-store"``, so these headers only matter without JavaScript.

Usage, in a view::

    return step_page(render(request, "pages/wizard_step.html", context))
    ...
    return steps_finished(render(request, "reports/receipt.html", context))
"""

from __future__ import annotations

from django.http import HttpResponse

STEP_CACHE_CONTROL = "private, no-cache"
FINISHED_CACHE_CONTROL = "no-store, private"
CLEAR_CACHE = '"cache"'


def step_page(response: HttpResponse) -> HttpResponse:
    """Mark a step of a multi-step form as kept by this browser only, for Back.

    The copy stays in the browser's own cache until the browser evicts it or
    a page of this site sends ``steps_finished``. Use it only on pages whose
    answers may stay on the device (see ADR 9), never on staff pages.
    """
    response["Cache-Control"] = STEP_CACHE_CONTROL
    if "Expires" in response:
        del response["Expires"]
    return response


def steps_finished(response: HttpResponse) -> HttpResponse:
    """The answers are no longer needed (they were sent): drop every kept copy.

    ``Clear-Site-Data: "cache"`` empties the browser's cache for this site, so
    Back can no longer show a step with what was typed. Back to such a step
    then shows the browser's "Confirm form resubmission" page; the report
    form's one-time token makes resubmitting harmless. The page itself is not
    kept either.
    """
    response["Cache-Control"] = FINISHED_CACHE_CONTROL
    response["Clear-Site-Data"] = CLEAR_CACHE
    return response
