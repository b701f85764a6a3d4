"""Finding municipalities from what people type; no database needed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trafficking.geography.gazetteer import Gazetteer, Place, UnknownPlace, normalise


def place(code, name):
    return Place(
        code, name, "PV23", "Overijssel", "VR04", "IJsselland", "oost-nederland", "Oost-Nederland"
    )


GAZETTEER = Gazetteer(
    places={
        "GM0193": place("GM0193", "Zwolle"),
        "GM0518": place("GM0518", "'s-Gravenhage"),
        "GM0796": place("GM0796", "'s-Hertogenbosch"),
        "GM0150": place("GM0150", "Deventer"),
    },
    aliases={"Den Haag": "GM0518", "Den Bosch": "GM0796"},
)


@pytest.mark.parametrize(
    "query, code",
    [
        ("Zwolle", "GM0193"),
        ("  zwolle ", "GM0193"),
        ("GM0193", "GM0193"),
        ("gm0193", "GM0193"),
        ("193", "GM0193"),
        ("Gemeente Zwolle", "GM0193"),
        ("Den Haag", "GM0518"),
        ("'s-Gravenhage", "GM0518"),
        ("s Gravenhage", "GM0518"),
        ("den bosch", "GM0796"),
    ],
)
def test_find(query, code):
    assert GAZETTEER.find(query).code == code


def test_unknown_name_suggests_close_matches():
    with pytest.raises(UnknownPlace) as error:
        GAZETTEER.find("Zwole")
    assert [p.name for p in error.value.suggestions][:1] == ["Zwolle"]


def test_nonsense_has_no_suggestions():
    with pytest.raises(UnknownPlace) as error:
        GAZETTEER.find("qqqqxxxx")
    assert error.value.suggestions == []


def test_normalise_folds_accents_and_punctuation():
    assert normalise("Súdwest-Fryslân") == "sudwest fryslan"


@given(st.text(max_size=500))
def test_find_never_crashes(text):
    try:
        result = GAZETTEER.find(text)
    except UnknownPlace as error:
        assert len(error.suggestions) <= 3
    else:
        assert result.code in GAZETTEER.places
