"""One address, written every way people write it, is one strong key
(issue 10, point 11). Plain Python, no database.

Hypothesis builds an address (postcode, house number, optional suffix, street,
place) and renders it in many orders, spellings of the suffix, casings,
spacings and punctuations; every rendering must give the same strong
postcode + number (+ suffix) key, and different homes different keys.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trafficking.linking.keys import STRONG, WEAK, Key
from trafficking.linking.normalise import address_keys, text_keys

STREETS = [
    "Molenweg",
    "Dorpsstraat",
    "Kerkstraat",
    "Lange Voorhout",
    "Laan van Meerdervoort",
    "2e Jan Steenstraat",
    "Burgemeester de Vlugtlaan",
    "Oude Gracht",
    "Hoofdweg-Oost",
    "Sint Jansstraat",
    "Plein",
]
PLACES = [
    "Westland",
    "Amsterdam",
    "'s-Gravenhage",
    "Den Haag",
    "De Lier",
    "Alphen aan den Rijn",
    "Bergen op Zoom",
    "IJsselstein",
    "Ee",
    "Bovenkarspel",
    "Huissen",
    "",
]
LETTERS = "ABCDEFGHJKLMNOPQRSTUWYZ"  # I, V and X: see test_a_lone_i_is_a_letter
ROMAN = {2: "II", 3: "III", 4: "IV"}


@st.composite
def postcodes(draw):
    digits = draw(st.integers(1000, 9999))
    letters = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2))
    return f"{digits}{letters}"


@st.composite
def suffixes(draw):
    """(canonical suffix, the ways it may be written after the number)."""
    kind = draw(st.sampled_from(["none", "letter", "bis", "huis", "floor", "boven"]))
    if kind == "none":
        return "", ["{n}"]
    if kind == "letter":
        letter = draw(st.sampled_from(LETTERS))
        return letter, [
            "{n}" + letter,
            "{n}" + letter.lower(),
            "{n}-" + letter,
            "{n} " + letter,
            "{n} " + letter.lower(),
            "{n} - " + letter,
            "{n}/" + letter.lower(),
        ]
    if kind == "bis":
        return "BIS", ["{n}bis", "{n} bis", "{n}-bis", "{n} BIS", "{n}-Bis"]
    if kind == "huis":
        return "HS", ["{n}hs", "{n}-hs", "{n} hs", "{n} huis", "{n}-huis", "{n}-HS"]
    if kind == "boven":
        return "BOVEN", ["{n} boven", "{n}-bov", "{n} bv", "{n}-Boven"]
    floor = draw(st.integers(1, 4))
    written = [
        "{n}-" + str(floor),
        "{n} " + f"{floor} hoog",
        "{n}-" + f"{floor}hg",
        "{n}/" + str(floor),
    ]
    if floor in ROMAN:
        written += ["{n} " + ROMAN[floor], "{n}-" + ROMAN[floor].lower()]
    return str(floor), written


def render_postcode(draw, postcode: str) -> str:
    digits, letters = postcode[:4], postcode[4:]
    space = draw(st.sampled_from(["", " "]))
    return digits + space + draw(st.sampled_from([letters, letters.lower()]))


FORMATS = [
    "{street} {house}, {postcode} {place}",  # the official order
    "{street} {house} {postcode} {place}",
    "{street} {house}\n{postcode}  {place}",
    "{street} {house} ,{postcode}",
    "{street} nr. {house}, {postcode} {place}",
    "{postcode} {house}",
    "{postcode}, {house}",
    "{postcode} nr. {house}",
    "{postcode} {house}, {place}",
    "{postcode}, {street} {house}",
    "{postcode} {place}, {street} {house}",
    "{postcode}; {street} {house}, {place}",
    "{place}, {street} {house}, {postcode}",
]
# In running text, only the street-first and postcode-first orders are looked for.
TEXT_FORMATS = [f for f in FORMATS if not f.startswith("{postcode}") or "{street}" not in f]


@st.composite
def addresses(draw, formats=tuple(FORMATS)):
    """An address and one way of writing it: (expected strong key, text)."""
    postcode = draw(postcodes())
    number = draw(st.integers(1, 99_999))
    canonical, written = draw(suffixes())
    house = draw(st.sampled_from(written)).format(n=number)
    text = draw(st.sampled_from(formats)).format(
        street=draw(st.sampled_from(STREETS)),
        house=house,
        postcode=render_postcode(draw, postcode),
        place=draw(st.sampled_from(PLACES)),
    )
    text = draw(st.sampled_from([text, text.lower(), text.upper(), f"  {text} "]))
    key = f"{postcode}:{number}" + (f":{canonical}" if canonical else "")
    return Key("postcode", key), text


def strong(keys) -> set[Key]:
    return {k for k in keys if k.strength == STRONG}


@given(addresses())
def test_every_way_of_writing_an_address_gives_its_one_strong_key(address):
    expected, text = address
    assert strong(address_keys(text)) == {expected}, text


@given(addresses(), addresses())
def test_different_homes_never_share_a_strong_key(a, b):
    if a[0] != b[0]:
        assert not strong(address_keys(a[1])) & strong(address_keys(b[1])), (a, b)


@given(postcodes(), st.integers(1, 9999), st.sampled_from(LETTERS), st.sampled_from(STREETS))
def test_a_suffix_is_another_home_but_suggests_the_bare_number(postcode, number, letter, street):
    bare = address_keys(f"{street} {number}, {postcode}")
    lettered = address_keys(f"{postcode} {number}-{letter}")
    assert strong(bare) == {Key("postcode", f"{postcode}:{number}")}
    assert strong(lettered) == {Key("postcode", f"{postcode}:{number}:{letter}")}
    assert Key("postcode", f"{postcode}:{number}", WEAK) in lettered
    # Both are in one postcode area: a block in which look-alike names are suggested.
    assert Key("postcode_area", postcode, WEAK) in set(bare) & set(lettered)


@given(postcodes(), st.sampled_from(STREETS), st.sampled_from(PLACES))
def test_a_postcode_without_a_number_stays_weak(postcode, street, place):
    for text in (postcode, f"{street}, {postcode} {place}", f"{postcode} {place}"):
        assert strong(address_keys(text)) == set(), text
        assert Key("postcode_area", postcode, WEAK) in address_keys(text)


@given(addresses(formats=TEXT_FORMATS))
def test_addresses_in_free_text_are_found_street_first_too(address):
    expected, text = address
    if text.islower():
        return  # in running text a lower-case street is not told from a count
    sentence = f"De mannen wonen op {text}. Er waren er 12."
    assert expected in strong(text_keys(sentence)), sentence


@pytest.mark.parametrize(
    "typed",
    [
        "Molenweg 246, 1221 WZ Westland",
        "1221 WZ 246",
        "1221WZ, Molenweg 246",
        "molenweg 246 1221wz westland",
        "MOLENWEG 246 1221 WZ WESTLAND",
        "1221 WZ Westland, Molenweg 246",
        "Molenweg nr. 246, 1221 WZ",
    ],
)
def test_the_issue_examples_link(typed):
    assert strong(address_keys(typed)) == {Key("postcode", "1221WZ:246")}


@pytest.mark.parametrize(
    ("typed", "suffix"),
    [
        ("Molenweg 246-A, 1221 WZ", "A"),
        ("1221 WZ 246A", "A"),
        ("1221 WZ 246 a", "A"),
        ("Molenweg 246 bis, 1221 WZ Westland", "BIS"),
        ("1221 WZ 246-hs", "HS"),
        ("1221WZ 246 huis", "HS"),
        ("Molenweg 246 II, 1221 WZ", "2"),
        ("Molenweg 246-2, 1221 WZ", "2"),
        ("1221 WZ 246 2 hoog", "2"),
        ("1221 WZ 246a-1", "A-1"),
        ("1221wz 246zw", "ZW"),
        ("Molenweg 246–A, 1221 WZ", "A"),  # an en dash, as word processors write it
    ],
)
def test_suffixes_are_written_one_way(typed, suffix):
    assert strong(address_keys(typed)) == {Key("postcode", f"1221WZ:246:{suffix}")}


@pytest.mark.parametrize(
    "typed",
    [
        "1221 WZ 246 De Lier",  # a place, not a suffix "DE"
        "1221 WZ 246 A'dam",  # an abbreviated place, not a letter A
        "1221 WZ 246 IJsselstein",
        "Molenweg 246 1221 WZ Bovenkarspel",
    ],
)
def test_a_place_after_the_number_is_not_a_suffix(typed):
    assert strong(address_keys(typed)) == {Key("postcode", "1221WZ:246")}


def test_a_lone_i_is_a_letter():
    # BAG allows I as a huisletter, so "246-I" is not read as the first floor;
    # "II" and up are floors, and 246-II is 246-2.
    assert strong(address_keys("1221 WZ 246-I")) == {Key("postcode", "1221WZ:246:I")}
    assert address_keys("1221 WZ 246-II")[0] == address_keys("1221 WZ 246-2")[0]


def test_a_count_before_a_postcode_in_text_is_not_a_house_number():
    assert strong(text_keys("Er waren er 12, 1221 WZ is de postcode.")) == set()
    assert strong(text_keys("Ze wonen op Molenweg 246, 1221 WZ Westland.")) == {
        Key("postcode", "1221WZ:246")
    }
