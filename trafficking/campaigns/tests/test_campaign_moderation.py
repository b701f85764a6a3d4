"""Staff moderation of the campaigns makers register (issue 12 hardening).

A maker's campaign is public only once a redacteur (``directory_editor``)
published it; a new landing address of a published campaign waits for them
while its short links keep the approved one, and so does new public text
(name, goal, format, channels) while everyone reads the approved text; a
publish of something changed after the staff member's page was made is
refused. Everything through the real views: the maker's pages, the admin,
the public pages, the API, the report form and ``/c/<code>``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from trafficking.campaigns.constants import LinkTarget, Moderation
from trafficking.campaigns.links import link_for
from trafficking.campaigns.models import Campaign, LinkVisit, Material
from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.models import Organisation
from trafficking.reports.tests.factories import login_with_otp
from trafficking.reports.tests.test_heard_via import options, walk_to

pytestmark = pytest.mark.django_db

NEW = "/intake/campagnes/nieuw/"
DASHBOARD = "/intake/campagnes/"
CHANGELIST = "/beheer/campaigns/campaign/"
MATERIALS = "/beheer/campaigns/material/"
NAME = "Zichtbaar Pas Na Controle Qv8"
APPROVED = "https://example.org/goedgekeurd"
CHANGED = "https://example.net/nieuw-adres"


def edit_url(slug: str) -> str:
    return f"/intake/campagnes/campagne/{slug}/"


def plan_data(**changes) -> dict:
    """A plan that runs today, so every public place would show it."""
    today = timezone.localdate()
    data = {
        "name": NAME,
        "goal": "Ouders leren signalen herkennen.",
        "audiences": ["parents"],
        "exploitation": ["sexual"],
        "provinces": [],
        "safety_regions": [],
        "municipalities": "Zwolle",
        "starts_on": (today - timedelta(days=1)).isoformat(),
        "ends_on": (today + timedelta(days=40)).isoformat(),
        "call_to_action": "report",
        "url": APPROVED,
        "format": "Posters",
        "channels": "Scholen",
    }
    data.update(changes)
    return data


def form_as_shown(page) -> dict:
    """What a browser posts back for the maker's form as the page shows it."""
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, "", []):
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        data[name] = value
    return data


def hidden_value(page, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page.content.decode())
    assert match, f"no hidden field {name} on the page"
    return unescape(match.group(1))


@pytest.fixture
def maker(client):
    login_with_otp(client, "campaign_maker", "maker", organisation="comensha")
    return client


@pytest.fixture
def editor():
    staff = Client()
    user = login_with_otp(staff, "directory_editor", "redacteur")
    return staff, user


@pytest.fixture
def public():
    return Client()


def register(maker, **changes) -> Campaign:
    response = maker.post(NEW, plan_data(**changes))
    assert response.status_code == 302, response.content[:500]
    return Campaign.objects.get(name=changes.get("name", NAME))


def publish(editor, campaign: Campaign, *, loaded_at: str | None = None):
    staff, _user = editor
    if loaded_at is None:
        loaded_at = hidden_value(staff.get(CHANGELIST), "loaded_at")
    return staff.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [campaign.pk], "loaded_at": loaded_at},
        follow=True,
    )


def coverage_slugs(response) -> set[str]:
    assert response.status_code == 200 and response.context is not None
    matrix = response.context["matrix"]
    found = {item.slug for item in matrix.unplaced}
    for _audience, cells in matrix.rows:
        for cell in cells:
            found.update(item.slug for item in cell.regional + cell.national)
    return found


def api_coverage_slugs(body: dict) -> set[str]:
    found = set(body["unplaced"])
    for row in body["rows"]:
        for cell in row["cells"]:
            found.update(cell["campaigns"])
    return found


