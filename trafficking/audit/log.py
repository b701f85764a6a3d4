"""Writing to the audit log.

``record`` is the one writer, called only by the named event functions
(audit/events.py, audit/accounts.py, reports/events.py). It refuses an action
or object type outside the vocabulary in audit/actions.py, so a typo cannot
create an entry nobody can find or label.
"""

from __future__ import annotations

from .actions import AuditAction, ObjectType
from .models import AuditEntry

DETAIL_LENGTH = AuditEntry._meta.get_field("detail").max_length
REF_LENGTH = AuditEntry._meta.get_field("object_ref").max_length


def record(
    actor,
    action: AuditAction,
    object_type: ObjectType,
    object_ref: object,
    detail: str = "",
) -> AuditEntry:
    """Append one entry; ``actor`` is a user, or None for the system."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=user.get_username() if user else "",
        action=AuditAction(action),
        object_type=ObjectType(object_type),
        object_ref=str(object_ref)[:REF_LENGTH],
        detail=detail[:DETAIL_LENGTH],
    )
