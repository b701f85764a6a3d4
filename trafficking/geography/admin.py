from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Municipality, MunicipalityAlias, PoliceUnit, Province, SafetyRegion


class AliasInline(admin.TabularInline):
    model = MunicipalityAlias
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "province", "safety_region"]
    list_filter = ["province", "safety_region__police_unit"]
    search_fields = ["name", "code", "aliases__name"]
    inlines = [AliasInline]


@admin.register(SafetyRegion)
class SafetyRegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "police_unit"]


admin.site.register(Province)
admin.site.register(PoliceUnit)
