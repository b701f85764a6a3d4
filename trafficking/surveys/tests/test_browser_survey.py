"""The survey in headless Chromium: staff invite, a respondent completes it with
branching, leaves and comes back, and every page type is axe-clean (issue 13, point 2)."""

from __future__ import annotations

import re

import pytest

from trafficking.pages.tests.test_browser import axe_violations
from trafficking.pages.tests.test_browser_reporting import account, staff_login

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SCRIPT = "<script>document.title='pwned'</script>"


def invite(browser, site, username: str, organisation: str, language: str) -> str:
    password, key = account(site, username, "directory_editor")
    staff = staff_login(browser, site, username, password, key)
    staff.goto("/intake/enquete/uitnodigingen/")
    assert axe_violations(staff) == []
    staff.get_by_role("link", name="Een organisatie uitnodigen").click()
    assert axe_violations(staff) == []
    staff.get_by_label("Organisatie").select_option(label=organisation)
    staff.get_by_label("Taal").select_option(language)
    staff.get_by_role("button", name="Uitnodigen").click()
    assert staff.get_by_role("heading", level=1).inner_text() == "Uitnodiging gemaakt"
    assert axe_violations(staff) == []
    link = staff.locator("#survey-link").input_value()
    staff.goto("/intake/enquete/uitnodigingen/")
    assert link not in staff.content() and "Nog niet begonnen" in staff.content()
    assert axe_violations(staff) == []
    staff.context.close()
    return link


def next_page(page):
    page.locator("button[name=action][value=next]:not(.visually-hidden)").click()


