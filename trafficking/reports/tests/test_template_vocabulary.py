"""Templates offer and compare the values the code uses, not copies of them."""

from django.template import engines

from trafficking.reports.attachments import ACCEPT, ALLOWED_TYPES
from trafficking.reports.workflow import Status


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load reports %}" + source).render(context)


def test_the_file_picker_offers_every_allowed_type_by_type_and_extension():
    offered = render("{% accepted_files %}").split(",")
    assert offered == ACCEPT.split(",")
    assert set(ALLOWED_TYPES) | set(ALLOWED_TYPES.values()) | {".jpeg"} == set(offered)


def test_a_status_compares_with_the_workflow_value():
    source = "{% report_statuses as status %}{% if s == status.CLOSED %}closed{% endif %}"
    assert render(source, s=Status.CLOSED.value) == "closed"
    assert render(source, s=Status.NEW.value) == ""
