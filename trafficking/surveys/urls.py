"""The respondent's pages of the inventory survey (public, no account; issue 13).

Paths stay Dutch in every language, as the report form's do: a link e-mailed
in one language opens the same survey in the other. Views branch on GET and
POST, so HEAD is turned into GET here.
"""

from django.urls import path

from trafficking.core.http import head_as_get

from . import respond_views

app_name = "surveys"
urlpatterns = [
    path("enquete/<str:token>/", head_as_get(respond_views.respond_start), name="respond"),
    path(
        "enquete/<str:token>/<str:page>/",
        head_as_get(respond_views.respond_page),
        name="page",
    ),
]
