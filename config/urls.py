from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from trafficking.api import api
from trafficking.campaigns.link_views import follow as follow_campaign_link
from trafficking.intake.admin_login import AdminLoginForm
from trafficking.pages.views import root

# The admin, like every staff page, requires a second factor (TOTP). Its login
# asks for password and code in one step (see intake/admin_login.py).
admin.site.__class__ = OTPAdminSite
admin.site.login_form = AdminLoginForm
admin.site.login_template = "intake/admin_login.html"

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("intake/campagnes/", include("trafficking.campaigns.maker_urls")),
    path("intake/enquete/", include("trafficking.surveys.staff_urls")),
    path("intake/", include("trafficking.intake.urls")),
    # Outside i18n_patterns: / itself has no language yet; it sends the visitor to one.
    # Outside i18n_patterns: printed on posters and QR codes in one form for
    # every language; the visitor's language is chosen when they follow it.
    path("c/<slug:code>", follow_campaign_link, name="campaign-link"),
    path("c/<slug:code>/", follow_campaign_link),
    path("", root, name="root"),
]
# Public pages carry the language in the path (/nl/..., /en/...), so a link
# shared or bookmarked opens in the same language, with no cookie needed.
urlpatterns += i18n_patterns(
    path("", include("trafficking.pages.urls")),
    path("", include("trafficking.directory.urls")),
    path("", include("trafficking.campaigns.urls")),
    path("", include("trafficking.reports.urls")),
    path("", include("trafficking.surveys.urls")),
    path("", include("trafficking.insights.urls")),
    prefix_default_language=True,
)
