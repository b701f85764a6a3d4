"""Identifier normalisation (plain Python, no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trafficking.linking.keys import STRONG, WEAK, Key
from trafficking.linking.normalise import (
    NORMALISERS,
    address_keys,
    company_keys,
    email_keys,
    iban_keys,
    item_keys,
    kvk_keys,
    name_keys,
    phone_keys,
    plate_keys,
    report_keys,
    text_keys,
    url_keys,
)


@pytest.mark.parametrize(
    "typed",
    [
        "06-12345678",
        "0612345678",
        "+31 6 1234 5678",
        "0031 6 12345678",
        "+31 (0)6 12345678",
        "06 1234 5678",
        "(06) 12345678",
        "+31612345678",
    ],
)
def test_dutch_mobile_numbers_in_every_form_become_one_key(typed):
    assert phone_keys(typed) == (Key("phone", "+31612345678"),)


def test_landlines_and_foreign_numbers():
    assert phone_keys("020-1234567") == (Key("phone", "+31201234567"),)
    assert phone_keys("+48 601 234 567") == (Key("phone", "+48601234567"),)
    assert phone_keys("+40 721 234 567")[0].strong


@pytest.mark.parametrize("typed", ["12345", "06-123", "bel me", "++++", "0000000000"])
def test_malformed_phone_numbers_are_kept_weak(typed):
    keys = phone_keys(typed)
    assert all(k.strength == WEAK and k.type == "raw_phone" for k in keys)


def test_postcode_with_house_number_and_suffix():
    area = Key("postcode_area", "1234AB", WEAK)  # a block for suggestions
    assert address_keys("1234 ab 12") == (Key("postcode", "1234AB:12"), area)
    # Street first, the usual Dutch way, is the same address (it was only an area).
    assert address_keys("Dorpsstraat 12, 1234AB") == (Key("postcode", "1234AB:12"), area)
    assert address_keys("Dorpsstraat, 1234AB") == (area,)
    assert address_keys("1234AB 12") == address_keys("1234 AB, nr. 12")
    with_suffix = address_keys("1234 AB 12-A")
    assert with_suffix[0] == Key("postcode", "1234AB:12:A")
    assert with_suffix[1] == Key("postcode", "1234AB:12", WEAK)  # 12 vs 12A: suggest only
    assert address_keys("1234AB 12a")[0] != address_keys("1234AB 12b")[0]


def test_plates_ignore_dashes_spaces_and_case():
    assert plate_keys("ab-123-c") == plate_keys("AB 123 C") == (Key("plate", "AB123C"),)
    assert plate_keys("12-ABC-3") == (Key("plate", "12ABC3"),)
    assert plate_keys("W-1234-X")[0].type == "raw_plate"  # not a Dutch side code


def test_emails_and_urls():
    assert email_keys(" Info@Example.NL ") == (Key("email", "info@example.nl"),)
    assert email_keys("not an address")[0].strength == WEAK
    a = url_keys("https://www.Example.nl/advert/123/?utm_source=x&id=5&fbclid=abc")
    b = url_keys("example.nl/advert/123?id=5")
    assert a == b
    assert a[0] == Key("url", "example.nl/advert/123?id=5")
    assert a[1] == Key("domain", "example.nl", WEAK)
    assert url_keys("https://shop.example.co.uk/x")[1] == Key("domain", "example.co.uk", WEAK)


def test_iban_checksum_and_kvk():
    assert iban_keys("NL91 ABNA 0417 1643 00") == (Key("iban", "NL91ABNA0417164300"),)
    assert iban_keys("NL91ABNA0417164301")[0].type == "raw_iban"  # checksum fails
    assert kvk_keys("KvK 1234 5678") == (Key("kvk", "12345678"),)
    assert kvk_keys("123")[0].strength == WEAK


def test_company_and_person_names_are_weak_and_folded():
    assert company_keys("Schoonmaak Ümit B.V.") == company_keys("schoonmaak umit bv")
    assert company_keys("Ümit Holding BV")[0].strength == WEAK
    assert name_keys("José  de Vries") == (Key("name", "jose de vries", WEAK),)


def test_identifiers_are_found_in_free_text():
    text = (
        "Ze bellen met 06-12345678 of mailen naar Info@Example.nl. Advertentie op "
        "www.example.nl/x?utm_source=a. Geld naar NL91 ABNA 0417 1643 00. Busje AB-123-C "
        "staat bij 1234 AB 12. Bedrijf met KvK 12345678."
    )
    found = {(k.type, k.value) for k in text_keys(text) if k.strength == STRONG}
    assert found == {
        ("phone", "+31612345678"),
        ("email", "info@example.nl"),
        ("url", "example.nl/x"),
        ("iban", "NL91ABNA0417164300"),
        ("plate", "AB123C"),
        ("postcode", "1234AB:12"),
        ("kvk", "12345678"),
    }


def test_report_keys_merge_items_and_text_without_duplicates():
    keys = report_keys(
        [{"type": "phone", "value": "06-12345678"}, {"type": "ufo", "value": "x"}, "junk"],
        "bel +31 6 1234 5678",
    )
    assert keys == (Key("phone", "+31612345678"),)


@given(st.sampled_from(sorted(NORMALISERS)), st.text(max_size=300))
def test_no_input_crashes_a_normaliser(kind, value):
    for key in item_keys(kind, value):
        assert key.strength in (STRONG, WEAK)
        assert isinstance(key.value, str)


@given(st.text(max_size=2000))
def test_no_text_crashes_extraction(text):
    assert isinstance(text_keys(text), list)


def test_blank_values_give_no_keys():
    assert report_keys([{"type": t, "value": "   "} for t in NORMALISERS]) == ()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "HTTP://User@Sub.Example.NL:8080//a//b/?b=2&utm_campaign=x&a=1#frag",
            "sub.example.nl/a/b?a=1&b=2",
        ),
        ("www.example.nl", "example.nl"),
        ("example.nl/?fbclid=1", "example.nl"),
    ],
)
def test_url_forms(typed, expected):
    assert url_keys(typed)[0] == Key("url", expected)


@pytest.mark.parametrize("typed", ["not a url", "http://", "localhost/x", "ht tp://a.nl"])
def test_malformed_urls_are_weak(typed):
    assert all(k.strength == WEAK for k in url_keys(typed))


def test_items_with_a_type_or_value_that_is_not_text_are_skipped():
    """Stored or uploaded JSON may hold anything; a list as a type once
    crashed the linker (unhashable), now it is passed over."""
    good = {"type": "phone", "value": "0612345678"}
    odd = [
        {"type": ["phone"], "value": "0612345678"},
        {"type": "phone", "value": 612345678},
        {"type": None, "value": "0612345678"},
        "phone 0612345678",
    ]
    assert report_keys([*odd, good]) == report_keys([good])
    assert report_keys(odd) == ()
