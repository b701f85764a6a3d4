"""Which campaign of the register a survey's campaign block is about.

Respondents write the name from memory ("Schijn bedriegt campagne 2023",
"schijnbedriegt.nl"), so names are compared fuzzily (rapidfuzz, after the
gazetteer's normalisation: case, accents and punctuation do not count). The
organisation's own campaigns (it owns or sent them) are searched first: the
same name among them is far more likely the same campaign than a namesake of
another organisation. Only when none of them comes close are all campaigns
searched. Below ``THRESHOLD`` nothing matches and the block proposes a new
campaign; staff see the candidates with their scores either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q
from rapidfuzz import fuzz, process

from trafficking.campaigns.models import Campaign
from trafficking.directory.models import Organisation
from trafficking.geography.gazetteer import normalise

# The score is the mean of token_set_ratio (100 when one name's words all
# occur in the other: "Week tegen mensenhandel" in "Amsterdamse Week tegen
# Mensenhandel") and token_sort_ratio (which punishes the words left over),
# so one shared word is not enough: "Mensenhandel" against "Kijk op
# mensenhandel" scores 87.5, "Maak het zichtbaar" against "Maak mij
# zichtbaar" 82.6, "Don't look away" against "Dont look away" 93.
THRESHOLD = 88.0
CANDIDATES = 5
# Words respondents add that are not part of a name ("campagne 2023", ".nl").
_NOISE = re.compile(r"\b(?:campagne|campaign|nl|www|\d{4})\b")


def name_key(name: str) -> str:
    return " ".join(_NOISE.sub(" ", normalise(name)).split())


def score(a: str, b: str, **_kwargs) -> float:
    """How alike two names are, 0-100 (see THRESHOLD)."""
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


@dataclass(frozen=True)
class Candidate:
    campaign: Campaign
    score: float
    own: bool  # one of the organisation's own campaigns


@dataclass(frozen=True)
class Match:
    name: str
    candidates: tuple[Candidate, ...]

    @property
    def campaign(self) -> Campaign | None:
        """The best candidate at or above the threshold, else None (a new campaign)."""
        best = self.candidates[0] if self.candidates else None
        return best.campaign if best is not None and best.score >= THRESHOLD else None


def _scored(name: str, campaigns: list[Campaign], own: bool) -> list[Candidate]:
    if not campaigns:
        return []
    choices = {c.pk: name_key(c.name) for c in campaigns}
    by_pk = {c.pk: c for c in campaigns}
    found = process.extract(name_key(name), choices, scorer=score, limit=CANDIDATES)
    return [Candidate(by_pk[pk], round(float(score), 1), own) for _text, score, pk in found]


def match_campaign(name: str, organisation: Organisation | None) -> Match:
    """The register's campaigns closest to ``name``, best first, own campaigns first.

    Inactive campaigns are candidates too: a campaign the register took
    offline is still the same campaign, and a second row would split its
    history.
    """
    if not name_key(name or ""):
        return Match(name or "", ())
    own: list[Campaign] = []
    if organisation is not None:
        own = list(
            Campaign.objects.filter(
                Q(owner=organisation) | Q(senders__organisation=organisation)
            ).distinct()
        )
    found = _scored(name, own, True)
    if not found or found[0].score < THRESHOLD:
        own_pks = {c.pk for c in own}
        others = [c for c in Campaign.objects.all() if c.pk not in own_pks]
        found = sorted(
            [*found, *_scored(name, others, False)], key=lambda c: (-c.score, not c.own)
        )[:CANDIDATES]
    return Match(name, tuple(found))
