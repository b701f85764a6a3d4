"""Matching a survey's campaign block to the register by name."""

from __future__ import annotations

import pytest

from trafficking.campaigns.models import Campaign
from trafficking.directory.models import Organisation
from trafficking.surveys.campaign_match import THRESHOLD, match_campaign, name_key, score

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Horen zien melden campagne 2023", "Horen, zien, melden", True),
        ("Chaterover", "Chaterover.nl", True),
        ("Dont look away", "Don't look away", True),
        ("Week tegen mensenhandel", "Amsterdamse Week tegen Mensenhandel", True),
        ("Mensenhandel", "Kijk op mensenhandel", False),
        ("Maak het zichtbaar", "Maak mij zichtbaar", False),
        ("Niet mijn kind", "Niet alles is wat het lijkt", False),
    ],
)
def test_scores_tell_the_same_campaign_from_a_namesake(a, b, same):
    assert (score(name_key(a), name_key(b)) >= THRESHOLD) is same


def test_the_organisations_own_campaigns_come_first():
    fier = Organisation.objects.get(slug="fier")
    match = match_campaign("Niet mijn kind (campagne)", fier)
    assert match.campaign == Campaign.objects.get(name="Niet mijn kind")
    assert match.candidates[0].own and match.candidates[0].score == 100


def test_other_organisations_campaigns_are_found_too():
    fier = Organisation.objects.get(slug="fier")
    match = match_campaign("Jouw twijfel iemands kans", fier)
    assert match.campaign is not None and match.campaign.slug == "jouw-twijfel-iemands-kans"
    assert not match.candidates[0].own


def test_an_unknown_name_is_a_new_campaign_with_candidates_and_scores():
    match = match_campaign("Lente in Leeuwarden", Organisation.objects.get(slug="fier"))
    assert match.campaign is None
    assert len(match.candidates) > 0
    assert all(0 <= c.score < THRESHOLD for c in match.candidates)
    scores = [c.score for c in match.candidates]
    assert scores == sorted(scores, reverse=True)


def test_no_name_matches_nothing():
    assert match_campaign("  ", None).candidates == ()
    assert match_campaign("campagne 2023", None).campaign is None
