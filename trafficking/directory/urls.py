from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "directory"
urlpatterns = [
    path(_("organisaties/"), views.organisation_list, name="list"),
    path(_("organisaties/<slug:slug>/"), views.organisation_detail, name="detail"),
]
