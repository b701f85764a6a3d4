from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "trafficking.reports"
    verbose_name = "Meldpunt"
    default_auto_field = "django.db.models.BigAutoField"
