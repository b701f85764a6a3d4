"""End to end in headless Chromium: a staff member accepts part of a survey's
changes, and the public directory page shows them with their history.

The response is made on the live site's database (as the respondent's submit
would, through propose_changes); the review itself goes through the pages,
without JavaScript-only controls, checked with axe at phone and desktop width.
"""

from __future__ import annotations

import json

import pytest

from trafficking.pages.tests.test_browser import axe_violations
from trafficking.pages.tests.test_browser_reporting import account, staff_login

pytestmark = pytest.mark.browser

SEED_RESPONSE = """
import hashlib, json, secrets
from datetime import timedelta
from django.utils import timezone
from trafficking.directory.models import Organisation
from trafficking.surveys.models import Invitation, SurveyResponse
from trafficking.surveys.proposals import propose_changes
org = Organisation.objects.get(slug="fairwork")
invitation = Invitation.objects.create(
    organisation=org, version="2025",
    token_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
    expires_at=timezone.now() + timedelta(days=30),
)
response = SurveyResponse.objects.create(
    invitation=invitation, respondent=org.slug, version="2025", state="submitted",
    submitted_at=timezone.now(),
    answers={
        "q1": "FairWork <script>alert(1)</script>", "q2": ["c", "a"], "q3": "b", "q4": "a",
        "q5": ["a", "b"], "q6": ["a", "b", "e"], "q6_text": "<img src=x onerror=alert(1)>",
        "q7": ["a", "d"], "q8": "Meer terugkoppeling", "q9": "a", "q13": ["b"],
        "q14": ["b", "c"], "q15": "c",
    },
)
changes = {c.field: c.pk for c in propose_changes(response)}
print(json.dumps({"response": response.pk, "changes": changes}))
"""


def test_a_reviewer_accepts_part_and_the_directory_shows_it_with_history(browser, site):
    seeded = json.loads(site.manage("shell", "-c", SEED_RESPONSE).strip().splitlines()[-1])
    changes = seeded["changes"]
    assert {"report_sources", "reporting_methods", "forms", "follow_up", "kind"} <= set(changes)

    visitor = browser.new_context(bypass_csp=True, base_url=site.url, locale="nl-NL").new_page()
    visitor.goto("/nl/organisaties/fairwork/")
    assert "Herkomst meldingen" not in visitor.locator("main").inner_text()  # pending

    password, key = account(site, "browser-redacteur-enquete", "directory_editor")
    staff = staff_login(browser, site, "browser-redacteur-enquete", password, key)
    staff.goto("/intake/enquete/antwoorden/")
    assert axe_violations(staff) == []
    staff.get_by_role("link", name="FairWork").first.click()
    assert staff.url.endswith(f"/intake/enquete/antwoorden/{seeded['response']}/")
    main = staff.locator("main").inner_html()
    assert "<script" not in main and "<img" not in main
    assert "&lt;img src=x onerror=alert(1)&gt;" in main
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 800}):
        staff.set_viewport_size(viewport)
        assert axe_violations(staff) == []
        assert staff.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    for name in ("report_sources", "reporting_methods"):
        staff.locator(f'input[name="change-{changes[name]}"][value="accept"]').check()
    staff.locator(f'input[name="change-{changes["forms"]}"][value="reject"]').check()
    staff.get_by_label("Toelichting (optioneel)").fill("Nagebeld met FairWork")
    staff.get_by_role("button", name="Keuzes opslaan").click()
    status = staff.locator("main .alert").inner_text()
    assert "2 wijzigingen overgenomen" in status and "1 wijziging afgewezen" in status
    # The decided ones leave the form; the others wait.
    assert staff.locator(f'input[name="change-{changes["report_sources"]}"]').count() == 0
    assert staff.locator(f'input[name="change-{changes["follow_up"]}"]').count() == 3
    assert axe_violations(staff) == []
    staff.context.close()

    visitor.goto("/nl/organisaties/fairwork/")
    text = visitor.locator("main").inner_text()
    assert "Herkomst meldingen" in text and "Professionals, Burgers" in text
    assert "Telefonische meldlijn, E-mail, Anders" in text
    assert "Zorgen dat het slachtoffer steun krijgt" not in text  # still pending
    history = text.split("Wijzigingen", 1)[1]
    assert "bron: eigen antwoord van de organisatie (Enquête 2025)" in history
    assert "herkomst meldingen" in history and "manieren van melden" in history
    assert "browser-redacteur-enquete" not in text
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 800}):
        visitor.set_viewport_size(viewport)
        assert axe_violations(visitor) == []
        assert visitor.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    visitor.context.close()
