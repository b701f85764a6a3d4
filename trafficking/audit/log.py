"""Writing to the audit log."""

from __future__ import annotations

from .models import AuditEntry


def record(actor, action: str, object_type: str, object_ref, detail: str = "") -> AuditEntry:
    """Append one entry; ``actor`` is a user or None for the system."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=user.get_username() if user else "",
        action=action,
        object_type=object_type,
        object_ref=str(object_ref),
        detail=detail[:500],
    )
