"""Envelope encryption: sealing, wrong keys, key rings and rotation."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from trafficking.reports import crypto


def test_seal_round_trip_and_tamper_detection():
    key = crypto.new_data_key()
    sealed = crypto.seal_json(key, {"text": "geheim"})
    assert b"geheim" not in sealed
    assert crypto.unseal_json(key, sealed) == {"text": "geheim"}
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(key, tampered)
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(crypto.new_data_key(), sealed)


def test_keyring_wraps_with_the_first_key_and_unwraps_with_any():
    old, new = crypto.new_key_spec("k1"), crypto.new_key_spec("k2")
    before = crypto.parse_keyring(old)
    data_key = crypto.new_data_key()
    key_id, wrapped = before.wrap(data_key)
    assert key_id == "k1"
    after = crypto.parse_keyring(f"{new},{old}")
    assert after.active == "k2"
    assert after.unwrap(key_id, wrapped) == data_key
    with pytest.raises(crypto.DecryptionFailed):
        crypto.parse_keyring(new).unwrap(key_id, wrapped)


@pytest.mark.parametrize("spec", ["", "nocolon", "k1:" + "QUJD", ":abc"])
def test_bad_key_configuration_is_refused(spec):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keyring(spec)
