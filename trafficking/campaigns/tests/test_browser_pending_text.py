"""A published campaign's new text waits for staff: its maker sees it, nobody else.

In headless Chromium, axe-core on the maker's pages with the waiting text on
them (test_campaign_moderation.py has the rules through the test client).
"""

from __future__ import annotations

import pytest

from trafficking.pages.tests.test_browser import axe_violations
from trafficking.pages.tests.test_browser_reporting import account, staff_login

pytestmark = pytest.mark.browser

SEED_PUBLISHED = """
import datetime
from django.utils import timezone
from trafficking.campaigns.models import Campaign, Sender
from trafficking.directory.models import Organisation
comensha = Organisation.objects.get(slug="comensha")
today = timezone.localdate()
campaign, _ = Campaign.objects.update_or_create(
    slug="browsertest-tekst-wacht",
    defaults=dict(
        name="Browsertest: goedgekeurde naam", goal="Goedgekeurd doel.", origin="registered",
        owner=comensha, audiences=["parents"], forms=["sexual"], areas=["GM0193"],
        starts_on=today, ends_on=today + datetime.timedelta(days=30),
        call_to_action="visit_page", format="Posters", channels="Scholen",
        is_active=True, moderation="published", pending_changes={}, pending_url="",
    ),
)
Sender.objects.get_or_create(campaign=campaign, organisation=comensha,
                             defaults={"name": comensha.name})
print("ok")
"""


def test_in_a_browser_the_waiting_text_is_shown_to_its_maker_only(browser, site):
    assert site.manage("shell", "-c", SEED_PUBLISHED).strip().endswith("ok")
    password, key = account(site, "browser-maker-tekst", "campaign_maker", "comensha")
    maker = staff_login(browser, site, "browser-maker-tekst", password, key)
    maker.goto("/intake/campagnes/campagne/browsertest-tekst-wacht/")
    maker.get_by_label("Naam van de campagne").fill("Browsertest: nieuwe naam")
    maker.get_by_label("Doel").fill("Nieuw doel, nog niet gecontroleerd.")
    maker.get_by_role("button", name="Opslaan").click()
    status = maker.locator(".moderation-status").inner_text()
    assert "wachten op controle door een redacteur" in status
    assert "Nieuw doel, nog niet gecontroleerd." in status and "Goedgekeurd doel." in status
    assert maker.get_by_label("Naam van de campagne").input_value() == "Browsertest: nieuwe naam"
    for path in ("/intake/campagnes/campagne/browsertest-tekst-wacht/", "/intake/campagnes/"):
        maker.goto(path)
        for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 800}):
            maker.set_viewport_size(viewport)
            assert axe_violations(maker) == []
            assert maker.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    maker.context.close()
    visitor = browser.new_context(base_url=site.url, locale="nl-NL").new_page()
    visitor.goto("/nl/campagnes/browsertest-tekst-wacht/")
    text = visitor.locator("main").inner_text()
    assert "Browsertest: goedgekeurde naam" in text and "Goedgekeurd doel." in text
    assert "nieuwe naam" not in text and "nog niet gecontroleerd" not in text
    visitor.context.close()
