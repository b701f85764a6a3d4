from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Channel, Organisation, ServiceArea


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0
    fields = [
        "position",
        "kind",
        "value",
        "purpose",
        "hours",
        "anonymous",
        "verified",
        "outdated",
        "source",
    ]


class ServiceAreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 0
    fields = ["scope", "code", "approximate", "note"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "reporting_scale",
        "knowledge_scale",
        "operator_type",
        "sharing_category",
        "is_care_coordinator",
        "in_inventory",
        "is_active",
        "updated_at",
    ]
    list_filter = [
        "kind",
        "reporting_scale",
        "knowledge_scale",
        "operator_type",
        "sharing_category",
        "is_care_coordinator",
        "in_inventory",
        "is_active",
    ]
    search_fields = ["name", "slug", "role"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ChannelInline, ServiceAreaInline]
    readonly_fields = ["updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # Which consent covers a forward to an organisation is reviewed in
        # data/inventory.yaml, with its source, and loaded from there; in the
        # admin it is chosen once, for a new organisation, and then shown
        # only, so no directory edit can quietly move where reports may go.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            fields += ["sharing_category", "sharing_category_reason"]
        return fields

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "kind",
                    "operator_type",
                    "is_care_coordinator",
                    "is_active",
                ]
            },
        ),
        (
            # Decides which of the reporter's consents covers a forward here.
            "Delen met toestemming van de melder",
            {"fields": ["sharing_category", "sharing_category_reason"]},
        ),
        ("Rol", {"fields": ["role", "role_en", "audiences", "forms", "focus"]}),
        (
            "Schaal en bron",
            {
                "fields": [
                    "in_inventory",
                    "section",
                    "scale_in_source",
                    "reporting_scale",
                    "knowledge_scale",
                    "source",
                    "discrepancies",
                    "updated_at",
                ]
            },
        ),
    ]


@admin.register(Channel)
class ChannelAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "kind", "value", "verified", "outdated", "anonymous"]
    list_filter = ["kind", "verified", "outdated", "anonymous"]
    search_fields = ["organisation__name", "value"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "scope", "code", "approximate"]
    list_filter = ["scope", "approximate"]
    search_fields = ["organisation__name", "code"]
