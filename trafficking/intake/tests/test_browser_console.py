"""The console, the partner portal and the admin login in headless Chromium,
with axe-core on every page (issue 10, points 7-9)."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp

from trafficking.pages.tests.test_browser import axe_violations
from trafficking.pages.tests.test_browser_reporting import account, fill_report, staff_login

pytestmark = pytest.mark.browser


def test_console_and_portal_fit_the_work(browser, page, site):
    fill_report(page, "pl", text="Konsola: pracownicy śpią w kontenerze.")
    password, key = account(site, "console1", "intake")
    partner_password, partner_key = account(site, "comensha-console", "partner", "comensha")

    staff = staff_login(browser, site, "console1", password, key)
    for width in (1280, 390):
        staff.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(staff) == []
    queue = staff.locator("table.queue").inner_text()
    assert "Zwolle" in queue and "Pools" in queue
    staff.get_by_role("link", name=re.compile(r"M-\d+")).last.click()
    assert axe_violations(staff) == []

    # A note by default; the warning sits next to the box.
    box = staff.get_by_label("Naar de melder sturen")
    assert not box.is_checked()
    assert "kan een bericht aan de melder lezen" in staff.content()
    staff.locator("#id_text").fill("Interne notitie: lijkt op een eerdere zaak.")
    staff.get_by_role("button", name="Bewaren").click()
    note = staff.locator(".message-note").last
    assert "Interne notitie – alleen voor medewerkers" in note.inner_text()
    staff.get_by_label("Naar de melder sturen").check()
    staff.locator("#id_text").fill("Czy może Pan/Pani podać adres?")
    staff.get_by_role("button", name="Bewaren").click()
    assert "Wacht op melder" in staff.content()
    assert "leesbaar met de bewijscode" in staff.locator(".message-to_reporter").inner_text()

    # Forwarding by name from the partners the consent covers.
    staff.locator("#id_organisation").select_option("comensha")
    staff.get_by_role("button", name="Doorzetten").click()
    assert "Doorgezet naar CoMensha" in staff.content()
    assert axe_violations(staff) == []

    # The partner sees the language and answers twice.
    partner = staff_login(browser, site, "comensha-console", partner_password, partner_key)
    partner.goto("/intake/")
    assert partner.url.endswith("/intake/partner/")
    partner.get_by_role("link", name=re.compile(r"M-\d+")).last.click()
    assert "Deze melding is geschreven in het Pools." in partner.content()
    assert axe_violations(partner) == []
    for note in ("Eerste contact gelegd.", "Opvang geregeld."):
        partner.get_by_label("Opgepakt", exact=True).check()
        partner.locator("#id_note").fill(note)
        partner.locator("button[type=submit]", has_text="ersturen").click()
    answers = partner.locator("ol.answers").inner_text()
    assert "Eerste contact gelegd." in answers and "Opvang geregeld." in answers
    assert axe_violations(partner) == []


def test_admin_login_in_one_step(browser, site):
    password, key = account(site, "redactie-console", "directory_editor")
    context = browser.new_context(bypass_csp=True, base_url=site.url, locale="nl-NL")
    admin = context.new_page()
    admin.goto("/beheer/login/?next=/beheer/")
    assert axe_violations(admin) == []
    admin.get_by_label("Gebruikersnaam").fill("redactie-console")
    admin.get_by_label("Wachtwoord").fill(password)
    admin.get_by_label("Code uit de authenticator-app").fill(f"{totp(key):06d}")
    admin.locator("input[type=submit]").click()
    assert admin.url.endswith("/beheer/")
    context.close()
