"""The factsheet PDF: real typst output read back with pdfium (text) and pikepdf
(structure), and the view that serves it from the cache.

Expected numbers come from the reference data and from what each test adds,
not from the rendered output.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pikepdf
import pypdfium2 as pdfium
import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from trafficking.campaigns.constants import CampaignList, Moderation
from trafficking.campaigns.models import Campaign, ReportTally
from trafficking.core.models import RateCounter
from trafficking.directory.constants import Form
from trafficking.directory.models import Organisation
from trafficking.insights import factsheet_views
from trafficking.insights.factsheet import (
    download_name,
    factsheet_data,
    factsheet_language,
    render_factsheet,
)
from trafficking.insights.key_figures import key_figures
from trafficking.insights.tests.test_key_figures import a_year_without_small_counts
from trafficking.surveys.models import ResponseSource, ResponseState, SurveyResponse

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)
IN_PERIOD = date(2026, 5, 4)
A4_PT = (595.3, 841.9)
HOSTILE = (
    '#set page(width: 1cm) *bold* _it_ [x] ] #read("/etc/passwd") '
    "<script>alert(1)</script> $x$ \\ @label"
)


def pdf_text(pdf: bytes) -> str:
    """The text of every page, whitespace collapsed (lines wrap anywhere)."""
    document = pdfium.PdfDocument(pdf)
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    return " ".join(" ".join(pages).split())


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    document = pdfium.PdfDocument(pdf)
    return [tuple(round(v, 1) for v in document[i].get_size()) for i in range(len(document))]


def publish(slug: str, name: str, **fields) -> Campaign:
    return Campaign.objects.create(
        slug=slug,
        name=name,
        origin=CampaignList.REGISTERED,
        moderation=Moderation.PUBLISHED,
        moderated_at=timezone.now(),
        forms=fields.pop("forms", []),
        **fields,
    )


def tally(form: str, count: int) -> None:
    ReportTally.objects.create(day=IN_PERIOD, form=form, kind="report", region="PV27", count=count)


def survey_response(respondent: str, cost: str) -> None:
    SurveyResponse.objects.create(
        source=ResponseSource.IMPORT,
        respondent=respondent,
        version="2025",
        state=ResponseState.SUBMITTED,
        answers={"q4": "a", "q15": "a", "q16": ["b"], "q17": "a"},
        campaigns=[{"q20": ["c"], "q24": cost, "q25": "b", "q26": "b", "q27": "a"}],
    )


def test_the_dutch_factsheet_shows_the_key_figures_and_the_date():
    pdf = render_factsheet(key_figures(AS_OF), "nl")
    text = pdf_text(pdf)
    assert 1 <= len(page_sizes(pdf)) <= 2
    assert all(size == pytest.approx(A4_PT, abs=1) for size in page_sizes(pdf))
    assert "Er zijn 95 meldpunten en 39 kenniscentra voor mensenhandel in Nederland." in text
    assert "telt 54 campagnes" in text
    assert "Stand van 30 november 2026" in text
    assert "1 december 2025 tot en met 29 november 2026" in text
    assert "Bron:" in text
    assert "Seksuele uitbuiting" in text


def test_the_english_factsheet():
    text = pdf_text(render_factsheet(key_figures(AS_OF), "en"))
    assert "There are 95 reporting points and 39 knowledge centres" in text
    assert "Figures as of 30 November 2026" in text
    assert "Sexual exploitation" in text
    assert "meldpunten" not in text


@pytest.mark.parametrize(
    ("language", "title"), [("nl", "Factsheet meldpunten"), ("en", "Factsheet:")]
)
def test_the_pdf_is_tagged_with_its_title_and_language(language, title):
    pdf = render_factsheet(key_figures(AS_OF), language)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        assert str(root.Lang) == language
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked)
        assert str(document.docinfo["/Title"]).startswith(title)
        assert "30" in str(document.docinfo["/Title"])


def test_a_year_without_small_counts_is_printed_exactly():
    total = a_year_without_small_counts()
    text = pdf_text(render_factsheet(key_figures(AS_OF), "nl"))
    assert f"{total} meldingen in 52 weken" in text
    assert f"{total} meldingen van 1 december 2025 tot en met 29 november 2026" in text
    assert "Seksuele uitbuiting 110" in text
    assert "Gedwongen orgaanverwijdering 100" in text


def test_small_report_counts_show_as_under_five():
    tally(Form.SEXUAL, 31)
    tally(Form.LABOUR, 17)
    tally(Form.CRIMINAL, 3)
    tally("", 2)
    text = pdf_text(render_factsheet(key_figures(AS_OF), "nl"))
    # Small counts are "< 5"; the others, the total too, rounded to a multiple
    # of 5, so a small one cannot be worked out from them (suppression.py).
    assert "55 meldingen in 52 weken" in text
    assert "Criminele uitbuiting < 5" in text
    assert "Vorm niet bekend < 5" in text
    assert "Gedwongen orgaanverwijdering < 5" in text
    assert "Seksuele uitbuiting 30" in text
    assert "Arbeidsuitbuiting 15" in text
    for exact in (" 53 ", " 3 "):
        assert exact not in f" {text} "


def test_a_small_total_is_never_printed_exactly():
    tally(Form.LABOUR, 3)
    text = pdf_text(render_factsheet(key_figures(AS_OF), "en"))
    assert "< 5 reports from 1 December 2025" in text
    assert "< 5 reports in 52 weeks" in text
    assert "3 reports" not in text


def test_survey_shares_from_the_submitted_responses():
    for n, cost in enumerate("aaabc"):
        survey_response(f"r{n}", cost)
    text = pdf_text(render_factsheet(key_figures(AS_OF), "nl"))
    assert "5 organisaties vulden de enquête in (vragenlijst 2025)" in text
    assert "100% van de organisaties kan meldingen ontvangen (n = 5)" in text
    assert "< € 10.000 60%" in text
    assert "Meer dan € 30.000 20%" in text


def test_too_few_survey_answers_give_no_percentages():
    survey_response("r1", "a")
    text = pdf_text(render_factsheet(key_figures(AS_OF), "en"))
    assert "1 organisations completed the survey" in text
    assert "too few answers" in text
    assert "100%" not in text


def test_a_hostile_campaign_name_is_printed_as_text():
    publish("vijandig", HOSTILE)
    pdf = render_factsheet(key_figures(AS_OF), "nl")
    text = pdf_text(pdf)
    assert " ".join(HOSTILE.split()) in text
    assert "root:" not in text
    assert all(size == pytest.approx(A4_PT, abs=1) for size in page_sizes(pdf))
    assert "telt 55 campagnes" in text


def test_a_long_name_cannot_push_the_factsheet_past_two_pages():
    for n in range(3):
        publish(f"lang-{n}", "Heel lange campagnenaam " * 8)
    for n, cost in enumerate("abcab"):
        survey_response(f"r{n}", cost)
    tally(Form.SEXUAL, 40)
    pdf = render_factsheet(key_figures(AS_OF), "en")
    assert len(page_sizes(pdf)) <= 2
    data = factsheet_data(key_figures(AS_OF), "en")
    assert all(len(name) <= 200 for name in data["campaigns"]["recent"])


@pytest.mark.parametrize(
    ("asked", "made"), [("nl", "nl"), ("nl-nl", "nl"), ("en", "en"), ("pl", "en"), (None, "en")]
)
def test_dutch_for_dutch_english_for_everyone_else(asked, made):
    assert factsheet_language(asked) == made


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="nl, en"):
        factsheet_data(key_figures(AS_OF), "de")


# ---- the view ----------------------------------------------------------------------


def ask(language: str = "nl", address: str = "203.0.113.9"):
    request = RequestFactory().get("/nl/inzichten/factsheet.pdf", REMOTE_ADDR=address)
    with translation.override(language):
        return factsheet_views.factsheet_pdf(request)


def renders() -> int:
    return sum(
        RateCounter.objects.filter(bucket__startswith=factsheet_views.FACTSHEET).values_list(
            "count", flat=True
        )
    )


def test_the_view_serves_the_pdf_in_the_request_language_with_a_dated_name():
    response = ask("en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate()
    assert download_name(today, "en") in response["Content-Disposition"]
    assert today.isoformat() in response["Content-Disposition"]
    assert "There are 95 reporting points" in pdf_text(response.content)
    assert "Er zijn 95 meldpunten" in pdf_text(ask("nl").content)


def test_repeated_requests_come_from_the_cache_until_the_data_change():
    first = ask()
    assert renders() == 1
    again = ask(address="198.51.100.4")
    assert again.content == first.content
    assert renders() == 1  # not typeset again
    publish("nieuw", "Een nieuwe campagne")
    changed = ask()
    assert renders() == 2
    assert "telt 55 campagnes" in pdf_text(changed.content)
    assert "Een nieuwe campagne" in pdf_text(changed.content)
    ask("en")
    assert renders() == 3  # each language is its own PDF


def test_over_the_render_limit_the_last_pdf_is_served(settings):
    settings.FACTSHEET_LIMIT = 1
    first = ask()
    publish("nieuw", "Een nieuwe campagne")
    response = ask()
    assert response.status_code == 200
    assert response.content == first.content
    assert "telt 54 campagnes" in pdf_text(response.content)


def test_over_the_render_limit_without_a_pdf_the_answer_is_wait(settings):
    settings.FACTSHEET_LIMIT = 0
    response = ask("nl")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Probeer het over" in response.content.decode()


def test_head_is_answered_like_get():
    request = RequestFactory().head("/nl/inzichten/factsheet.pdf")
    with translation.override("nl"):
        response = factsheet_views.factsheet_pdf(request)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_post_is_refused():
    request = RequestFactory().post("/nl/inzichten/factsheet.pdf")
    assert factsheet_views.factsheet_pdf(request).status_code == 405


def test_the_next_day_is_a_new_version(monkeypatch):
    ask()
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(factsheet_views.timezone, "localdate", lambda: tomorrow)
    response = ask()
    assert renders() == 2
    assert download_name(tomorrow, "nl") in response["Content-Disposition"]


def test_an_empty_directory_and_register_still_make_a_factsheet():
    Campaign.objects.all().delete()
    Organisation.objects.all().delete()
    text = pdf_text(render_factsheet(key_figures(AS_OF), "nl"))
    assert "Er zijn 0 meldpunten en 0 kenniscentra" in text
    assert "telt 0 campagnes" in text


def test_control_characters_in_a_name_are_dropped():
    # No NUL: PostgreSQL cannot store it, so no campaign name holds one.
    publish("stuurtekens", "Campagne\x07\x1b[31m met\x7f stuurtekens")
    text = pdf_text(render_factsheet(key_figures(AS_OF), "nl"))
    assert "Campagne[31m met stuurtekens" in text


@pytest.mark.parametrize(
    ("language", "words"), [("nl", "Er zijn 95 meldpunten"), ("en", "There are 95")]
)
def test_the_public_url_serves_the_factsheet_in_the_pages_language(client, language, words):
    with translation.override(language):
        url = reverse("insights:factsheet")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"-{language}.pdf" in response["Content-Disposition"]
    assert words in pdf_text(response.content)
