"""The routing table of scenarios, and exhaustive checks over the real directory.

``scenarios.yaml`` is the human-readable contract: a situation, and what a
knowledgeable intake worker would expect. The exhaustive tests then check the
rules hold for every municipality, police unit and need.
"""

from pathlib import Path

import pytest
import yaml

from trafficking.directory.constants import Need, Role
from trafficking.directory.forms import SituationForm
from trafficking.directory.routing import (
    ACUTE_RULES,
    COMENSHA,
    EMERGENCY,
    MAX_RECOMMENDATIONS,
    route,
)

pytestmark = pytest.mark.django_db

SCENARIOS = yaml.safe_load((Path(__file__).parent / "scenarios.yaml").read_text("utf-8"))


def situation_for(catalogue, answers: dict):
    form = SituationForm(
        {k: ("true" if v is True else v) for k, v in answers.items()},
        gazetteer=catalogue.gazetteer,
    )
    assert form.is_valid(), form.errors
    return form.situation()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(catalogue, scenario):
    result = route(situation_for(catalogue, scenario["situation"]), catalogue)
    found = [r.organisation.slug for r in result]
    expect = scenario["expect"]
    if "first" in expect:
        assert found[0] == expect["first"], found
    if "first_one_of" in expect:
        assert found[0] in expect["first_one_of"], found
    if "then" in expect:
        assert found[1] == expect["then"], found
    for slug in expect.get("includes", []):
        assert slug in found, (slug, found)
    for slug in expect.get("excludes", []):
        assert slug not in found, (slug, found)
    for prefix in expect.get("excludes_prefix", []):
        assert not any(s.startswith(prefix) for s in found), (prefix, found)
    if "first_channel" in expect:
        assert result[0].channel is not None and result[0].channel.value == expect["first_channel"]
    if expect.get("anonymous_first"):
        assert result[0].channel is not None and result[0].channel.anonymous
    if expect.get("first_channel_abroad"):
        first = next(r for r in result if r.rule not in ACUTE_RULES)
        assert first.channel is not None and first.channel.works_from_abroad, first
    for slug, via in expect.get("reach_via", {}).items():
        (rec,) = [r for r in result if r.organisation.slug == slug]
        assert rec.channel is None, rec
        assert [r.organisation.slug for r in rec.reach] == via, rec.reach


def test_scenarios_use_known_organisations(catalogue):
    for scenario in SCENARIOS:
        expect = scenario["expect"]
        named = [
            expect.get("first"),
            expect.get("then"),
            *expect.get("first_one_of", []),
            *expect.get("includes", []),
            *expect.get("excludes", []),
            *expect.get("reach_via", {}),
            *(s for via in expect.get("reach_via", {}).values() for s in via),
        ]
        for slug in filter(None, named):
            assert catalogue.get(slug) is not None, (scenario["name"], slug)


def test_every_municipality_and_need_gets_an_answer_with_a_national_fallback(catalogue):
    from trafficking.directory.routing import Situation

    for code in catalogue.gazetteer.places:
        for need in Need.values:
            for role in Role.values:
                result = route(Situation(role=role, need=need, municipality=code), catalogue)
                assert 1 <= len(result) <= MAX_RECOMMENDATIONS
                assert any(r.organisation.national for r in result), (code, need, role)
            acute = route(Situation(need=need, municipality=code, acute=True), catalogue)
            assert acute[0].organisation.slug == EMERGENCY


def test_complaint_goes_to_the_police_unit_of_every_municipality(catalogue):
    from trafficking.directory.routing import Situation

    seen_units = set()
    for code, place in catalogue.gazetteer.places.items():
        first = route(Situation(need="complaint", municipality=code), catalogue)[0]
        assert first.organisation.operator_type == "police"
        assert first.organisation.slug == f"politie-{place.police_unit_slug}", code
        seen_units.add(first.organisation.slug)
    assert len(seen_units) == 10


def test_help_goes_to_a_care_coordinator_serving_the_place_or_comensha(catalogue):
    from trafficking.directory.routing import Situation

    for code in catalogue.gazetteer.places:
        first = route(Situation(role="victim", need="help", municipality=code), catalogue)[0]
        org = first.organisation
        assert (org.is_care_coordinator and org.serves(code)) or org.slug == COMENSHA, code


def test_every_province_has_a_care_coordinator(catalogue):
    provinces_covered = {
        catalogue.gazetteer.places[code].province
        for org in catalogue.organisations.values()
        if org.is_care_coordinator and org.municipalities
        for code in org.municipalities
    }
    assert len(provinces_covered) == 12
