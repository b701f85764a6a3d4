"""Receipt codes: the reporter's only key back to their report.

A code is 18 symbols from a 30-symbol alphabet without look-alikes (no 0/O,
1/I/L or U), written in three groups of six, e.g. ``K7MQ4P-XR29TH-W3C8ND``:
18 × log2(30) ≈ 88 bits of entropy. The code itself is never stored, only
HMAC-SHA256(RECEIPT_PEPPER, code), found with one indexed lookup. A slow
password hash (Argon2id) would add nothing at this entropy (2^88 guesses are
out of reach even for someone holding both the pepper and the database) while
costing tens of milliseconds of CPU on every submission and every check; see
docs/threat-model.md.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 18
GROUP = 6
ENTROPY_BITS = LENGTH * math.log2(len(ALPHABET))

# What people type by mistake for a symbol that is not in the alphabet.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_SEPARATORS = str.maketrans("", "", " -_.\t\n\r")


def new_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(symbols[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(text: str) -> str | None:
    """The canonical form of a typed code, or None if it cannot be one.

    Case, spaces and dashes are ignored. Symbols outside the alphabet make the
    code invalid rather than being guessed at, so a typo gets a clear message
    instead of an unlucky match.
    """
    if not isinstance(text, str) or len(text) > 64:
        return None
    compact = text.upper().translate(_SEPARATORS).translate(_READ_AS)
    if len(compact) != LENGTH or any(c not in ALPHABET for c in compact):
        return None
    return compact


def _hmac(pepper: str, compact: str) -> str:
    return hmac.new(pepper.encode(), compact.encode(), hashlib.sha256).hexdigest()


def digest(code: str) -> str:
    """The keyed hash stored in place of the code (hex, 64 characters)."""
    compact = normalise(code)
    if compact is None:
        raise ValueError("not a receipt code")
    return _hmac(settings.RECEIPT_PEPPER, compact)


def candidate_digests(code: str) -> list[str]:
    """The code's hash under the current pepper, then under former ones
    (``RECEIPT_PEPPERS_OLD``), so a pepper can be rotated without locking
    anyone out; an empty list if the text cannot be a code."""
    compact = normalise(code)
    if compact is None:
        return []
    peppers = [settings.RECEIPT_PEPPER, *settings.RECEIPT_PEPPERS_OLD]
    return [_hmac(pepper, compact) for pepper in peppers]
