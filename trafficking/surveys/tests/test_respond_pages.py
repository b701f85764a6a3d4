"""The respondent's pages: page by page with the branching, saved under the link,
validation that keeps what was typed, uploads, and links that no longer work."""

import io
import logging
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from trafficking.directory.models import Organisation
from trafficking.surveys import answering, invitations
from trafficking.surveys.definition import load_version
from trafficking.surveys.models import ResponseState, SurveyResponse
from trafficking.surveys.responses import check_response

pytestmark = pytest.mark.django_db
Q = load_version("2025")
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def survey_files(settings, tmp_path):
    settings.SURVEY_FILE_DIR = tmp_path / "survey_files"
    return settings.SURVEY_FILE_DIR


@pytest.fixture
def invited():
    organisation = Organisation.objects.get(slug="fier")
    invitation, token = invitations.create_invitation(
        organisation=organisation, email="x@example.org"
    )
    return invitation, token


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def request_log():
    """What Django's request logger writes (it does not propagate to caplog)."""
    handler = _Lines()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def page_url(token, page, language="nl"):
    return f"/{language}/enquete/{token}/{page}/"


def post(client, token, page, data=None, action="next", language="nl"):
    return client.post(page_url(token, page, language), {**(data or {}), "action": action})


def landed(response):
    """The page key a 303 after a save leads to."""
    assert response.status_code == 303, response.status_code
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def stored(invitation):
    return SurveyResponse.objects.get(invitation=invitation)


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_link_opens_the_start_page_without_caching_or_referrer(client, invited):
    _invitation, token = invited
    response = client.get(f"/nl/enquete/{token}/")
    assert response.status_code == 303 and response["Location"] == page_url(token, "start")
    page = client.get(page_url(token, "start"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "no-referrer"
    html = page.content.decode()
    assert "Stap 1 van ongeveer" in html and "<progress" in html
    assert 'id="quick-exit"' in html
    assert "Enquête voor Fier" in html
    # The survey is in Dutch and English only.
    assert f'href="/en/enquete/{token}/start/"' in html
    assert "/pl/enquete/" not in html


def test_a_respondent_completes_the_survey_with_branching(client, invited):
    invitation, token = invited
    assert landed(post(client, token, "start")) == "q1"
    page = client.get(page_url(token, "q1")).content.decode()
    assert "Bij welke organisatie ben je werkzaam?" in page and ">Fier</textarea>" in page
    data = {"q1": "Fier", "q2": ["b", "a"], "q3": "a", "q3_text_a": "Friesland"}
    assert landed(post(client, token, "q1", data)) == "q4"
    assert stored(invitation).answers == {
        "q1": "Fier",
        "q2": ["a", "b"],
        "q3": "a",
        "q3_text": "Friesland",
    }
    assert stored(invitation).respondent == "fier" and stored(invitation).version == "2025"
    assert landed(post(client, token, "q4", {"q4": "b"})) == "q9"  # no reporting point
    assert landed(post(client, token, "q9", {"q9": "c"})) == "q15"  # no knowledge centre
    assert landed(post(client, token, "q15", {"q15": "a"})) == "q16"
    assert landed(post(client, token, "q16", {"q16": ["a", "b"]})) == "q17"
    assert landed(post(client, token, "q17", {"q17": "b"})) == "c1-q18"  # two campaigns
    first = client.get(page_url(token, "c1-q18")).content.decode()
    assert "Campagne 1 van 2" in first and "De vragen worden straks herhaalt" in first
    assert landed(post(client, token, "c1-q18", {"q18": "Campagne A", "q20": ["b"]})) == "c1-q21"
    assert landed(post(client, token, "c1-q21", {})) == "c1-q24"
    assert landed(post(client, token, "c1-q24", {"q26": "a"})) == "c2-q18"  # still running
    assert landed(post(client, token, "c2-q18", {"q18": "Campagne B"})) == "c2-q21"
    assert landed(post(client, token, "c2-q21", {})) == "c2-q24"
    assert landed(post(client, token, "c2-q24", {"q26": "b"})) == "c2-q27"
    assert landed(post(client, token, "c2-q27", {"q27": "b"})) == "q36"  # no insight
    data = {"q36": "b", "q36_text_b": "contact@example.org", "q37": "e"}
    assert landed(post(client, token, "q36", data)) == "overzicht"
    summary = client.get(page_url(token, "overzicht")).content.decode()
    assert "Campagne A" in summary and "Campagne B" in summary and "Friesland" in summary
    assert "Niet beantwoord" in summary
    # q23 has no legible text and is never asked.
    assert "q23" not in summary and "H               s" not in summary
    response = post(client, token, "overzicht", action="submit")
    assert response.status_code == 303
    row = stored(invitation)
    assert row.state == ResponseState.SUBMITTED and row.submitted_at is not None
    assert check_response(Q, row.as_line()).ok
    assert [block["q18"] for block in row.campaigns] == ["Campagne A", "Campagne B"]
    thanks = client.get(f"/nl/enquete/{token}/")
    assert thanks.status_code == 200 and "Bedankt voor het invullen" in thanks.content.decode()
    # No edits after submission: the pages only say thank you.
    again = post(client, token, "q1", {"q1": "Iets anders"})
    assert "Bedankt voor het invullen" in again.content.decode()
    assert stored(invitation).answers["q1"] == "Fier"


def test_the_same_link_reopens_where_the_respondent_left_with_answers_filled_in(client, invited):
    invitation, token = invited
    post(client, token, "start")
    post(client, token, "q1", {"q1": "Fier Fryslân"})
    response = post(client, token, "q4", {"q4": "a"}, action="save")
    assert "Je antwoorden zijn bewaard" in response.content.decode()
    assert stored(invitation).resume_at == "q4"
    # Later, in another browser: the link goes to the page they left.
    other = type(client)()
    resumed = other.get(f"/nl/enquete/{token}/")
    assert resumed["Location"] == page_url(token, "q4")
    html = other.get(page_url(token, "q4")).content.decode()
    assert re.search(r'value="a" checked', html)
    assert "Fier Fryslân" in other.get(page_url(token, "q1")).content.decode()


def test_back_saves_the_page_and_goes_to_the_previous_one(client, invited):
    invitation, token = invited
    post(client, token, "q1", {"q1": "Fier"})
    assert landed(post(client, token, "q4", {"q4": "b"}, action="back")) == "q1"
    assert stored(invitation).answers["q4"] == "b"
    assert landed(post(client, token, "q9", {}, action="back")) == "q4"


def test_a_page_the_route_does_not_reach_is_not_shown(client, invited):
    _invitation, token = invited
    post(client, token, "q4", {"q4": "b"})
    response = client.get(page_url(token, "q5"))
    assert response.status_code == 302
    assert client.get(page_url(token, "c1-q18")).status_code == 302
    assert client.get(page_url(token, "nonsense")).status_code == 302


def test_a_validation_error_keeps_everything_typed(client, invited):
    invitation, token = invited
    post(client, token, "q4", {"q4": "a"})
    data = {
        "q5": ["a"],
        "q5_text_d": "Het Leger des Heils",  # the option that takes it is not chosen
        "q6": ["e"],
        "q6_text_e": "Via de app",
    }
    response = post(client, token, "q5", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies ook ‘Andere organisaties, namelijk:’, of maak dit veld leeg." in html
    assert 'value="Het Leger des Heils"' in html and 'value="Via de app"' in html
    assert re.search(r'value="e" checked', html)
    assert 'role="alert"' in html and 'href="#id_q5_text_d"' in html
    assert "q5" not in stored(invitation).answers
    too_long = post(client, token, "q7", {"q8": "x" * 10_001})
    assert too_long.status_code == 200 and "x" * 10_001 in too_long.content.decode()
    assert "q8" not in stored(invitation).answers


def test_english_pages_use_the_english_texts(client, invited):
    _invitation, token = invited
    html = client.get(page_url(token, "q1", "en")).content.decode()
    assert "Which organisation do you work for?" in html and '<html lang="en"' in html
    assert landed(post(client, token, "q1", {"q1": "Fier"}, language="en")) == "q4"
    assert "Can people report" in client.get(page_url(token, "q4", "en")).content.decode()


def test_other_site_languages_go_to_the_invitation_language(client, invited):
    _invitation, token = invited
    response = client.get(page_url(token, "q1", "pl"))
    assert response.status_code == 302 and response["Location"] == page_url(token, "q1")


def test_answers_that_break_the_branching_are_never_submitted(client, invited):
    invitation, token = invited
    # A tampered form: no such option. Refused with a message, nothing saved.
    response = post(client, token, "q4", {"q4": "z"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not SurveyResponse.objects.filter(invitation=invitation).exists()
    # Answers behind a routing answer that was changed later are dropped on submit.
    post(client, token, "q4", {"q4": "a"})
    post(client, token, "q5", {"q5": ["c"]})
    post(client, token, "q15", {"q15": "a"})
    post(client, token, "q16", {"q16": ["b"]})
    post(client, token, "q17", {"q17": "c"})
    for block in (1, 2, 3):
        post(client, token, f"c{block}-q18", {"q18": f"Campagne {block}"})
    post(client, token, "q4", {"q4": "b"})  # back to q4: not a reporting point after all
    post(client, token, "q17", {"q17": "a"})  # and only one campaign
    summary = client.get(page_url(token, "overzicht")).content.decode()
    assert "Campagne 1" in summary and "Campagne 2" not in summary
    assert post(client, token, "overzicht", action="submit").status_code == 303
    row = stored(invitation)
    assert "q5" not in row.answers and len(row.campaigns) == 1
    assert check_response(Q, row.as_line()).ok


def test_a_draft_the_checks_refuse_is_not_submitted(client, invited):
    invitation, token = invited
    SurveyResponse.objects.create(
        invitation=invitation, respondent="fier", version="2025", answers={"q2": ["z"]}
    )
    response = post(client, token, "overzicht", action="submit")
    assert response.status_code == 200
    assert "De enquête is nog niet ingestuurd" in response.content.decode()
    assert stored(invitation).state == ResponseState.DRAFT


def test_an_empty_survey_cannot_be_submitted(client, invited):
    invitation, token = invited
    response = post(client, token, "overzicht", action="submit")
    assert "Je hebt nog geen enkele vraag beantwoord" in response.content.decode()
    assert not SurveyResponse.objects.filter(invitation=invitation, state="submitted").exists()


def test_script_in_every_free_text_answer_is_escaped(client, invited):
    invitation, token = invited
    post(client, token, "q1", {"q1": SCRIPT, "q3": "a", "q3_text_a": SCRIPT})
    post(client, token, "q4", {"q4": "a"})
    post(client, token, "q5", {"q5": ["d"], "q5_text_d": SCRIPT, "q6": ["e"], "q6_text_e": SCRIPT})
    post(
        client,
        token,
        "q7",
        {"q7": ["e", "f"], "q7_text_e": SCRIPT, "q7_text_f": SCRIPT, "q8": SCRIPT},
    )
    post(client, token, "q9", {"q9": "a"})
    post(client, token, "q10", {"q10": SCRIPT, "q11": SCRIPT, "q12": SCRIPT})
    post(
        client,
        token,
        "q13",
        {"q13": ["g"], "q13_text_g": SCRIPT, "q14": ["e"], "q14_text_e": SCRIPT},
    )
    post(client, token, "q15", {"q15": "a"})
    post(client, token, "q16", {"q16": ["b"]})
    post(client, token, "q17", {"q17": "a"})
    post(client, token, "c1-q18", {"q18": SCRIPT, "q19": "a", "q19_text_a": SCRIPT})
    post(
        client,
        token,
        "c1-q21",
        {"q21": ["e"], "q21_text_e": SCRIPT, "q22": ["e"], "q22_text_e": SCRIPT},
    )
    post(client, token, "c1-q24", {"q26": "b"})
    post(client, token, "c1-q27", {"q27": "a"})
    post(client, token, "c1-q28", {"q28": SCRIPT, "q29": SCRIPT})
    post(client, token, "c1-q31", {})
    post(client, token, "c1-q34", {"q34": SCRIPT})
    post(
        client,
        token,
        "q36",
        {"q36": "b", "q36_text_b": SCRIPT, "q37": "d", "q37_text_d": SCRIPT, "q38": SCRIPT},
    )
    row = stored(invitation)
    texts = [v for v in row.answers.values() if v == SCRIPT]
    assert len(texts) >= 8
    pages = [
        client.get(page_url(token, key)).content.decode()
        for key in (
            "q1",
            "q5",
            "q7",
            "q10",
            "q13",
            "c1-q18",
            "c1-q21",
            "c1-q28",
            "c1-q34",
            "q36",
            "overzicht",
        )
    ]
    for html in pages:
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    summary = pages[-1]
    assert summary.count("&lt;script&gt;") >= 20
    assert post(client, token, "overzicht", action="submit").status_code == 303
    assert check_response(Q, stored(invitation).as_line()).ok


def _to_q35(client, token):
    post(client, token, "q15", {"q15": "a"})
    post(client, token, "q16", {"q16": ["b"]})
    post(client, token, "q17", {"q17": "a"})
    post(client, token, "c1-q24", {"q26": "b"})
    post(client, token, "c1-q27", {"q27": "a"})


def upload(client, token, name, content, content_type="application/pdf", data=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        page_url(token, "c1-q34"),
        {"action": "next", "q35": SimpleUploadedFile(name, content, content_type), **(data or {})},
    )


def test_an_upload_is_cleaned_stored_and_named_in_the_answer(
    client, invited, survey_files, django_capture_on_commit_callbacks
):
    invitation, token = invited
    _to_q35(client, token)
    response = upload(
        client, token, "rapport.png", png_bytes(), "image/png", {"q34": "Meer meldingen"}
    )
    assert landed(response) == "q36"
    name = stored(invitation).campaigns[0]["q35"]
    assert answering.is_stored_name(name) and name.endswith(".png")
    assert (survey_files / name).is_file()
    page = client.get(page_url(token, "c1-q34")).content.decode()
    assert "Er is een bestand ontvangen (PNG)" in page
    # Replaced: the old file goes once the new one is saved.
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, token, "ander.png", png_bytes(), "image/png")
    new_name = stored(invitation).campaigns[0]["q35"]
    assert new_name != name and not (survey_files / name).exists()
    assert (survey_files / new_name).is_file()
    # Removed on request.
    with django_capture_on_commit_callbacks(execute=True):
        post(client, token, "c1-q34", {"q35_remove": "on"})
    assert "q35" not in stored(invitation).campaigns[0]
    assert not (survey_files / new_name).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "rapport.pdf",
            b"<html><script>alert(1)</script></html>",
            "Je kunt alleen een PDF-bestand",
        ),
        ("foto.png", b"%PDF-1.4 not really a pdf", "kon niet worden gelezen"),
        ("leeg.pdf", b"", "leeg"),
    ],
)
def test_lying_uploads_are_refused_with_a_message_and_nothing_stored(
    client, invited, survey_files, name, content, message
):
    invitation, token = invited
    _to_q35(client, token)
    response = upload(client, token, name, content, data={"q34": "Wat ik typte"})
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert "Wat ik typte" in html
    assert "q35" not in stored(invitation).campaigns[0]
    assert not survey_files.exists() or not any(survey_files.iterdir())


def test_an_oversized_upload_is_refused_and_nothing_stored(client, invited, survey_files):
    invitation, token = invited
    _to_q35(client, token)
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 10)
    response = upload(client, token, "groot.pdf", big)
    assert response.status_code == 200
    assert "Het bestand is te groot. Het mag hoogstens 10 MB zijn." in response.content.decode()
    assert "q35" not in stored(invitation).campaigns[0]
    assert not survey_files.exists() or not any(survey_files.iterdir())


