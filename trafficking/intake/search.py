"""Searching the queue without storing or scanning plaintext.

Report content is sealed, so there is no text index and there must not be
one. A search box can still find what staff actually look for:

- a report's number ("M-000123", "123"): the primary key;
- a municipality by name, alias or CBS code ("Zwolle", "Den Bosch",
  "GM0193"): through the gazetteer, to the code stored in the clear;
- an identifier (a phone number in any format, a plate, an e-mail address,
  an IBAN, a postcode with house number, a website, an exact name): it is
  normalised and hashed with the linking secret exactly as the linking index
  hashes what reporters wrote (trafficking/linking), and the index is asked
  which reports hold that hash. The typed value is never stored or logged.

Decrypting the reports of a page and matching their text would only search
that page; it is deliberately not done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from trafficking.directory.catalogue import current_catalogue
from trafficking.geography.gazetteer import UnknownPlace
from trafficking.linking.keys import ITEM_TYPES, Key, keyed_hash
from trafficking.linking.models import LinkKey
from trafficking.linking.normalise import item_keys, text_keys

MAX_QUERY = 200
EXACT_WEAK = frozenset({"name", "company"})
_REFERENCE = re.compile(r"^\s*(?:m\s*-?\s*)?0*(\d{1,9})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class QueueSearch:
    """What a search matched, so the page can say what it searched for."""

    condition: Q
    reference: int | None = None
    municipality: str = ""  # the municipality's name
    identifier_kinds: tuple[str, ...] = ()  # key types tried, e.g. ("phone",)

    @property
    def matched_anything(self) -> bool:
        return bool(self.reference or self.municipality or self.identifier_kinds)


def identifier_keys(query: str) -> set[Key]:
    """The linking keys ``query`` could be: strong identifiers of every item
    type, and an exact (folded) name or company name.

    Malformed values kept raw and weak partial keys (a street, a postcode
    area, a domain) are left out: they would find reports that merely share
    a fragment, not the identifier typed.
    """
    keys: set[Key] = set()
    for kind in ITEM_TYPES:
        if kind == "url" and "@" in query:
            continue  # an e-mail address is not the website of its domain
        keys.update(k for k in item_keys(kind, query) if k.strong or k.type in EXACT_WEAK)
    keys.update(k for k in text_keys(query) if k.strong)
    return keys


def identifier_hashes(query: str) -> dict[str, str]:
    """The linking-index hashes of ``identifier_keys``, with their key type."""
    secret = settings.LINK_SECRET.encode()
    return {keyed_hash(secret, key): key.type for key in identifier_keys(query)}


def queue_search(query: str) -> QueueSearch:
    """A condition on Report for what staff typed; an empty match finds nothing."""
    text = (query or "").strip()[:MAX_QUERY]
    reference_match = _REFERENCE.match(text)
    if reference_match:
        pk = int(reference_match.group(1))
        return QueueSearch(condition=Q(pk=pk), reference=pk)
    condition = Q(pk__in=[])
    municipality = ""
    try:
        place = current_catalogue().gazetteer.find(text)
    except UnknownPlace:
        place = None
    if place is not None:
        condition |= Q(municipality_code=place.code)
        municipality = place.name
    hashes = identifier_hashes(text)
    if hashes:
        holders = LinkKey.objects.filter(key_hash__in=list(hashes)).values("report_id")
        condition |= Q(pk__in=holders)
    kinds = tuple(sorted(set(hashes.values())))
    return QueueSearch(condition=condition, municipality=municipality, identifier_kinds=kinds)
