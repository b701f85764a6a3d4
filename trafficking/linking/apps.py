from django.apps import AppConfig


class LinkingConfig(AppConfig):
    name = "trafficking.linking"
    verbose_name = "Case linking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from trafficking.reports.signals import report_content_changed

        from .tasks import link_report

        def enqueue(sender, report_id, **kwargs):
            link_report.enqueue(report_id)

        report_content_changed.connect(enqueue, weak=False, dispatch_uid="linking.enqueue")
