"""An append-only log of who looked at, changed, exported or forwarded what.

Rows can be added, never changed or removed: the model refuses it, and a
database trigger (see the migration) refuses it for raw SQL too, so neither
staff nor a bug in a view can rewrite history. Entries name the object by
type and reference, not by foreign key, so they outlive the reports that
retention deletes. They never hold report content.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .actions import AuditAction, ObjectType


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # No cascade and no constraint: removing an account must not touch
        # (or be blocked by) the append-only log.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Kept as text so the entry still says who it was after an account is removed.
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=40, choices=ObjectType.choices)
    object_ref = models.CharField(max_length=64, db_index=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        who = self.actor_name or "system"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.object_ref}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")
