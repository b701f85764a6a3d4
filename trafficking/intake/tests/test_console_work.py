"""The intake console fits the work (issue 10, point 7): notes and messages,
forwarding by name within consent, names instead of codes, a quiet history,
and a queue with search, pages and useful columns."""

import time

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from trafficking.audit.models import AuditEntry
from trafficking.linking.index import index_report
from trafficking.reports.constants import ForwardStatus
from trafficking.reports.drafts import Item
from trafficking.reports.models import Forward, Message, ReportEvent
from trafficking.reports.tests.factories import SECRET_TEXT, login_with_otp, make_report

pytestmark = pytest.mark.django_db


def indexed_report(**overrides):
    """A report whose identifiers are in the linking index (the real task
    runs after the commit, which a test's transaction never reaches)."""
    report, code = make_report(**overrides)
    index_report(report)
    return report, code


def report_page(client, report) -> str:
    return client.get(f"/intake/meldingen/{report.pk}/").content.decode()


def action(client, report, **data):
    return client.post(f"/intake/meldingen/{report.pk}/actie/", data, follow=True)


def shown_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Notes and messages -------------------------------------------------------


def test_send_to_reporter_is_never_ticked_by_default_and_warns(client):
    report, _code = make_report()
    login_with_otp(client, "intake")
    page = client.get(f"/intake/meldingen/{report.pk}/")
    box = page.context["message_form"]["to_reporter"]
    assert not box.value()
    html = page.content.decode()
    checkbox = html[html.index('name="to_reporter"') - 80 : html.index('name="to_reporter"') + 80]
    assert "checked" not in checkbox
    assert "iedereen die de bewijscode heeft, kan een bericht aan de melder lezen" in html


def test_a_note_stays_internal_and_looks_different_from_a_message(client):
    report, code = make_report()
    login_with_otp(client, "intake")
    # The form posted as it comes: text only, the box left as it is.
    action(client, report, action="message", text="Lijkt op zaak van vorige week.")
    action(client, report, action="message", text="Kunt u het adres geven?", to_reporter="on")
    directions = list(Message.objects.filter(report=report).values_list("direction", flat=True))
    assert directions == ["note", "to_reporter"]
    reporter_view = client.post("/nl/melden/opvolgen/", {"code": code}).content.decode()
    assert "Lijkt op zaak van vorige week." not in reporter_view
    assert "Kunt u het adres geven?" in reporter_view

    html = report_page(client, report)
    note = html[html.index('class="message message-note"') :]
    note = note[: note.index("</li>")]
    assert "Interne notitie – alleen voor medewerkers" in note
    assert "Lijkt op zaak van vorige week." in note
    message = html[html.index('class="message message-to_reporter"') :]
    message = message[: message.index("</li>")]
    assert "Bericht aan de melder – leesbaar met de bewijscode" in message


# --- Forwarding -----------------------------------------------------------------


def choices_of(client, report) -> dict[str, dict[str, str]]:
    form = client.get(f"/intake/meldingen/{report.pk}/").context["forward_form"]
    return {str(group): dict(options) for group, options in form.fields["organisation"].choices[1:]}


def test_forward_choices_are_names_filtered_by_consent(client):
    report, _ = make_report(consent_labour=True, consent_care=False, consent_police=False)
    login_with_otp(client, "intake")
    groups = choices_of(client, report)
    assert list(groups) == ["Met toestemming van de melder"]
    options = groups["Met toestemming van de melder"]
    assert options["nederlandse-arbeidsinspectie"].startswith("Nederlandse Arbeidsinspectie")
    assert "politie-oost-nederland" not in options and "comensha" not in options
    html = report_page(client, report)
    assert 'list="forward-organisations"' not in html  # no typed slugs any more
    assert "<select" in html[html.index("Doorzetten naar een partner") :]


def test_with_a_minor_the_others_are_offered_through_four_eyes(client):
    report, _ = make_report(minor=True, consent_care=True, consent_police=False)
    login_with_otp(client, "intake")
    groups = choices_of(client, report)
    assert "comensha" in groups["Met toestemming van de melder"]
    assert "politie-oost-nederland" in groups["Zonder toestemming: alleen met vier ogen"]


