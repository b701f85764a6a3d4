from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import (
    calendar_views,
    coverage_views,
    effect_views,
    material_views,
    poster_views,
    views,
)

app_name = "campaigns"
# Fixed paths under campagnes/ come before the detail pattern, which would
# otherwise read "dekking" as a campaign's slug.
urlpatterns = [
    path(_("campagnes/"), views.campaign_list, name="list"),
    path(_("campagnes/dekking/"), coverage_views.coverage_page, name="coverage"),
    path(_("campagnes/kalender/"), calendar_views.calendar_page, name="calendar"),
    path(_("campagnes/materiaal/regio/"), poster_views.region_materials, name="region-materials"),
    path(_("campagnes/effect-meten/"), effect_views.effect_page, name="effect"),
    *material_views.public_patterns,
    path(_("campagnes/<slug:slug>/"), views.campaign_detail, name="detail"),
]