def public_places(client, campaign: Campaign) -> dict[str, bool]:
    """Where the campaign shows, place by place, for a visitor without an account."""
    listing = client.get("/nl/campagnes/", {"q": NAME}).content.decode()
    api = client.get("/api/v1/campaigns", {"q": NAME}).json()
    report_form = walk_to(client, "you").content.decode()
    return {
        # The search box repeats the name: look for the card's link.
        "list": f'href="/nl/campagnes/{campaign.slug}/"' in listing,
        "detail": client.get(f"/nl/campagnes/{campaign.slug}/").status_code == 200,
        "api list": any(c["slug"] == campaign.slug for c in api["results"]),
        "api detail": client.get(f"/api/v1/campaigns/{campaign.slug}").status_code == 200,
        "coverage": campaign.slug in coverage_slugs(client.get("/nl/campagnes/dekking/")),
        "api coverage": campaign.slug
        in api_coverage_slugs(client.get("/api/v1/campaigns/coverage").json()),
        "calendar": NAME in client.get("/nl/campagnes/kalender/").content.decode(),
        "heard via": campaign.slug in {value for value, _l, _s in options(report_form)},
    }


# --- A maker's campaign waits -------------------------------------------------------


def test_a_makers_new_campaign_waits_and_is_nowhere_public(maker, public):
    campaign = register(maker)
    assert campaign.moderation == Moderation.SUBMITTED
    page = maker.get(DASHBOARD).content.decode()
    assert NAME in page and "Wacht op controle" in page
    # Its own makers still edit it: the maker's pages do not go through active().
    assert maker.get(edit_url(campaign.slug)).status_code == 200
    assert f'href="/nl/campagnes/{campaign.slug}/"' not in page  # no "public page" link
    places = public_places(public, campaign)
    assert not any(places.values()), places


def test_a_waiting_campaigns_short_link_answers_as_an_unknown_code(maker, public):
    campaign = register(maker)
    code = link_for(campaign, LinkTarget.LANDING).code
    unknown = public.get("/c/zzzzzz")
    waiting = public.get(f"/c/{code}")
    assert waiting.status_code == unknown.status_code == 404
    # The same page as for a code nobody has: nothing says this one exists.
    assert waiting.content == unknown.content
    assert "Location" not in waiting
    assert not LinkVisit.objects.filter(link__campaign=campaign).exists()


def test_a_waiting_campaigns_via_code_offers_it_nowhere_on_the_report_form(maker, public):
    campaign = register(maker)
    code = link_for(campaign, LinkTarget.REPORT).code
    page = walk_to(public, "you", start=public.get(f"/nl/melden/?via={code}"))
    assert campaign.slug not in {value for value, _l, _s in options(page.content.decode())}


def test_published_by_staff_it_is_everywhere_and_its_link_leads_to_its_site(maker, editor, public):
    campaign = register(maker)
    code = link_for(campaign, LinkTarget.LANDING).code
    response = publish(editor, campaign)
    assert "1 campagne gepubliceerd." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.moderation == Moderation.PUBLISHED
    assert campaign.moderated_by == editor[1] and campaign.moderated_at is not None
    # The decision is in the history, with who made it.
    latest = campaign.history.first()
    assert latest.moderation == Moderation.PUBLISHED and latest.history_user == editor[1]
    assert campaign.history.filter(moderation=Moderation.SUBMITTED).exists()
    places = public_places(public, campaign)
    assert all(places.values()), places
    followed = public.get(f"/c/{code}")
    assert followed.status_code == 302 and followed["Location"] == APPROVED
    assert "Gepubliceerd" in maker.get(DASHBOARD).content.decode()


def test_the_changelist_filters_on_moderation(maker, editor):
    campaign = register(maker)
    staff, _user = editor
    waiting = staff.get(CHANGELIST, {"moderation__exact": "submitted"})
    assert [c.slug for c in waiting.context["cl"].result_list] == [campaign.slug]
    published = staff.get(CHANGELIST, {"moderation__exact": "published"})
    assert campaign.slug not in {c.slug for c in published.context["cl"].result_list}
    assert published.context["cl"].result_count == 54  # the loaded register


# --- Stale decisions ---------------------------------------------------------------


