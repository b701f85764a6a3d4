"""Staff pages of the inventory survey: invitations and the review of proposed changes."""

from django.urls import path

app_name = "survey-staff"
urlpatterns: list = []
