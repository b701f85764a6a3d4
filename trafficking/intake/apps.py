from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "trafficking.intake"
    verbose_name = "Intake console and partner portal"
    default_auto_field = "django.db.models.BigAutoField"
