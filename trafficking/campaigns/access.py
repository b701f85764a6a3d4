"""Campaign makers: accounts that keep one organisation's campaigns and materials.

Like every account page, theirs require a session verified with a second
factor (TOTP); the sign-in is the console's (/intake/inloggen/).
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from trafficking.directory.models import Organisation
from trafficking.intake.access import CAMPAIGN_MAKER, verified

from .models import CampaignMaker


def campaign_maker_required(view):
    """Signed in with 2FA and linked to an organisation as campaign maker.

    Sets ``request.campaign_organisation``: everything the view stores or
    shows belongs to that organisation only.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not verified(request.user):
            return redirect("intake:login")
        # A deactivated organisation or a removed role ends the access, even
        # where the link to the organisation is still there.
        maker = (
            CampaignMaker.objects.select_related("organisation")
            .filter(
                user=request.user,
                organisation__is_active=True,
                user__groups__name=CAMPAIGN_MAKER,
            )
            .first()
        )
        if maker is None:
            raise PermissionDenied
        request.campaign_organisation = maker.organisation
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)  # account pages stay out of every cache
        return response

    return wrapper


def maker_organisation(request) -> Organisation:
    """The organisation a campaign maker acts for (set by campaign_maker_required)."""
    return request.campaign_organisation
