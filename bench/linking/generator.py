"""A seeded generator of synthetic reports with known true cases.

Case sizes follow a heavy-tailed (Pareto) distribution: most situations are
reported once, a few dozens of times. Every case has a pool of identifiers;
each report mentions 3–8 of them, always including at least one of the
case's two main identifiers, written the way people write them
(``06-12345678``, ``+31 6 1234 5678``, ``0031…``; postcode spacing and case;
plate dashes; e-mail case; URLs with tracking parameters; typos in names).
About 1% of reports also mention a hub value shared across unrelated cases
(a call-centre number, a large employer, an info@ address).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

LETTERS = "BDFGHJKLNPRSTVXZ"
FIRST = [
    "jan",
    "piet",
    "anna",
    "maria",
    "ionut",
    "andrei",
    "olga",
    "marta",
    "piotr",
    "ewa",
    "ahmed",
    "fatima",
    "daria",
    "irina",
    "kees",
    "sanne",
    "lotte",
    "mohammed",
    "elena",
]
LAST = [
    "de vries",
    "jansen",
    "kowalski",
    "popescu",
    "ivanova",
    "bakker",
    "nowak",
    "visser",
    "smit",
    "petrov",
    "ionescu",
    "mulder",
    "de boer",
    "shevchenko",
    "bos",
]
SITES = [
    "kinky.nl",
    "marktplaats.nl",
    "werkzoeken.nl",
    "escort-service.net",
    "vacatures.pl",
    "locanto.nl",
    "facebook.com",
    "olx.ro",
]


@dataclass(frozen=True)
class Dataset:
    records: list  # (report id, items)
    truth: dict  # report id -> case id


def _phone(rng):
    return "6" + "".join(rng.choice(string.digits) for _ in range(8))


def render_phone(rng, digits: str) -> str:
    a, b = digits[:1], digits[1:]
    return rng.choice(
        [
            f"0{a}-{b}",
            f"0{a}{b}",
            f"+31 {a} {b[:4]} {b[4:]}",
            f"0031{a}{b}",
            f"+31 (0){a} {b}",
            f"0{a} {b[:2]} {b[2:4]} {b[4:6]} {b[6:]}",
            f"+31{a}{b}",
        ]
    )


def render_postcode(rng, postcode: str, number: int) -> str:
    digits, letters = postcode[:4], postcode[4:]
    letters = rng.choice([letters, letters.lower()])
    return rng.choice(
        [
            f"{digits}{letters} {number}",
            f"{digits} {letters} {number}",
            f"{digits} {letters}, nr. {number}",
            f"{digits}{letters}{number}",
        ]
    )


def render_plate(rng, plate: str) -> str:
    groups = (plate[:2], plate[2:4], plate[4:])
    return rng.choice(
        ["-".join(groups), " ".join(groups), plate, plate.lower(), "-".join(groups).lower()]
    )


def render_email(rng, email: str) -> str:
    user, domain = email.split("@")
    return rng.choice([email, email.upper(), f"{user.capitalize()}@{domain}", f" {email} "])


def render_url(rng, url: str) -> str:
    base = rng.choice([f"https://{url}", f"http://www.{url}", url, f"https://www.{url}/"])
    if rng.random() < 0.5:
        base += rng.choice(
            [
                "?utm_source=fb&utm_medium=cpc",
                "?fbclid=IwAR" + str(rng.randint(1, 10**6)),
                "?gclid=x" + str(rng.randint(1, 999)),
            ]
        )
    return base


def typo(rng, name: str) -> str:
    if rng.random() < 0.3 and len(name) > 4:
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name.title() if rng.random() < 0.5 else name


def iban(rng) -> str:
    bank = rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO"])
    account = "".join(rng.choice(string.digits) for _ in range(10))
    numeric = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    check = 98 - int(numeric) % 97
    return f"NL{check:02d}{bank}{account}"


def case_pool(rng, case: int) -> list[tuple[str, str]]:
    """The identifiers of one situation, the two main ones first."""
    postcode = f"{rng.randint(1000, 9999)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"
    number = rng.randint(1, 300)
    plate = (
        "".join(rng.choice(LETTERS) for _ in range(2))
        + f"{rng.randint(10, 99)}"
        + "".join(rng.choice(LETTERS) for _ in range(2))
    )
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    site = rng.choice(SITES)
    pool = [
        ("phone", render_phone(rng, _phone(rng))),  # placeholder, re-rendered per report
        ("address", (postcode, number)),
        ("phone", _phone(rng)),
        ("plate", plate),
        ("email", f"{person.replace(' ', '.')}{case}@mail{case % 97}.nl"),
        ("url", f"{site}/advert/{case}-{rng.randint(1000, 9999)}"),
        ("iban", iban(rng)),
        ("kvk", f"{rng.randint(10_000_000, 99_999_999)}"),
        (
            "company",
            f"{rng.choice(LAST).title()} {rng.choice(['Uitzend', 'Schoonmaak', 'Bouw'])} B.V.",
        ),
        ("name", person),
    ]
    pool[0] = ("phone", _phone(rng))
    return pool


def render(rng, kind: str, value) -> str:
    if kind == "phone":
        return render_phone(rng, value)
    if kind == "address":
        return render_postcode(rng, *value)
    if kind == "plate":
        return render_plate(rng, value)
    if kind == "email":
        return render_email(rng, value)
    if kind == "url":
        return render_url(rng, value)
    if kind == "iban":
        return (
            " ".join(value[i : i + 4] for i in range(0, len(value), 4))
            if rng.random() < 0.5
            else value
        )
    if kind == "name":
        return typo(rng, value)
    return value


HUBS = [
    ("phone", "0800-0432"),
    ("kvk", "33001234"),
    ("email", "info@uitzendbureau-groot.nl"),
    ("phone", "+31 20 123 4567"),
    ("url", "https://www.werkzoeken.nl/"),
]


def generate(n_reports: int, seed: int = 2026, hub_rate: float = 0.01) -> Dataset:
    rng = random.Random(seed)
    records, truth = [], {}
    case = 0
    while len(records) < n_reports:
        size = min(int(rng.paretovariate(1.6)), 300, n_reports - len(records))
        pool = case_pool(rng, case)
        for _ in range(max(size, 1)):
            report_id = len(records)
            k = rng.randint(3, 8)
            chosen = [pool[rng.randrange(2)], *rng.sample(pool, min(k - 1, len(pool)))]
            items = []
            seen = set()
            for kind, value in chosen:
                if (kind, str(value)) in seen:
                    continue
                seen.add((kind, str(value)))
                items.append({"type": kind, "value": render(rng, kind, value)})
            if rng.random() < hub_rate:
                kind, value = rng.choice(HUBS)
                items.append({"type": kind, "value": value})
            records.append((report_id, items))
            truth[report_id] = case
        case += 1
    return Dataset(records=records, truth=truth)