def test_a_publish_of_a_campaign_changed_after_the_list_was_made_is_refused(maker, editor, public):
    campaign = register(maker)
    staff, _user = editor
    loaded_at = hidden_value(staff.get(CHANGELIST), "loaded_at")
    # The maker changes the text after the redacteur looked at the list.
    maker.post(edit_url(campaign.slug), plan_data(goal="Iets heel anders dan gezien."))
    response = publish(editor, campaign, loaded_at=loaded_at)
    page = response.content.decode()
    assert "0 campagnes gepubliceerd." in page
    assert "gewijzigd nadat u de lijst opende" in page
    campaign.refresh_from_db()
    assert campaign.moderation == Moderation.SUBMITTED
    assert public.get(f"/nl/campagnes/{campaign.slug}/").status_code == 404
    # A list made after the change may publish it.
    publish(editor, campaign)
    campaign.refresh_from_db()
    assert campaign.moderation == Moderation.PUBLISHED


@pytest.mark.parametrize("loaded_at", ["", "gisteren", "2999-01-01T00:00:00+00:00"])
def test_a_publish_without_an_honest_page_moment_publishes_nothing(maker, editor, loaded_at):
    campaign = register(maker)
    response = publish(editor, campaign, loaded_at=loaded_at)
    assert "Er is niets gepubliceerd" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.moderation == Moderation.SUBMITTED


def test_the_change_form_refuses_to_publish_what_changed_after_it_was_opened(maker, editor):
    campaign = register(maker)
    staff, _user = editor
    url = f"{CHANGELIST}{campaign.pk}/change/"
    page = staff.get(url)
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = value
    for prefix in ("senders-TOTAL_FORMS", "senders-INITIAL_FORMS"):
        data[prefix] = hidden_value(page, prefix)
    for i, sender in enumerate(campaign.senders.all()):
        data[f"senders-{i}-id"] = sender.pk
        data[f"senders-{i}-campaign"] = campaign.pk
        data[f"senders-{i}-position"] = sender.position
        data[f"senders-{i}-name"] = sender.name
        data[f"senders-{i}-organisation"] = sender.organisation_id or ""
    data["moderation"] = Moderation.PUBLISHED
    maker.post(edit_url(campaign.slug), plan_data(name="Andere naam Qv8"))
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "gewijzigd nadat u deze pagina opende" in response.content.decode()
    campaign.refresh_from_db()
    # Not published, and the staff member's old text did not overwrite the maker's.
    assert campaign.moderation == Moderation.SUBMITTED
    assert campaign.name == "Andere naam Qv8"
    # Opened again, the form shows the change and publishes it.
    page = staff.get(url)
    data["seen_updated_at"] = hidden_value(page, "seen_updated_at")
    data["name"] = "Andere naam Qv8"
    response = staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign.refresh_from_db()
    assert campaign.moderation == Moderation.PUBLISHED and campaign.moderated_by == editor[1]


def test_a_material_changed_after_the_list_was_made_is_not_published(editor, settings, tmp_path):
    settings.MATERIAL_DIR = tmp_path / "materials"
    uploader = Client()
    login_with_otp(uploader, "campaign_maker", "maker-materiaal", organisation="comensha")
    fields = {
        "title": "Video over de bouw",
        "description": "",
        "kind": "video",
        "audiences": ["citizens"],
        "forms": ["labour"],
        "languages": ["nl"],
        "licence": "free_to_adapt",
        "campaign": "",
        "external_url": "https://www.example.org/video",
    }
    assert uploader.post("/intake/campagnes/materialen/nieuw/", fields).status_code == 302
    material = Material.objects.get(title="Video over de bouw")
    staff, _user = editor
    loaded_at = hidden_value(staff.get(MATERIALS), "loaded_at")
    edited = {**fields, "external_url": "https://www.example.org/iets-anders"}
    assert uploader.post(f"/intake/campagnes/materialen/{material.pk}/", edited).status_code == 302
    response = staff.post(
        MATERIALS,
        {"action": "publish", "_selected_action": [material.pk], "loaded_at": loaded_at},
        follow=True,
    )
    assert "0 materialen gepubliceerd." in response.content.decode()
    assert "gewijzigd nadat u de lijst opende" in response.content.decode()
    material.refresh_from_db()
    assert material.status == Moderation.SUBMITTED
    assert Client().get(f"/nl/campagnes/bibliotheek/{material.pk}/").status_code == 404


