"""Campaign short links: /c/<code> counts a visit per day and sends the visitor on.

Issue 12, point 5: counted per day, without cookies, without storing
addresses or user agents; "campaign links never reveal who visited".
"""

from __future__ import annotations

import datetime
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from trafficking.audit.models import AuditEntry
from trafficking.campaigns import links
from trafficking.campaigns.constants import CampaignList, LinkTarget
from trafficking.campaigns.links import (
    ALPHABET,
    count_visit,
    destination,
    link_for,
    new_code,
    visits_by_day,
)
from trafficking.campaigns.models import Campaign, CampaignLink, LinkVisit

ROOT = Path(__file__).resolve().parents[3]
# Documentation ranges (RFC 5737), and a user agent no real browser sends.
VISITOR_IP = "203.0.113.77"
FORWARDED_IP = "198.51.100.23"
VISITOR_AGENT = "Mozilla/5.0 (Linux) LinkProbe/9.9.1"
VISITOR = {
    "REMOTE_ADDR": VISITOR_IP,
    "HTTP_X_FORWARDED_FOR": FORWARDED_IP,
    "HTTP_USER_AGENT": VISITOR_AGENT,
}


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        moderation="published",
        slug="linktest-campagne",
        name="Linktest campagne",
        origin=CampaignList.REGISTERED,
    )


