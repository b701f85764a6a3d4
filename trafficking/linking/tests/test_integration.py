"""Reports submitted through the reporting point are linked, explained in the
intake console, and staff decisions hold."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from trafficking.linking.case_suggestions import suggestions_for
from trafficking.linking.cases import candidate_case
from trafficking.linking.models import LinkKey
from trafficking.reports.models import Report
from trafficking.reports.tests.factories import login_with_otp
from trafficking.reports.tests.test_storage_at_rest import every_cell_of_every_table

pytestmark = pytest.mark.django_db


def submit(client, text, items=()):
    response = client.post(
        "/api/v1/reports",
        json.dumps({"text": text, "items": list(items)}),
        content_type="application/json",
    )
    assert response.status_code == 201
    return Report.objects.latest("pk")


@pytest.fixture
def linked(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        a = submit(client, "Man met busje haalt vrouwen op, bel 06-12345678.")
        b = submit(
            client,
            "Werk via uitzendbureau",
            [{"type": "phone", "value": "+31 6 1234 5678"}, {"type": "plate", "value": "ab-123-c"}],
        )
        c = submit(client, "Zelfde busje AB 123 C bij de kas")
        d = submit(client, "Niets om te koppelen")
    return a, b, c, d


def test_reports_are_indexed_at_submission_without_plaintext(linked):
    a, _b, _c, _d = linked
    assert LinkKey.objects.filter(report=a, key_type="phone", strong=True).count() == 1
    dump = every_cell_of_every_table()
    for clear in (b"+31612345678", b"0612345678", b"AB123C", b"ab-123-c"):
        assert clear not in dump


def test_the_case_and_its_reasons(linked):
    a, b, c, d = linked
    case = candidate_case(c)
    assert case.members == [a.pk, b.pk, c.pk]
    assert {(link.key_type, link.reports) for link in case.links} == {
        ("phone", (a.pk, b.pk)),
        ("plate", (b.pk, c.pk)),
    }
    assert candidate_case(d).members == [d.pk]
    assert candidate_case(d).alone_reason == "no identifiers"


def test_the_console_shows_the_case_and_a_rejection_holds(
    client, linked, django_capture_on_commit_callbacks
):
    a, b, c, _d = linked
    login_with_otp(client, "intake")
    page = client.get(f"/intake/meldingen/{a.pk}/")
    html = page.content.decode()
    assert b.reference in html and c.reference in html
    assert "phone" in html
    assert "Telefoonnummer" in html  # the reason in words, not as a code
    client.post(f"/intake/meldingen/{a.pk}/koppeling/", {"other": b.pk, "decision": "reject"})
    assert a.pk not in candidate_case(b).members and b.pk not in candidate_case(a).members
    # A new report with the same number arrives: a and b still never share a case.
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        e = submit(client, "Weer dat nummer 0612345678")
    members = set(candidate_case(e).members)
    assert not {a.pk, b.pk} <= members
    assert not {a.pk, b.pk} <= set(candidate_case(a).members)


def test_a_reporters_addition_is_linked_too(client, linked, django_capture_on_commit_callbacks):
    _a, _b, c, d = linked
    from trafficking.reports.followup import add_reporter_message

    with django_capture_on_commit_callbacks(execute=True):
        add_reporter_message(d, "Ik zag ook kenteken AB-123-C")
    assert d.pk in candidate_case(c).members


def test_relink_rebuilds_the_same_index(linked):
    _a, _b, _c, _d = linked
    before = set(LinkKey.objects.values_list("report_id", "key_type", "key_hash", "strong"))
    out = StringIO()
    call_command("relink", stdout=out)
    after = set(LinkKey.objects.values_list("report_id", "key_type", "key_hash", "strong"))
    assert before == after and before
    assert "Indexed 4 report(s)" in out.getvalue()


def test_hubs_stop_linking_in_the_index(client, django_capture_on_commit_callbacks, settings):
    settings.LINK_HUB_THRESHOLD = 3
    with django_capture_on_commit_callbacks(execute=True):
        reports = [
            submit(client, f"Melding {i}: bel het callcenter 0800-0432 of 06-1111222{i}")
            for i in range(4)
        ]
        twin = submit(client, "Ook 06-11112220")
    # Hub status needs independent sources: these came from one test client
    # within seconds, so spread them over days and networks first.
    for day, report in enumerate(reports):
        Report.objects.filter(pk=report.pk).update(
            received_at=report.received_at - timedelta(days=day), source_tag=f"{day:016x}"
        )
    case = candidate_case(reports[1])
    assert case.members == [reports[1].pk]
    assert case.hubs and case.hubs[0][1] == 4
    assert candidate_case(twin).members == [reports[0].pk, twin.pk]


def test_look_alike_names_in_a_block_are_suggested_and_a_confirmation_links(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a = submit(
            client,
            "Baas heet Jan de Vries",
            [
                {"type": "address", "value": "Kerkstraat 3, 1234 AB"},
                {"type": "name", "value": "Jan de Vries"},
            ],
        )
        b = submit(
            client,
            "De man heet J. de Vries",
            [
                {"type": "address", "value": "Dorpsweg 9, 1234 AB"},
                {"type": "name", "value": "Jan de Vries"},
            ],
        )
        c = submit(
            client,
            "Andere naam",
            [
                # Same postcode area, another house: Dorpsweg 9 would link to b.
                {"type": "address", "value": "Dorpsweg 11, 1234 AB"},
                {"type": "name", "value": "Piet Jansen"},
            ],
        )
    case = candidate_case(a)
    assert case.members == [a.pk]  # a name never links on its own
    found = suggestions_for(a, case)
    assert [(s.other, s.key_type, s.block) for s in found] == [(b.pk, "name", "postcode_area")]
    assert c.pk not in [s.other for s in found]
    login_with_otp(client, "intake")
    page = client.get(f"/intake/meldingen/{a.pk}/")
    assert b.reference in page.content.decode()
    client.post(f"/intake/meldingen/{a.pk}/koppeling/", {"other": b.pk, "decision": "confirm"})
    case = candidate_case(a)
    assert case.members == [a.pk, b.pk]
    assert [link.key_type for link in case.links] == ["confirmed"]


def test_staff_can_enrich_a_report_and_it_links(client, linked, django_capture_on_commit_callbacks):
    a, _b, _c, d = linked
    login_with_otp(client, "intake")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/intake/meldingen/{d.pk}/actie/",
            {"action": "add_item", "type": "plate", "value": "AB-123-C"},
        )
    d.refresh_from_db()
    assert {"type": "plate", "value": "AB-123-C", "added_by": "intake-user"} in d.content()["items"]
    assert d.pk in candidate_case(a).members
    assert "item_added" in d.events.values_list("action", flat=True)
