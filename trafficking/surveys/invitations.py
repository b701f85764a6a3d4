"""Invitations to the inventory survey: the personal link, its hash, its life.

The link carries a token from ``secrets.token_urlsafe(32)`` (256 bits). Only
its SHA-256 is stored (``Invitation.token_hash``): a copy of the database, a
backup or a staff screen never opens anyone's survey. A plain hash is enough
(no pepper, no slow hash): the token is random and long, so there is nothing
to guess from the hash. Looking a token up is a lookup of its hash on a
unique index; what an attacker controls (the token) goes through SHA-256
first, so the time the index takes says nothing about stored hashes, and the
final comparison is constant-time all the same.

Revoking and expiry close the link; a submitted response keeps it showing
"thank you" until it expires.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .definition import current_version
from .models import Invitation, ResponseState

TOKEN_BYTES = 32
DEFAULT_VALID_DAYS = 30
MAX_VALID_DAYS = 365
LANGUAGES = (("nl", "Nederlands"), ("en", "English"))
# token_urlsafe(32) gives 43 characters of the URL-safe base64 alphabet.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    EXPIRED = "expired"
    REVOKED = "revoked"


STATUS_LABELS = {
    Status.NOT_STARTED: _("Nog niet begonnen"),
    Status.IN_PROGRESS: _("Wordt ingevuld"),
    Status.SUBMITTED: _("Ingestuurd"),
    Status.EXPIRED: _("Verlopen"),
    Status.REVOKED: _("Ingetrokken"),
}


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find_invitation(token: str) -> Invitation | None:
    """The invitation whose link carries ``token``, open or not; None if unknown."""
    if not isinstance(token, str) or not _TOKEN_SHAPE.match(token):
        return None
    wanted = hash_token(token)
    invitation = (
        Invitation.objects.select_related("organisation", "response")
        .filter(token_hash=wanted)
        .first()
    )
    if invitation is None or not hmac.compare_digest(invitation.token_hash, wanted):
        return None
    return invitation


def is_submitted(invitation: Invitation) -> bool:
    response = getattr(invitation, "response", None)
    return response is not None and response.state == ResponseState.SUBMITTED


def has_response(invitation: Invitation) -> bool:
    return getattr(invitation, "response", None) is not None


def status(invitation: Invitation, now: datetime | None = None) -> Status:
    """What the staff list shows; submitted wins (a submitted one cannot be revoked)."""
    now = now or timezone.now()
    if is_submitted(invitation):
        return Status.SUBMITTED
    if invitation.revoked_at is not None:
        return Status.REVOKED
    if now >= invitation.expires_at:
        return Status.EXPIRED
    if has_response(invitation):
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


def create_invitation(
    *,
    organisation,
    email: str = "",
    language: str = "nl",
    valid_days: int = DEFAULT_VALID_DAYS,
    created_by=None,
    version: str | None = None,
    now: datetime | None = None,
) -> tuple[Invitation, str]:
    """Store a new invitation; returns it with the token (shown or mailed once, then gone)."""
    if language not in dict(LANGUAGES):
        raise ValueError(f"language must be one of {', '.join(dict(LANGUAGES))}")
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise ValueError(f"valid_days must be between 1 and {MAX_VALID_DAYS}")
    now = now or timezone.now()
    token = new_token()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation,
            token_hash=hash_token(token),
            email=email,
            language=language,
            version=version or current_version(),
            created_by=created_by,
            created_at=now,
            expires_at=now + timedelta(days=valid_days),
        )
        _audit_created(invitation, created_by)
    return invitation, token


def revoke_invitation(invitation: Invitation, *, by=None, now: datetime | None = None) -> bool:
    """Close the link for good; False when it was already revoked or is submitted."""
    if invitation.revoked_at is not None or is_submitted(invitation):
        return False
    with transaction.atomic():
        changed = Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
            revoked_at=now or timezone.now()
        )
        if changed:
            _audit_revoked(invitation, by)
    invitation.refresh_from_db()
    return bool(changed)


def rotate_token(invitation: Invitation) -> tuple[str, str]:
    """Give the invitation a new token; returns (new token, previous hash).

    The previous link stops working at once. Callers that cannot deliver the
    new link put the previous hash back with :func:`restore_token`.
    """
    token = new_token()
    previous = invitation.token_hash
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))
    invitation.token_hash = hash_token(token)
    return token, previous


def restore_token(invitation: Invitation, previous_hash: str) -> None:
    """Undo :func:`rotate_token` if nothing rotated it since."""
    Invitation.objects.filter(pk=invitation.pk, token_hash=invitation.token_hash).update(
        token_hash=previous_hash
    )
    invitation.token_hash = previous_hash


# ---- audit ----------------------------------------------------------------------


def _audit_created(invitation: Invitation, by) -> None:
    from trafficking.audit import events

    events.survey_invited(invitation, by=by)


def _audit_revoked(invitation: Invitation, by) -> None:
    from trafficking.audit import events

    events.survey_invitation_revoked(invitation, by=by)
