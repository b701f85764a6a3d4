"""The directory pages: contact details on cards, suggestions, pagination, no dead ends."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from trafficking.directory.catalogue import ChannelInfo, OrgInfo
from trafficking.directory.constants import ChannelKind
from trafficking.directory.selectors import card_contacts
from trafficking.directory.views import PAGE_SIZE

pytestmark = pytest.mark.django_db

LIST = "/nl/organisaties/"


def cards(html: str) -> list[str]:
    """The HTML of each organisation card on a list page."""
    listing = html.split('<ul class="org-list">', 1)[1].split("<nav", 1)[0].split("</main>", 1)[0]
    return listing.split('<li class="card">')[1:]


def test_pagination_shows_page_x_of_y_and_a_full_first_page(client, catalogue):
    total = len(catalogue.organisations)
    pages = -(-total // PAGE_SIZE)
    assert pages > 1, "the directory should span several pages"
    html = client.get(LIST).content.decode()
    assert html.count('<li class="card">') == PAGE_SIZE
    assert f"{total} organisaties gevonden" in html
    assert f"Pagina 1 van {pages}" in html
    assert 'rel="next"' in html and 'rel="prev"' not in html

    last = client.get(LIST, {"page": pages}).content.decode()
    assert f"Pagina {pages} van {pages}" in last
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert last.count('<li class="card">') == total - (pages - 1) * PAGE_SIZE


@pytest.mark.parametrize(
    "junk, expected", [("999", "last"), ("abc", 1), ("-1", 1), ("0", 1), ("1.5", 1)]
)
def test_a_page_out_of_range_or_junk_never_errors(client, catalogue, junk, expected):
    pages = -(-len(catalogue.organisations) // PAGE_SIZE)
    number = pages if expected == "last" else expected
    response = client.get(LIST, {"page": junk})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Pagina {number} van {pages}" in html
    assert "Die pagina bestaat niet" in html


def test_page_links_keep_the_filters(client):
    html = client.get(LIST, {"kind": "reporting_point", "form": "labour"}).content.decode()
    links = re.findall(r'<a href="(\?[^"]*)" rel="next"', html)
    assert links, "expected a second page of reporting points for labour exploitation"
    query = links[0].replace("&amp;", "&")
    assert "kind=reporting_point" in query and "form=labour" in query and "page=2" in query
    second = client.get(LIST + query).content.decode()
    assert "Pagina 2 van" in second


def test_an_unknown_municipality_suggests_places_as_links_that_apply_the_filter(client):
    response = client.get(LIST, {"municipality": "Den Bosh", "kind": "reporting_point"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bedoelt u een van deze gemeenten?" in html
    link = re.search(r'<ul class="suggestions">.*?<a href="([^"]+)">([^<]+)</a>', html, re.S)
    assert link is not None
    assert "Hertogenbosch" in link.group(2)
    query = link.group(1).replace("&amp;", "&")
    assert "kind=reporting_point" in query
    followed = client.get(LIST + query)
    assert followed.status_code == 200
    assert 'class="alert alert-error"' not in followed.content.decode()


def test_each_card_shows_the_main_phone_and_website_as_links(client, catalogue):
    html = client.get(LIST, {"q": "CoMensha"}).content.decode()
    org = catalogue.get("comensha")
    contacts = card_contacts(org)
    assert contacts.phone is not None and contacts.website is not None
    (card,) = cards(html)
    assert f'href="{escape(contacts.phone.href)}"' in card
    assert contacts.phone.href.startswith("tel:")
    assert f'href="{escape(contacts.website.href)}"' in card


def test_a_card_without_contact_details_says_so_and_links_to_its_page(client, catalogue):
    silent = next(o for o in catalogue.organisations.values() if not o.channels)
    html = client.get(LIST, {"q": silent.name}).content.decode()
    card = next(c for c in cards(html) if escape(silent.name) in c)
    assert "Geen contactgegevens bekend." in card
    assert reverse("directory:detail", args=[silent.slug]) in card


def test_a_detail_page_without_contact_details_shows_the_way_forward(client, catalogue):
    silent = next(o for o in catalogue.organisations.values() if not o.reachable)
    html = client.get(reverse("directory:detail", args=[silent.slug])).content.decode()
    assert 'href="/nl/melden/"' in html
    assert 'href="/nl/organisaties/comensha/"' in html
    assert 'href="tel:112"' in html
    reachable = client.get("/nl/organisaties/comensha/").content.decode()
    assert "Hoe komt u toch verder?" not in reachable


def test_filters_fold_away_unless_some_are_chosen(client):
    assert '<details class="filter-details">' in client.get(LIST).content.decode()
    chosen = client.get(LIST, {"form": "labour"}).content.decode()
    assert '<details class="filter-details" open>' in chosen
    searched = client.get(LIST, {"q": "politie"}).content.decode()
    assert '<details class="filter-details">' in searched


def test_the_emergency_banner_numbers_are_phone_links(client):
    html = client.get("/ar/").content.decode()
    assert 'href="tel:112"' in html and 'href="tel:09008844"' in html


def _channel(kind, value, verified=False):
    return ChannelInfo(kind=kind, value=value, verified=verified)


def test_card_contacts_prefer_a_verified_phone_and_fall_back_to_other_channels():
    org = OrgInfo(
        slug="x",
        name="X",
        kind="both",
        operator_type="other",
        channels=(
            _channel(ChannelKind.PHONE, "010 123 45 67"),
            _channel(ChannelKind.PHONE, "0800 1234", verified=True),
            _channel(ChannelKind.WEBSITE, "www.example.org"),
        ),
    )
    contacts = card_contacts(org)
    assert contacts.phone.value == "0800 1234"
    assert contacts.website.href == "https://www.example.org"
    assert contacts.other is None

    mail_only = OrgInfo(
        slug="y",
        name="Y",
        kind="both",
        operator_type="other",
        channels=(_channel(ChannelKind.EMAIL, "info@example.org"),),
    )
    assert [c.href for c in card_contacts(mail_only).shown] == ["mailto:info@example.org"]
    assert card_contacts(OrgInfo(slug="z", name="Z", kind="both", operator_type="o")).shown == ()


@pytest.mark.parametrize(
    ("language", "alone", "both"),
    [
        ("nl", "Meldpunt", "Meldpunt en kenniscentrum"),
        ("en", "Reporting point", "Reporting point and knowledge centre"),
    ],
)
def test_each_card_names_its_kind_in_the_page_language(client, catalogue, language, alone, both):
    with translation.override(language):
        url = reverse("directory:list")
    html = client.get(url, {"kind": "reporting_point"}).content.decode()
    labels = [card.split('<p class="meta">', 1)[1].split(" · ", 1)[0] for card in cards(html)]
    assert labels
    assert set(labels) <= {alone, both}
    assert alone in labels
