"""Invisible and bidi control characters never reach a screen or an export.

The reports here are stored through the submission service directly, as
older data or another door would be, so the characters are in the sealed
content; every page must drop them on display while the seal keeps them.
"""

import json

import pytest

from trafficking.directory.models import Organisation
from trafficking.reports import forwarding, triage
from trafficking.reports.drafts import Contact, Item
from trafficking.reports.followup import add_reporter_message
from trafficking.reports.tests.factories import login_with_otp, make_report

pytestmark = pytest.mark.django_db

# One of each kind named in issue 9 (and every code point in the lists).
INVISIBLE = [
    *map(chr, range(0x200B, 0x2010)),
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2060, 0x2065)),
    *map(chr, range(0x2066, 0x206A)),
    "\ufeff",
    *map(chr, range(0xE0000, 0xE0080)),
]
ALL = "".join(INVISIBLE)

NAME = "Jan\u202eevil"
PHONE = "+31 6 98\u200d76 1234"
TEXT = f"Werk{ALL}t in de kas\u2066 zonder loon"
ADDRESS = "Tomaten\u200bweg 17\ufeff"
WHEN = "sinds\u2060 maart\U000e0041"
MESSAGE = "Nog iets:\u202b achter nr\u200c 17"


def assert_clean(html: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in html if c in INVISIBLE})
    assert not found, found


def assert_shown(html: str) -> None:
    for shown in ("Janevil", "+31 6 9876 1234", "Werkt in de kas zonder loon", "Tomatenweg 17"):
        assert shown in html, shown


@pytest.fixture
def report():
    report, code = make_report(
        text=TEXT,
        address=ADDRESS,
        when=WHEN,
        items=(Item("phone", PHONE), Item("name", NAME)),
        consent_contact=True,
        consent_labour=True,
        contact=Contact(name=NAME, phone=PHONE, safe_times=WHEN),
    )
    add_reporter_message(report, MESSAGE)
    report.code = code
    return report


def test_the_console_shows_no_invisible_characters_and_the_seal_keeps_them(client, report):
    user = login_with_otp(client, "intake")
    triage.write_message(report, user, f"Vraag{ALL} van intake", to_reporter=True)
    html = client.get(f"/intake/meldingen/{report.pk}/").content.decode()
    assert_clean(html)
    assert_shown(html)
    assert "Nog iets: achter nr 17" in html
    assert "sinds maart" in html

    exported = client.get(f"/intake/meldingen/{report.pk}/export/").content.decode()
    assert_clean(exported)
    assert json.loads(exported)["content"]["contact"]["name"] == "Janevil"

    # The evidence is unchanged.
    content = report.content()
    assert content["text"] == TEXT
    assert content["contact"] == {"name": NAME, "phone": PHONE, "safe_times": WHEN}
    assert {"type": "phone", "value": PHONE} in content["items"]
    assert MESSAGE in [m["text"] for m in triage.messages_for_staff(report)]


def test_the_partner_portal_shows_no_invisible_characters(client, report):
    intake = login_with_otp(client, "intake")
    nla = Organisation.objects.get(slug="nederlandse-arbeidsinspectie")
    item = forwarding.forward(report, nla, intake)
    client.logout()
    login_with_otp(client, "partner", "inspecteur", organisation=nla.slug)
    html = client.get(f"/intake/partner/{item.pk}/").content.decode()
    assert_clean(html)
    assert_shown(html)
    assert forwarding.payload_for_partner(item, intake)["reporter_contact"]["name"] == NAME

    # The partner's own feedback, as staff then read it, is cleaned too.
    client.post(
        f"/intake/partner/{item.pk}/",
        {"action": "feedback", "acted": "1", "note": f"Controle{ALL} gepland."},
    )
    client.logout()
    login_with_otp(client, "intake", "intake-2")
    html = client.get(f"/intake/meldingen/{report.pk}/").content.decode()
    assert_clean(html)
    assert "Controle gepland." in html


def test_the_follow_up_page_shows_no_invisible_characters(client, report):
    staff = login_with_otp(client, "intake")
    triage.write_message(report, staff, f"Vraag{ALL} van intake", to_reporter=True)
    client.logout()
    html = client.post("/nl/melden/opvolgen/", {"code": report.code}).content.decode()
    assert_clean(html)
    assert "Nog iets: achter nr 17" in html
    assert "Vraag van intake" in html
