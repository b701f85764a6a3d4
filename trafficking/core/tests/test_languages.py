"""Which language a visitor reads reference data (roles, reasons) in."""

import pytest
from django.utils import translation

from trafficking.core.languages import (
    language_code,
    reference_language,
    reference_text,
    spoken_language,
)


@pytest.mark.parametrize(
    ("active", "code"), [("nl", "nl"), ("en", "en"), ("pl", "pl"), ("pt-br", "pt")]
)
def test_language_code_is_the_active_language_without_its_region(active, code):
    with translation.override(active):
        assert language_code() == code
    assert language_code("uk-UA") == "uk"


def test_without_an_active_language_it_is_dutch():
    with translation.override(None):
        assert language_code() == "nl"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "nl"), ("nl-BE", "nl"), ("en", "en"), ("pl", "en"), ("ar", "en")],
)
def test_dutch_visitors_read_dutch_everyone_else_english(language, expected):
    assert reference_language(language) == expected


def test_reference_text_falls_back_to_dutch_where_there_is_no_english():
    assert reference_text("Meldpunt", "Reporting point", "nl") == ("Meldpunt", "nl")
    assert reference_text("Meldpunt", "Reporting point", "pl") == ("Reporting point", "en")
    assert reference_text("Meldpunt", "", "pl") == ("Meldpunt", "nl")
    with translation.override("en"):
        assert reference_text("Meldpunt", "Reporting point") == ("Reporting point", "en")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("pl-PL", "pl"), ("ar", "ar"), ("nl", "nl"), ("de", "en"), ("tr-TR", "en")],
)
def test_a_language_the_site_does_not_speak_falls_back_to_english(language, expected):
    assert spoken_language(language) == expected
