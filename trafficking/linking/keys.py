"""Typed linking keys: a normalised identifier with a strength.

Strong keys (a phone number in E.164, a postcode with house number, a valid
IBAN ...) link reports on their own. Weak keys (names, company names, a
registered domain, malformed values kept raw) never do: they only produce
suggestions for staff within a block of reports that are already related.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import NamedTuple

STRONG = "strong"
WEAK = "weak"
# The pseudo-key type of a link staff confirmed: strong, never a hub.
CONFIRMED = "confirmed"

# Types as they appear in report items and in link_file input.
ITEM_TYPES = ("phone", "address", "plate", "email", "url", "iban", "kvk", "company", "name")


class Key(NamedTuple):
    # A named tuple, not a dataclass: millions of keys are hashed when linking,
    # and tuple hashing is done in C.
    type: str  # phone, postcode, plate, email, url, domain, iban, kvk, company, name, raw_*
    value: str
    strength: str = STRONG

    @property
    def strong(self) -> bool:
        return self.strength == STRONG

    @property
    def token(self) -> str:
        """The canonical text of the key, hashed for storage."""
        return f"{self.type}:{self.value}"


def keyed_hash(secret: bytes, key: Key) -> str:
    """HMAC-SHA256 of the key's token, truncated to 128 bits (hex).

    The linking index stores only these: reports can be linked while their
    content stays sealed, and the index alone reveals no identifier.
    """
    return hmac.new(secret, key.token.encode(), hashlib.sha256).hexdigest()[:32]