def test_a_file_no_longer_reached_is_removed_on_submit(
    client, invited, survey_files, django_capture_on_commit_callbacks
):
    invitation, token = invited
    _to_q35(client, token)
    upload(client, token, "rapport.png", png_bytes(), "image/png")
    name = stored(invitation).campaigns[0]["q35"]
    post(client, token, "c1-q27", {"q27": "b"})  # no insight after all: q28-q35 not reached
    assert (survey_files / name).is_file()  # kept in the draft while it may come back
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, token, "overzicht", action="submit")
    assert response.status_code == 303
    assert "q35" not in stored(invitation).campaigns[0]
    assert not (survey_files / name).exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_unknown_links_are_404_with_a_way_forward_and_no_token_in_the_log(
    client, invited, caplog, language, request_log
):
    guess = invitations.new_token()
    with caplog.at_level(logging.DEBUG):
        for url in (
            f"/{language}/enquete/{guess}/",
            page_url(guess, "q1", language),
            f"/{language}/enquete/kort/",
        ):
            response = client.get(url)
            assert response.status_code == 404
            html = response.content.decode()
            assert "/comensha/" in html
            assert "no-store" in response["Cache-Control"]
    assert guess not in caplog.text
    assert not any(guess in line for line in request_log)
    client.get(f"/{language}/bestaat-niet/")  # the logger does work: other 404s are logged
    assert any("bestaat-niet" in line for line in request_log)


