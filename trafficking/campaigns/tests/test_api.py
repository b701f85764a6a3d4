"""The campaigns API (/api/v1/campaigns, /materials, /effect): behaviour and every bad input.

The schemathesis run in trafficking/directory/tests/test_api.py fuzzes these
operations too (it walks the whole schema).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from trafficking.campaigns.models import Campaign, Material, ReportTally
from trafficking.directory.models import Organisation

pytestmark = pytest.mark.django_db

FIRST = date(2024, 1, 1)  # a Monday
SUMMARY_KEYS = {
    "rate_ratio",
    "ci_low",
    "ci_high",
    "p_value",
    "extra_reports",
    "extra_ci_low",
    "extra_ci_high",
    "method",
}
AMSTERDAM = "amsterdamse-week-tegen-mensenhandel"


def simulated_counts(*, days=240, window=(150, 179), ratio=2.0, level=8.0, seed=3) -> list[int]:
    """Poisson counts with a weekly pattern; the window's rate multiplied by ``ratio``."""
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    weekday = np.array([0.2, 0.1, 0.05, 0.0, -0.05, -0.3, -0.4])
    mu = level * np.exp(weekday[t % 7])
    mu[window[0] : window[1] + 1] *= ratio
    return [int(c) for c in rng.poisson(mu)]


def rows(counts, first=FIRST) -> list[dict]:
    return [
        {"date": (first + timedelta(days=i)).isoformat(), "count": c} for i, c in enumerate(counts)
    ]


def day(index: int) -> str:
    return (FIRST + timedelta(days=index)).isoformat()


def post_effect(client, body, **headers):
    return client.post(
        "/api/v1/effect",
        json.dumps(body) if not isinstance(body, str) else body,
        content_type="application/json",
        **headers,
    )


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


# --- the register -------------------------------------------------------------


def test_the_list_holds_every_active_campaign(client):
    body = client.get("/api/v1/campaigns").json()
    active = Campaign.objects.active()
    assert body["count"] == len(body["results"]) == active.count() == 54
    assert {c["slug"] for c in body["results"]} == set(active.values_list("slug", flat=True))
    first = body["results"][0]
    expected = {"slug", "name", "origin", "complete", "goal", "audiences", "forms", "format"}
    expected |= {"region", "areas", "period", "starts_on", "ends_on", "ongoing"}
    expected |= {"call_to_action", "url", "senders", "source", "status"}
    assert expected <= set(first)


def test_filters_are_the_public_list_s(client):
    everything = client.get("/api/v1/campaigns").json()["count"]
    body = client.get("/api/v1/campaigns", {"audience": "youth", "form": "sexual"}).json()
    expected = {
        c.slug
        for c in Campaign.objects.active()
        if "youth" in (c.audiences or []) and "sexual" in (c.forms or [])
    }
    assert 0 < body["count"] < everything
    assert {c["slug"] for c in body["results"]} == expected
    general = client.get("/api/v1/campaigns", {"form": "general"}).json()["results"]
    assert general and all(c["forms"] == [] for c in general)
    named = client.get("/api/v1/campaigns", {"origin": "named_by_respondents"}).json()
    assert named["count"] == 23
    assert all(not c["complete"] for c in named["results"])


