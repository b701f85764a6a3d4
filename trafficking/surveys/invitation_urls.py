"""Staff pages for survey invitations (included by staff_urls.py under /intake/enquete/)."""

from django.urls import path

from . import invitation_views

urlpatterns = [
    path("uitnodigingen/", invitation_views.invitation_list, name="invitations"),
    path("uitnodigingen/nieuw/", invitation_views.invite, name="invite"),
    path("uitnodigingen/<int:pk>/intrekken/", invitation_views.revoke, name="revoke"),
    path("uitnodigingen/<int:pk>/herinneren/", invitation_views.remind, name="remind"),
]
