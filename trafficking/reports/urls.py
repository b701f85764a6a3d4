from django.urls import path

from trafficking.core.http import head_as_get

from . import views

app_name = "reports"
# Paths stay Dutch in every language: they are short, and a link shared in
# one language opens the same page in another. The views branch on GET and
# POST, so HEAD is turned into GET here.
urlpatterns = [
    path("melden/", head_as_get(views.report_view), name="report"),
    path("melden/opvolgen/", head_as_get(views.followup_view), name="followup"),
    path("advies-vragen/", head_as_get(views.advice_view), name="advice"),
]
