from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("geen-rol/", views.no_role, name="no_role"),
    path("meldingen/<int:pk>/", views.report_detail, name="report"),
    path("meldingen/<int:pk>/actie/", views.report_action, name="report_action"),
    path("meldingen/<int:pk>/export/", views.report_export, name="report_export"),
    path("meldingen/<int:pk>/koppeling/", views.link_decision, name="link_decision"),
    path("doorzetten/<int:pk>/akkoord/", views.approve_forward, name="approve_forward"),
    path("bijlagen/<int:pk>/", views.attachment_download, name="attachment"),
    path("audit/", views.audit_log, name="audit"),
    path("partner/", views.partner_list, name="partner_list"),
    path("partner/<int:pk>/", views.partner_detail, name="partner_detail"),
]
