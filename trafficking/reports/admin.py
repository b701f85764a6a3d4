"""Administrators manage reply templates and partner memberships here.
Reports themselves are not in the admin: they are opened only in the intake
console, where every view is logged."""

from django.contrib import admin
from django.contrib.auth import get_user_model

from .models import PartnerMembership, ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["slug", "language", "title"]
    list_filter = ["language"]


@admin.register(PartnerMembership)
class PartnerMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    autocomplete_fields = ["organisation"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A membership opens a partner's forwarded reports: an administrator
        # must not be able to give one to themselves.
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.exclude(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
