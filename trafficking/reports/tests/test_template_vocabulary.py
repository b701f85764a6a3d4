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


def test_the_vocabulary_names_stored_values():
    source = (
        "{% report_vocabulary as v %}"
        "{% if f == v.forward.SENT %}sent{% endif %}"
        "{% if d == v.direction.NOTE %} note{% endif %}"
        "{% if b == v.override_basis %} override{% endif %}"
    )
    assert render(source, f="sent", d="note", b="override") == "sent note override"
    assert render(source, f="received", d="to_reporter", b="police") == ""


def test_only_files_that_are_not_rewritten_keep_their_metadata():
    # Since ADR 0012 PDFs are written anew too: no allowed type keeps it.
    source = "{% if t|keeps_metadata %}warn{% endif %}"
    assert render(source, t="application/pdf") == ""
    assert render(source, t="image/jpeg") == ""
    assert render(source, t="image/png") == ""
    assert render(source, t="application/zip") == "warn"  # a type nothing rewrites


def test_reports_not_in_dutch_are_marked():
    source = "{% if not lang|is_dutch %}translate{% endif %}"
    assert render(source, lang="pl") == "translate"
    assert render(source, lang="nl") == ""
    assert render(source, lang="nl-BE") == ""
