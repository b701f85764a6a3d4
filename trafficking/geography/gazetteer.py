"""Finding a municipality from what a person typed. Pure Python, no database.

People write "Den Haag" for 's-Gravenhage, "den bosch", "GM0193" or "193";
this resolves all of them and, when nothing matches, suggests close names so
the answer is never a dead end.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

MAX_QUERY_LENGTH = 100
_CODE = re.compile(r"^(?:gm)?\s*(\d{1,4})$")
_PREFIX = re.compile(r"^(?:gemeente|gem\.|municipality of)\s+")


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    province_code: str
    province: str
    safety_region_code: str
    safety_region: str
    police_unit_slug: str
    police_unit: str


def normalise(text: str) -> str:
    """Casefold, strip accents and punctuation: "'s-Hertogenbosch" -> "s hertogenbosch"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[^\w]+", " ", plain).strip()
    return _PREFIX.sub("", plain)


# "Abroad" as people type it in the site's languages (nl, en, pl, ro, bg, uk,
# ar), with and without diacritics; compared after normalise(), so case,
# accents and punctuation do not matter. The wizard's hint invites this.
ABROAD_WORDS = frozenset(
    normalise(word)
    for word in (
        "abroad",
        "outside the netherlands",
        "overseas",
        "buitenland",
        "het buitenland",
        "in het buitenland",
        "buiten nederland",
        "za granicą",
        "za granicę",
        "zagranica",
        "zagranicą",
        "poza holandią",
        "străinătate",
        "în străinătate",
        "în afara țării",
        "în afara olandei",
        "чужбина",
        "в чужбина",
        "зад граница",
        "в странство",
        "за кордоном",
        "за кордон",
        "закордон",
        "закордоном",
        "الخارج",
        "في الخارج",
        "بالخارج",
        "خارج هولندا",
    )
)


def means_abroad(text: str) -> bool:
    """Whether someone typed "abroad" (in one of the site's languages) for a place."""
    return normalise(text or "") in ABROAD_WORDS


class UnknownPlace(LookupError):
    def __init__(self, query: str, suggestions: list[Place]):
        super().__init__(query)
        self.query = query
        self.suggestions = suggestions


@dataclass
class Gazetteer:
    places: dict[str, Place]
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> code
    _index: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index = {normalise(p.name): code for code, p in self.places.items()}
        for alias, code in self.aliases.items():
            index.setdefault(normalise(alias), code)
        self._index = index
        self._choices = list(index)

    def __len__(self) -> int:
        return len(self.places)

    def get(self, code: str) -> Place | None:
        return self.places.get(code)

    def find(self, query: str) -> Place:
        """Resolve a name, alias or CBS code; raise UnknownPlace with suggestions."""
        text = (query or "").strip()[:MAX_QUERY_LENGTH]
        key = normalise(text)
        if not key:
            raise UnknownPlace(text, [])
        code_match = _CODE.match(key.replace(" ", ""))
        if code_match:
            code = "GM" + code_match.group(1).zfill(4)
            if code in self.places:
                return self.places[code]
        if key in self._index:
            return self.places[self._index[key]]
        raise UnknownPlace(text, self.suggest(key))

    def suggest(self, key: str, limit: int = 3) -> list[Place]:
        matches = process.extract(
            key, self._choices, scorer=fuzz.WRatio, limit=limit * 2, score_cutoff=75
        )
        seen: list[Place] = []
        for choice, _score, _i in matches:
            place = self.places[self._index[choice]]
            if place not in seen:
                seen.append(place)
        return seen[:limit]