def fits(page) -> bool:
    """Nothing wider than the phone: no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_a_respondent_completes_the_survey_in_dutch_on_a_phone(browser, site):
    link = invite(browser, site, "enquete-nl", "Fier", "nl")
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.goto(link)
    assert "Stap 1 van ongeveer" in page.content()
    assert page.locator("progress").count() == 1
    assert page.locator("#quick-exit").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Beginnen").click()
    assert page.locator("#id_q1").input_value() == "Fier"
    page.locator("#id_q1").fill(SCRIPT)
    page.get_by_label("Ja, in seksuele uitbuiting").check()
    page.get_by_label("Regionaal niveau, namelijk in regio ..", exact=True).check()
    page.get_by_label("toelichting").fill("Friesland")
    assert axe_violations(page) == []
    next_page(page)
    assert "Stap 3 van ongeveer" in page.content()
    page.get_by_label("Ja.").check()
    next_page(page)
    assert heading(page) == "Meldpunten"
    # A "namelijk" text without its option: an error, with everything kept.
    page.get_by_label("Professionals").check()
    page.locator("#id_q5_text_d").fill("Het Leger des Heils")
    next_page(page)
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#id_q5_text_d").input_value() == "Het Leger des Heils"
    assert page.get_by_label("Professionals").is_checked()
    assert axe_violations(page) == []
    assert fits(page)
    page.get_by_label("Andere organisaties, namelijk:", exact=True).check()
    next_page(page)
    # Back keeps what was saved.
    page.get_by_role("button", name="Vorige").click()
    assert page.locator("#id_q5_text_d").input_value() == "Het Leger des Heils"
    next_page(page)
    page.locator("#id_q8").fill("Snellere terugkoppeling")
    # Leave midway ...
    page.get_by_role("button", name="Bewaren en later verder").click()
    assert heading(page) == "Je antwoorden zijn bewaard"
    assert axe_violations(page) == []
    context.close()

    # ... and come back later with the same link, in another browser.
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.goto(link)
    assert page.locator("#id_q8").input_value() == "Snellere terugkoppeling"
    next_page(page)
    page.get_by_label("Nee, mijn organisatie is geen kenniscentrum over mensenhandel.").check()
    next_page(page)
    page.get_by_label("Ja, mijn organisatie heeft zelf een bewustwordingscampagne opgezet.").check()
    next_page(page)
    page.get_by_label(re.compile("Deze campagne loopt nog")).check()
    next_page(page)
    page.get_by_label("Eén.").check()
    next_page(page)
    assert "Campagne 1 van 1" in page.content()
    # A campaign of the register (Fier is one of its senders): matched, not new.
    page.locator("#id_q18").fill("Onze ogen op mensenhandel")
    page.get_by_label("Seksuele uitbuiting.", exact=True).check()  # q20
    assert axe_violations(page) == []
    next_page(page)
    next_page(page)
    page.get_by_label("Nee.").check()  # q26: no longer running
    next_page(page)
    page.get_by_label(re.compile("Nee, we hebben geen inzicht")).check()  # q27 ends the block
    next_page(page)
    assert heading(page) == "Afsluitende vragen"
    page.get_by_label("Nee").first.check()
    next_page(page)
    assert heading(page) == "Je antwoorden controleren"
    assert page.title() != "pwned"
    assert SCRIPT in page.locator("main").inner_text()
    assert "Friesland" in page.content() and "Het Leger des Heils" in page.content()
    assert axe_violations(page) == []
    assert fits(page)
    page.get_by_role("button", name="Insturen").click()
    assert heading(page) == "Bedankt voor het invullen"
    assert axe_violations(page) == []
    page.goto(link)
    assert heading(page) == "Bedankt voor het invullen"
    # A guessed link: a clear page, no hint, a way forward.
    response = page.goto(link[:-10] + "abcdefghij/")
    assert response.status == 404 and heading(page) == "Deze link kennen we niet"
    assert page.get_by_role("link", name=re.compile("CoMensha")).count() == 1
    assert axe_violations(page) == []
    context.close()

    review_and_publish(browser, site)


CHANGES_OF_FIER = """
import json
from trafficking.surveys.models import ProposedChange
changes = ProposedChange.objects.filter(response__respondent="fier", status="pending")
print(json.dumps({c.field + ("" if c.block is None else f"@{c.block}"): c.pk for c in changes}))
"""


def review_and_publish(browser, site):
    """Staff accept part of the submitted answers; the directory shows it with history."""
    import json

    visitor = browser.new_context(bypass_csp=True, base_url=site.url, locale="nl-NL").new_page()
    visitor.goto("/nl/organisaties/fier/")
    assert "Herkomst meldingen" not in visitor.locator("main").inner_text()  # nothing unreviewed

    changes = json.loads(site.manage("shell", "-c", CHANGES_OF_FIER).strip().splitlines()[-1])
    assert {"report_sources", "forms@0"} <= set(changes)
    password, key = account(site, "enquete-supervisor", "supervisor")
    staff = staff_login(browser, site, "enquete-supervisor", password, key)
    staff.goto("/intake/enquete/antwoorden/")
    staff.get_by_role("link", name=re.compile("Fier")).first.click()
    main = staff.locator("main").inner_html()
    assert "<script>document.title" not in main  # the respondent's script, escaped
    assert staff.title() != "pwned"
    assert axe_violations(staff) == []
    staff.locator(f'input[name="change-{changes["report_sources"]}"][value="accept"]').check()
    staff.locator(f'input[name="change-{changes["forms@0"]}"][value="accept"]').check()
    rejected = next(key for key in changes if key not in ("report_sources", "forms@0"))
    staff.locator(f'input[name="change-{changes[rejected]}"][value="reject"]').check()
    staff.get_by_role("button", name="Keuzes opslaan").click()
    assert "overgenomen" in staff.locator("main .alert").inner_text()
    assert axe_violations(staff) == []
    staff.context.close()

    visitor.goto("/nl/organisaties/fier/")
    text = visitor.locator("main").inner_text()
    assert "Herkomst meldingen" in text
    assert "Professionals" in text and "Andere organisaties" in text
    history = text.split("Wijzigingen", 1)[1]
    assert "bron: eigen antwoord van de organisatie (Enquête 2025)" in history
    assert "herkomst meldingen" in history
    assert "enquete-supervisor" not in text
    assert axe_violations(visitor) == []

    # The campaign page too: the new form, and where it came from.
    visitor.goto("/nl/campagnes/onze-ogen-op-mensenhandel/")
    text = visitor.locator("main").inner_text()
    assert "Seksuele uitbuiting" in text
    history = text.split("Wijzigingen", 1)[1]
    assert "bron: eigen antwoord van de organisatie (Enquête 2025)" in history
    assert axe_violations(visitor) == []
    visitor.context.close()


def test_a_respondent_completes_it_in_english_without_javascript(browser, site):
    link = invite(browser, site, "enquete-en", "CoMensha", "en")
    assert "/en/enquete/" in link
    context = browser.new_context(java_script_enabled=False, locale="en-GB", viewport=PHONE)
    page = context.new_page()
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("button[name=action][value=next]").click()
    assert "Which organisation do you work for?" in page.content()
    next_page(page)
    page.get_by_label("No.").check()  # q4 b: on to the knowledge centre questions
    next_page(page)
    assert "Is your organisation a knowledge centre" in page.content()
    page.get_by_label(re.compile("^No, my organisation is not")).check()
    next_page(page)
    page.get_by_label("No", exact=True).check()  # q15 c: on to the closing questions
    next_page(page)
    assert "May we approach you" in page.content()
    page.get_by_role("button", name=re.compile("Vorige|Previous")).click()
    assert page.get_by_label("No", exact=True).is_checked()
    next_page(page)
    next_page(page)
    assert "Which organisation do you work for?" in page.content()  # in the summary
    page.locator("button[name=action][value=submit]").click()
    assert page.locator("h1").inner_text() in (
        "Bedankt voor het invullen",
        "Thank you for filling in the survey",
    )
    context.close()
