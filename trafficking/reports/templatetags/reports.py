"""Template side of the reporting point's vocabularies:

    {% load reports %}
    <input type="file" accept="{% accepted_files %}">
    {% report_statuses as status %}{% if report.status == status.CLOSED %}...

so templates compare with and offer the same values as the code does.
"""

from django import template

from trafficking.reports.attachments import ACCEPT
from trafficking.reports.workflow import Status

register = template.Library()


@register.simple_tag
def accepted_files() -> str:
    """The file picker's ``accept`` value: the types attachments.py allows."""
    return ACCEPT


@register.simple_tag
def report_statuses() -> type[Status]:
    """The workflow's statuses, to compare ``report.status`` with by name."""
    return Status
