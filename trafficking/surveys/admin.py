"""The survey's models in the admin (/beheer/): to look, not to edit.

Invitations are made from the staff pages (they show the link once) and
decisions on proposed changes go through the review pages (review.py applies
them with history and the stale check). Editing either here would bypass
both, so the admin only shows them. Answers are shown as stored; the admin
escapes them like every other value.
"""

from __future__ import annotations

from django.contrib import admin

from .models import Invitation, ProposedChange, SurveyResponse


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "version", "created_at", "expires_at", "revoked_at"]
    list_filter = ["version"]
    search_fields = ["organisation__name"]
    # Never the hash: it would only help someone trying tokens.
    exclude = ["token_hash"]


class ProposedChangeInline(admin.TabularInline):
    model = ProposedChange
    fields = ("target", "block", "campaign", "field", "current", "proposed", "status", "decided_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["respondent", "version", "source", "state", "submitted_at"]
    list_filter = ["version", "source", "state"]
    search_fields = ["respondent"]
    inlines = [ProposedChangeInline]


@admin.register(ProposedChange)
class ProposedChangeAdmin(ReadOnlyAdmin):
    list_display = ["response", "target", "block", "field", "status", "decided_at"]
    list_filter = ["status", "target", "field"]
