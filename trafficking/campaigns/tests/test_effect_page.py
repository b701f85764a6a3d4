""" "Effect meten": the public page that measures a campaign's effect on uploaded counts."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from html import unescape
from xml.etree import ElementTree

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from trafficking.campaigns.effect import estimate_effect, read_counts_csv
from trafficking.campaigns.effect_plot import weekly_rows
from trafficking.campaigns.effect_views import conclusion
from trafficking.campaigns.models import Campaign, ReportTally

pytestmark = pytest.mark.django_db

FIRST = date(2024, 1, 1)
WINDOW = (150, 179)


def simulated_counts(*, days=240, ratio=2.0, level=8.0, seed=3) -> list[int]:
    """Poisson counts with a weekly pattern; the window's rate multiplied by ``ratio``."""
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    weekday = np.array([0.2, 0.1, 0.05, 0.0, -0.05, -0.3, -0.4])
    mu = level * np.exp(weekday[t % 7])
    mu[WINDOW[0] : WINDOW[1] + 1] *= ratio
    return [int(c) for c in rng.poisson(mu)]


def as_csv(counts, first=FIRST) -> str:
    lines = ["date,count"]
    lines += [f"{(first + timedelta(days=i)).isoformat()},{c}" for i, c in enumerate(counts)]
    return "\n".join(lines) + "\n"


def day(index: int) -> str:
    return (FIRST + timedelta(days=index)).isoformat()


def url(language: str = "nl") -> str:
    with translation.override(language):
        return reverse("campaigns:effect")


