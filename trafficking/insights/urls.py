"""Public insights: the report's figures, maps and exports from live data (issue 13)."""

from django.urls import path, register_converter
from django.utils.translation import gettext_lazy as _

from . import views


class ExtensionConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExtensionConverter, "extension")

app_name = "insights"
# Fixed paths first: "meldingen" and "kaarten" would otherwise read as a group.
urlpatterns = [
    path(_("inzichten/"), views.overview, name="overview"),
    path(_("inzichten/meldingen/"), views.reports_page, name="reports"),
    path(_("inzichten/kaarten/"), views.maps_page, name="maps"),
    path(_("inzichten/factsheet.pdf"), views.factsheet, name="factsheet"),
    path(_("inzichten/download/<slug:key>.<extension:extension>"), views.export, name="export"),
    path(_("inzichten/<slug:slug>/"), views.group_page, name="group"),
]
