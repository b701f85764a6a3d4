"""The respondent's pages of the inventory survey (public, no account; issue 13)."""

from django.urls import path

app_name = "surveys"
urlpatterns: list = []
