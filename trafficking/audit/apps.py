from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "trafficking.audit"
    verbose_name = "Audit log"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers

        receivers.connect()
