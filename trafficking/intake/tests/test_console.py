"""The intake console and partner portal, through their pages."""

import pytest
from django_otp.oath import totp

from trafficking.audit.models import AuditEntry
from trafficking.intake.accounts import create_account
from trafficking.reports.constants import ForwardStatus
from trafficking.reports.models import Forward, Message, ReportEvent
from trafficking.reports.tests.factories import SECRET_TEXT, login_with_otp, make_report

pytestmark = pytest.mark.django_db


def test_login_needs_password_and_a_fresh_totp_code(client):
    _user, password, device = create_account("nachtdienst", "intake")
    bad = client.post(
        "/intake/inloggen/", {"username": "nachtdienst", "password": password, "token": "000000"}
    )
    assert bad.status_code == 400
    assert not bad.wsgi_request.user.is_authenticated
    # django-otp slows down token guessing after a failure; wait it out.
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttle_reset()
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    good = client.post(
        "/intake/inloggen/",
        {"username": "nachtdienst", "password": password, "token": f"{token:06d}"},
    )
    assert good.status_code == 302
    assert good["Location"] == "/intake/"
    assert client.get("/intake/").status_code == 200
    assert AuditEntry.objects.filter(action="login", actor_name="nachtdienst").exists()


def test_a_password_alone_is_not_enough(client):
    user, _password, _device = create_account("zonder2fa", "intake")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/intake/")
    assert response.status_code == 302
    assert response["Location"] == "/intake/inloggen/"


