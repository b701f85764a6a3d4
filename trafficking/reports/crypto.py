"""Envelope encryption of report content.

Every report gets its own random data key. The report's text, structured
items, contact details, messages and attachments are sealed with that key
(XSalsa20-Poly1305 via PyNaCl's SecretBox: authenticated, so tampering is
detected). The data key itself is stored only wrapped (sealed) with a master
key that never enters the database.

Why envelope encryption:
- rotating a master key re-wraps 32-byte data keys, not every message and file;
- deleting a report deletes its wrapped key, after which copies of its sealed
  content (backups, stray files) are unreadable ("crypto-shredding");
- a database dump alone reveals no content.

Master keys come from the environment: ``REPORT_MASTER_KEYS`` holds
``id:base64key`` pairs separated by commas, the first being the active key for
new reports; older ones stay listed until ``rotate_report_keys`` has re-wrapped
every report. Without it (a developer machine), a key is generated once into
``VAR_DIR/keys/master.key`` with mode 0600. See docs/threat-model.md.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nacl.exceptions
import nacl.secret
import nacl.utils
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_SIZE = nacl.secret.SecretBox.KEY_SIZE


class DecryptionFailed(Exception):
    """The content was sealed with another key or has been tampered with."""


@dataclass(frozen=True)
class Keyring:
    """Master keys by id; ``active`` wraps new data keys."""

    keys: dict[str, bytes]
    active: str

    def wrap(self, data_key: bytes) -> tuple[str, bytes]:
        return self.active, bytes(nacl.secret.SecretBox(self.keys[self.active]).encrypt(data_key))

    def unwrap(self, key_id: str, wrapped: bytes) -> bytes:
        master = self.keys.get(key_id)
        if master is None:
            raise DecryptionFailed(f"master key {key_id!r} is not configured")
        try:
            return nacl.secret.SecretBox(master).decrypt(bytes(wrapped))
        except nacl.exceptions.CryptoError as error:
            raise DecryptionFailed("wrapped key does not open") from error


def parse_keyring(spec: str) -> Keyring:
    """Read ``id:base64key,id:base64key``; the first key is the active one."""
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        key_id, sep, encoded = part.partition(":")
        if not sep or not key_id:
            raise ImproperlyConfigured("REPORT_MASTER_KEYS: expected id:base64key pairs")
        key = base64.b64decode(encoded)
        if len(key) != KEY_SIZE:
            raise ImproperlyConfigured(f"REPORT_MASTER_KEYS: key {key_id!r} is not 32 bytes")
        keys[key_id] = key
        order.append(key_id)
    if not order:
        raise ImproperlyConfigured("REPORT_MASTER_KEYS is empty")
    return Keyring(keys=keys, active=order[0])


def new_key_spec(key_id: str) -> str:
    """A fresh ``id:base64key`` entry (used by the dev fallback and for rotation)."""
    return f"{key_id}:{base64.b64encode(nacl.utils.random(KEY_SIZE)).decode()}"


def _development_spec() -> str:
    path = Path(settings.VAR_DIR) / "keys" / "master.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: two workers starting at once must not write different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(new_key_spec("dev1"))
    return path.read_text().strip()


@cache
def keyring() -> Keyring:
    spec = getattr(settings, "REPORT_MASTER_KEYS", "") or _development_spec()
    return parse_keyring(spec)


def new_data_key() -> bytes:
    return nacl.utils.random(KEY_SIZE)


def seal(data_key: bytes, plaintext: bytes) -> bytes:
    return bytes(nacl.secret.SecretBox(data_key).encrypt(plaintext))


def unseal(data_key: bytes, sealed: bytes) -> bytes:
    try:
        return nacl.secret.SecretBox(data_key).decrypt(bytes(sealed))
    except nacl.exceptions.CryptoError as error:
        raise DecryptionFailed("content does not open with this report's key") from error


def seal_json(data_key: bytes, value) -> bytes:
    return seal(data_key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def unseal_json(data_key: bytes, sealed: bytes):
    return json.loads(unseal(data_key, sealed))
