"""The public campaign register: search, filters, paging, the campaign page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from trafficking.campaigns.constants import CampaignList
from trafficking.campaigns.models import Campaign, Sender
from trafficking.campaigns.selectors import (
    NATIONAL,
    CampaignStatus,
    area_scope,
    campaign_status,
)
from trafficking.campaigns.views import PAGE_SIZE
from trafficking.directory.models import Organisation
from trafficking.geography.gazetteer import Place
from trafficking.geography.models import Municipality

LIST = "/nl/campagnes/"
NOT_DESCRIBED = "nog niet beschreven — details open voor de eigenaar"


@pytest.fixture
def empty(db):
    """No campaigns: each test builds those it needs (the session database
    holds the loaded register; the deletion is rolled back after the test)."""
    Campaign.objects.all().delete()


def make_campaign(slug: str, *, senders=(), **fields) -> Campaign:
    """A campaign as the register stores one; senders are names or (name, organisation)."""
    values = {
        "name": slug.replace("-", " ").title(),
        "origin": CampaignList.ONLINE_SEARCH,
        "moderation": "published",
        "complete": True,
        "forms": [],
    }
    values.update(fields)
    campaign = Campaign.objects.create(slug=slug, **values)
    for position, sender in enumerate(senders):
        name, organisation = sender if isinstance(sender, tuple) else (sender, None)
        Sender.objects.create(
            campaign=campaign, position=position, name=name, organisation=organisation
        )
    return campaign


def cards(html: str) -> list[str]:
    """The HTML of each campaign card on a list page."""
    listing = html.split('<ul class="org-list campaign-list">', 1)[1].split("</ul>\n", 1)[0]
    return listing.split('<li class="card">')[1:]


def names(response) -> set[str]:
    """The names on the cards, read from the links to each campaign's page."""
    found = re.findall(
        r'<h2><a href="/nl/campagnes/[^"]+/"><bdi>([^<]+)</bdi>', response.content.decode()
    )
    return set(found)


def found(response) -> int:
    text = re.search(r'<p role="status">(\d+) campagnes? gevonden', response.content.decode())
    assert text is not None
    return int(text.group(1))


def _today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def register(empty):
    """Six campaigns that differ in one filter each, and one that is withdrawn."""
    today = _today()
    utrecht = Municipality.objects.select_related("province", "safety_region").get(name="Utrecht")
    amsterdam = Organisation.objects.get(slug="gemeente-amsterdam")
    return {
        "utrecht": utrecht,
        "amsterdam": make_campaign(
            "amsterdamse-week",
            name="Amsterdamse Week",
            goal="Amsterdammers leren signalen herkennen",
            audiences=["citizens"],
            forms=[],
            region="Amsterdam",
            areas=["GM0363"],
            period="In 2021",
            starts_on=datetime.date(2021, 1, 1),
            ends_on=datetime.date(2021, 12, 31),
            senders=[("Gemeente Amsterdam", amsterdam), "Stichting Zonder Vermelding"],
            note="Campagnevorm garbled in the extraction.",
            source="Bijlage B.1, regel 1611-1627",
        ),
        "youth": make_campaign(
            "jongeren-en-ouders",
            name="Loverboy of liefje",
            goal="Jongeren en ouders waarschuwen",
            audiences=["youth", "parents"],
            forms=["sexual"],
            region="Regio Utrecht",
            areas=[utrecht.safety_region.code],
            starts_on=today - datetime.timedelta(days=30),
            senders=["Zorgcoöperatie Midden"],
        ),
        "national": make_campaign(
            "eerlijk-werk",
            name="Eerlijk werk",
            goal="Werkgevers wijzen op uitbuiting",
            audiences=["professionals"],
            forms=["labour", "sexual"],
            region="national",
            areas=["NL"],
            senders=["Ministerie van Sociale Zaken", "FNV"],
        ),
        "planned": make_campaign(
            "oost-criminele-uitbuiting",
            name="Criminele uitbuiting in Overijssel",
            audiences=["professionals"],
            forms=["criminal"],
            areas=["PV23"],
            starts_on=today + datetime.timedelta(days=30),
        ),
        "named": make_campaign(
            "genoemd-door-respondent",
            name="Week tegen Mensenhandel",
            origin=CampaignList.NAMED_BY_RESPONDENTS,
            complete=False,
            forms=None,
        ),
        "withdrawn": make_campaign("ingetrokken", name="Ingetrokken campagne", is_active=False),
    }


VISIBLE = {
    "Amsterdamse Week",
    "Loverboy of liefje",
    "Eerlijk werk",
    "Criminele uitbuiting in Overijssel",
    "Week tegen Mensenhandel",
}


def test_the_list_shows_every_active_campaign_and_counts_them(client, register):
    response = client.get(LIST)
    assert response.status_code == 200
    assert names(response) == VISIBLE
    assert found(response) == len(VISIBLE)
    assert "Ingetrokken campagne" not in response.content.decode()


