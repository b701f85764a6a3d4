from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path(_("wegwijzer/"), views.wizard_view, name="wizard"),
    path(_("advies/"), views.results, name="results"),
    path(_("signalen/"), views.signals, name="signals"),
    # Not translated: the same short path in every language.
    path("weg/", views.quick_exit, name="quick-exit"),
]
