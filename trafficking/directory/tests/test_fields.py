"""The shared form fields: one municipality field for every door."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from trafficking.directory.constants import ABROAD, UNKNOWN
from trafficking.directory.fields import MunicipalityField, MunicipalityForm, StrictBooleanField
from trafficking.geography.gazetteer import Gazetteer, Place


@pytest.fixture(autouse=True)
def dutch():
    """The messages are compared in Dutch, whatever an earlier test left active."""
    with translation.override("nl"):
        yield


def place(code: str, name: str) -> Place:
    return Place(code, name, "PV23", "Overijssel", "VR04", "IJsselland", "oost", "Oost-Nederland")


GAZETTEER = Gazetteer(
    places={"GM0193": place("GM0193", "Zwolle"), "GM0153": place("GM0153", "Enschede")}
)


class Question(MunicipalityForm):
    municipality = MunicipalityField(required=False, abroad=True, dont_know=(UNKNOWN, "onbekend"))


class Filter(MunicipalityForm):
    municipality = MunicipalityField(required=False)


def cleaned(form_class, text: str):
    form = form_class({"municipality": text}, gazetteer=GAZETTEER)
    form.is_valid()
    return form


@pytest.mark.parametrize("text", ["Zwolle", " zwolle ", "GM0193", "193", "Gemeente Zwolle"])
def test_a_name_or_code_cleans_to_the_cbs_code_and_the_place_found(text):
    form = cleaned(Question, text)
    assert form.cleaned_data["municipality"] == "GM0193"
    assert form.place.name == "Zwolle"
    assert form.suggestions == []


@pytest.mark.parametrize("text", ["buitenland", "Abroad", "za granicą", "في الخارج"])
def test_abroad_in_any_site_language_cleans_to_abroad_only_where_the_field_accepts_it(text):
    assert cleaned(Question, text).cleaned_data["municipality"] == ABROAD
    refused = cleaned(Filter, text)
    assert not refused.is_valid()
    assert refused.errors["municipality"][0].startswith("We kennen geen gemeente")


@pytest.mark.parametrize("text", ["", "   ", "unknown", "Onbekend"])
def test_empty_or_dont_know_cleans_to_empty(text):
    form = cleaned(Question, text)
    assert form.is_valid()
    assert form.cleaned_data["municipality"] == ""
    assert form.place is None


def test_dont_know_words_count_only_where_the_field_lists_them():
    assert not cleaned(Filter, "onbekend").is_valid()


def test_a_misspelt_name_gets_the_one_message_with_close_matches():
    form = cleaned(Filter, "Zwole")
    assert [p.name for p in form.suggestions] == ["Zwolle"]
    assert form.errors["municipality"] == ["We kennen geen gemeente ‘Zwole’. Bedoelt u: Zwolle?"]
    assert form.errors.as_data()["municipality"][0].code == "unknown_municipality"


def test_a_name_without_close_matches_says_to_check_the_spelling():
    form = cleaned(Question, "Qqqqqq")
    assert form.suggestions == []
    assert "Controleer de spelling" in form.errors["municipality"][0]


def test_each_form_has_its_own_field_state():
    wrong, right = cleaned(Filter, "Zwole"), cleaned(Filter, "Enschede")
    assert wrong.suggestions and right.suggestions == []
    assert right.place.code == "GM0153" and wrong.place is None


def test_too_long_a_name_is_refused_before_any_lookup():
    form = cleaned(Question, "Zwolle" * 20)
    assert not form.is_valid()
    assert form.errors.as_data()["municipality"][0].code == "max_length"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), ("ja", True), ("1", True), ("nee", False), ("", False), (None, False)],
)
def test_strict_boolean_reads_yes_and_no(value, expected):
    assert StrictBooleanField(required=False).clean(value) is expected


def test_strict_boolean_refuses_nonsense():
    with pytest.raises(forms.ValidationError):
        StrictBooleanField(required=False).clean("perhaps")
