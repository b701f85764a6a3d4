"""Consent means what the reporter read (issue 9, point 3).

Each organisation has a sharing category, reviewed in the inventory data
file, and a forward follows only that category: "De politie" covers police
and justice, "Hulp en opvang (zorgcoördinator)" care and shelter, "De
Nederlandse Arbeidsinspectie" labour inspection. Municipalities and "other"
are named in no consent text, so they need the four-eyes override.

The expected table is written out here on purpose instead of importing the
one in forwarding.py, so a change to the rule has to change this test too.
"""

from __future__ import annotations

import itertools

import pytest

from trafficking.directory.models import Organisation
from trafficking.intake.accounts import create_account
from trafficking.reports import crypto, forwarding
from trafficking.reports.constants import ForwardStatus
from trafficking.reports.models import Forward
from trafficking.reports.tests.factories import SECRET_EMAIL, make_report

pytestmark = pytest.mark.django_db

CONSENT_COVERING = {
    "police_justice": "police",
    "labour_inspection": "labour",
    "care_shelter": "care",
    "municipality": None,
    "other": None,
}
SHARING = ("police", "care", "labour")
COMBINATIONS = [
    dict(zip(("contact", *SHARING), flags, strict=True))
    for flags in itertools.product((False, True), repeat=4)
]


@pytest.fixture
def staff():
    user, _password, _device = create_account("doorzetter", "intake")
    return user


def report_with(consents: dict, **extra):
    report, _code = make_report(
        consent_contact=consents["contact"],
        consent_police=consents["police"],
        consent_care=consents["care"],
        consent_labour=consents["labour"],
        **extra,
    )
    return report


def partner_copy(item: Forward) -> dict:
    return crypto.unseal_json(item.report.data_key(), bytes(item.sealed_payload))


def test_every_organisation_has_a_reviewed_category():
    for org in Organisation.objects.all():
        assert org.sharing_category in CONSENT_COVERING, org.slug
        assert org.sharing_category_reason.strip(), org.slug


@pytest.mark.parametrize("consents", COMBINATIONS, ids=lambda c: "+".join(k for k in c if c[k]))
def test_forward_follows_only_the_category(staff, consents):
    report = report_with(consents)
    organisations = list(Organisation.objects.order_by("slug"))
    assert len(organisations) > 100  # the loaded inventory, not a handful of fixtures
    for org in organisations:
        needed = CONSENT_COVERING[org.sharing_category]
        allowed = needed is not None and consents[needed]
        if not allowed:
            with pytest.raises(forwarding.ForwardNotAllowed):
                forwarding.forward(report, org, staff)
            assert not Forward.objects.filter(report=report, organisation=org).exists()
            continue
        item = forwarding.forward(report, org, staff)
        assert item.status == ForwardStatus.SENT, org.slug
        assert item.basis == needed, org.slug
        payload = partner_copy(item)
        identifying = consents["contact"]  # and the category's consent, given here
        assert item.include_identifying == identifying, org.slug
        assert ("reporter_contact" in payload) == identifying, org.slug
        assert (SECRET_EMAIL in str(payload)) == identifying, org.slug


@pytest.mark.parametrize("category", sorted(CONSENT_COVERING))
def test_an_override_never_carries_the_reporters_contact_details(staff, category):
    # Acute danger: every partner is reachable, but outside its consent only
    # through four eyes, and then without the reporter's details.
    consents = dict.fromkeys(("contact", *SHARING), True)
    needed = CONSENT_COVERING[category]
    if needed:
        consents[needed] = False
    report = report_with(consents, acute=True)
    org = Organisation.objects.filter(sharing_category=category).first()
    item = forwarding.forward(report, org, staff, override_reason="Acuut gevaar, vannacht.")
    assert item.status == ForwardStatus.PENDING
    assert item.basis == "override"
    assert not item.include_identifying
    assert "reporter_contact" not in partner_copy(item)


@pytest.mark.parametrize("slug", ["emm", "meld-misdaad-anoniem"])
def test_law_enforcement_and_tip_lines_are_not_reachable_with_care_consent(staff, slug):
    report = report_with({"contact": True, "police": False, "care": True, "labour": False})
    org = Organisation.objects.get(slug=slug)
    with pytest.raises(forwarding.ForwardNotAllowed):
        forwarding.forward(report, org, staff)
    assert not Forward.objects.filter(report=report).exists()


def test_emm_is_police_and_justice_and_the_tip_line_is_neither():
    assert Organisation.objects.get(slug="emm").sharing_category == "police_justice"
    # M. is run by a foundation, not by the police: no consent text names it.
    assert Organisation.objects.get(slug="meld-misdaad-anoniem").sharing_category == "other"


def test_meld_misdaad_anoniem_needs_an_override_even_with_every_consent(staff):
    report = report_with(dict.fromkeys(("contact", *SHARING), True))
    org = Organisation.objects.get(slug="meld-misdaad-anoniem")
    with pytest.raises(forwarding.ForwardNotAllowed):
        forwarding.forward(report, org, staff)


def test_an_uncategorised_organisation_gets_nothing_under_any_consent(staff):
    # Added by hand without a category: it must not fall back to "care".
    org = Organisation.objects.create(
        slug="nieuwe-opvang", name="Nieuwe opvang", kind="reporting_point", operator_type="ngo"
    )
    assert org.sharing_category == ""
    report = report_with(dict.fromkeys(("contact", *SHARING), True))
    with pytest.raises(forwarding.ForwardNotAllowed):
        forwarding.forward(report, org, staff)


def test_the_labour_authority_is_found_by_its_category_not_its_slug(staff):
    org = Organisation.objects.get(slug="nederlandse-arbeidsinspectie")
    assert org.sharing_category == "labour_inspection"
    report = report_with({"contact": False, "police": False, "care": False, "labour": True})
    assert forwarding.forward(report, org, staff).basis == "labour"