# --- Rejection -----------------------------------------------------------------------


def test_a_rejection_needs_a_reason_the_maker_reads_and_an_edit_resubmits(maker, editor):
    campaign = register(maker)
    publish(editor, campaign)
    staff, _user = editor
    loaded_at = hidden_value(staff.get(CHANGELIST), "loaded_at")
    without = staff.post(
        CHANGELIST,
        {"action": "reject", "_selected_action": [campaign.pk], "loaded_at": loaded_at},
        follow=True,
    )
    assert "Er is niets afgewezen" in without.content.decode()
    campaign.refresh_from_db()
    assert campaign.moderation == Moderation.PUBLISHED
    staff.post(
        CHANGELIST,
        {
            "action": "reject",
            "_selected_action": [campaign.pk],
            "loaded_at": loaded_at,
            "note": "Het telefoonnummer op de site klopt niet.",
        },
    )
    campaign.refresh_from_db()
    assert campaign.moderation == Moderation.REJECTED
    assert Client().get(f"/nl/campagnes/{campaign.slug}/").status_code == 404
    page = maker.get(DASHBOARD).content.decode()
    assert "Afgewezen" in page and "Het telefoonnummer op de site klopt niet." in page
    maker.post(edit_url(campaign.slug), plan_data(goal="Verbeterd."))
    campaign.refresh_from_db()
    assert campaign.moderation == Moderation.SUBMITTED
    assert "Wacht op controle" in maker.get(DASHBOARD).content.decode()


# --- A new landing address waits -----------------------------------------------------


def test_a_new_address_of_a_published_campaign_waits_and_the_links_keep_the_old(
    maker, editor, public
):
    campaign = register(maker)
    code = link_for(campaign, LinkTarget.LANDING).code
    publish(editor, campaign)
    response = maker.post(edit_url(campaign.slug), plan_data(url=CHANGED), follow=True)
    assert "pas openbaar als een redacteur ze heeft gecontroleerd" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.moderation == Moderation.PUBLISHED
    assert (campaign.url, campaign.pending_url) == (APPROVED, CHANGED)
    assert public.get(f"/c/{code}")["Location"] == APPROVED
    detail = public.get(f"/nl/campagnes/{campaign.slug}/").content.decode()
    assert CHANGED not in detail and APPROVED in detail
    assert public.get(f"/api/v1/campaigns/{campaign.slug}").json()["url"] == APPROVED
    # The maker sees the address they gave, and that it waits.
    assert f'value="{CHANGED}"' in maker.get(edit_url(campaign.slug)).content.decode()
    assert "Nieuw webadres, wacht op controle" in maker.get(DASHBOARD).content.decode()
    # Staff see both and publish the new one: the links follow it from then on.
    staff, _user = editor
    waiting = staff.get(CHANGELIST, {"wacht": "ja"})
    assert [c.slug for c in waiting.context["cl"].result_list] == [campaign.slug]
    assert CHANGED in waiting.content.decode()
    publish(editor, campaign)
    campaign.refresh_from_db()
    assert (campaign.url, campaign.pending_url) == (CHANGED, "")
    assert public.get(f"/c/{code}")["Location"] == CHANGED


def test_an_address_added_to_a_published_campaign_waits_and_links_stay_on_this_site(
    maker, editor, public
):
    campaign = register(maker, url="")
    code = link_for(campaign, LinkTarget.LANDING).code
    publish(editor, campaign)
    assert public.get(f"/c/{code}")["Location"] == f"/nl/campagnes/{campaign.slug}/?via={code}"
    maker.post(edit_url(campaign.slug), plan_data(url=CHANGED))
    assert public.get(f"/c/{code}")["Location"] == f"/nl/campagnes/{campaign.slug}/?via={code}"


