"""Linking in the background (inline with the default task backend)."""

from django_tasks import task


@task()
def link_report(report_id: int) -> int:
    from trafficking.reports.models import Report

    from .index import index_report

    report = Report.objects.filter(pk=report_id).first()
    return index_report(report) if report else 0
