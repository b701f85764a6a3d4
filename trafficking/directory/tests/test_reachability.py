"""Issue 10: nobody is sent first to an organisation they cannot reach, and
help from abroad uses channels that work from abroad.

The exhaustive checks run on the real directory (the shipped inventory loaded
into the test database), not on a hand-made catalogue: the point is that the
data and the rules together leave no dead end.
"""

from collections import Counter

import pytest

from trafficking.directory.catalogue import ChannelInfo
from trafficking.directory.constants import Form, Need, Role
from trafficking.directory.routing import (
    ACUTE_RULES,
    COMENSHA,
    DEFAULT_NEED,
    FOREIGN_AFFAIRS,
    ONLINE_POINT,
    Situation,
    route,
)

ROLES = [None, *Role.values]
NEEDS = [None, *Need.values]


def unreachable_firsts(catalogue) -> Counter:
    """Which organisations come first without a usable channel, and how often.

    Over every municipality x role x need x acute. Used by the test below and
    to measure the figures in the issue (run with ``-s`` to print them).
    """
    found: Counter = Counter()
    for code in catalogue.gazetteer.places:
        for role in ROLES:
            for need in NEEDS:
                for acute in (False, True):
                    situation = Situation(role=role, need=need, municipality=code, acute=acute)
                    first = route(situation, catalogue)[0]
                    if first.channel is None or not first.channel.usable:
                        found[first.organisation.slug] += 1
    return found


# -- the definitions ---------------------------------------------------------


@pytest.mark.parametrize(
    "value, works, international",
    [
        ("0800 5151", False, ""),
        ("0800-7000", False, ""),
        ("0900 8844", False, ""),
        ("0900-0101 (keuzemenu optie 3)", False, ""),
        ("112", False, ""),
        ("14 020", False, ""),
        ("+31 70 333 44 44", True, "+31 70 333 44 44"),
        ("033 448 11 86", True, "+31 33 448 11 86"),
        ("088 - 374 47 44", True, "+31 88 374 47 44"),
        ("06-10599458", True, "+31 6 10599458"),
        ("0031 20 123 4567", True, "+31 20 123 4567"),
    ],
)
def test_which_phone_numbers_work_from_abroad(value, works, international):
    channel = ChannelInfo("phone", value)
    assert channel.works_from_abroad is works
    assert channel.international_value == international
    if works:
        assert channel.international_href.startswith("tel:+31")


def test_online_channels_work_from_abroad_and_a_desk_does_not():
    assert ChannelInfo("website", "https://www.comensha.nl").works_from_abroad
    assert ChannelInfo("email", "info@comensha.nl").works_from_abroad
    assert ChannelInfo("chat", "www.chatmetfier.nl").works_from_abroad
    assert ChannelInfo("webform", "/melden/").works_from_abroad
    assert not ChannelInfo("desk", "Geleenbeeklaan 2, Geleen").works_from_abroad


def test_usable_means_something_to_act_on_and_not_outdated():
    assert ChannelInfo("phone", "033 448 11 86", verified=True).usable
    # Unverified but current details count; they are shown with a warning.
    assert ChannelInfo("website", "https://www.mensenhandeltwente.nl").usable
    # A former number does not, even though it is a number.
    assert not ChannelInfo("phone", "070 - 361 47 47", outdated=True).usable
    # A description without an address is nothing to act on.
    assert not ChannelInfo("chat", "(anonieme) chat met medewerker - via website").usable
    assert ChannelInfo("chat", "chat via www.veiligthuis.nl").href == "https://www.veiligthuis.nl"


def test_a_path_on_this_site_is_a_link_as_it_is():
    channel = ChannelInfo("webform", "/melden/", verified=True)
    assert channel.is_relative and channel.href == "/melden/" and channel.usable
    assert not ChannelInfo("website", "https://www.politie.nl").is_relative


# -- the real directory ---------------------------------------------------------


