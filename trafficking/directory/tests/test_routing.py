"""The routing rules on a small hand-made catalogue (no database)."""

from hypothesis import given
from hypothesis import strategies as st

from trafficking.directory.constants import Need
from trafficking.directory.routing import MAX_RECOMMENDATIONS, Situation, route

from .factories import make_catalogue, situations

CATALOGUE = make_catalogue()


def slugs(situation, catalogue=CATALOGUE):
    return [r.organisation.slug for r in route(situation, catalogue)]


def test_acute_danger_puts_112_first_whatever_else_is_asked():
    for need in Need.values:
        assert slugs(Situation(need=need, acute=True))[0] == "alarmnummer-112"


def test_complaint_goes_to_the_regional_police_unit():
    assert slugs(Situation(need="complaint", municipality="GM0193"))[0] == "politie-oost-nederland"


def test_complaint_without_known_region_goes_to_national_police_line():
    assert slugs(Situation(need="complaint"))[0] == "politie-landelijk"
    assert slugs(Situation(need="complaint", municipality="GM0363"))[0] == "politie-landelijk"


def test_labour_exploitation_reaches_the_labour_authority():
    assert "nederlandse-arbeidsinspectie" in slugs(Situation(need="report", form="labour"))
    assert "nederlandse-arbeidsinspectie" in slugs(Situation(need="complaint", form="labour"))


def test_shelter_goes_to_the_regional_care_coordinator():
    result = slugs(Situation(role="victim", need="shelter", municipality="GM0150"))
    assert result[0] == "zwolle-zorgcoordinatie"


def test_shelter_without_care_coordinator_falls_back_to_comensha():
    result = route(Situation(role="victim", need="shelter", municipality="GM0363"), CATALOGUE)
    assert result[0].organisation.slug == "comensha"
    assert result[0].rule == "care_coordinator_fallback"


def test_anonymous_route_uses_anonymous_channels():
    result = route(Situation(need="anonymous", form="labour"), CATALOGUE)
    assert result[0].organisation.slug == "meld-misdaad-anoniem"
    assert all(r.channel.anonymous for r in result[:2])


def test_advice_without_reporting_does_not_send_people_to_the_police():
    result = slugs(Situation(role="citizen", need="advice", municipality="GM0193"))
    assert result[0] == "comensha"
    assert not any(s.startswith("politie") for s in result)


def test_minor_adds_veilig_thuis():
    assert "veilig-thuis" in slugs(Situation(need="report", minor=True))


def test_sexual_exploitation_of_a_child_abroad_goes_to_dontlookaway():
    result = slugs(Situation(need="report", minor=True, abroad=True, form="sexual"))
    assert result[0] == "dontlookaway"


def test_municipal_reporting_point_offered_to_citizens():
    assert "gemeente-deventer" in slugs(
        Situation(role="citizen", need="report", municipality="GM0150")
    )
    assert "gemeente-deventer" not in slugs(
        Situation(role="citizen", need="report", municipality="GM0193")
    )


def test_regional_organisation_limited_to_one_form_is_skipped_for_another_form():
    from .factories import org

    only_sexual = org(
        "gemeente-zwolle",
        operator_type="municipality",
        forms=frozenset({"sexual"}),
        municipalities=frozenset({"GM0193"}),
    )
    catalogue = make_catalogue(only_sexual)
    assert "gemeente-zwolle" in slugs(
        Situation(role="citizen", need="report", form="sexual", municipality="GM0193"), catalogue
    )
    assert "gemeente-zwolle" not in slugs(
        Situation(role="citizen", need="report", form="labour", municipality="GM0193"), catalogue
    )


def test_reasons_are_filled_in_both_languages():
    for rec in route(Situation(need="complaint", municipality="GM0193"), CATALOGUE):
        assert rec.reason_nl and rec.reason_en
        assert "{" not in rec.reason_nl + rec.reason_en


def test_an_empty_directory_gives_an_empty_answer_without_crashing():
    empty = CATALOGUE.__class__({}, CATALOGUE.gazetteer)
    assert route(Situation(need="shelter", municipality="GM0193"), empty) == []


@given(situations(language=st.sampled_from(["nl", "en", "pl", "ar"])))
def test_every_situation_gets_a_national_fallback_and_no_duplicates(situation):
    result = route(situation, CATALOGUE)
    found = [r.organisation.slug for r in result]
    assert 1 <= len(found) <= MAX_RECOMMENDATIONS
    assert len(found) == len(set(found))
    assert any(r.organisation.national for r in result)
    if situation.acute:
        assert found[0] == "alarmnummer-112"
    if situation.abroad:
        assert all(r.organisation.national for r in result)


def test_an_unreachable_care_coordinator_is_preceded_by_comensha():
    from .factories import org

    silent = org(
        "zwolle-zorgcoordinatie",
        is_care_coordinator=True,
        operator_type="municipality",
        municipalities=frozenset({"GM0193", "GM0150"}),
        channels=(),
    )
    catalogue = make_catalogue(silent)
    result = route(Situation(role="victim", need="shelter", municipality="GM0193"), catalogue)
    assert [r.organisation.slug for r in result[:2]] == ["comensha", "zwolle-zorgcoordinatie"]
    assert result[0].rule == "care_coordinator_via_comensha"
    coordinator = result[1]
    assert coordinator.channel is None
    assert [r.organisation.slug for r in coordinator.reach] == ["comensha"]
    assert coordinator.as_dict()["reach"][0]["slug"] == "comensha"


def test_only_outdated_channels_count_as_no_channel():
    from trafficking.directory.catalogue import ChannelInfo

    from .factories import org

    old = ChannelInfo("phone", "070 - 361 47 47", outdated=True)
    coordinator = org(
        "zwolle-zorgcoordinatie",
        is_care_coordinator=True,
        municipalities=frozenset({"GM0193"}),
        channels=(old,),
    )
    result = route(
        Situation(role="victim", need="help", municipality="GM0193"), make_catalogue(coordinator)
    )
    assert result[0].organisation.slug == "comensha"
    assert result[1].organisation.slug == "zwolle-zorgcoordinatie" and result[1].channel is None


def test_an_unreachable_organisation_without_equivalent_moves_down():
    from .factories import org

    silent_unit = org(
        "politie-oost-nederland",
        operator_type="police",
        municipalities=frozenset({"GM0193", "GM0150"}),
        channels=(),
    )
    result = route(Situation(need="complaint", municipality="GM0193"), make_catalogue(silent_unit))
    assert result[0].organisation.slug == "politie-landelijk"
    assert result[0].rule == "complaint_police_national"
    unit = next(r for r in result if r.organisation.slug == "politie-oost-nederland")
    assert [r.organisation.slug for r in unit.reach] == ["politie-landelijk"]