def upload(text: str | bytes, name="meldingen.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def post(client, language="nl", **data):
    fields = {"start": day(WINDOW[0]), "end": day(WINDOW[1]), **data}
    return client.post(url(language), fields)


def text_of(response) -> str:
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_empty_form_works_without_cookies(client):
    response = client.get(url())
    assert response.status_code == 200
    assert not response.cookies
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    for name in ("counts_file", "counts_text", "start", "end"):
        assert f'name="{name}"' in html
    assert "<svg" not in html


def test_a_csv_with_a_doubling_shows_a_likely_effect_with_figure_and_table(client):
    counts = simulated_counts()
    response = post(client, counts_file=upload(as_csv(counts)))
    assert response.status_code == 200
    assert not response.cookies
    text = text_of(response)
    assert "Waarschijnlijk effect" in text
    # The figures the model gives for this series, as the page prints them.
    series = read_counts_csv(as_csv(counts))
    result = estimate_effect(series, date(2024, 5, 30), date(2024, 6, 28))
    assert result.ci_low < 2.0 < result.ci_high and result.ci_low > 1
    ratio = f"{result.rate_ratio:.2f}".replace(".", ",")
    low, high = (f"{v:.2f}".replace(".", ",") for v in (result.ci_low, result.ci_high))
    assert f"{ratio} keer zoveel meldingen als verwacht (95%-interval {low} tot {high})" in text
    assert f"{sum(counts[150:180])} gemeld" in text
    html = response.content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    ElementTree.fromstring(svg)  # noqa: S314 - well-formed; our own output
    assert 'role="img"' in svg
    weeks = weekly_rows(series, result)
    table = html[html.index('aria-labelledby="weeks-heading"') :]
    assert table.count('<tr><th scope="row">') == len(weeks)
    assert f'<th scope="row">{weeks[0].start.isoformat()}</th>' in table
    assert "negative binomial GLM" in text


def test_pasted_lines_without_an_effect_say_there_is_none(client):
    counts = simulated_counts(ratio=1.0, seed=11)
    response = post(client, counts_text=as_csv(counts))
    assert response.status_code == 200
    text = text_of(response)
    assert "Geen aantoonbaar effect" in text
    assert "Waarschijnlijk effect" not in text


def test_the_conclusion_claims_an_effect_only_when_the_interval_excludes_one(client):
    series = read_counts_csv(as_csv(simulated_counts()))
    result = estimate_effect(series, date(2024, 5, 30), date(2024, 6, 28))
    assert conclusion(result)[0] == "up"
    straddling = replace(result, ci_low=0.98, ci_high=3.0, p_value=0.06)
    assert conclusion(straddling)[0] == "none"
    assert conclusion(replace(result, rate_ratio=0.5, ci_low=0.4, ci_high=0.7))[0] == "down"


def _missing_day() -> str:
    lines = as_csv(simulated_counts()).splitlines()
    del lines[21]  # the 21st day (2024-01-21) is line 22
    return "\n".join(lines)


BAD = [
    ("nothing", {}, "Kies een CSV-bestand of plak de cijfers in het tekstvak."),
    ("missing day", {"counts_text": _missing_day()}, "Ontbrekende dag(en): 2024-01-21"),
    (
        "negative",
        {"counts_text": "date,count\n2024-01-01,3\n2024-01-02,-4\n"},
        "Regel 3: het aantal -4 is negatief",
    ),
    (
        "text",
        {"counts_text": "date,count\n2024-01-01,drie\n"},
        "Regel 2: het aantal “drie” is geen geheel getal",
    ),
    (
        "header",
        {"counts_text": "dag;meldingen\n2024-01-01;3\n"},
        "Regel 1: de kopregel moet date,count zijn",
    ),
    (
        "window outside",
        {"counts_text": as_csv(simulated_counts()), "start": day(230), "end": day(260)},
        "De campagneperiode 2024-08-18 t/m 2024-09-17 valt buiten de reeks",
    ),
    (
        "one day",
        {"counts_text": as_csv(simulated_counts()), "start": day(150), "end": day(150)},
        "De campagneperiode is 1 dag(en); er zijn er minstens 7 nodig.",
    ),
    (
        "end before start",
        {"counts_text": as_csv(simulated_counts()), "start": day(179), "end": day(150)},
        "Het einde van de campagne (2024-05-30) ligt vóór het begin",
    ),
    (
        "bad date",
        {"counts_text": as_csv(simulated_counts()), "start": "morgen"},
        "Voer een geldige datum in.",
    ),
    ("no end", {"counts_text": as_csv(simulated_counts()), "end": ""}, "Dit veld is verplicht."),
]


@pytest.mark.parametrize(("data", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_gives_the_form_again_with_the_message_and_the_input_kept(client, data, message):
    response = post(client, **data)
    assert response.status_code == 400
    text = text_of(response)
    assert message in text
    assert "Er ging iets mis" in text
    assert "<svg" not in response.content.decode()
    html = response.content.decode()
    if data.get("counts_text"):
        pasted = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S).group(1)
        assert unescape(pasted) == data["counts_text"]
    start = data.get("start", day(WINDOW[0]))
    assert f'name="start" id="id_start" value="{start}"' in html


def test_a_dutch_date_is_understood_too(client):
    response = post(client, counts_text=as_csv(simulated_counts()), start="30-05-2024")
    assert response.status_code == 200
    assert "2024-05-30 t/m 2024-06-28 (30 dagen)" in text_of(response)


def test_a_file_with_a_mistake_moves_to_the_text_box_to_be_corrected(client):
    bad = "date,count\n2024-01-01,3\n2024-01-02,x\n"
    response = post(client, counts_file=upload(bad))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Regel 3: het aantal “x” is geen geheel getal" in text_of(response)
    pasted = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S).group(1)
    assert unescape(pasted) == bad
    assert "De inhoud van uw bestand staat nu in het tekstvak" in text_of(response)


def test_the_file_wins_over_the_text_box(client):
    response = post(client, counts_file=upload(as_csv(simulated_counts())), counts_text="rommel")
    assert response.status_code == 200


def test_a_file_over_two_megabytes_is_refused(client):
    big = as_csv(simulated_counts()) + "\n" * (2 * 1024 * 1024)
    response = post(client, counts_file=upload(big))
    assert response.status_code == 400
    assert "Het bestand is groter dan 2 MB" in text_of(response)


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"date,count\n2024-01-01,\xff\xfe\n"],
    ids=["image", "not utf-8"],
)
def test_a_file_that_is_not_text_is_refused(client, content):
    response = post(client, counts_file=upload(content))
    assert response.status_code == 400
    assert "Dit bestand is geen tekst" in text_of(response)


def test_markup_in_the_input_is_shown_as_text(client):
    response = post(client, counts_text="date,count\n<script>alert(1)</script>,1\n")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_a_post_from_another_website_is_refused(client):
    response = client.post(
        url(),
        {"counts_text": as_csv(simulated_counts()), "start": day(150), "end": day(179)},
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 403
    assert "Dit formulier kwam niet van onze website" in text_of(response)
    assert "<svg" not in response.content.decode()


def test_nothing_is_stored(client):
    before = (ReportTally.objects.count(), Campaign.objects.count())
    post(client, counts_file=upload(as_csv(simulated_counts())))
    assert (ReportTally.objects.count(), Campaign.objects.count()) == before


def test_the_page_speaks_english(client):
    response = post(client, "en", counts_text=as_csv(simulated_counts()), start="tomorrow")
    assert response.status_code == 400
    assert 'lang="en"' in response.content.decode()
    assert "Enter a valid date." in text_of(response)