def test_expired_and_revoked_links_are_410_and_say_so(client, invited, caplog, request_log):
    invitation, token = invited
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    with caplog.at_level(logging.DEBUG):
        response = client.get(page_url(token, "q1"))
        assert response.status_code == 410
        assert "De termijn om deze enquête in te vullen is voorbij." in response.content.decode()
        assert post(client, token, "q1", {"q1": "x"}).status_code == 410
        invitation.expires_at = timezone.now() + timedelta(days=1)
        invitation.save()
        invitations.revoke_invitation(invitation)
        response = client.get(f"/nl/enquete/{token}/")
        assert response.status_code == 410
        assert "Deze uitnodiging is ingetrokken." in response.content.decode()
    assert token not in caplog.text
    assert not any(token in line for line in request_log)
    assert not SurveyResponse.objects.filter(invitation=invitation).exists()


def test_guessing_is_slowed_and_then_every_link_waits(client, invited, settings):
    _invitation, token = invited
    settings.SURVEY_TOKEN_MISS_LIMIT = 3
    # Respondents do not use up the budget: only unknown links count.
    for _ in range(5):
        assert client.get(page_url(token, "start")).status_code == 200
    for _ in range(3):
        assert client.get(page_url(invitations.new_token(), "start")).status_code == 404
    refused = client.get(page_url(invitations.new_token(), "start"))
    assert refused.status_code == 429 and "Wacht" in refused.content.decode()
    # Over the limit, a right link gets the same answer: the limit tells nothing.
    assert client.get(page_url(token, "start")).status_code == 429


def test_a_cross_site_post_is_refused(client, invited):
    invitation, token = invited
    response = client.post(
        page_url(token, "q1"),
        {"q1": "x", "action": "next"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    assert not SurveyResponse.objects.filter(invitation=invitation).exists()


def test_a_closed_page_in_another_site_language_is_in_english(client):
    response = client.get(page_url(invitations.new_token(), "start", "pl"))
    assert response.status_code == 404
    assert '<html lang="en"' in response.content.decode()