def on_site(language: str, name: str, **kwargs) -> str:
    """The page ``name`` in ``language``, resolved by the project's own URLs."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


# --- Codes and links ----------------------------------------------------------


def test_codes_are_short_and_have_no_look_alikes(db):
    codes = {new_code() for _ in range(300)}
    assert len(codes) == 300  # random, not a counter or a clock
    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(ALPHABET)
        assert code == code.lower()  # so a code typed in capitals still finds it
    assert not set("0o1liIO") & set("".join(codes))


def test_a_new_code_skips_one_already_taken(campaign, monkeypatch):
    taken = CampaignLink.objects.create(code="aaaaaa", campaign=campaign, target="wizard")
    # Make the random source produce the taken code first, then another one.
    symbols = iter("aaaaaa" + "bbbbbb")
    monkeypatch.setattr(links.secrets, "choice", lambda _alphabet: next(symbols))
    assert new_code() == "bbbbbb"
    assert taken.code == "aaaaaa"


def test_link_for_reuses_the_active_link_with_the_same_use(campaign):
    first = link_for(campaign, LinkTarget.WIZARD, "poster Tilburg station")
    again = link_for(campaign, LinkTarget.WIZARD, "  poster Tilburg station ")
    assert again.pk == first.pk
    other_label = link_for(campaign, LinkTarget.WIZARD, "Instagram advert")
    other_target = link_for(campaign, LinkTarget.REPORT, "poster Tilburg station")
    assert len({first.code, other_label.code, other_target.code}) == 3

    first.is_active = False
    first.save()
    replacement = link_for(campaign, LinkTarget.WIZARD, "poster Tilburg station")
    assert replacement.pk != first.pk
    assert replacement.is_active


def test_link_for_refuses_an_unknown_target(campaign):
    with pytest.raises(ValueError, match="unknown link target"):
        link_for(campaign, "homepage")
    assert not CampaignLink.objects.exists()


# --- Counting ------------------------------------------------------------------


def test_visits_are_counted_per_day_in_dutch_time(client, campaign):
    link = link_for(campaign, LinkTarget.WIZARD)
    url = f"/c/{link.code}"
    with freeze_time("2026-03-02 10:00:00+00:00"):
        client.get(url)
        client.get(url)
    # 23:30 UTC is 00:30 the next day in Amsterdam (UTC+1 in March).
    with freeze_time("2026-03-02 23:30:00+00:00"):
        client.get(url)
    with freeze_time("2026-03-05 08:00:00+00:00"):
        client.get(url)

    rows = list(LinkVisit.objects.filter(link=link).values_list("day", "count"))
    assert rows == [
        (datetime.date(2026, 3, 2), 2),
        (datetime.date(2026, 3, 3), 1),
        (datetime.date(2026, 3, 5), 1),
    ]
    assert visits_by_day(link, since=datetime.date(2026, 3, 3)) == rows[1:]
    assert visits_by_day(campaign, until=datetime.date(2026, 3, 2)) == rows[:1]


def test_two_links_count_separately_and_add_up_per_campaign(client, campaign):
    poster = link_for(campaign, LinkTarget.WIZARD, "poster")
    advert = link_for(campaign, LinkTarget.REPORT, "advert")
    other = Campaign.objects.create(
        moderation="published",
        slug="andere-campagne",
        name="Andere campagne",
        origin=CampaignList.REGISTERED,
    )
    elsewhere = link_for(other, LinkTarget.WIZARD)
    day = datetime.date(2026, 5, 1)
    with freeze_time("2026-05-01 12:00:00+00:00"):
        for _ in range(3):
            client.get(f"/c/{poster.code}")
        client.get(f"/c/{advert.code}")
        client.get(f"/c/{elsewhere.code}")

    assert visits_by_day(poster) == [(day, 3)]
    assert visits_by_day(advert) == [(day, 1)]
    assert visits_by_day(campaign) == [(day, 4)]
    assert visits_by_day(other) == [(day, 1)]


def test_count_visit_adds_to_an_existing_day(campaign):
    link = link_for(campaign, LinkTarget.WIZARD)
    day = datetime.date(2026, 1, 31)
    for _ in range(5):
        count_visit(link, day)
    assert LinkVisit.objects.get(link=link, day=day).count == 5
    assert LinkVisit.objects.count() == 1


def test_head_redirects_without_counting(client, campaign):
    link = link_for(campaign, LinkTarget.WIZARD)
    head = client.head(f"/c/{link.code}")
    assert head.status_code == 302
    assert not LinkVisit.objects.exists()
    get = client.get(f"/c/{link.code}")
    assert get["Location"] == head["Location"]
    assert LinkVisit.objects.get(link=link).count == 1


def test_other_methods_are_refused_and_not_counted(client, campaign):
    link = link_for(campaign, LinkTarget.WIZARD)
    assert client.post(f"/c/{link.code}").status_code in (403, 405)
    assert client.put(f"/c/{link.code}").status_code in (403, 405)
    assert not LinkVisit.objects.exists()


def test_the_code_works_in_capitals_and_with_a_trailing_slash(client, campaign):
    link = link_for(campaign, LinkTarget.WIZARD)
    plain = client.get(f"/c/{link.code}")
    for variant in (f"/c/{link.code.upper()}", f"/c/{link.code}/"):
        response = client.get(variant)
        assert response.status_code == 302, variant
        assert response["Location"] == plain["Location"]
    assert LinkVisit.objects.get(link=link).count == 3


def test_an_unknown_code_is_a_friendly_404_that_counts_nothing(client, campaign):
    link_for(campaign, LinkTarget.WIZARD)
    response = client.get("/c/zzzzzz", **VISITOR)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Deze link werkt niet" in body
    assert 'id="quick-exit"' in body  # the public page's quick exit
    assert f'href="{on_site("nl", "pages:wizard")}"' in body
    assert 'href="/nl/"' in body
    assert "Set-Cookie" not in response
    assert not LinkVisit.objects.exists()


def test_the_404_speaks_the_visitors_language(client, db):
    response = client.get("/c/zzzzzz", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert '<html lang="en"' in response.content.decode()
    # The language switch leads to start pages (this page has no address per language).
    assert 'href="/pl/"' in response.content.decode()


def test_an_inactive_link_is_a_404_and_counts_nothing(client, campaign):
    link = link_for(campaign, LinkTarget.WIZARD)
    link.is_active = False
    link.save()
    assert client.get(f"/c/{link.code}").status_code == 404
    assert not LinkVisit.objects.exists()


# --- Destinations ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en", "pl", "ar"])
@pytest.mark.parametrize(
    ("target", "name"),
    [
        (LinkTarget.WIZARD, "pages:wizard"),
        (LinkTarget.REPORT, "reports:report"),
        (LinkTarget.ADVICE, "reports:advice"),
    ],
)
def test_on_site_targets_open_in_the_visitors_language_with_the_campaign(
    client, campaign, language, target, name
):
    link = link_for(campaign, target)
    response = client.get(f"/c/{link.code}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"/{language}/")
    assert location == on_site(language, name) + f"?via={link.code}"
    # The page opens, in that language.
    page = client.get(location)
    assert page.status_code == 200
    assert f'<html lang="{language}"' in page.content.decode()


def test_the_known_dutch_and_polish_addresses(client, campaign):
    wizard = link_for(campaign, LinkTarget.WIZARD)
    report = link_for(campaign, LinkTarget.REPORT)
    # Without Accept-Language: Dutch, as the root redirect does.
    assert client.get(f"/c/{wizard.code}")["Location"] == f"/nl/wegwijzer/?via={wizard.code}"
    # The report form's path is Dutch in every language (reports/urls.py).
    polish = client.get(f"/c/{report.code}", HTTP_ACCEPT_LANGUAGE="pl-PL,pl;q=0.9,en;q=0.5")
    assert polish["Location"] == f"/pl/melden/?via={report.code}"
    german = client.get(f"/c/{report.code}", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert german["Location"] == f"/nl/melden/?via={report.code}"


@pytest.mark.parametrize("language", ["nl", "pl"])
def test_the_campaign_page_target_opens_the_register_entry(client, campaign, language):
    link = link_for(campaign, LinkTarget.CAMPAIGN_PAGE)
    location = client.get(f"/c/{link.code}", HTTP_ACCEPT_LANGUAGE=language)["Location"]
    expected = on_site(language, "campaigns:detail", slug=campaign.slug)
    assert location == f"{expected}?via={link.code}"
    page = client.get(location)
    assert page.status_code == 200
    assert "Linktest campagne" in page.content.decode()


def test_a_landing_link_goes_to_the_campaigns_own_site_without_via(client, campaign):
    campaign.url = "https://campagne.example.org/doe-mee?bron=poster"
    campaign.save()
    link = link_for(campaign, LinkTarget.LANDING)
    response = client.get(f"/c/{link.code}", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 302
    assert response["Location"] == "https://campagne.example.org/doe-mee?bron=poster"
    assert "via" not in response["Location"]
    assert LinkVisit.objects.get(link=link).count == 1


def test_a_landing_link_without_an_address_opens_the_campaign_page(client, campaign):
    link = link_for(campaign, LinkTarget.LANDING)
    location = client.get(f"/c/{link.code}")["Location"]
    expected = on_site("nl", "campaigns:detail", slug=campaign.slug)
    assert location == f"{expected}?via={link.code}"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.org/poster.pdf",
        "//evil.example.org/",
        "https://evil.example.org/\r\nSet-Cookie: x=1",
        "https:///no-host",
        "vbscript:msgbox(1)",
    ],
)
def test_a_landing_address_that_is_not_plain_http_falls_back_to_the_campaign_page(
    client, campaign, url
):
    # Saved past the model's validation, as a data load or the shell could.
    Campaign.objects.filter(pk=campaign.pk).update(url=url)
    link = link_for(campaign, LinkTarget.LANDING)
    response = client.get(f"/c/{link.code}")
    assert response.status_code == 302
    expected = on_site("nl", "campaigns:detail", slug=campaign.slug)
    assert response["Location"] == f"{expected}?via={link.code}"


def test_destination_is_plain_python_too(campaign):
    link = link_for(campaign, LinkTarget.WIZARD)
    assert destination(link, "uk") == on_site("uk", "pages:wizard") + f"?via={link.code}"
    assert destination(link, "uk").startswith("/uk/")


# --- What the answer says and what it leaves behind -----------------------------


def test_the_redirect_is_never_cached_sets_no_cookie_and_sends_no_referrer(client, campaign):
    link = link_for(campaign, LinkTarget.WIZARD)
    response = client.get(f"/c/{link.code}", HTTP_ACCEPT_LANGUAGE="pl", **VISITOR)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    assert not response.cookies
    assert response["Referrer-Policy"] == "no-referrer"
    vary = {header.strip().lower() for header in response["Vary"].split(",")}
    assert "accept-language" in vary


def test_a_visit_with_existing_cookies_sets_none_either(client, campaign):
    # A visitor who once used the language switcher carries its cookie; it is
    # read for the language, never renewed, and no session or CSRF cookie starts.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ro"
    link = link_for(campaign, LinkTarget.REPORT)
    response = client.get(f"/c/{link.code}", HTTP_ACCEPT_LANGUAGE="pl")
    assert response["Location"] == f"/ro/melden/?via={link.code}"
    assert not response.cookies


def _stored_text() -> str:
    """Every value of every row of every model, as text."""
    parts = []
    for model in apps.get_models():
        if not model._meta.managed:
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*fields):
            parts.extend(str(value) for value in row)
    return "\n".join(parts)


def test_no_address_or_user_agent_is_stored_anywhere(client, campaign):
    link = link_for(campaign, LinkTarget.WIZARD, "poster Tilburg station")
    audit_before = AuditEntry.objects.count()
    for _ in range(3):
        assert client.get(f"/c/{link.code}", **VISITOR).status_code == 302
    client.get("/c/zzzzzz", **VISITOR)  # and a wrong code

    stored = _stored_text()
    assert "poster Tilburg station" in stored  # the scan does see the link's rows
    for trace in (VISITOR_IP, FORWARDED_IP, "LinkProbe"):
        assert trace not in stored
    # The visit is counted in LinkVisit alone: one row with a day and a number.
    visit = LinkVisit.objects.get(link=link)
    assert visit.count == 3
    assert {f.name for f in LinkVisit._meta.concrete_fields} == {"id", "link", "day", "count"}
    assert AuditEntry.objects.count() == audit_before
    assert link.history.count() == 1  # created once, never rewritten by a visit


# --- Concurrency, in separate processes on a copy of the test database -----------

RACE = textwrap.dedent(
    """
    import sys, threading
    import django
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    code, threads, visits, process = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    barrier = threading.Barrier(threads)
    failures = []

    def visit(number):
        client = Client()
        try:
            barrier.wait()
            for _ in range(visits):
                response = client.get(
                    "/c/" + code,
                    REMOTE_ADDR="203.0.113.%d" % (100 + number),
                    HTTP_USER_AGENT="Mozilla/5.0 RaceProbe/%s.%d" % (process, number),
                )
                if response.status_code != 302:
                    failures.append(response.status_code)
        except Exception as error:
            failures.append(repr(error))
        finally:
            connection.close()

    workers = [threading.Thread(target=visit, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(failures)
    sys.exit(1 if failures else 0)
    """
)

SETUP = textwrap.dedent(
    """
    import django
    django.setup()
    from trafficking.campaigns.links import link_for
    from trafficking.campaigns.models import Campaign
    campaign = Campaign.objects.create(
        slug="race", name="Race", origin="registered", moderation="published"
    )
    print(link_for(campaign, "wizard").code)
    """
)
PROCESSES, THREADS, VISITS = 3, 4, 15


def _python(env: dict, script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def race(django_db_setup, tmp_path_factory):
    """Many visitors follow one link at once: threads in several processes,
    each with its own database connection, on a copy of the test database."""
    if connection.vendor != "sqlite":
        pytest.skip("the race runs on a copy of the SQLite test database")
    import os

    workdir = tmp_path_factory.mktemp("race")
    copy = workdir / "db.sqlite3"
    with sqlite3.connect(connection.settings_dict["NAME"]) as source, sqlite3.connect(copy) as to:
        source.backup(to)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SQLITE_PATH=str(copy), VAR_DIR=str(workdir), DEBUG="false")

    setup = _python(env, SETUP)
    out, err = setup.communicate(timeout=60)
    assert setup.returncode == 0, err
    code = out.strip().splitlines()[-1]

    racers = [_python(env, RACE, code, str(THREADS), str(VISITS), str(n)) for n in range(PROCESSES)]
    results = [racer.communicate(timeout=120) for racer in racers]
    for racer, (out, err) in zip(racers, results, strict=True):
        assert racer.returncode == 0, out + err

    with sqlite3.connect(copy) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = db.execute(
            "SELECT v.day, v.count FROM campaigns_linkvisit v "
            "JOIN campaigns_campaignlink l ON l.id = v.link_id WHERE l.code = ?",
            (code,),
        ).fetchall()
    raw = b"".join(p.read_bytes() for p in workdir.iterdir() if p.name.startswith("db.sqlite3"))
    return {"code": code, "rows": rows, "raw": raw}


def test_concurrent_visits_are_all_counted(race):
    # One row per day (two if the race ran across midnight), none lost.
    assert 1 <= len(race["rows"]) <= 2
    assert sum(count for _day, count in race["rows"]) == PROCESSES * THREADS * VISITS


def test_the_database_file_holds_no_trace_of_the_visitors(race):
    assert race["code"].encode() in race["raw"]  # the scan reads the real file
    for trace in (b"203.0.113.", b"RaceProbe"):
        assert trace not in race["raw"]
