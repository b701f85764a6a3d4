"""Template side of the reporting point's vocabularies:

    {% load reports %}
    <input type="file" accept="{% accepted_files %}">
    {% report_statuses as status %}{% if report.status == status.CLOSED %}...
    {% report_vocabulary as v %}{% if item.status == v.forward.SENT %}...
    {% if a.type|keeps_metadata %}...{% endif %}  {% if report.language|is_dutch %}...

so templates compare with and offer the same values as the code does.
"""

from types import SimpleNamespace

from django import template

from trafficking.core import languages
from trafficking.reports.attachments import ACCEPT, METADATA_STRIPPED
from trafficking.reports.constants import Direction, ForwardStatus, ReportKind
from trafficking.reports.forwarding import OVERRIDE_BASIS
from trafficking.reports.workflow import Action, Status

register = template.Library()


@register.simple_tag
def accepted_files() -> str:
    """The file picker's ``accept`` value: the types attachments.py allows."""
    return ACCEPT


@register.simple_tag
def report_statuses() -> type[Status]:
    """The workflow's statuses, to compare ``report.status`` with by name."""
    return Status


VOCABULARY = SimpleNamespace(
    status=Status,
    action=Action,
    forward=ForwardStatus,
    direction=Direction,
    kind=ReportKind,
    override_basis=OVERRIDE_BASIS,
)


@register.simple_tag
def report_vocabulary() -> SimpleNamespace:
    """The reporting point's code lists by name (status, action, forward,
    direction, kind, override_basis), so templates never spell a stored value."""
    return VOCABULARY


@register.filter
def keeps_metadata(content_type: str) -> bool:
    """A stored file of this type still holds its author's metadata."""
    return content_type not in METADATA_STRIPPED


@register.filter
def is_dutch(language: str) -> bool:
    return languages.is_dutch(language)
