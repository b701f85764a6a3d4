"""The reporting point end to end in headless Chromium: a report in every
language, follow-up with the receipt, triage, forwarding with consent and the
partner's answer, with axe-core on every page on the way."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from .test_browser import axe_violations

pytestmark = pytest.mark.browser

# The first heading of the first step, per language: proves the page is translated.
LANGUAGES = ["nl", "en", "pl", "ro", "bg", "uk", "ar"]


def account(site, username: str, role: str, organisation: str = "") -> tuple[str, bytes]:
    password = f"{username}-Wachtwoord-2026!"
    args = ["create_staff_user", username, "--role", role, "--password", password, "--no-qr"]
    if organisation:
        args += ["--organisation", organisation]
    out = site.manage(*args)
    link = re.search(r"Authenticator link: (\S+)", out).group(1)
    secret = parse_qs(urlparse(link).query)["secret"][0]
    return password, base64.b32decode(secret + "=" * (-len(secret) % 8))


def staff_login(browser, site, username, password, key):
    context = browser.new_context(bypass_csp=True, base_url=site.url, locale="nl-NL")
    page = context.new_page()
    page.goto("/intake/inloggen/")
    assert axe_violations(page) == []
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_label("Code uit de authenticator-app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Inloggen").click()
    return page


def fill_report(page, language: str, *, text: str, consent_care: bool = True) -> str:
    """Walk all steps and return the receipt code shown."""
    page.goto(f"/{language}/melden/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert axe_violations(page) == []
    page.locator("#id_acute_1").check()  # no acute danger
    page.locator("#id_minor_1").check()
    page.locator("button[name=action][value=next]:not(.visually-hidden)").click()
    page.locator("#id_text").fill(text)
    page.locator("input[name=form][value=labour]").check()
    assert axe_violations(page) == []
    page.locator("button[name=action][value=next]:not(.visually-hidden)").click()
    page.locator("#id_municipality").fill("Zwolle")
    page.locator("button[name=action][value=next]:not(.visually-hidden)").click()
    page.locator("#item-0-type").select_option("phone")
    page.locator("#item-0-value").fill("06-12345678")
    assert axe_violations(page) == []
    page.locator("button[name=action][value=next]:not(.visually-hidden)").click()
    if consent_care:
        page.locator("#id_consent_care").check()
    page.locator("#id_wants_updates").check()
    assert axe_violations(page) == []
    page.locator("button[name=action][value=next]:not(.visually-hidden)").click()
    assert axe_violations(page) == []
    page.locator("button[name=action][value=send]:not(.visually-hidden)").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{6}-[2-9A-Z]{6}-[2-9A-Z]{6}", code)
    assert axe_violations(page) == []
    return code


def open_followup(page, language: str, code: str):
    page.goto(f"/{language}/melden/opvolgen/")
    page.locator("#id_code").fill(code.lower())
    page.locator("button[name=action]").click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_anonymous_report_in_every_language(page, language):
    code = fill_report(page, language, text=f"Test in {language}: werk zonder loon.")
    open_followup(page, language, code)
    assert page.locator("textarea#id_text").is_visible()
    assert axe_violations(page) == []
    if language != "nl":
        # The page is really in that language, not the Dutch fallback.
        assert "Reageren of aanvullen" not in page.content()


def test_the_form_works_without_javascript(page_no_js):
    page = page_no_js
    page.goto("/nl/melden/")
    page.locator("#id_acute_0").check()  # acute danger: 112 first from now on
    page.locator("button[name=action][value=next]:not(.visually-hidden)").click()
    assert "112" in page.locator(".alert-danger").inner_text()
    page.locator("button[name=action][value=next]:not(.visually-hidden)").click()  # no text yet
    # An empty description is caught on its own step, saying what to fix.
    assert page.locator("h1").inner_text() == "Wat is er gebeurd?"
    assert "1 ding om te verbeteren" in page.locator("#error-summary h2").inner_text()
    assert "112" in page.locator(".alert-danger a[href='tel:112']").inner_text()
    page.locator("#id_text").fill("Mensen slapen in een container.")
    page.locator("button[name=action][value=next]:not(.visually-hidden)").click()
    page.locator("#id_municipality").fill("Zwole")
    page.locator("button[name=action][value=next]:not(.visually-hidden)").click()
    expect(page.locator("#error-summary")).to_be_visible()
    page.get_by_role("button", name="Zwolle").click()
    expect(page.locator("h1")).to_have_text(re.compile("^Wie en wat"))


def test_report_triage_forward_and_partner_answer(browser, page, site):
    code = fill_report(page, "pl", text="Pracownicy śpią w kontenerze przy szklarni.")
    intake_password, intake_key = account(site, "nachtdienst", "intake")
    partner_password, partner_key = account(site, "comensha1", "partner", "comensha")

    staff = staff_login(browser, site, "nachtdienst", intake_password, intake_key)
    assert axe_violations(staff) == []
    # Newest last: every report of these tests has the same urgency.
    newest = staff.get_by_role("link", name=re.compile(r"M-\d+")).last
    reference = newest.inner_text()
    newest.click()
    assert "Pracownicy śpią w kontenerze" in staff.content()
    assert axe_violations(staff) == []
    staff.get_by_role("button", name="In behandeling nemen").click()
    staff.locator("#id_text").fill("Czy może Pan/Pani podać adres szklarni?")
    staff.locator("#id_to_reporter").check()  # never ticked by default
    staff.get_by_role("button", name="Bewaren").click()
    assert "Wacht op melder" in staff.content()

    # The reporter reads the question and answers.
    open_followup(page, "pl", code)
    assert "Czy może Pan/Pani podać adres szklarni?" in page.content()
    page.locator("textarea#id_text").fill("Tomatenweg 17, za domem.")
    page.locator("button[name=action][value=reply]").click()
    assert "Tomatenweg 17" in page.content()

    # Intake forwards to a care partner the reporter consented to.
    staff.reload()
    assert "Tomatenweg 17" in staff.content()
    staff.locator("#id_organisation").select_option("comensha")
    staff.get_by_role("button", name="Doorzetten").click()
    assert "Doorgezet" in staff.content()

    # The partner confirms and reports back, with a word for the reporter.
    partner = staff_login(browser, site, "comensha1", partner_password, partner_key)
    assert axe_violations(partner) == []
    # Other browser tests forward to CoMensha too: pick this report by its number.
    partner.get_by_role("link", name=reference, exact=True).click()
    assert "Pracownicy śpią w kontenerze" in partner.content()
    partner.get_by_role("button", name="Ontvangst bevestigen").click()
    partner.get_by_label("Opgepakt", exact=True).check()
    partner.locator("#id_note").fill("Zorgcoördinatie gestart.")
    partner.locator("#id_message_to_reporter").fill("Dziękujemy, zajmujemy się tym.")
    assert axe_violations(partner) == []
    partner.get_by_role("button", name="Versturen").click()
    assert "Zorgcoördinatie gestart." in partner.content()

    open_followup(page, "pl", code)
    assert "Dziękujemy, zajmujemy się tym." in page.content()


def test_the_server_logs_keep_no_trace_of_the_reporter(page, site):
    fill_report(page, "nl", text="Logtest: niets over mij bewaren.")
    log = (Path(site.env["VAR_DIR"]) / "access.log").read_text()
    assert '"POST /nl/melden/" 201' in log  # the log is written...
    for trace in ("127.0.0.1", "HeadlessChrome", "Mozilla", "?"):
        assert trace not in log  # ...without address, browser or query string


def test_no_script_from_a_report_runs_in_the_staff_console(browser, page, site):
    payload = '<script>alert("xss")</script><img src=x onerror="alert(1)"><svg onload=alert(2)>'
    fill_report(page, "nl", text=payload)
    password, key = account(site, "xsscheck", "intake")
    staff = staff_login(browser, site, "xsscheck", password, key)
    dialogs = []
    staff.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    staff.get_by_role("link", name=re.compile(r"M-\d+")).last.click()
    staff.wait_for_load_state("networkidle")
    assert payload[:20] in staff.locator(".report-text").inner_text()
    assert dialogs == []
