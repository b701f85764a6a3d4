"""Normalising identifiers from report items and free text into typed keys.

Pure functions, no database. Each ``*_keys`` function takes what a person
typed and returns zero or more keys; a value that cannot be read as what it
claims to be becomes a weak ``raw_<type>`` key, so it is kept (staff may
still spot it) but never links reports on its own. Results are memoised:
the same values recur across reports (that is the point of linking).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import phonenumbers
import tldextract

from .keys import WEAK, Key

_CACHE = 1 << 18

# --- phone numbers -------------------------------------------------------------

_NON_DIGIT = re.compile(r"[^\d+]")
# Dutch numbers in the forms people type: 06-12345678, 0031 6 ..., +31 (0)6 ...
_NL_NATIONAL = re.compile(r"0([1-9]\d{8})")
_NL_INTERNATIONAL = re.compile(r"(?:\+|00)31(?:0)?([1-9]\d{8})")


@lru_cache(maxsize=_CACHE)
def phone_keys(text: str) -> tuple[Key, ...]:
    raw = text.strip()
    compact = _NON_DIGIT.sub("", raw.replace("(0)", ""))
    # Fast path for the common Dutch forms; phonenumbers for everything else.
    match = _NL_NATIONAL.fullmatch(compact) or _NL_INTERNATIONAL.fullmatch(compact)
    if match:
        return (Key("phone", "+31" + match.group(1)),)
    try:
        number = phonenumbers.parse(raw, "NL")
    except phonenumbers.NumberParseException:
        return _raw("phone", compact or raw)
    if not phonenumbers.is_valid_number(number):
        return _raw("phone", compact or raw)
    return (Key("phone", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)),)


# --- addresses ------------------------------------------------------------------
#
# A Dutch address is identified by postcode + house number + suffix (BAG:
# huisletter and huisnummertoevoeging). People write it street first
# ("Molenweg 246-A, 1221 WZ Westland", the official order), postcode first
# ("1221 WZ 246a") or postcode then street ("1221WZ, Molenweg 246 A"); all
# give the same keys:
#
# - ``postcode`` ``1221WZ:246`` (strong), or ``1221WZ:246:A`` (strong) with
#   ``1221WZ:246`` (weak) when there is a suffix: 246 and 246-A are different
#   homes, so they never link, but one suggests the other;
# - ``postcode_area`` ``1221WZ`` (weak): a block for suggestions (look-alike
#   names in one street), and all there is when no number can be read.
#
# Suffixes are written many ways; each becomes one canonical token, and the
# tokens are joined with "-": a letter (a, -A, " a") is "A"; bis is "BIS";
# huis/hs is "HS"; boven/bov/bv is "BOVEN"; beneden/ben/bg is "BENEDEN"; a
# floor (-2, 2 hoog, 2hg, II) is "2"; other toevoegingen are kept upper case.
# A single I, V or X stays a letter: BAG allows it as a huisletter.

_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_POSTCODE_AT = re.compile(r"(?<![0-9a-z])([1-9][0-9]{3}) ?([a-z]{2})(?![a-z])", re.ASCII)
_NUMBER_WORD = r"(?:(?:huisnummer|huisnr|nummer|nr|no)\.? ?)?"
# Street first: the last number before the postcode, after a word (or alone).
_NUMBER_BEFORE = re.compile(
    r"(?:^|(?<=[a-z.)'] ))" + _NUMBER_WORD + r"([0-9]{1,5})(?![0-9])", re.ASCII
)
# Postcode first: the number right after the postcode ("1221 WZ 246", "1221WZ, nr. 246"),
# unless it starts a street name ("1073 VK, 2e Jan Steenstraat 12").
_NUMBER_AFTER = re.compile(
    r"[ ,;:]*" + _NUMBER_WORD + r"([0-9]{1,5})(?![0-9])(?!(?:e|de|ste) [^0-9,;]*[a-z.'] [0-9])",
    re.ASCII,
)
# Postcode, then (a place and a comma, then) a street and its number.
_STREET_AFTER = re.compile(
    r"[ ,;:]*(?:[^0-9,;]+[,;] ?)?(?:[0-9]{1,2}(?:e|de|ste) )?[a-z][^0-9,;]*?[a-z.'] "
    + _NUMBER_WORD
    + r"([0-9]{1,5})(?![0-9])",
    re.ASCII,
)
_SEPARATORS = re.compile(r"[ ,;:/-]*", re.ASCII)
_SUFFIX_TOKEN = re.compile(
    r"""(?P<sep>\ ?[-/]?\ ?)
    (?:
        (?P<word>bis|huis|hs|boven|bov|bv|beneden|ben|bg)(?![a-z'])
      | (?P<floor>[0-9]{1,2})\ ?(?:hoog|hg)(?![a-z'])
      | (?P<roman>ii|iii|iv|vi|vii|viii|ix)(?![a-z'])
      | (?P<digits>[0-9]{1,4})(?![0-9])
      | (?P<letters>[a-z]{1,2})(?![a-z'])
    )""",
    re.ASCII | re.VERBOSE,
)
_SUFFIX_WORDS = {
    "bis": "BIS",
    "huis": "HS",
    "hs": "HS",
    "boven": "BOVEN",
    "bov": "BOVEN",
    "bv": "BOVEN",
    "beneden": "BENEDEN",
    "ben": "BENEDEN",
    "bg": "BENEDEN",
}
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}


def _suffix(text: str, at: int) -> tuple[str, int]:
    """The canonical suffix written at ``text[at:]``, and where it ends.

    A token separated only by a space must be unambiguous: a single letter
    (not "A'dam"), a known word or a floor; "246 de Lier" has no suffix, and
    a bare "246 2" is not read as a toevoeging (it may start a postcode)."""
    tokens: list[str] = []
    while match := _SUFFIX_TOKEN.match(text, at):
        dashed = "-" in match["sep"] or "/" in match["sep"]
        attached = not match["sep"]
        if match["word"]:
            token = _SUFFIX_WORDS[match["word"]]
        elif match["floor"]:
            token = str(int(match["floor"]))
        elif match["roman"]:
            token = _ROMAN[match["roman"]]
        elif match["digits"]:
            if not (dashed or (attached and tokens)):
                break
            token = str(int(match["digits"]))
        else:
            letters = match["letters"]
            if len(letters) == 2 and not (dashed or attached):
                break
            token = letters.upper()
        tokens.append(token)
        at = match.end()
    return "-".join(tokens), at


def _house_number(text: str, start: int, end: int) -> tuple[int, str] | None:
    """Number and suffix of the address whose postcode is ``text[start:end]``."""
    before, after = text[:start], text[end:]
    # Street first: "Molenweg 246-A, 1221 WZ".
    for match in reversed(list(_NUMBER_BEFORE.finditer(before))):
        suffix, stop = _suffix(before, match.end())
        if _SEPARATORS.fullmatch(before, stop):
            return int(match[1]), suffix
        break  # only the last number can belong to this postcode
    for pattern in (_NUMBER_AFTER, _STREET_AFTER):
        number = pattern.match(after)
        if number:
            suffix, stop = _suffix(after, number.end())
            if stop == len(after) or not after[stop].isalnum():
                return int(number[1]), suffix
    return None


def _looks_like_a_house_number(
    text: str, match: re.Match[str], postcodes: list[re.Match[str]]
) -> bool:
    """True for "1000hs" in "Molenweg 1000hs, 1000 AA": four digits and two
    letters right after a street name are a number and suffix, not a postcode.
    Such a candidate is tried last."""
    start = match.start()
    if len(postcodes) < 2 or start < 2 or text[start - 1] != " ":
        return False
    after_postcode = any(other.end() == start - 1 for other in postcodes)
    return not after_postcode and (text[start - 2].isalpha() or text[start - 2] in ".'")


def _prepare(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return " ".join(text.lower().split())


# The way most address items are typed ("1234AB 12", "1234 ab, nr. 12"):
# anchored, so much cheaper than the general parse, and gives the same keys.
_POSTCODE_FAST = re.compile(
    r"\s*([1-9][0-9]{3}) ?([A-Za-z]{2}),? ?(?:nr\. ?)?([0-9]{1,5})\s*", re.ASCII
)


_STREET_NUMBER = re.compile(r"^(.*?)\s+(\d{1,5})\s*([A-Za-z]{0,2})\b")


@lru_cache(maxsize=_CACHE)
def address_keys(text: str) -> tuple[Key, ...]:
    """Keys of an address as typed, in any order of street, number and
    postcode (see the notes above). Without a postcode, a street and number
    give a weak ``street`` key, and anything else a weak raw key."""
    fast = _POSTCODE_FAST.fullmatch(text)
    if fast:
        postcode = (fast[1] + fast[2]).upper()
        return (Key("postcode", f"{postcode}:{int(fast[3])}"), Key("postcode_area", postcode, WEAK))
    prepared = _prepare(text)
    postcodes = list(_POSTCODE_AT.finditer(prepared))
    for match in sorted(
        postcodes, key=lambda m: _looks_like_a_house_number(prepared, m, postcodes)
    ):
        found = _house_number(prepared, match.start(), match.end())
        if found is None:
            continue
        postcode = (match[1] + match[2]).upper()
        number, suffix = found
        area = Key("postcode_area", postcode, WEAK)
        base = f"{postcode}:{number}"
        if suffix:
            return (Key("postcode", f"{base}:{suffix}"), Key("postcode", base, WEAK), area)
        return (Key("postcode", base), area)
    if postcodes:
        return (Key("postcode_area", (postcodes[0][1] + postcodes[0][2]).upper(), WEAK),)
    folded = fold(text)
    street = _STREET_NUMBER.match(folded)
    if street:
        return (Key("street", f"{street.group(1)} {int(street.group(2))}{street.group(3)}", WEAK),)
    return _raw("address", folded) if folded else ()


# --- licence plates -----------------------------------------------------------

# Dutch side codes (kentekens): letters and digits in six positions.
_PLATE = re.compile(
    "|".join(
        (
            r"[A-Z]{2}\d{4}",
            r"\d{4}[A-Z]{2}",
            r"\d{2}[A-Z]{2}\d{2}",
            r"[A-Z]{2}\d{2}[A-Z]{2}",
            r"[A-Z]{4}\d{2}",
            r"\d{2}[A-Z]{4}",
            r"\d{2}[A-Z]{3}\d",
            r"\d[A-Z]{3}\d{2}",
            r"[A-Z]{2}\d{3}[A-Z]",
            r"[A-Z]\d{3}[A-Z]{2}",
            r"[A-Z]{3}\d{2}[A-Z]",
            r"[A-Z]\d{2}[A-Z]{3}",
            r"\d[A-Z]{2}\d{3}",
            r"\d{3}[A-Z]{2}\d",
        )
    )
)
_PLATE_JUNK = re.compile(r"[\s\-.·]")


@lru_cache(maxsize=_CACHE)
def plate_keys(text: str) -> tuple[Key, ...]:
    compact = _PLATE_JUNK.sub("", text).upper()
    if len(compact) == 6 and _PLATE.fullmatch(compact):
        return (Key("plate", compact),)
    # Foreign or mistyped plates: kept, weak.
    return _raw("plate", compact) if compact else ()


# --- e-mail ----------------------------------------------------------------------


@lru_cache(maxsize=_CACHE)
def email_keys(text: str) -> tuple[Key, ...]:
    value = text.strip().strip("<>").lower()
    if value.startswith("mailto:"):
        value = value[7:]
    user, at, domain = value.partition("@")
    if not (at and user and "." in domain.strip(".") and "@" not in domain) or any(
        c.isspace() for c in value
    ):
        return _raw("email", value) if value else ()
    return (Key("email", value),)


# --- URLs ------------------------------------------------------------------------

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_\w+|ref|ref_src|igshid|si|_ga)$")
_domains = tldextract.TLDExtract(suffix_list_urls=())  # the bundled list: no network
_HOST = re.compile(r"[a-z0-9\-._~%\u00a0-\uffff]+")
_SLASHES = re.compile(r"/{2,}")


@lru_cache(maxsize=1 << 16)
def _registered_domain(host: str) -> str:
    # Few hosts, many adverts: the public-suffix lookup is done once per host.
    return _domains(host).top_domain_under_public_suffix


@lru_cache(maxsize=_CACHE)
def url_keys(text: str) -> tuple[Key, ...]:
    """Host and path (tracking parameters dropped) is strong; the registered
    domain (example.nl) is weak: it groups adverts on one site for suggestions.

    Parsed with plain string operations: URLs are the most frequent costly
    identifier, and urllib's general parser is several times slower here."""
    value = text.strip()
    if not value or any(c.isspace() for c in value):
        return _raw("url", value.lower()) if value else ()
    scheme_end = value.find("://")
    rest = value[scheme_end + 3 :] if scheme_end != -1 else value
    rest = rest.split("#", 1)[0]
    location, _, query = rest.partition("?")
    host, slash, path = location.partition("/")
    host = host.rpartition("@")[2].split(":", 1)[0].lower().rstrip(".")
    if not host or "." not in host or not _HOST.fullmatch(host):
        return _raw("url", text.strip().lower())
    if host.startswith("www."):
        host = host[4:]
    path = _SLASHES.sub("/", slash + path).rstrip("/")
    if query:
        kept = sorted(
            part
            for part in query.split("&")
            if part and not _TRACKING.match(part.split("=", 1)[0].lower())
        )
        query = "&".join(kept)
    keys = [Key("url", host + path + (f"?{query}" if query else ""))]
    registered = _registered_domain(host)
    if registered:
        keys.append(Key("domain", registered, WEAK))
    return tuple(keys)


# --- bank accounts, Chamber of Commerce --------------------------------------------

_IBAN_JUNK = re.compile(r"[\s\-.]")


_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}")
_LETTER_VALUES = str.maketrans({c: str(ord(c) - 55) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})


def iban_valid(iban: str) -> bool:
    """ISO 13616 check digits (mod 97)."""
    if not _IBAN_SHAPE.fullmatch(iban):
        return False
    return int((iban[4:] + iban[:4]).translate(_LETTER_VALUES)) % 97 == 1


@lru_cache(maxsize=_CACHE)
def iban_keys(text: str) -> tuple[Key, ...]:
    compact = _IBAN_JUNK.sub("", text).upper()
    if iban_valid(compact):
        return (Key("iban", compact),)
    return _raw("iban", compact) if compact else ()


_NOT_DIGITS = re.compile(r"\D+")


@lru_cache(maxsize=_CACHE)
def kvk_keys(text: str) -> tuple[Key, ...]:
    digits = _NOT_DIGITS.sub("", text)
    if len(digits) == 8:
        return (Key("kvk", digits),)
    return _raw("kvk", digits or text.strip()) if text.strip() else ()


# --- names ----------------------------------------------------------------------------

_LEGAL_FORMS = re.compile(
    r"\b(b\.?\s?v\.?|n\.?\s?v\.?|v\.?\s?o\.?\s?f\.?|c\.?\s?v\.?|holding|beheer|"
    r"eenmanszaak|gmbh|ltd|limited|sp\.?\s?z\s?o\.?\s?o\.?|s\.?r\.?l\.?|inc|llc)\b\.?"
)


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", plain).split())


@lru_cache(maxsize=_CACHE)
def company_keys(text: str) -> tuple[Key, ...]:
    lowered = unicodedata.normalize("NFKD", text).lower()
    without_form = _LEGAL_FORMS.sub(" ", lowered)
    value = fold(without_form)
    return (Key("company", value, WEAK),) if value else ()


@lru_cache(maxsize=_CACHE)
def name_keys(text: str) -> tuple[Key, ...]:
    value = fold(text)
    return (Key("name", value, WEAK),) if value else ()


def _raw(kind: str, value: str) -> tuple[Key, ...]:
    return (Key(f"raw_{kind}", value[:200], WEAK),)


NORMALISERS = {
    "phone": phone_keys,
    "address": address_keys,
    "plate": plate_keys,
    "email": email_keys,
    "url": url_keys,
    "iban": iban_keys,
    "kvk": kvk_keys,
    "company": company_keys,
    "name": name_keys,
}


def item_keys(kind: str, value: object) -> tuple[Key, ...]:
    """Keys of one structured item; unknown types and non-text give nothing."""
    normaliser = NORMALISERS.get(kind)
    if normaliser is None or not isinstance(value, str) or not value.strip():
        return ()
    return normaliser(value[:500])


# --- free text ---------------------------------------------------------------------------

_TEXT_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TEXT_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')]+", re.IGNORECASE)
_TEXT_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")
# Dashes or spaces between the groups; plate_keys keeps only real side codes.
_TEXT_PLATE = re.compile(r"\b[A-Z0-9]{1,3}[- ][A-Z0-9]{2,3}[- ][A-Z0-9]{1,2}\b")
_TEXT_KVK = re.compile(r"\bkvk[\s\-:]*(?:nummer|nr\.?)?[\s:]*(\d{8})\b", re.IGNORECASE)
_TEXT_PHONE_HINT = re.compile(r"(?:\+|00)?\d[\d\s\-().]{7,}\d")
# Addresses in free text: postcode first ("1234 AB 12"), or street first, where
# the street must be capitalised ("Molenweg 246, 1221 WZ"): "er waren er 12,
# 1221 WZ" is a count, not a house number. address_keys reads what was found.
_TEXT_POSTCODE_FIRST = re.compile(
    r"\b[1-9]\d{3}\s?[A-Za-z]{2}(?![A-Za-z])[\s,]*(?:[Nn][Rr]\.?\s*)?\d{1,5}"
    r"(?:\s?[-/]?\s?[A-Za-z0-9]{1,7}){0,2}"
)
_TEXT_STREET_FIRST = re.compile(
    r"(?<![\w'-])(?<!\d\s)[A-Z][\w'.-]*\s+(?:[Nn][Rr]\.?\s*)?\d{1,5}(?!\d)"
    r"(?:\s?[-/]?\s?[A-Za-z0-9]{1,7}){0,2}\s*,?\s*(?<!\d)[1-9]\d{3}\s?[A-Za-z]{2}(?![A-Za-z])"
)


def text_keys(text: str) -> list[Key]:
    """Identifiers found in free text (phones, e-mail, URLs, IBANs, plates,
    postcodes with house numbers, KvK numbers)."""
    if not text:
        return []
    found: list[Key] = []
    for match in _TEXT_EMAIL.finditer(text):
        found += email_keys(match.group())
    for match in _TEXT_URL.finditer(text):
        found += url_keys(match.group().rstrip(".,;:!?"))
    for match in _TEXT_IBAN.finditer(text.upper()):
        found += [k for k in iban_keys(match.group()) if k.strong]
    for match in _TEXT_PLATE.finditer(text.upper()):
        found += [k for k in plate_keys(match.group()) if k.strong]
    for match in _TEXT_KVK.finditer(text):
        found += kvk_keys(match.group(1))
    # Street first before postcode first: in "Molenweg 1000hs, 1000 AA" the
    # number and suffix "1000hs" would also pass for a postcode.
    taken: list[tuple[int, int]] = []
    for pattern in (_TEXT_STREET_FIRST, _TEXT_POSTCODE_FIRST):
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            found += [k for k in address_keys(match.group()) if k.type == "postcode"]
    if _TEXT_PHONE_HINT.search(text):
        for phone in phonenumbers.PhoneNumberMatcher(text, "NL"):
            found += phone_keys(phone.raw_string)
    return found


def report_keys(items: Iterable[object], text: str = "") -> tuple[Key, ...]:
    """All keys of a report, without duplicates, in a stable order.

    ``items`` come from stored JSON, so anything that is not a dict is skipped."""
    keys: dict[Key, None] = {}
    get = NORMALISERS.get
    for item in items:
        if type(item) is not dict:
            continue
        kind, value = item.get("type"), item.get("value")
        # A type that is not text (a list, say) would not even be hashable.
        if type(kind) is not str or type(value) is not str or not value.strip():
            continue
        normaliser = get(kind)
        if normaliser is None:
            continue
        for key in normaliser(value[:500]):
            keys[key] = None
    if text:
        for key in text_keys(text):
            keys[key] = None
    return tuple(keys)
