from django.urls import path

from . import views

app_name = "reports"
# Paths stay Dutch in every language: they are short, and a link shared in
# one language opens the same page in another.
urlpatterns = [
    path("melden/", views.report_view, name="report"),
    path("melden/opvolgen/", views.followup_view, name="followup"),
    path("advies-vragen/", views.advice_view, name="advice"),
]