def test_staff_may_refuse_the_new_address_only(maker, editor, public):
    campaign = register(maker)
    code = link_for(campaign, LinkTarget.LANDING).code
    publish(editor, campaign)
    maker.post(edit_url(campaign.slug), plan_data(url=CHANGED))
    staff, _user = editor
    staff.post(
        CHANGELIST,
        {
            "action": "reject_pending",
            "_selected_action": [campaign.pk],
            "loaded_at": hidden_value(staff.get(CHANGELIST), "loaded_at"),
            "note": "Dat adres is geen pagina van uw organisatie.",
        },
    )
    campaign.refresh_from_db()
    assert (campaign.moderation, campaign.url, campaign.pending_url) == (
        Moderation.PUBLISHED,
        APPROVED,
        "",
    )
    assert public.get(f"/c/{code}")["Location"] == APPROVED
    assert "Dat adres is geen pagina van uw organisatie." in maker.get(DASHBOARD).content.decode()


def test_entering_the_approved_address_again_ends_the_wait(maker, editor):
    campaign = register(maker)
    publish(editor, campaign)
    maker.post(edit_url(campaign.slug), plan_data(url=CHANGED))
    maker.post(edit_url(campaign.slug), plan_data(url=APPROVED))
    campaign.refresh_from_db()
    assert (campaign.url, campaign.pending_url) == (APPROVED, "")


def test_before_publication_a_new_address_is_simply_the_address(maker):
    campaign = register(maker)
    maker.post(edit_url(campaign.slug), plan_data(url=CHANGED))
    campaign.refresh_from_db()
    assert (campaign.moderation, campaign.url, campaign.pending_url) == (
        Moderation.SUBMITTED,
        CHANGED,
        "",
    )


# --- Areas the form could not show ---------------------------------------------------


def test_a_safety_region_survives_a_makers_save(maker):
    comensha = Organisation.objects.get(slug="comensha")
    campaign = Campaign.objects.create(
        slug="veiligheidsregio",
        name="In een veiligheidsregio",
        origin="registered",
        owner=comensha,
        moderation=Moderation.PUBLISHED,
        audiences=["parents"],
        forms=["sexual"],
        areas=["VR05", "GM0193"],  # Twente, and Zwolle
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=30),
        call_to_action="report",
    )
    page = maker.get(edit_url(campaign.slug))
    assert re.search(r'<input[^>]*value="VR05"[^>]*checked', page.content.decode())
    data = form_as_shown(page)
    data["goal"] = "Alleen het doel veranderd."
    response = maker.post(edit_url(campaign.slug), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign.refresh_from_db()
    # Published: the new goal waits for staff (below); the areas change at once.
    assert campaign.pending_changes == {"goal": "Alleen het doel veranderd."}
    assert sorted(campaign.areas) == ["GM0193", "VR05"]


def test_an_area_no_choice_offers_is_kept_and_named(maker):
    gazetteer = current_catalogue().gazetteer
    gone = "GM0003"  # Appingedam, merged into Eemsdelta in 2021
    assert gazetteer.get(gone) is None
    campaign = Campaign.objects.create(
        slug="oude-gemeente",
        name="In een oude gemeente",
        origin="registered",
        owner=Organisation.objects.get(slug="comensha"),
        audiences=["parents"],
        forms=["sexual"],
        areas=["GM0193", gone],
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=30),
        call_to_action="report",
    )
    page = maker.get(edit_url(campaign.slug))
    assert gone in page.content.decode()
    assert maker.post(edit_url(campaign.slug), form_as_shown(page)).status_code == 302
    campaign.refresh_from_db()
    assert sorted(campaign.areas) == ["GM0003", "GM0193"]