def test_password_guessing_locks_the_username(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    _user, password, device = create_account("doelwit", "intake")
    for _ in range(3):
        client.post(
            "/intake/inloggen/",
            {"username": "doelwit", "password": "fout-fout-fout", "token": "123456"},
        )
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    locked = client.post(
        "/intake/inloggen/", {"username": "doelwit", "password": password, "token": f"{token:06d}"}
    )
    # The lock itself (intake/lockout.py), not some other refusal such as a 403.
    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated


def test_queue_orders_by_deadline_and_opening_a_report_is_logged(client):
    normal, _ = make_report()
    acute, _ = make_report(acute=True)
    user = login_with_otp(client, "intake")
    queue = client.get("/intake/")
    references = [row.report.reference for row in queue.context["rows"]]
    assert references.index(acute.reference) < references.index(normal.reference)
    # The list shows only the start of each description, and that look is audited.
    assert SECRET_TEXT[:40] in queue.content.decode()
    assert AuditEntry.objects.filter(action="preview", actor=user).exists()

    detail = client.get(f"/intake/meldingen/{normal.pk}/")
    assert detail.status_code == 200
    assert SECRET_TEXT in detail.content.decode()
    assert AuditEntry.objects.filter(
        action="view", object_ref=normal.reference, actor=user
    ).exists()
    assert "no-store" in detail["Cache-Control"]


def test_triage_message_and_status_history(client):
    report, code = make_report()
    login_with_otp(client, "intake")
    url = f"/intake/meldingen/{report.pk}/actie/"
    client.post(url, {"action": "triage"})
    client.post(url, {"action": "message", "text": "Waar is de kas precies?", "to_reporter": "on"})
    report.refresh_from_db()
    assert report.status == "waiting"
    assert Message.objects.filter(report=report, direction="to_reporter").count() == 1
    # The reporter reads it and answers with the receipt code.
    page = client.post("/nl/melden/opvolgen/", {"code": code})
    assert "Waar is de kas precies?" in page.content.decode()
    client.post("/nl/melden/opvolgen/", {"code": code, "action": "reply", "text": "Achter nr 17"})
    report.refresh_from_db()
    assert report.status == "triage"
    actions = list(ReportEvent.objects.filter(report=report).values_list("action", flat=True))
    assert actions[:1] == ["received"]
    assert {"triage", "ask_reporter", "reporter_message"} <= set(actions)
    # An impossible move is refused with a message, not an error.
    response = client.post(url, {"action": "reopen"}, follow=True)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == "triage"


def test_script_in_a_report_is_shown_as_text_in_the_console(client):
    from trafficking.reports.drafts import Contact, Item
    from trafficking.reports.followup import add_reporter_message

    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    report, _ = make_report(
        text=payload,
        address=payload,
        when=payload,
        items=(Item("url", payload), Item("name", payload)),
        consent_contact=True,
        contact=Contact(name=payload, phone=payload, safe_times=payload),
    )
    add_reporter_message(report, payload)
    login_with_otp(client, "intake")
    html = client.get(f"/intake/meldingen/{report.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_forward_only_with_consent(client):
    # The reporter allowed care, not police.
    report, _ = make_report(consent_care=True, consent_police=False)
    login_with_otp(client, "intake")
    url = f"/intake/meldingen/{report.pk}/actie/"
    client.post(url, {"action": "forward", "organisation": "politie-oost-nederland"})
    assert not Forward.objects.filter(report=report).exists()
    client.post(url, {"action": "forward", "organisation": "comensha"})
    item = Forward.objects.get(report=report)
    assert item.status == ForwardStatus.SENT and item.basis == "care"
    report.refresh_from_db()
    assert report.status == "forwarded"


def test_staff_see_each_partners_category_and_what_the_consent_allows(client):
    report, _ = make_report(consent_care=True, consent_contact=True)
    login_with_otp(client, "intake")
    html = client.get(f"/intake/meldingen/{report.pk}/").content.decode()
    recommended = html[
        html.index("Aanbevolen volgens de wegwijzer") : html.index(
            "<form", html.index("Aanbevolen")
        )
    ]
    # Among the recommendations for a labour case in Zwolle: the tip line is
    # "other" (no consent can cover it), CoMensha is covered by care consent.
    assert "Overig: geen toestemming mogelijk; alleen met vier ogen" in recommended
    assert "Zorg en opvang: toestemming gegeven, met contactgegevens van de melder" in recommended
    assert "Arbeidsinspectie: geen toestemming; alleen met vier ogen" in recommended
    # The recipient is picked by name from the partners the consent covers,
    # each with its category; without acute danger or a minor there is no
    # override, so police and "other" are not offered at all.
    choices = dict(page_choices(client, report))
    assert choices["comensha"].endswith("– Zorg en opvang")
    assert "emm" not in choices and "meld-misdaad-anoniem" not in choices


def page_choices(client, report) -> list[tuple[str, str]]:
    form = client.get(f"/intake/meldingen/{report.pk}/").context["forward_form"]
    return [
        choice for _group, options in form.fields["organisation"].choices[1:] for choice in options
    ]


def test_four_eyes_override_for_a_minor(client):
    report, _ = make_report(minor=True, consent_police=False, consent_care=False)
    requester = login_with_otp(client, "intake", "aanvrager")
    url = f"/intake/meldingen/{report.pk}/actie/"
    client.post(
        url,
        {
            "action": "forward",
            "organisation": "politie-oost-nederland",
            "override_reason": "Meisje van 15, wordt vannacht opgehaald.",
        },
    )
    item = Forward.objects.get(report=report)
    assert item.status == ForwardStatus.PENDING
    assert item.created_by == requester
    # The requester cannot approve their own request, even as supervisor.
    client.post(f"/intake/doorzetten/{item.pk}/akkoord/")
    item.refresh_from_db()
    assert item.status == ForwardStatus.PENDING
    client.logout()
    login_with_otp(client, "supervisor", "teamleider")
    client.post(f"/intake/doorzetten/{item.pk}/akkoord/")
    item.refresh_from_db()
    assert item.status == ForwardStatus.SENT
    assert AuditEntry.objects.filter(
        action="forward_override_approved", actor_name="teamleider"
    ).exists()


def test_partner_sees_only_its_own_forwards_and_reports_back(client):
    report, code = make_report(consent_contact=True, consent_labour=True)
    other, _ = make_report(consent_care=True)
    intake = login_with_otp(client, "intake")
    from trafficking.directory.models import Organisation
    from trafficking.reports import forwarding

    nla = Organisation.objects.get(slug="nederlandse-arbeidsinspectie")
    item = forwarding.forward(report, nla, intake)
    forwarding.forward(other, Organisation.objects.get(slug="comensha"), intake)
    client.logout()
    login_with_otp(client, "partner", "inspecteur", organisation="nederlandse-arbeidsinspectie")
    listing = client.get("/intake/partner/")
    assert [f.pk for f in listing.context["forwards"]] == [item.pk]
    detail = client.get(f"/intake/partner/{item.pk}/")
    assert SECRET_TEXT in detail.content.decode()
    assert "melder.geheim@example.invalid" in detail.content.decode()  # consent covers contact
    client.post(f"/intake/partner/{item.pk}/", {"action": "received"})
    client.post(
        f"/intake/partner/{item.pk}/",
        {
            "action": "feedback",
            "acted": "1",
            "note": "Controle gepland.",
            "message_to_reporter": "Wij gaan hiermee aan de slag.",
        },
    )
    item.refresh_from_db()
    assert item.status == ForwardStatus.ACTED
    page = client.post("/nl/melden/opvolgen/", {"code": code})
    assert "Wij gaan hiermee aan de slag." in page.content.decode()
    # Another partner's view of this forward does not exist.
    client.logout()
    login_with_otp(client, "partner", "fierpartner", organisation="fier")
    assert client.get(f"/intake/partner/{item.pk}/").status_code == 404


def test_the_audit_log_cannot_be_changed():
    from django.db import connection, transaction

    from trafficking.audit.models import AppendOnlyError
    from trafficking.reports import events

    events.deleted_by_retention("M-000001", "2024-01-01")
    entry = AuditEntry.objects.get(object_ref="M-000001")
    original = entry.detail
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        entry.detail = "changed"
        entry.save()
    # Raw SQL is stopped by the database trigger (a savepoint keeps the test's
    # transaction usable on PostgreSQL after the error).
    for statement in ("UPDATE audit_auditentry SET detail = 'x'", "DELETE FROM audit_auditentry"):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    entry.refresh_from_db()
    assert entry.detail == original


def test_staff_see_reply_templates_in_the_reporters_language(client):
    report, _ = make_report(language="uk")
    login_with_otp(client, "intake")
    page = client.get(f"/intake/meldingen/{report.pk}/")
    templates = list(page.context["templates"])
    assert len(templates) >= 4
    assert {t.language for t in templates} == {"uk"}
    assert 'lang="uk"' in page.content.decode()