def test_every_refused_forward_says_why(client):
    report, _ = make_report(minor=True, consent_care=True, consent_police=False)
    login_with_otp(client, "intake")
    # A partner that is not in the list (typed, or from an old page).
    refused = action(client, report, action="forward", organisation="bestaat-niet")
    assert any("Kies een organisatie uit de lijst" in m for m in shown_messages(refused))
    # An override without a reason: the service's reason reaches the page.
    refused = action(client, report, action="forward", organisation="politie-oost-nederland")
    assert any("schrijf waarom" in m for m in shown_messages(refused))
    assert not Forward.objects.filter(report=report).exists()
    done = action(client, report, action="forward", organisation="comensha")
    assert any(m.startswith("Doorgezet naar CoMensha") for m in shown_messages(done))
    # Sent once, it is no longer offered; a second post is refused out loud.
    again = action(client, report, action="forward", organisation="comensha")
    assert any("al naar deze organisatie doorgezet" in m for m in shown_messages(again))
    assert Forward.objects.filter(report=report).count() == 1


def test_without_any_consent_or_override_the_page_says_forwarding_is_impossible(client):
    report, _ = make_report(consent_care=False, consent_police=False, consent_labour=False)
    login_with_otp(client, "intake")
    html = report_page(client, report)
    assert "Doorzetten kan niet: de melder gaf voor geen enkele partner toestemming" in html
    refused = action(client, report, action="forward", organisation="comensha")
    assert any("Doorzetten kan niet" in m for m in shown_messages(refused))


# --- Names, local dates, a quiet history --------------------------------------


def test_codes_are_shown_as_names_and_dates_as_local_dates(client):
    report, _ = make_report(language="pl", municipality_code="GM0193")
    user = login_with_otp(client, "intake")
    action(client, report, action="classify", form="labour")
    html = report_page(client, report)
    facts = html[html.index('<dl class="facts">') : html.index("</dl>")]
    assert "Zwolle" in facts and "GM0193" not in facts
    assert "Pools" in facts and "niet Nederlands" in facts
    local = timezone.localtime(report.received_at)
    assert date_format(local, "j M Y H:i") in facts
    assert report.received_at.isoformat() not in html
    history = html[html.index("Geschiedenis") :]
    assert "Geclassificeerd · Arbeidsuitbuiting" in history
    queue = client.get("/intake/").content.decode()
    assert "Zwolle" in queue and "Pools" in queue and "Arbeidsuitbuiting" in queue
    assert user


def test_acting_on_a_report_does_not_log_another_opening(client):
    report, _ = make_report()
    user = login_with_otp(client, "intake")
    client.get(f"/intake/meldingen/{report.pk}/")
    action(client, report, action="triage")
    action(client, report, action="message", text="Notitie")
    client.get(f"/intake/meldingen/{report.pk}/")
    opened = ReportEvent.objects.filter(report=report, action="viewed", actor=user).count()
    assert opened == 1
    # The audit log still has every look.
    assert AuditEntry.objects.filter(action="view", object_ref=report.reference).count() == 4


def test_a_colleague_opening_the_report_is_in_the_history(client):
    report, _ = make_report()
    login_with_otp(client, "intake", "eerste")
    client.get(f"/intake/meldingen/{report.pk}/")
    client.logout()
    login_with_otp(client, "intake", "tweede")
    client.get(f"/intake/meldingen/{report.pk}/")
    viewers = ReportEvent.objects.filter(report=report, action="viewed").values_list(
        "actor__username", flat=True
    )
    assert sorted(viewers) == ["eerste", "tweede"]


# --- The queue -------------------------------------------------------------------


def queue_refs(client, **params) -> list[str]:
    response = client.get("/intake/", params)
    return [row.report.reference for row in response.context["rows"]]


