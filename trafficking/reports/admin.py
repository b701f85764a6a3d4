"""Administrators manage reply templates and partner memberships here.
Reports themselves are not in the admin: they are opened only in the intake
console, where every view is logged."""

from django.contrib import admin

from .models import PartnerMembership, ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["slug", "language", "title"]
    list_filter = ["language"]


@admin.register(PartnerMembership)
class PartnerMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    autocomplete_fields = ["organisation"]