@pytest.mark.django_db
def test_every_first_recommendation_has_a_usable_channel(catalogue):
    """Every municipality x role x need x acute: the first answer can be reached.

    Before issue 10 this failed for 2,305 of the 27,360 combinations (care
    coordinators and care and safety houses with no channel, or only numbers
    from outdated pages, came first).
    """
    found = unreachable_firsts(catalogue)
    assert not found, found.most_common()


@pytest.mark.django_db
def test_a_recommended_organisation_without_a_channel_carries_its_reach_route(catalogue):
    seen = set()
    for code in catalogue.gazetteer.places:
        for role in ROLES:
            for need in NEEDS:
                for rec in route(Situation(role=role, need=need, municipality=code), catalogue):
                    if rec.channel is not None:
                        continue
                    seen.add(rec.organisation.slug)
                    assert rec.reach, (code, role, need, rec.organisation.slug)
                    assert all(r.channel.usable for r in rec.reach)
                    assert rec.reach[-1].organisation.slug == ONLINE_POINT
                    assert rec.as_dict()["reach"][0]["channel"]["value"]
    # The municipalities of Amsterdam and The Hague are such organisations.
    assert {"gemeente-amsterdam", "gemeente-den-haag"} <= seen


@pytest.mark.django_db
def test_amsterdams_reporting_point_is_shown_with_the_way_to_reach_it(catalogue):
    result = route(Situation(role="citizen", need="report", municipality="GM0363"), catalogue)
    (amsterdam,) = [r for r in result if r.organisation.slug == "gemeente-amsterdam"]
    assert amsterdam.channel is None
    assert [r.organisation.slug for r in amsterdam.reach] == [COMENSHA, ONLINE_POINT]
    assert result[0].channel is not None and result[0].channel.usable


@pytest.mark.django_db
def test_from_abroad_the_first_channel_works_from_abroad(catalogue):
    for role in ROLES:
        for need in NEEDS:
            for form in [None, *Form.values]:
                for acute in (False, True):
                    for minor in (False, True):
                        situation = Situation(
                            role=role, need=need, form=form, abroad=True, acute=acute, minor=minor
                        )
                        result = route(situation, catalogue)
                        first = next(r for r in result if r.rule not in ACUTE_RULES)
                        assert first.channel is not None, (situation, first)
                        assert first.channel.works_from_abroad, (situation, first.channel)
                        found = [r.organisation.slug for r in result]
                        if (need or DEFAULT_NEED.get(role, Need.ADVICE)) != Need.KNOWLEDGE:
                            assert ONLINE_POINT in found, (situation, found)
                            assert FOREIGN_AFFAIRS in found, (situation, found)


@pytest.mark.django_db
def test_abroad_prefers_the_labour_authoritys_international_number(catalogue):
    at_home = route(Situation(need="report", form="labour", municipality="GM0193"), catalogue)
    abroad = route(Situation(need="report", form="labour", abroad=True), catalogue)
    assert at_home[0].channel.value == "0800 5151"
    assert abroad[0].channel.value == "+31 70 333 44 44"


@pytest.mark.django_db
def test_the_bz_contact_center_and_the_online_point_are_in_the_directory(catalogue):
    bz = catalogue.get(FOREIGN_AFFAIRS)
    online = catalogue.get(ONLINE_POINT)
    assert bz is not None and online is not None
    assert not bz.in_inventory and not online.in_inventory
    assert bz.reachable_from_abroad and online.reachable_from_abroad
    assert all(c.source for c in bz.channels)


@pytest.mark.django_db
def test_poor_sources_are_marked(catalogue):
    fier_chat = next(c for c in catalogue.get("fier").channels if c.kind == "chat")
    assert "liveblog" not in fier_chat.source and not fier_chat.verified
    # Numbers from the old Wegwijzer overview are outdated, never offered.
    shop = catalogue.get("shop")
    assert shop.channels and all(c.outdated for c in shop.channels) and not shop.reachable