def test_search_and_province(client):
    found = client.get("/api/v1/campaigns", {"q": "amsterdamse week"}).json()["results"]
    assert [c["slug"] for c in found] == [AMSTERDAM]
    # Amsterdam lies in Noord-Holland (PV27); the campaign is not national.
    assert AMSTERDAM in {
        c["slug"] for c in client.get("/api/v1/campaigns", {"province": "PV27"}).json()["results"]
    }
    assert AMSTERDAM not in {
        c["slug"] for c in client.get("/api/v1/campaigns", {"province": "PV31"}).json()["results"]
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"audience": "aliens"}, "audience"),
        ({"form": "<script>"}, "form"),
        ({"province": "Atlantis"}, "province"),
        ({"status": "soon"}, "status"),
        ({"origin": ""}, "origin"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(client, params, field):
    response = client.get("/api/v1/campaigns", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_a_bad_filter_message_is_in_the_caller_s_language(client):
    english = client.get("/api/v1/campaigns", {"status": "soon"}, HTTP_ACCEPT_LANGUAGE="en")
    dutch = client.get("/api/v1/campaigns", {"status": "soon"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert english["Content-Language"] == "en"
    # Django's own message, translated by Django itself.
    assert english.json()["errors"]["status"][0].startswith("Select a valid choice")
    assert dutch.json()["errors"]["status"][0].startswith("Selecteer een geldige keuze")


def test_one_campaign_with_its_senders_linked_to_the_directory(client):
    body = client.get(f"/api/v1/campaigns/{AMSTERDAM}").json()
    campaign = Campaign.objects.get(slug=AMSTERDAM)
    assert body["name"] == campaign.name == "Amsterdamse Week tegen Mensenhandel"
    assert body["source"] == campaign.source and body["source"]
    assert {"name": "Gemeente Amsterdam", "organisation": "gemeente-amsterdam"} in body["senders"]


def test_an_unknown_campaign_is_a_404_in_the_errors_shape(client):
    response = client.get("/api/v1/campaigns/does-not-exist", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Language"] == "en"
    assert response.json()["errors"]["slug"] == [in_language("en", "Onbekende campagne.")]
    dutch = client.get("/api/v1/campaigns/does-not-exist", HTTP_ACCEPT_LANGUAGE="nl")
    assert dutch.json()["errors"]["slug"] == ["Onbekende campagne."]


def test_a_withdrawn_campaign_is_not_served(client):
    Campaign.objects.filter(slug=AMSTERDAM).update(is_active=False)
    assert client.get(f"/api/v1/campaigns/{AMSTERDAM}").status_code == 404
    assert client.get("/api/v1/campaigns").json()["count"] == 53


def test_a_script_url_is_not_passed_on(client):
    Campaign.objects.filter(slug=AMSTERDAM).update(url="javascript:alert(1)")
    assert client.get(f"/api/v1/campaigns/{AMSTERDAM}").json()["url"] == ""


def test_stats_are_exactly_the_command_s(client):
    out = StringIO()
    call_command("campaign_stats", "--json", stdout=out)
    response = client.get("/api/v1/campaigns/stats")
    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())
    assert response.json()["total"] == 54


def test_the_schema_documents_every_operation_and_the_stats_keys(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/campaigns",
        "/api/v1/campaigns/{slug}",
        "/api/v1/campaigns/stats",
        "/api/v1/campaigns/coverage",
        "/api/v1/campaigns/{slug}/effect",
        "/api/v1/materials",
        "/api/v1/effect",
    ):
        operation = next(iter(paths[path].values()))
        assert operation["tags"] == ["campaigns"]
        assert operation["summary"]
    stats = schema["components"]["schemas"]["CampaignStatsOut"]["properties"]
    assert {"total", "online_search", "named_by_respondents", "forms_online"} <= set(stats)
    assert all(prop.get("description") for key, prop in stats.items() if key != "percent")
    effect_in = schema["components"]["schemas"]["EffectIn"]
    assert effect_in["required"] == ["counts", "start", "end"]
    assert effect_in["properties"]["counts"]["items"]["properties"]["count"]["minimum"] == 0


# --- coverage -----------------------------------------------------------------


def test_coverage_of_the_country(client):
    body = client.get("/api/v1/campaigns/coverage").json()
    assert body["region"] == "NL"
    assert len(body["per_province"]) == 12
    assert body["advice"] and all(a["text"] and a["source"] for a in body["advice"])
    cells = [cell for row in body["rows"] for cell in row["cells"]]
    assert len(cells) == len(body["rows"]) * len(body["forms"])
    assert body["empty_cells"] == sum(cell["empty"] for cell in cells) > 0
    assert all(cell["count"] == cell["regional"] + cell["national"] for cell in cells)
    assert all(cell["count"] == len(cell["campaigns"]) for cell in cells)
    priority = {row["audience"] for row in body["rows"] if row["priority"]}
    assert {"victims", "parents", "professionals"} <= priority
    # A cell's campaigns really have that audience and form.
    by_slug = {c.slug: c for c in Campaign.objects.active()}
    for row in body["rows"]:
        for cell in row["cells"]:
            for slug in cell["campaigns"]:
                campaign = by_slug[slug]
                assert row["audience"] in campaign.audiences
                if cell["form"] == "general":
                    assert campaign.forms == []
                else:
                    assert cell["form"] in campaign.forms


def test_coverage_of_a_province_counts_its_own_and_national_campaigns(client):
    country = client.get("/api/v1/campaigns/coverage").json()
    holland = client.get("/api/v1/campaigns/coverage", {"region": "PV27"}).json()
    assert holland["region"] == "PV27" and holland["region_name"] == "Noord-Holland"
    assert 0 < holland["counted"] < country["counted"]
    national = [c["national"] for row in country["rows"] for c in row["cells"]]
    assert national == [c["national"] for row in holland["rows"] for c in row["cells"]]


@pytest.mark.parametrize("region", ["Atlantis", "PV99", "", "GM0363"])
def test_a_bad_region_is_a_400_with_a_message(client, region):
    response = client.get("/api/v1/campaigns/coverage", {"region": region})
    assert response.status_code == 400
    (message,) = response.json()["errors"]["region"]
    assert message


# --- materials ----------------------------------------------------------------


@pytest.fixture
def materials(db):
    owner = Organisation.objects.get(slug="comensha")
    campaign = Campaign.objects.get(slug=AMSTERDAM)
    common = {"owner": owner, "description": ""}
    poster = Material.objects.create(
        title="Poster werk",
        kind="poster",
        audiences=["citizens"],
        forms=["labour"],
        languages=["nl", "pl"],
        licence="free_to_adapt",
        campaign=campaign,
        stored_name="a" * 32,
        file_name="poster.pdf",
        content_type="application/pdf",
        status="published",
        **common,
    )
    video = Material.objects.create(
        title="Video",
        kind="video",
        audiences=["youth"],
        forms=[],
        languages=["nl"],
        licence="use_unchanged",
        external_url="https://example.org/video",
        status="published",
        **common,
    )
    Material.objects.create(
        title="Nog niet gecontroleerd",
        kind="poster",
        audiences=["citizens"],
        languages=["nl"],
        licence="free_to_adapt",
        stored_name="b" * 32,
        status="submitted",
        **common,
    )
    Material.objects.create(
        title="Afgewezen",
        kind="flyer",
        licence="ask_owner",
        stored_name="c" * 32,
        status="rejected",
        **common,
    )
    return poster, video


def test_only_published_materials_are_listed(client, materials):
    poster, video = materials
    body = client.get("/api/v1/materials").json()
    assert body["count"] == 2
    assert {m["title"] for m in body["results"]} == {"Poster werk", "Video"}
    listed = {m["id"]: m for m in body["results"]}
    assert listed[poster.pk]["campaign"] == AMSTERDAM
    assert listed[poster.pk]["has_file"] is True
    assert listed[poster.pk]["owner"] == "CoMensha"
    assert listed[poster.pk]["owner_slug"] == "comensha"
    assert listed[video.pk]["has_file"] is False
    assert listed[video.pk]["download_url"] is None
    assert listed[video.pk]["external_url"] == "https://example.org/video"
    # The stored name of a file is never shown.
    assert "a" * 32 not in json.dumps(body)


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"kind": "video"}, {"Video"}),
        ({"language": "pl"}, {"Poster werk"}),
        ({"audience": "youth"}, {"Video"}),
        ({"form": "general"}, {"Video"}),
        ({"form": "labour"}, {"Poster werk"}),
        ({"licence": "use_unchanged"}, {"Video"}),
        ({"kind": "flyer"}, set()),
    ],
)
def test_material_filters(client, materials, params, titles):
    body = client.get("/api/v1/materials", params).json()
    assert {m["title"] for m in body["results"]} == titles


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "sculpture"}, "kind"),
        ({"language": "Nederlands"}, "language"),
        ({"language": "<b>"}, "language"),
        ({"licence": "public_domain"}, "licence"),
        ({"audience": ""}, "audience"),
    ],
)
def test_a_bad_material_filter_is_a_400(client, materials, params, field):
    response = client.get("/api/v1/materials", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


# --- effect of a campaign in the register --------------------------------------


def _seed_tallies(region, form, first, last, start, end, ratio, rng):
    rows_ = []
    current = first
    while current <= last:
        mean = 6.0 * (ratio if start <= current <= end else 1.0)
        count = int(rng.poisson(mean))
        if count:
            rows_.append(
                ReportTally(day=current, region=region, form=form, kind="report", count=count)
            )
        current += timedelta(days=1)
    ReportTally.objects.bulk_create(rows_)


def test_the_effect_of_a_campaign_on_its_own_reports(client):
    today = timezone.localdate()
    start, end = today - timedelta(days=120), today - timedelta(days=91)
    rng = np.random.default_rng(5)
    _seed_tallies("PV30", "labour", start - timedelta(days=400), today, start, end, 2.0, rng)
    # Another province's reports do not move and must not water the effect down.
    _seed_tallies("PV31", "labour", start - timedelta(days=400), today, start, end, 1.0, rng)
    Campaign.objects.create(
        moderation="published",
        slug="test-effect",
        name="Test",
        origin="registered",
        areas=["PV30"],
        forms=["labour"],
        starts_on=start,
        ends_on=end,
    )
    response = client.get("/api/v1/campaigns/test-effect/effect")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= SUMMARY_KEYS
    assert body["start"] == start.isoformat() and body["end"] == end.isoformat()
    assert body["series_start"] == (start - timedelta(days=365)).isoformat()
    assert body["ci_low"] < 2.0 < body["ci_high"]
    assert body["ci_low"] > 1.3  # the PV31 reports would pull it towards 1.5


def test_a_campaign_that_cannot_be_measured_says_why(client):
    undated = Campaign.objects.filter(starts_on__isnull=True).active().first()
    response = client.get(f"/api/v1/campaigns/{undated.slug}/effect")
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "De begindatum van deze campagne is niet bekend."
    ]
    # A dated campaign without any tallied report: nothing to estimate.
    dated = Campaign.objects.filter(starts_on__isnull=False).active().first()
    response = client.get(f"/api/v1/campaigns/{dated.slug}/effect", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response["Content-Language"] == "en"
    assert response.json()["errors"]["__all__"][0]
    assert client.get("/api/v1/campaigns/nope/effect").status_code == 404


# --- effect of a posted series -------------------------------------------------


def known_effect_body(**changes):
    body = {"counts": rows(simulated_counts()), "start": day(150), "end": day(179)}
    return {**body, **changes}


def test_a_posted_series_gives_the_command_s_figures(client, tmp_path):
    body = known_effect_body()
    response = post_effect(client, body)
    assert response.status_code == 200
    figures = response.json()
    # The same series through the command, read from a CSV.
    csv = tmp_path / "counts.csv"
    csv.write_text("date,count\n" + "".join(f"{r['date']},{r['count']}\n" for r in body["counts"]))
    out = StringIO()
    call_command(
        "campaign_effect", str(csv), "--start", day(150), "--end", day(179), "--json", stdout=out
    )
    assert {k: figures[k] for k in SUMMARY_KEYS} == json.loads(out.getvalue())
    # Simulated with a doubling in the window.
    assert figures["ci_low"] < 2.0 < figures["ci_high"] and figures["ci_low"] > 1
    assert figures["n_days_during"] == 30 and figures["n_days_before"] == 150
    assert figures["n_days_after"] == 60 and figures["after_rate_ratio"] is not None
    assert figures["series_end"] == day(239)
    assert figures["observed_during"] == sum(simulated_counts()[150:180])


def test_rows_may_come_in_any_order(client):
    body = known_effect_body()
    shuffled = {**body, "counts": list(reversed(body["counts"]))}
    assert post_effect(client, shuffled).json() == post_effect(client, body).json()


def _without(index):
    body = known_effect_body()
    del body["counts"][index]
    return body


def _with_count(index, value):
    body = known_effect_body()
    body["counts"][index]["count"] = value
    return body


BAD_BODIES = [
    ("missing day", _without(20), "counts", "Ontbrekende dag(en): 2024-01-21 (1)."),
    ("negative", _with_count(3, -2), "counts", "counts[3].count: het aantal -2 is negatief"),
    ("text", _with_count(4, "veel"), "counts", "counts[4].count: het aantal “veel” is geen"),
    ("number as text", _with_count(4, "7"), "counts", "counts[4].count: het aantal “7” is geen"),
    ("fraction", _with_count(5, 2.5), "counts", "counts[5].count: het aantal “2.5” is geen"),
    ("boolean", _with_count(5, True), "counts", "counts[5].count: het aantal “True” is geen"),
    ("huge", _with_count(6, 10**12), "counts", "counts[6].count: het aantal 1000000000000 is"),
    (
        "bad date",
        {**known_effect_body(), "counts": [{"date": "01-01-2024", "count": 1}]},
        "counts",
        "counts[0].date: “01-01-2024” is geen datum",
    ),
    (
        "duplicate",
        {**known_effect_body(), "counts": rows([1, 2]) + rows([3])},
        "counts",
        "counts[2].date: de datum 2024-01-01 staat ook in counts[0]",
    ),
    ("no list", known_effect_body(counts="1,2,3"), "counts", "Geef counts als een lijst"),
    ("empty", known_effect_body(counts=[]), "counts", "De reeks bevat geen dagen."),
    ("row no object", known_effect_body(counts=[5]), "counts", "counts[0]: verwacht een datum"),
    ("no counts", {"start": day(150), "end": day(179)}, "counts", "Geef counts als een lijst"),
    (
        "too long",
        known_effect_body(counts=rows([1] * 7321)),
        "counts",
        "Te veel regels: ten hoogste 7320 dagen.",
    ),
    ("bad start", known_effect_body(start="gisteren"), "start", "Voer een geldige datum in."),
    ("no end", {**known_effect_body(), "end": None}, "end", "Dit veld is verplicht."),
    (
        "window outside",
        known_effect_body(start=day(230), end=day(260)),
        "__all__",
        "De campagneperiode 2024-08-18 t/m 2024-09-17 valt buiten de reeks "
        "(2024-01-01 t/m 2024-08-27).",
    ),
    (
        "one day window",
        known_effect_body(start=day(150), end=day(150)),
        "__all__",
        "De campagneperiode is 1 dag(en); er zijn er minstens 7 nodig.",
    ),
    (
        "end before start",
        known_effect_body(start=day(179), end=day(150)),
        "__all__",
        "Het einde van de campagne (2024-05-30) ligt vóór het begin (2024-06-28).",
    ),
    (
        "too little before",
        known_effect_body(start=day(10), end=day(40)),
        "__all__",
        "Er zijn 10 dag(en) vóór de campagne",
    ),
    (
        "only zeros",
        known_effect_body(counts=rows([0] * 240)),
        "__all__",
        "De reeks bevat alleen nullen",
    ),
]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [case[1:] for case in BAD_BODIES],
    ids=[case[0] for case in BAD_BODIES],
)
def test_every_bad_series_is_a_400_with_a_clear_message(client, body, field, message):
    response = post_effect(client, body, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors, errors
    assert errors[field][0].startswith(message), errors[field][0]


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"counts": '])
def test_a_body_that_is_not_a_json_object_is_a_400(client, body):
    response = post_effect(client, body)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_messages_follow_the_caller_s_language(client):
    bad = known_effect_body(start="yesterday", end=day(150))
    english = post_effect(client, bad, HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en"
    assert english.json()["errors"]["start"] == ["Enter a valid date."]
    outside = known_effect_body(start=day(230), end=day(260))
    for language in ("en", "pl"):
        response = client.post(
            f"/api/v1/effect?language={language}",
            json.dumps(outside),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="nl",
        )
        assert response["Content-Language"] == language
        with translation.override(language):
            expected = translation.gettext(
                "De campagneperiode %(start)s t/m %(end)s valt buiten de reeks "
                "(%(first)s t/m %(last)s)."
            ) % {"start": day(230), "end": day(260), "first": day(0), "last": day(239)}
        assert response.json()["errors"]["__all__"] == [expected]


def test_a_body_over_the_api_limit_is_refused_before_it_is_read(client, settings):
    body = json.dumps(known_effect_body()) + " " * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = post_effect(client, body)
    assert response.status_code == 413
    assert response.json()["errors"]["request"]


def test_nothing_is_stored(client):
    before = (ReportTally.objects.count(), Campaign.objects.count(), Material.objects.count())
    post_effect(client, known_effect_body())
    post_effect(client, known_effect_body(start="x"))
    after = (ReportTally.objects.count(), Campaign.objects.count(), Material.objects.count())
    assert before == after
