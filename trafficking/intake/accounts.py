"""Creating staff and partner accounts, each with a TOTP second factor."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from trafficking.campaigns.models import CampaignMaker
from trafficking.directory.models import Organisation
from trafficking.reports.models import PartnerMembership

from .access import (
    ADMIN,
    ADMIN_SITE_ROLES,
    CAMPAIGN_MAKER,
    DIRECTORY_EDITOR,
    INTAKE,
    PARTNER,
    SUPERVISOR,
)

ROLES = (INTAKE, SUPERVISOR, PARTNER, CAMPAIGN_MAKER, DIRECTORY_EDITOR, ADMIN)
# Roles that act for one organisation of the directory.
ORGANISATION_ROLES = (PARTNER, CAMPAIGN_MAKER)


class AccountError(ValueError):
    """An account that cannot be created as asked; the message says why."""


@transaction.atomic
def create_account(
    username: str, role: str, *, password: str | None = None, organisation_slug: str = ""
) -> tuple[object, str, TOTPDevice]:
    """Create a user in a role with a confirmed TOTP device.

    Returns the user, the password (generated when not given) and the device,
    whose ``config_url`` goes into an authenticator app.
    """
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
    if role in ORGANISATION_ROLES and not organisation_slug:
        raise AccountError(f"a {role} account needs --organisation")
    users = get_user_model()
    if users.objects.filter(username__iexact=username).exists():
        # Never change an existing account from here: a second device or a
        # new password for someone else is what an attacker would ask for.
        raise AccountError(
            f"an account named {username!r} already exists; choose another name, or "
            "give this person a new password in the admin (/beheer/)"
        )
    organisation = None
    if role in ORGANISATION_ROLES:
        organisation = Organisation.objects.filter(slug=organisation_slug).first()
        if organisation is None:
            raise AccountError(f"no organisation with slug {organisation_slug!r} in the directory")
    password = password or secrets.token_urlsafe(18)
    # Never a superuser: every role, the administrator's included, gets exactly
    # the permissions of its group (see access.py).
    user = users.objects.create_user(
        username=username, password=password, is_staff=role in ADMIN_SITE_ROLES
    )
    user.groups.add(Group.objects.get(name=role))
    if organisation is not None and role == PARTNER:
        PartnerMembership.objects.create(user=user, organisation=organisation)
    elif organisation is not None and role == CAMPAIGN_MAKER:
        CampaignMaker.objects.create(user=user, organisation=organisation)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user, password, device
