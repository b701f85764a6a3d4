from django.urls import path

from .views import actions, audit, capacity, files, login, partner, queue, report

app_name = "intake"
urlpatterns = [
    path("", queue.queue, name="queue"),
    path("inloggen/", login.login_view, name="login"),
    path("uitloggen/", login.logout_view, name="logout"),
    path("geen-rol/", login.no_role, name="no_role"),
    path("meldingen/<int:pk>/", report.report_detail, name="report"),
    path("meldingen/<int:pk>/actie/", actions.report_action, name="report_action"),
    path("meldingen/<int:pk>/export/", report.report_export, name="report_export"),
    path("meldingen/<int:pk>/koppeling/", actions.link_decision, name="link_decision"),
    path("doorzetten/<int:pk>/akkoord/", actions.approve_forward, name="approve_forward"),
    path("bijlagen/<int:pk>/", files.attachment_download, name="attachment"),
    path("audit/", audit.audit_log, name="audit"),
    path("capaciteit/", capacity.capacity_page, name="capacity"),
    path("partner/", partner.partner_list, name="partner_list"),
    path("partner/<int:pk>/", partner.partner_detail, name="partner_detail"),
]
