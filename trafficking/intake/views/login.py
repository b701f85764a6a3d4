"""Signing in and out, and the page for an account without a role."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ..access import landing_for
from ..forms import LoginForm
from ..lockout import lockout_remaining, lockout_response
from ..signin import sign_in, sign_out


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "GET":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, _("Vul alle velden in."))
    username = form.cleaned_data["username"]
    if lockout_remaining(username) is not None:
        # Say how long to wait, whatever was typed; axes is not asked
        # again, so a locked account's lock is not lengthened.
        return lockout_response(request, credentials={"username": username})
    attempt = sign_in(request, username, form.cleaned_data["password"], form.cleaned_data["token"])
    if attempt.user is None:
        return _page(request, form, attempt.error)
    return redirect(landing_for(attempt.user))


def _page(request, form: LoginForm, error: str = ""):
    return render(
        request,
        "intake/login.html",
        {"form": form, "error": error},
        status=400 if error else 200,
    )


@never_cache
@require_POST
def logout_view(request):
    sign_out(request)
    return redirect("intake:login")


@never_cache
def no_role(request):
    return render(request, "intake/no_role.html", status=403)
