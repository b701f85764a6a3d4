"""Receipt codes: entropy, readability, tolerant input, keyed hashing."""

import math

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from trafficking.reports import receipts


def test_codes_carry_at_least_80_bits_and_have_no_look_alikes():
    assert receipts.ENTROPY_BITS >= 80
    assert math.isclose(receipts.ENTROPY_BITS, 18 * math.log2(30))
    for forbidden in "0O1ILU":
        assert forbidden not in receipts.ALPHABET
    codes = {receipts.new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [6, 6, 6]
        assert set("".join(groups)) <= set(receipts.ALPHABET)


def test_typed_codes_are_normalised():
    code = receipts.new_code()
    compact = code.replace("-", "")
    assert receipts.normalise(code.lower()) == compact
    assert receipts.normalise(" " + code.replace("-", " ") + " ") == compact
    assert receipts.normalise(compact[:-1]) is None
    assert receipts.normalise(compact[:-1] + "O") is None  # O is never in a code
    assert receipts.normalise("x" * 1000) is None


@override_settings(RECEIPT_PEPPER="pepper-a")
def test_digest_is_keyed_and_stable():
    code = receipts.new_code()
    first = receipts.digest(code)
    assert first == receipts.digest(code.lower().replace("-", " "))
    assert len(first) == 64
    assert code.replace("-", "") not in first
    with override_settings(RECEIPT_PEPPER="pepper-b"):
        assert receipts.digest(code) != first


@given(st.text(max_size=80))
def test_normalise_never_raises(text):
    result = receipts.normalise(text)
    assert result is None or len(result) == receipts.LENGTH


@pytest.mark.django_db
def test_a_rotated_pepper_keeps_old_receipts_working_and_upgrades_them(settings):
    from trafficking.reports import followup
    from trafficking.reports.tests.factories import make_report

    settings.RECEIPT_PEPPER = "old-pepper-" + "o" * 30
    report, code = make_report()
    settings.RECEIPT_PEPPER = "new-pepper-" + "n" * 30
    assert followup.find_by_receipt(code) is None  # without the old pepper: not found
    settings.RECEIPT_PEPPERS_OLD = ["old-pepper-" + "o" * 30]
    found = followup.find_by_receipt(code)
    assert found is not None and found.pk == report.pk
    report.refresh_from_db()
    assert report.receipt_hash == receipts.digest(code)  # now under the new pepper
    settings.RECEIPT_PEPPERS_OLD = []
    assert followup.find_by_receipt(code).pk == report.pk
