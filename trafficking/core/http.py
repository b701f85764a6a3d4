"""Small helpers for views: HEAD as GET, the page number of a list."""

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


def page_number(text: str) -> int:
    """The page asked for; junk or a number below 1 means the first page.

    A number past the end is left to Paginator.get_page, which gives the last
    page: a shared or stale link never ends in an error page.
    """
    try:
        return max(int(text), 1)
    except ValueError:
        return 1