def test_a_card_shows_senders_audiences_forms_region_and_period_as_stated(client, register):
    html = client.get(LIST, {"q": "Amsterdamse"}).content.decode()
    (card,) = cards(html)
    assert "Gemeente Amsterdam" in card and "Stichting Zonder Vermelding" in card
    assert "Burgers" in card
    assert "Mensenhandel in het algemeen" in card
    assert "Amsterdam" in card and "In 2021" in card
    assert NOT_DESCRIBED not in card
    national = cards(client.get(LIST, {"q": "Eerlijk werk"}).content.decode())[0]
    # The data writes "national" for a national body's campaign; the page says so in words.
    assert "Landelijk" in national and ">national<" not in national
    assert "Arbeidsuitbuiting" in national and "Seksuele uitbuiting" in national


def test_a_campaign_named_by_respondents_is_marked_as_not_yet_described(client, register):
    response = client.get(LIST, {"origin": CampaignList.NAMED_BY_RESPONDENTS})
    assert names(response) == {"Week tegen Mensenhandel"}
    (card,) = cards(response.content.decode())
    assert NOT_DESCRIBED in card


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"audience": "youth"}, {"Loverboy of liefje"}),
        ({"audience": "parents"}, {"Loverboy of liefje"}),
        ({"audience": "professionals"}, {"Eerlijk werk", "Criminele uitbuiting in Overijssel"}),
        # "general" is a campaign about trafficking in general ([]), not one
        # whose forms nobody recorded (None, the B.2 names).
        ({"form": "general"}, {"Amsterdamse Week"}),
        ({"form": "sexual"}, {"Loverboy of liefje", "Eerlijk werk"}),
        ({"form": "criminal"}, {"Criminele uitbuiting in Overijssel"}),
        ({"form": "organ_removal"}, set()),
        ({"origin": "online_search"}, VISIBLE - {"Week tegen Mensenhandel"}),
        ({"origin": "registered"}, set()),
        ({"status": "running"}, {"Loverboy of liefje"}),
        ({"status": "ended"}, {"Amsterdamse Week"}),
        ({"status": "planned"}, {"Criminele uitbuiting in Overijssel"}),
        ({"status": "unknown"}, {"Eerlijk werk", "Week tegen Mensenhandel"}),
        ({"province": NATIONAL}, {"Eerlijk werk"}),
        ({"province": "PV23"}, {"Criminele uitbuiting in Overijssel"}),
    ],
)
def test_each_filter_keeps_only_the_matching_campaigns(client, register, params, expected):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert names(response) == expected
    assert found(response) == len(expected)


def test_a_municipality_or_safety_region_counts_for_its_province(client, register):
    amsterdam = Municipality.objects.select_related("province").get(code="GM0363")
    by_municipality = client.get(LIST, {"province": amsterdam.province.code})
    assert names(by_municipality) == {"Amsterdamse Week"}
    # A national campaign is found under "Landelijk", not under every province.
    by_region = client.get(LIST, {"province": register["utrecht"].province.code})
    assert names(by_region) == {"Loverboy of liefje"}


def test_search_looks_in_name_goal_and_senders_ignoring_case_and_accents(client, register):
    assert names(client.get(LIST, {"q": "loverboy"})) == {"Loverboy of liefje"}
    assert names(client.get(LIST, {"q": "werkgevers"})) == {"Eerlijk werk"}
    assert names(client.get(LIST, {"q": "FNV"})) == {"Eerlijk werk"}
    assert names(client.get(LIST, {"q": "zorgcooperatie"})) == {"Loverboy of liefje"}
    # Every word must match, in any field.
    assert names(client.get(LIST, {"q": "week amsterdam"})) == {"Amsterdamse Week"}
    assert names(client.get(LIST, {"q": "week onbekendwoord"})) == set()


def test_filters_combine(client, register):
    both = client.get(LIST, {"q": "week", "origin": "online_search"})
    assert names(both) == {"Amsterdamse Week"}
    three = client.get(LIST, {"audience": "professionals", "form": "labour", "province": NATIONAL})
    assert names(three) == {"Eerlijk werk"}
    none = client.get(LIST, {"audience": "youth", "status": "ended"})
    assert names(none) == set()
    assert "0 campagnes gevonden" in none.content.decode()


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({"audience": "aliens"}, "Doelgroep"),
        ({"form": "piracy"}, "Vorm van uitbuiting"),
        ({"province": "PV99"}, "Provincie"),
        ({"origin": "rumour"}, "Herkomst"),
        ({"status": "soon"}, "Looptijd"),
        ({"q": "x" * 101}, "Zoeken"),
    ],
)
def test_a_bad_filter_value_is_a_400_with_a_message_naming_the_filter(
    client, register, params, label
):
    response = client.get(LIST, {"audience": "youth", **params})
    assert response.status_code == 400
    html = response.content.decode()
    alert = html.split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert f"{label}: " in alert
    assert cards(html) == []
    # The filters stay open so the person sees the field to correct.
    assert '<details class="filter-details" open>' in html


