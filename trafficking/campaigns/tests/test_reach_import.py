"""Reach figures: entered by hand or imported from an ad platform's CSV, all or nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trafficking.campaigns.models import Campaign, ReachFigure
from trafficking.campaigns.reach_import import MAX_BYTES, ReachImportError, decode, parse
from trafficking.directory.models import Organisation
from trafficking.reports.tests.factories import login_with_otp

URL = "/intake/campagnes/campagne/mijn/bereik/"


def test_a_meta_export_in_english_is_summed_per_period_and_channel():
    text = (
        "Campaign name,Reporting starts,Reporting ends,Platform,Impressions,Link clicks,"
        "ThruPlays,Landing page views,Amount spent (EUR)\n"
        'Video A,2021-12-29,2022-01-31,Instagram,"1,000,000",2500,40000,900,123.45\n'
        "Video B,2021-12-29,2022-01-31,Instagram,447635,1500,11753,,99.00\n"
        "Video A,2021-12-29,2022-01-31,Facebook,10000,25,,,1\n"
    )
    rows = {row.channel: row for row in parse(text)}
    assert set(rows) == {"Instagram", "Facebook"}
    instagram = rows["Instagram"]
    assert (instagram.period_start, instagram.period_end) == (date(2021, 12, 29), date(2022, 1, 31))
    assert instagram.values == {
        "impressions": 1_447_635,
        "clicks": 4000,
        "complete_views": 51_753,
        "landing_visits": 900,
    }
    assert rows["Facebook"].values == {"impressions": 10000, "clicks": 25}


def test_a_dutch_export_with_one_date_per_row_and_semicolons():
    text = "Datum;Vertoningen;Kliks;Onbekende kolom\n05-12-2023;450.000;1.200;x\n06-12-2023;1;0;y\n"
    rows = parse(text)
    assert [(r.period_start, r.period_end, r.values) for r in rows] == [
        (date(2023, 12, 5), date(2023, 12, 5), {"impressions": 450_000, "clicks": 1200}),
        (date(2023, 12, 6), date(2023, 12, 6), {"impressions": 1, "clicks": 0}),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Datum;Kosten\n2023-12-05;12\n", "Regel 1: geen bekende kolom met cijfers"),
        ("Kanaal;Vertoningen\nTikTok;12\n", "Regel 1: geen periode"),
        (
            "Datum;Vertoningen\n2023-12-05;12\n2023-12-06;-3\n",
            "Regel 3: ‘-3’ in kolom vertoningen is een negatief getal",
        ),
        ("Datum;Kliks\n2023-12-05;veel\n", "Regel 2: ‘veel’ in kolom kliks is geen geheel getal"),
        ("Datum;Kliks\n2023-12-05;12,5\n", "is geen geheel getal"),
        ("Datum;Kliks\n31-02-2023;12\n", "Regel 2: ‘31-02-2023’ is geen datum"),
        ("Datum;Kliks\ngisteren;12\n", "Regel 2: ‘gisteren’ is geen datum"),
        (
            "Start;End;Kliks\n2023-12-05;2023-12-01;12\n",
            "Regel 2: de einddatum ligt vóór de begindatum",
        ),
        ("Datum;Kliks\n2023-12-05;\n", "Regel 2: geen cijfers ingevuld"),
        ("Datum;Kliks\n", "geen cijfers"),
        ("Impressions;Views;Date\n1;2;2023-01-01\n", "betekenen allebei hetzelfde"),
        ("Datum;Kliks\n2023-12-05;99999999999\n", "te groot"),
    ],
)
def test_bad_files_are_refused_line_by_line(text, message):
    with pytest.raises(ReachImportError) as error:
        parse(text)
    assert any(message in m for m in error.value.messages), error.value.messages


def test_every_bad_line_is_named_not_just_the_first():
    text = "Datum,Kliks\n2023-12-05,x\n2023-12-06,5\n2023-13-07,5\n"
    with pytest.raises(ReachImportError) as error:
        parse(text)
    assert [m.split(":")[0] for m in error.value.messages] == ["Regel 2", "Regel 4"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Het bestand is leeg."),
        (b"   \n\n", "Het bestand is leeg."),
        ("Datum;Kliks\n2023-12-05;5\n".encode("utf-16"), "geen UTF-8"),
        (b"Datum;Kliks\n2023-12-05;\xe9\n", "geen UTF-8"),
        (b"x" * (MAX_BYTES + 1), "groter dan 2 MB"),
    ],
)
def test_files_that_are_empty_too_large_or_not_utf8_are_refused(data, message):
    with pytest.raises(ReachImportError) as error:
        decode(data)
    assert message in error.value.messages[0]


def test_a_byte_order_mark_is_no_problem():
    rows = parse(decode("\ufeffDate,Clicks\n2024-01-01,7\n".encode()))
    assert rows[0].values == {"clicks": 7}


@pytest.fixture
def maker(client, db):
    comensha = Organisation.objects.get(slug="comensha")
    Campaign.objects.create(
        moderation="published", slug="mijn", name="Mijn", origin="registered", owner=comensha
    )
    return login_with_otp(client, "campaign_maker", "maker", organisation="comensha")


def upload(client, content: bytes, name="export.csv"):
    return client.post(
        URL, {"action": "csv", "csv-file": SimpleUploadedFile(name, content, "text/csv")}
    )


@pytest.mark.django_db
def test_an_import_stores_every_row_and_the_page_shows_them(client, maker):
    content = "Start,End,Channel,Impressions,Clicks\n2023-12-05,2023-12-24,Snapchat,940000,4700\n"
    response = upload(client, content.encode())
    assert response.status_code == 302
    figure = ReachFigure.objects.get()
    assert (figure.impressions, figure.clicks, figure.channel) == (940_000, 4700, "Snapchat")
    assert figure.entered_by == maker
    page = client.get(URL).content.decode()
    # Dutch grouping, and the click-through rate of 4.700 / 940.000.
    assert "940.000 vertoningen; 4.700 kliks (CTR 0,50%)" in page


@pytest.mark.django_db
def test_a_bad_file_stores_nothing_even_when_most_lines_are_good(client, maker):
    content = "Datum;Kliks\n2023-12-05;5\n2023-12-06;6\n2023-12-07;-1\n"
    response = upload(client, content.encode())
    assert response.status_code == 400
    page = response.content.decode()
    assert "er is niets opgeslagen" in page
    assert "Regel 4" in page
    assert not ReachFigure.objects.exists()
    assert upload(client, b"").status_code == 400  # an empty upload
    assert upload(client, b"\xff\xfe\x00").status_code == 400
    assert not ReachFigure.objects.exists()


@pytest.mark.django_db
def test_figures_entered_by_hand_are_validated(client, maker):
    data = {
        "action": "hand",
        "hand-period_start": "2021-12-29",
        "hand-period_end": "2022-01-31",
        "hand-channel": "Facebook en Instagram",
        "hand-impressions": "10447635",
        "hand-complete_views": "391753",
    }
    bad = client.post(URL, {**data, "hand-impressions": "-5"})
    assert bad.status_code == 400 and "niet negatief" in bad.content.decode()
    bad = client.post(URL, {**data, "hand-clicks": "3000000000"})
    assert bad.status_code == 400 and "Dat getal is te groot." in bad.content.decode()
    bad = client.post(URL, {**data, "hand-clicks": "veel"})
    assert bad.status_code == 400 and "Vul een geheel getal in" in bad.content.decode()
    bad = client.post(URL, {**data, "hand-period_end": "2021-01-01"})
    assert bad.status_code == 400 and "vóór de begindatum" in bad.content.decode()
    bad = client.post(URL, {**data, "hand-impressions": "", "hand-complete_views": ""})
    assert bad.status_code == 400 and "Vul ten minste één cijfer in." in bad.content.decode()
    assert not ReachFigure.objects.exists()
    assert client.post(URL, data).status_code == 302
    page = client.get(URL).content.decode()
    assert "10.447.635 vertoningen, waarvan 391.753 keer volledig bekeken" in page
    # Deleting a line of this campaign only.
    figure = ReachFigure.objects.get()
    client.post(URL, {"action": "delete", "figure": figure.pk})
    assert not ReachFigure.objects.exists()
