"""HEAD for function views that branch on GET and POST."""

from __future__ import annotations

import functools


def head_as_get(view):
    """Answer HEAD exactly as GET (the server then drops the body).

    Views that treat every non-GET request as a form post would otherwise
    run their POST branch for HEAD: validate an empty form, or count a wrong
    receipt code against the visitor's rate limit. Class-based views get the
    same from Django (``head = get``). Put it outermost, so method checks such
    as ``require_http_methods`` see GET. The method is restored afterwards,
    because middleware and the server still need to know it was HEAD.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return wrapper
