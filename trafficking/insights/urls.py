"""Public insights: the report's figures, maps and exports from live data (issue 13)."""

from django.urls import path

app_name = "insights"
urlpatterns: list = []