def test_a_published_material_does_not_name_its_waiting_campaign(maker, public):
    campaign = register(maker)
    material = Material.objects.create(
        title="Poster bij een wachtende campagne",
        kind="poster",
        audiences=["parents"],
        forms=["sexual"],
        languages=["nl"],
        licence="free_to_adapt",
        campaign=campaign,
        owner=Organisation.objects.get(slug="comensha"),
        description="",
        external_url="https://example.org/poster",
        status="published",
    )
    page = public.get(f"/nl/campagnes/bibliotheek/{material.pk}/")
    assert page.status_code == 200
    assert "Poster bij een wachtende campagne" in page.content.decode()
    assert NAME not in page.content.decode()
    listed = public.get("/api/v1/materials").json()
    (found,) = [m for m in listed["results"] if m["title"] == material.title]
    assert found["campaign"] is None
    campaign.moderation = Moderation.PUBLISHED
    campaign.save()
    assert NAME in public.get(f"/nl/campagnes/bibliotheek/{material.pk}/").content.decode()


# --- New public text waits -----------------------------------------------------------

RENAMED = "Nep Hulplijn Naam Wx3"
FALSE_GOAL = "Bel ons nieuwe hulpnummer Wx3."
NEW_TEXT = {
    "name": RENAMED,
    "goal": FALSE_GOAL,
    "format": "Flyers Wx3",
    "channels": "Straatwerk Wx3",
}
# Words no page shows by chance, so "not on the page" means something.
OLD_TEXT = {
    "name": NAME,
    "goal": "Ouders leren signalen herkennen Qv8.",
    "format": "Posters Qv8",
    "channels": "Scholen Qv8",
}


def public_text(client, campaign: Campaign) -> dict[str, str]:
    """The campaign's text as a visitor without an account meets it, place by place."""
    listing = client.get("/nl/campagnes/", {"q": campaign.name}).content.decode()
    card = re.search(rf'href="/nl/campagnes/{campaign.slug}/"[^>]*>(?:<bdi>)?([^<]*)', listing)
    detail = client.get(f"/nl/campagnes/{campaign.slug}/")
    assert detail.status_code == 200
    api = client.get(f"/api/v1/campaigns/{campaign.slug}").json()
    (listed,) = [
        c
        for c in client.get("/api/v1/campaigns", {"q": ""}).json()["results"]
        if c["slug"] == campaign.slug
    ]
    report_form = walk_to(client, "you").content.decode()
    (choice,) = [label for value, label, _s in options(report_form) if value == campaign.slug]
    return {
        "list": unescape(card.group(1)) if card else "",
        "detail": detail.content.decode(),
        "api": f"{api['name']} | {api['goal']} | {api['format']}",
        "api list": listed["name"],
        "heard via": choice,
    }


def assert_public_text(client, campaign: Campaign, shown: dict, hidden: dict) -> None:
    places = public_text(client, campaign)
    assert places["list"] == shown["name"]
    assert places["api list"] == shown["name"]
    assert places["api"] == f"{shown['name']} | {shown['goal']} | {shown['format']}"
    assert shown["name"] in places["heard via"]
    for value in shown.values():
        assert value in places["detail"]
    for place, text in places.items():
        for value in hidden.values():
            assert value not in text, (place, value)
    # A search for the waiting name finds nothing either.
    assert campaign.slug not in {
        c["slug"] for c in client.get("/api/v1/campaigns", {"q": hidden["name"]}).json()["results"]
    }


def published_then_edited(maker, editor) -> Campaign:
    campaign = register(maker, **OLD_TEXT)
    publish(editor, campaign)
    response = maker.post(edit_url(campaign.slug), plan_data(**NEW_TEXT), follow=True)
    assert response.status_code == 200
    assert "pas openbaar als een redacteur ze heeft gecontroleerd" in response.content.decode()
    campaign.refresh_from_db()
    return campaign


def test_new_text_of_a_published_campaign_waits_and_the_public_reads_the_old(maker, editor, public):
    campaign = published_then_edited(maker, editor)
    assert campaign.moderation == Moderation.PUBLISHED
    assert {f: getattr(campaign, f) for f in NEW_TEXT} == OLD_TEXT
    assert campaign.pending_changes == NEW_TEXT
    assert_public_text(public, campaign, shown=OLD_TEXT, hidden=NEW_TEXT)
    # The maker sees what they wrote, that it waits, and what is public now.
    dashboard = maker.get(DASHBOARD).content.decode()
    assert "wachten op controle door een redacteur" in dashboard
    assert RENAMED in dashboard and FALSE_GOAL in dashboard and OLD_TEXT["name"] in dashboard
    form = maker.get(edit_url(campaign.slug))
    assert {f: form.context["form"][f].value() for f in NEW_TEXT} == NEW_TEXT