def test_queue_search_by_number_municipality_and_identifier(client):
    zwolle, _ = indexed_report(municipality_code="GM0193")
    deventer, _ = indexed_report(
        municipality_code="GM0150", items=(Item("phone", "+31 6 1111 2222"),), text="Iets anders"
    )
    login_with_otp(client, "intake")
    assert queue_refs(client, q=zwolle.reference) == [zwolle.reference]
    assert queue_refs(client, q=str(deventer.pk)) == [deventer.reference]
    assert queue_refs(client, q="Zwolle") == [zwolle.reference]
    # The phone number in another spelling than the reporter's, found through
    # the linking index's keyed hashes (nothing decrypted, nothing stored).
    assert queue_refs(client, q="06-11112222") == [deventer.reference]
    assert queue_refs(client, q="zz-771-q") == [zwolle.reference]  # the factory's plate
    assert queue_refs(client, q="06-99999999") == []
    page = client.get("/intake/", {"q": "06-11112222"}).content.decode()
    assert "1 melding gevonden" in page and "Telefoonnummer" in page
    assert "06-11112222" not in "".join(AuditEntry.objects.values_list("detail", flat=True))


def test_queue_search_finds_closed_reports_too(client):
    report, _ = indexed_report(items=(Item("plate", "AB-123-C"),))
    user = login_with_otp(client, "intake")
    from trafficking.reports.triage import apply_action

    apply_action(report, user, "close")
    assert queue_refs(client) == []
    assert queue_refs(client, q="ab123c") == [report.reference]


def test_queue_pages_and_columns(client):
    first, _ = indexed_report(items=(Item("phone", "+31 6 5555 0000"),))
    second, _ = indexed_report(items=(Item("phone", "06 5555 0000"),), text="Tweede melding")
    for _ in range(26):
        indexed_report(items=(), text="Nog een melding", consent_contact=False)
    login_with_otp(client, "intake")
    one = client.get("/intake/")
    assert len(one.context["rows"]) == 25
    assert one.context["page"].paginator.count == 28
    two = client.get("/intake/", {"pagina": 2})
    assert len(two.context["rows"]) == 3
    rows = {r.report.pk: r for r in one.context["rows"] + two.context["rows"]}
    assert rows[first.pk].linked == 1 and rows[second.pk].linked == 1
    assert rows[first.pk].preview == SECRET_TEXT
    long_text = "Lang " * 40
    long_report, _ = indexed_report(text=long_text, items=())
    rows = client.get("/intake/", {"q": long_report.reference}).context["rows"]
    assert len(rows[0].preview) == 80 and rows[0].preview.endswith("…")
    html = one.content.decode()
    for column in ("Gemeente", "Vorm", "Gekoppeld", "Begin van de melding"):
        assert f'<th scope="col">{column}</th>' in html
    assert "1 andere melding" in html
    assert 'rel="next"' in html and "pagina=2" in html


def test_partner_opening_the_console_lands_in_the_portal(client):
    login_with_otp(client, "partner", "p", organisation="fier")
    response = client.get("/intake/", follow=True)
    assert response.redirect_chain == [("/intake/partner/", 302)]
    assert response.status_code == 200


def test_queue_page_time_with_500_reports(client, capsys):
    """The page decrypts only its own 25 reports; measured, not assumed."""
    for i in range(500):
        indexed_report(items=(Item("phone", f"+31 6 {10000000 + i}"),), consent_contact=False)
    login_with_otp(client, "intake")
    client.get("/intake/")  # warm caches (catalogue, templates)
    timings = []
    for page in (1, 10, 20):
        start = time.perf_counter()
        response = client.get("/intake/", {"pagina": page})
        timings.append(time.perf_counter() - start)
        assert len(response.context["rows"]) == 25
    search_start = time.perf_counter()
    assert len(client.get("/intake/", {"q": "06 10000123"}).context["rows"]) == 1
    search = time.perf_counter() - search_start
    with capsys.disabled():
        print(
            f"\nqueue page with 500 reports: {', '.join(f'{t * 1000:.0f} ms' for t in timings)}; "
            f"identifier search {search * 1000:.0f} ms"
        )
    # Generous: the machine is shared; what matters is that it does not grow
    # with the number of reports.
    assert max(timings) < 3.0


def test_a_partner_outside_the_consent_is_refused_with_the_reason(client):
    report, _ = make_report(consent_care=True)
    login_with_otp(client, "intake")
    refused = action(client, report, action="forward", organisation="politie-oost-nederland")
    assert any("De melder gaf geen toestemming" in m for m in shown_messages(refused))
    assert not Forward.objects.filter(report=report, status=ForwardStatus.SENT).exists()