def test_a_bad_filter_message_is_in_the_page_language(client, register):
    with translation.override("en"):
        url = reverse("campaigns:list")
    response = client.get(url, {"status": "soon"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_filters_fold_away_unless_some_are_chosen(client, register):
    assert '<details class="filter-details">' in client.get(LIST).content.decode()
    assert (
        '<details class="filter-details" open>'
        in client.get(LIST, {"form": "labour"}).content.decode()
    )
    assert '<details class="filter-details">' in client.get(LIST, {"q": "week"}).content.decode()


@pytest.fixture
def many(empty):
    total = 2 * PAGE_SIZE + 5
    for number in range(total):
        make_campaign(
            f"campagne-{number:02d}", name=f"Campagne {number:02d}", senders=["Een afzender"]
        )
    return total


def test_paging_keeps_the_filters_and_a_page_past_the_end_shows_the_last(client, many):
    first = client.get(LIST, {"audience": ""}).content.decode()
    assert len(cards(first)) == PAGE_SIZE
    assert f"{many} campagnes gevonden" in first and "Pagina 1 van 3" in first
    next_link = re.search(r'<a href="(\?[^"]*)" rel="next"', first)
    assert next_link is not None
    query = next_link.group(1).replace("&amp;", "&")
    assert "page=2" in query and "audience=" in query

    past = client.get(LIST, {"page": "99"})
    assert past.status_code == 200
    html = past.content.decode()
    assert "Pagina 3 van 3" in html and "Die pagina bestaat niet" in html
    assert len(cards(html)) == many - 2 * PAGE_SIZE
    junk = client.get(LIST, {"page": "abc"}).content.decode()
    assert "Pagina 1 van 3" in junk


def test_the_list_needs_the_same_few_queries_however_many_campaigns(
    client, empty, catalogue, settings
):
    settings.DIRECTORY_SNAPSHOT_TTL = 3600  # no snapshot check inside the measurement
    make_campaign("een", senders=["A", "B"])
    client.get(LIST)  # warm the directory snapshot
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for number in range(15):
        make_campaign(f"meer-{number}", senders=["A", "B", "C"])
    with CaptureQueriesContext(connection) as more:
        client.get(LIST)
    assert len(more) == len(few) <= 4


def test_the_campaign_page_shows_every_field(client, register):
    campaign = register["amsterdam"]
    campaign.format = "Evenementen"
    campaign.channels = "Website en sociale media"
    campaign.call_to_action = "report"
    campaign.owner = Organisation.objects.get(slug="gemeente-amsterdam")
    campaign.save()
    response = client.get(reverse("campaigns:detail", args=[campaign.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Amsterdammers leren signalen herkennen",
        "Gevonden in de online zoektocht (bijlage B.1)",
        "Afgelopen",
        "Burgers",
        "Mensenhandel in het algemeen",
        "Evenementen",
        "Website en sociale media",
        "In 2021",
        "Melden",
        "Bijlage B.1, regel 1611-1627",
    ):
        assert text in html, text
    # The area is named, not shown as a CBS code.
    assert "Gebieden: Amsterdam" in html and "GM0363" not in html
    directory_page = reverse("directory:detail", args=["gemeente-amsterdam"])
    assert f'<a href="{directory_page}"><bdi>Gemeente Amsterdam</bdi></a>' in html
    # A sender that is not in the directory is named, not linked.
    assert "<bdi>Stichting Zonder Vermelding</bdi>" in html
    assert '"><bdi>Stichting Zonder Vermelding' not in html
    assert NOT_DESCRIBED not in html and "Nog niet beschreven" not in html


def test_the_transcription_note_is_marked_as_english(client, register):
    slug = register["amsterdam"].slug
    html = client.get(reverse("campaigns:detail", args=[slug])).content.decode()
    assert '<p lang="en">Campagnevorm garbled in the extraction.</p>' in html
    with translation.override("en"):
        url = reverse("campaigns:detail", args=[slug])
    english = client.get(url).content.decode()
    assert "<p>Campagnevorm garbled in the extraction.</p>" in english
    # The Dutch source text is marked Dutch on the English page.
    assert 'lang="nl">Amsterdammers leren signalen herkennen' in english


def test_an_incomplete_campaign_says_it_is_open_for_its_owner(client, register):
    html = client.get(
        reverse("campaigns:detail", args=["genoemd-door-respondent"])
    ).content.decode()
    assert "Nog niet beschreven" in html
    assert "De details staan open voor de eigenaar" in html
    assert "Genoemd door respondenten (bijlage B.2)" in html


def test_only_a_web_address_becomes_a_link(client, register):
    campaign = register["national"]
    Campaign.objects.filter(pk=campaign.pk).update(url="javascript:alert(1)")
    html = client.get(reverse("campaigns:detail", args=[campaign.slug])).content.decode()
    assert "javascript:" not in html
    Campaign.objects.filter(pk=campaign.pk).update(url="https://voorbeeld.test/campagne")
    html = client.get(reverse("campaigns:detail", args=[campaign.slug])).content.decode()
    assert 'href="https://voorbeeld.test/campagne" rel="noreferrer"' in html


@pytest.mark.parametrize("slug", ["bestaat-niet", "ingetrokken"])
def test_an_unknown_or_withdrawn_campaign_is_not_found(client, register, slug):
    response = client.get(reverse("campaigns:detail", args=[slug]))
    assert response.status_code == 404


def test_a_name_with_markup_is_shown_as_text(client, empty):
    make_campaign("kwaadaardig", name="<script>alert(1)</script>", senders=["<b>x</b>"])
    for url in (LIST, reverse("campaigns:detail", args=["kwaadaardig"])):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>x</b>" not in html


def test_the_main_menu_links_to_the_register(client, db):
    html = client.get("/nl/").content.decode()
    nav = html.split('<nav aria-label="Hoofdmenu">', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="{LIST}">Campagnes</a>' in nav
    assert nav.index("Organisaties") < nav.index("Campagnes")


def test_public_pages_set_no_cookie(client, register):
    for url in (LIST, reverse("campaigns:detail", args=["amsterdamse-week"])):
        response = client.get(url, {"audience": "citizens"} if url == LIST else {})
        assert response.cookies == {}


def test_the_loaded_register_is_searchable(client, db):
    """The transcription of appendix B (the report counts 31 + 23 campaigns)."""
    Campaign.objects.all().delete()
    call_command("load_campaigns", verbosity=0)
    assert found(client.get(LIST)) == 54
    assert found(client.get(LIST, {"origin": "online_search"})) == 31
    named = client.get(LIST, {"origin": "named_by_respondents"})
    assert found(named) == 23
    assert all(NOT_DESCRIBED in card for card in cards(named.content.decode()))
    response = client.get(LIST, {"q": "Amsterdamse Week tegen Mensenhandel"})
    assert names(response) == {"Amsterdamse Week tegen Mensenhandel"}
    html = client.get(reverse("campaigns:detail", args=["amsterdamse-week-tegen-mensenhandel"]))
    directory_page = reverse("directory:detail", args=["gemeente-amsterdam"])
    assert f'<a href="{directory_page}"><bdi>Gemeente Amsterdam</bdi></a>' in html.content.decode()
    # Section 2.2: 35 % of the 31 campaigns found online are about trafficking in general.
    assert found(client.get(LIST, {"form": "general"})) == 11
    # Every campaign has exactly one status.
    statuses = [found(client.get(LIST, {"status": status})) for status in CampaignStatus.values]
    assert sum(statuses) == 54
    assert "Amsterdamse Week tegen Mensenhandel" in names(client.get(LIST, {"province": "PV27"}))


# --- pure reads, no database ---------------------------------------------

DAY = datetime.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "expected"),
    [
        (None, None, CampaignStatus.UNKNOWN),
        (datetime.date(2025, 1, 1), None, CampaignStatus.RUNNING),
        (datetime.date(2025, 1, 1), DAY, CampaignStatus.RUNNING),
        (DAY, DAY, CampaignStatus.RUNNING),
        (datetime.date(2025, 1, 1), datetime.date(2025, 5, 31), CampaignStatus.ENDED),
        (None, datetime.date(2025, 5, 31), CampaignStatus.ENDED),
        # An end date alone does not say the campaign ever started.
        (None, datetime.date(2025, 12, 31), CampaignStatus.UNKNOWN),
        (datetime.date(2025, 6, 2), None, CampaignStatus.PLANNED),
    ],
)
def test_campaign_status(starts_on, ends_on, expected):
    assert campaign_status(starts_on, ends_on, DAY) == expected


def test_area_scope_maps_each_code_to_its_province():
    places = {
        "GM0193": Place("GM0193", "Zwolle", "PV23", "Overijssel", "VR04", "IJsselland", "on", "ON"),
        "GM0363": Place(
            "GM0363", "Amsterdam", "PV27", "Noord-Holland", "VR13", "A-A", "ams", "Amsterdam"
        ),
    }
    assert area_scope(["GM0193"], places) == {"PV23"}
    assert area_scope(["VR13"], places) == {"PV27"}
    assert area_scope(["NL", "PV20"], places) == {NATIONAL, "PV20"}
    assert area_scope(["GM9999", "VR99"], places) == set()