def test_a_maker_keeps_editing_the_waiting_text_and_may_take_it_back(maker, editor):
    campaign = published_then_edited(maker, editor)
    # Edited again from the form as shown: what waits is what they wrote last.
    page = maker.get(edit_url(campaign.slug))
    data = {**form_as_shown(page), "goal": "Nog eens anders Wx3."}
    assert maker.post(edit_url(campaign.slug), data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.pending_changes == {**NEW_TEXT, "goal": "Nog eens anders Wx3."}
    # Back to the public text: those fields wait no more.
    maker.post(
        edit_url(campaign.slug),
        plan_data(**{**NEW_TEXT, "goal": OLD_TEXT["goal"], "name": OLD_TEXT["name"]}),
    )
    campaign.refresh_from_db()
    assert campaign.pending_changes == {k: NEW_TEXT[k] for k in ("format", "channels")}
    maker.post(edit_url(campaign.slug), plan_data(**OLD_TEXT))
    campaign.refresh_from_db()
    assert campaign.pending_changes == {}
    assert "wachten op controle" not in maker.get(DASHBOARD).content.decode()


def test_staff_see_the_waiting_text_beside_the_public_text(maker, editor):
    campaign = published_then_edited(maker, editor)
    staff, _user = editor
    waiting = staff.get(CHANGELIST, {"wacht": "ja"})
    assert [c.slug for c in waiting.context["cl"].result_list] == [campaign.slug]
    assert RENAMED in waiting.content.decode()
    assert campaign.slug not in {
        c.slug for c in staff.get(CHANGELIST, {"wacht": "nee"}).context["cl"].result_list
    }
    change = staff.get(f"{CHANGELIST}{campaign.pk}/change/").content.decode()
    table = re.search(r'<table class="pending-changes">.*?</table>', change, re.S)
    assert table, "no table of waiting text"
    for field in ("name", "goal", "format", "channels"):
        assert unescape(OLD_TEXT[field]) in unescape(table.group(0))
        assert NEW_TEXT[field] in unescape(table.group(0))


def test_staff_publish_the_waiting_text_and_the_history_says_so(maker, editor, public):
    campaign = published_then_edited(maker, editor)
    maker.post(edit_url(campaign.slug), plan_data(url=CHANGED, **NEW_TEXT))
    response = publish(editor, campaign)
    assert "1 campagne gepubliceerd." in response.content.decode()
    campaign.refresh_from_db()
    assert {f: getattr(campaign, f) for f in NEW_TEXT} == NEW_TEXT
    assert (campaign.url, campaign.pending_url, campaign.pending_changes) == (CHANGED, "", {})
    assert_public_text(public, campaign, shown=NEW_TEXT, hidden=OLD_TEXT)
    # One save with the decision: who published, and the text as it became.
    latest = campaign.history.first()
    assert latest.history_user == editor[1] and latest.name == RENAMED
    assert latest.pending_changes == {} and latest.url == CHANGED
    before = latest.prev_record
    assert before.name == OLD_TEXT["name"] and before.pending_changes == NEW_TEXT
    assert "wachten op controle" not in maker.get(DASHBOARD).content.decode()


def test_staff_reject_the_waiting_changes_and_the_old_text_stays(maker, editor, public):
    campaign = published_then_edited(maker, editor)
    maker.post(edit_url(campaign.slug), plan_data(url=CHANGED, **NEW_TEXT))
    staff, _user = editor
    response = staff.post(
        CHANGELIST,
        {
            "action": "reject_pending",
            "_selected_action": [campaign.pk],
            "loaded_at": hidden_value(staff.get(CHANGELIST), "loaded_at"),
            "note": "Dat telefoonnummer is niet van uw organisatie.",
        },
        follow=True,
    )
    assert "zijn de wachtende wijzigingen afgewezen" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.moderation == Moderation.PUBLISHED
    assert {f: getattr(campaign, f) for f in NEW_TEXT} == OLD_TEXT
    assert (campaign.url, campaign.pending_url, campaign.pending_changes) == (APPROVED, "", {})
    assert campaign.history.first().history_user == editor[1]
    assert_public_text(public, campaign, shown=OLD_TEXT, hidden=NEW_TEXT)
    dashboard = maker.get(DASHBOARD).content.decode()
    assert "Dat telefoonnummer is niet van uw organisatie." in dashboard
    assert RENAMED not in dashboard
    # The form shows the public text again.
    form = maker.get(edit_url(campaign.slug)).context["form"]
    assert {f: form[f].value() for f in NEW_TEXT} == OLD_TEXT


def test_a_publish_of_text_changed_after_the_list_was_made_is_refused(maker, editor, public):
    campaign = published_then_edited(maker, editor)
    staff, _user = editor
    loaded_at = hidden_value(staff.get(CHANGELIST), "loaded_at")
    # After the redacteur looked, the maker puts in something else.
    maker.post(edit_url(campaign.slug), plan_data(**{**NEW_TEXT, "goal": "Ongezien Wx3."}))
    response = publish(editor, campaign, loaded_at=loaded_at)
    assert "gewijzigd nadat u de lijst opende" in response.content.decode()
    campaign.refresh_from_db()
    assert {f: getattr(campaign, f) for f in NEW_TEXT} == OLD_TEXT
    assert campaign.pending_changes["goal"] == "Ongezien Wx3."
    assert_public_text(
        public, campaign, shown=OLD_TEXT, hidden={**NEW_TEXT, "goal": "Ongezien Wx3."}
    )


def test_staff_text_in_the_change_form_decides_over_the_waiting_text(maker, editor, public):
    campaign = published_then_edited(maker, editor)
    staff, _user = editor
    url = f"{CHANGELIST}{campaign.pk}/change/"
    page = staff.get(url)
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = value
    for prefix in ("senders-TOTAL_FORMS", "senders-INITIAL_FORMS"):
        data[prefix] = hidden_value(page, prefix)
    for i, sender in enumerate(campaign.senders.all()):
        data[f"senders-{i}-id"] = sender.pk
        data[f"senders-{i}-campaign"] = campaign.pk
        data[f"senders-{i}-position"] = sender.position
        data[f"senders-{i}-name"] = sender.name
        data[f"senders-{i}-organisation"] = sender.organisation_id or ""
    # The form shows the public text, not the waiting one.
    assert data["name"] == OLD_TEXT["name"]
    data["goal"] = "Door de redactie geschreven."
    response = staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign.refresh_from_db()
    assert campaign.goal == "Door de redactie geschreven."
    assert campaign.name == OLD_TEXT["name"]
    assert campaign.pending_changes == {k: v for k, v in NEW_TEXT.items() if k != "goal"}


def test_a_rejected_campaign_takes_its_waiting_text_offline_with_it(maker, editor, public):
    campaign = published_then_edited(maker, editor)
    staff, _user = editor
    staff.post(
        CHANGELIST,
        {
            "action": "reject",
            "_selected_action": [campaign.pk],
            "loaded_at": hidden_value(staff.get(CHANGELIST), "loaded_at"),
            "note": "Klopt niet.",
        },
    )
    campaign.refresh_from_db()
    # Nothing public uses it now; staff see it when it comes back to them.
    assert campaign.moderation == Moderation.REJECTED
    assert campaign.name == RENAMED and campaign.pending_changes == {}
    assert public.get(f"/nl/campagnes/{campaign.slug}/").status_code == 404


def test_text_of_a_campaign_not_yet_published_changes_at_once(maker):
    campaign = register(maker)
    maker.post(edit_url(campaign.slug), plan_data(**NEW_TEXT))
    campaign.refresh_from_db()
    assert {f: getattr(campaign, f) for f in NEW_TEXT} == NEW_TEXT
    assert campaign.pending_changes == {}
