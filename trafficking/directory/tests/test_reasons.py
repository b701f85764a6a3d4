"""The routing reasons (directory/reasons.py, data/reasons.yaml): one file
holds every rule's sentence in every language of the site."""

import inspect
import string

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from trafficking.directory import reasons, routing
from trafficking.directory.routing import Situation, route

from .factories import make_catalogue, org, situations

SITE_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def placeholders(text: str) -> set[str]:
    return {field for _text, field, _spec, _conv in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("rule", sorted(reasons.texts()))
def test_every_rule_has_its_reason_in_every_language_of_the_site(rule):
    entry = reasons.texts()[rule]
    dutch = entry["nl"]
    for language in SITE_LANGUAGES:
        text = entry.get(language)
        assert text, (rule, language)
        # {name} is filled in, in every language; a translated placeholder breaks .format().
        assert placeholders(text) == placeholders(dutch), (rule, language)
        if "112" in dutch:
            assert "112" in text, (rule, language)


def test_every_rule_with_a_reason_is_one_the_router_names():
    # A sentence no rule uses is dead text that translators would keep translating.
    source = inspect.getsource(routing)
    unused = [rule for rule in reasons.texts() if f'"{rule}"' not in source]
    assert unused == []


# A catalogue with an unreachable care coordinator, so the rules that put a
# national equivalent in front of it are taken too.
CATALOGUES = [
    make_catalogue(),
    make_catalogue(
        org(
            "zwolle-zorgcoordinatie",
            is_care_coordinator=True,
            operator_type="municipality",
            municipalities=frozenset({"GM0193", "GM0150"}),
            channels=(),
        )
    ),
]


@given(situations(), st.sampled_from(CATALOGUES))
def test_every_recommendation_has_its_reason_in_every_language_of_the_site(situation, catalogue):
    for recommendation in route(situation, catalogue):
        for language in SITE_LANGUAGES:
            reason = recommendation.reason(language)
            assert recommendation.reason_language(language) == language
            assert reason and "{" not in reason
        assert recommendation.reason("nl") == recommendation.reason_nl
        assert recommendation.reason("en-gb") == recommendation.reason_en


def test_a_language_without_reasons_gets_english_and_says_so():
    recommendation = route(Situation(need="complaint", municipality="GM0193"), CATALOGUES[0])[0]
    assert recommendation.reason("de") == recommendation.reason_en
    assert recommendation.reason_language("de") == "en"
    assert recommendation.reason_language("pl") == "pl"
    assert recommendation.reason("pl") != recommendation.reason_en
    assert recommendation.organisation.name in recommendation.reason("pl")


def test_a_rule_without_a_reason_is_an_error_not_a_blank():
    with pytest.raises(KeyError):
        reasons.text("no_such_rule", "nl", "X")
