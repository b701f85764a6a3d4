"""The register is loaded from its data file strictly and idempotently."""

import copy
import datetime

import pytest
import yaml
from django.core.management import CommandError, call_command

from trafficking.campaigns.constants import CampaignList
from trafficking.campaigns.models import Campaign, Sender
from trafficking.campaigns.register import (
    CAMPAIGNS_FILE,
    CampaignError,
    load_campaigns,
    parse_month,
    read_campaigns,
)
from trafficking.directory.models import Organisation
from trafficking.geography.models import Municipality, Province, SafetyRegion

pytestmark = pytest.mark.django_db

RAW = yaml.safe_load(CAMPAIGNS_FILE.read_text(encoding="utf-8"))
ONLINE = [c for c in RAW["campaigns"] if c["list"] == "online_search"]


def history_rows() -> int:
    return Campaign.history.count() + Sender.history.count()


def write(tmp_path, raw, name="campaigns.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def edited(change):
    """A deep copy of the data file with ``change(campaigns)`` applied."""
    raw = copy.deepcopy(RAW)
    change(raw["campaigns"])
    return raw


def record(campaigns, slug):
    return next(c for c in campaigns if c["slug"] == slug)


@pytest.fixture
def loaded(db):
    """The real file loaded (the session database already holds it; this
    makes the test independent of that)."""
    load_campaigns(read_campaigns())


def test_the_real_file_loads_54_campaigns_31_online_and_23_named(loaded):
    active = Campaign.objects.active()
    assert active.count() == 54
    assert active.filter(origin=CampaignList.ONLINE_SEARCH).count() == 31
    assert active.filter(origin=CampaignList.NAMED_BY_RESPONDENTS).count() == 23
    assert not active.filter(origin=CampaignList.NAMED_BY_RESPONDENTS, complete=True).exists()
    assert set(active.values_list("slug", flat=True)) == {c["slug"] for c in RAW["campaigns"]}


def test_senders_are_linked_to_the_directory_in_the_file_order(loaded):
    for raw in ONLINE:
        campaign = Campaign.objects.get(slug=raw["slug"])
        stored = [
            (s.name, s.organisation.slug if s.organisation else None)
            for s in campaign.senders.select_related("organisation")
        ]
        assert stored == [(s["name"], s["organisation"]) for s in raw["senders"]], raw["slug"]
        linked = [s["organisation"] for s in raw["senders"] if s["organisation"]]
        assert (campaign.owner.slug if campaign.owner else None) == (linked[0] if linked else None)
    # A sender found in the directory can be followed from the organisation.
    fairwork = Organisation.objects.get(slug="fairwork")
    assert set(fairwork.campaigns_sent.values_list("campaign__slug", flat=True)) >= {
        "goedkopearbeidskracht",
        "out-of-the-shadows",
        "when-you-work-you-have-rights",
    }


def test_areas_exist_in_the_geography_and_follow_the_region(loaded):
    codes = {"NL"}
    codes |= set(Province.objects.values_list("code", flat=True))
    codes |= set(SafetyRegion.objects.values_list("code", flat=True))
    codes |= set(Municipality.objects.values_list("code", flat=True))
    for campaign in Campaign.objects.all():
        assert set(campaign.areas) <= codes, campaign.slug
        if campaign.region == "national":
            assert campaign.areas == ["NL"], campaign.slug
        if not campaign.region:
            assert campaign.areas == [], campaign.slug
    tilburg = Municipality.objects.get(name="Tilburg")
    assert Campaign.objects.get(slug="beroofd-van-je-vrijheid").areas == [tilburg.code]
    hls = Campaign.objects.get(slug="animatie-wat-kunt-u-doen-bij-vermoedens-van-arbeidsuitbuiting")
    assert sorted(Municipality.objects.get(code=c).name for c in hls.areas) == [
        "Hillegom",
        "Lisse",
        "Teylingen",
    ]
    twente = Campaign.objects.get(slug="onzichtbaar-maar-waar")
    assert [SafetyRegion.objects.get(code=c).name for c in twente.areas] == ["Twente"]
    limburg = Campaign.objects.get(slug="horen-zien-melden")
    assert [Province.objects.get(code=c).name for c in limburg.areas] == ["Limburg"]


def test_periods_become_dates_from_the_first_to_the_last_day():
    assert parse_month("2022-05") == datetime.date(2022, 5, 1)
    assert parse_month("2022-08", end=True) == datetime.date(2022, 8, 31)
    assert parse_month("2024-02", end=True) == datetime.date(2024, 2, 29)
    assert parse_month("2021") == datetime.date(2021, 1, 1)
    assert parse_month("2021", end=True) == datetime.date(2021, 12, 31)
    assert parse_month(None) is None


def test_the_stated_periods_are_loaded_as_dates(loaded):
    def dates(slug):
        c = Campaign.objects.get(slug=slug)
        return c.starts_on, c.ends_on

    # "Juni tot augustus 2022"
    assert dates("onzichtbaar-maar-waar") == (datetime.date(2022, 6, 1), datetime.date(2022, 8, 31))
    # "Sinds mei 2022": still running, so no end
    assert dates("animatie-stereotypen-binnenlandse-seksuele-uitbuiting") == (
        datetime.date(2022, 5, 1),
        None,
    )
    # "De campagne vond plaats in 2021"
    assert dates("amsterdamse-week-tegen-mensenhandel") == (
        datetime.date(2021, 1, 1),
        datetime.date(2021, 12, 31),
    )
    # "December 2019 tot december 2022"
    assert dates("hotels-en-vakantieparken-tegen-seksuele-uitbuiting") == (
        datetime.date(2019, 12, 1),
        datetime.date(2022, 12, 31),
    )
    # "De campagne loopt nog, maar de exacte startdatum is onduidelijk": unknown
    assert dates("eerlijk-werk") == (None, None)
    running = set(
        Campaign.objects.running_on(datetime.date(2022, 7, 15)).values_list("slug", flat=True)
    )
    assert "onzichtbaar-maar-waar" in running
    assert "open-je-ogen-voor-mensenhandel" in running  # "2016 tot 2023"
    assert "out-of-the-shadows" not in running  # "Sinds september 2024"


def test_a_second_load_changes_nothing_and_adds_no_history(loaded):
    before = history_rows()
    stamps = dict(Campaign.objects.values_list("slug", "updated_at"))
    sender_ids = set(Sender.objects.values_list("pk", flat=True))
    counts = load_campaigns(read_campaigns())
    assert counts == {"created": 0, "updated": 0, "unchanged": 54, "deactivated": 0, "total": 54}
    assert history_rows() == before
    assert dict(Campaign.objects.values_list("slug", "updated_at")) == stamps
    assert set(Sender.objects.values_list("pk", flat=True)) == sender_ids


def test_the_command_prints_a_one_line_summary(loaded):
    from io import StringIO

    out = StringIO()
    call_command("load_campaigns", stdout=out)
    text = out.getvalue().strip()
    assert "\n" not in text
    assert "54 records" in text and "54 unchanged" in text and "0 deactivated" in text


def test_an_edited_record_updates_exactly_that_row(loaded, tmp_path):
    slug = "te-goedkoop"
    raw = edited(lambda cs: record(cs, slug).update(goal="Een nieuw doel."))
    before = {c.slug: c.history.count() for c in Campaign.objects.all()}
    senders_before = Sender.history.count()
    counts = load_campaigns(read_campaigns(write(tmp_path, raw)))
    assert (counts["updated"], counts["unchanged"], counts["created"]) == (1, 53, 0)
    campaign = Campaign.objects.get(slug=slug)
    assert campaign.goal == "Een nieuw doel."
    assert campaign.history.count() == before[slug] + 1
    assert campaign.history.first().goal == "Een nieuw doel."
    after = {c.slug: c.history.count() for c in Campaign.objects.all()}
    assert {s: n for s, n in after.items() if s != slug} == {
        s: n for s, n in before.items() if s != slug
    }
    assert Sender.history.count() == senders_before  # the senders did not change


def test_changed_senders_are_replaced_and_the_owner_follows(loaded, tmp_path):
    slug = "maak-mij-zichtbaar"  # one unlinked sender, so no owner
    assert Campaign.objects.get(slug=slug).owner is None

    def change(campaigns):
        record(campaigns, slug)["senders"] = [
            {"name": "Bridge2Hope", "organisation": None},
            {"name": "CoMensha", "organisation": "comensha"},
        ]

    campaign_history = Campaign.objects.get(slug=slug).history.count()
    counts = load_campaigns(read_campaigns(write(tmp_path, edited(change))))
    assert counts["updated"] == 1
    campaign = Campaign.objects.get(slug=slug)
    assert list(campaign.senders.values_list("name", "organisation__slug")) == [
        ("Bridge2Hope", None),
        ("CoMensha", "comensha"),
    ]
    assert campaign.owner.slug == "comensha"
    assert campaign.history.count() == campaign_history + 1  # the owner changed


def test_a_record_removed_from_the_file_is_deactivated_and_comes_back(loaded, tmp_path):
    slug = "risk-factory"
    raw = edited(lambda cs: cs.remove(record(cs, slug)))
    counts = load_campaigns(read_campaigns(write(tmp_path, raw)))
    assert counts["deactivated"] == 1 and counts["total"] == 53
    campaign = Campaign.objects.get(slug=slug)
    assert campaign.is_active is False
    assert campaign.history.first().is_active is False
    counts = load_campaigns(read_campaigns())
    assert counts["updated"] == 1 and counts["total"] == 54
    assert Campaign.objects.get(slug=slug).is_active is True


def test_a_registered_campaign_is_never_touched(loaded, tmp_path):
    own = Campaign.objects.create(
        moderation="published",
        slug="eigen-campagne",
        name="Eigen campagne",
        origin=CampaignList.REGISTERED,
        goal="Door een organisatie zelf aangemeld.",
    )
    history = own.history.count()
    stamp = own.updated_at
    counts = load_campaigns(read_campaigns())
    assert counts["deactivated"] == 0 and counts["total"] == 55
    own.refresh_from_db()
    assert (own.is_active, own.updated_at, own.history.count()) == (True, stamp, history)


def test_a_file_record_may_not_take_over_a_registered_campaign(loaded, tmp_path):
    Campaign.objects.filter(slug="what-if-it-was-you").update(origin=CampaignList.REGISTERED)

    def change(campaigns):
        record(campaigns, "boef-je")["note"] = "Gewijzigd."  # earlier in the file

    before = history_rows()
    with pytest.raises(CampaignError) as error:
        load_campaigns(read_campaigns(write(tmp_path, edited(change))))
    assert (error.value.slug, error.value.field) == ("what-if-it-was-you", "slug")
    assert Campaign.objects.get(slug="boef-je").note == ""  # rolled back
    assert history_rows() == before


def _set(slug, key, value):
    return lambda campaigns: record(campaigns, slug).__setitem__(key, value)


def _sender_org(slug, organisation):
    def change(campaigns):
        record(campaigns, slug)["senders"][0]["organisation"] = organisation

    return change


def _duplicate(slug):
    def change(campaigns):
        campaigns.append(copy.deepcopy(record(campaigns, slug)))

    return change


BAD_RECORDS = [
    pytest.param(
        "te-goedkoop", "audiences", _set("te-goedkoop", "audiences", ["aliens"]), id="audience"
    ),
    pytest.param("te-goedkoop", "forms", _set("te-goedkoop", "forms", ["drugs"]), id="form"),
    pytest.param("te-goedkoop", "list", _set("te-goedkoop", "list", "registered"), id="list"),
    pytest.param("te-goedkoop", "areas", _set("te-goedkoop", "areas", ["GM9999"]), id="area"),
    pytest.param("te-goedkoop", "areas", _set("te-goedkoop", "areas", ["PV99"]), id="province"),
    pytest.param("te-goedkoop", "senders", _sender_org("te-goedkoop", "no-such-org"), id="org"),
    pytest.param("chaterover", "slug", _duplicate("chaterover"), id="duplicate"),
    pytest.param("te-goedkoop", "start", _set("te-goedkoop", "start", "2022-13"), id="month"),
    pytest.param("te-goedkoop", "start", _set("te-goedkoop", "start", "mei 2022"), id="text-date"),
    pytest.param(
        "te-goedkoop", "start", _set("te-goedkoop", "start", datetime.date(2022, 5, 1)), id="date"
    ),
    pytest.param(
        "onzichtbaar-maar-waar", "end", _set("onzichtbaar-maar-waar", "end", "2021"), id="end-first"
    ),
    pytest.param("te-goedkoop", "audience", _set("te-goedkoop", "audience", ["youth"]), id="typo"),
    pytest.param("te-goedkoop", "name", _set("te-goedkoop", "name", ""), id="no-name"),
]


@pytest.mark.parametrize(("slug", "field", "change"), BAD_RECORDS)
def test_a_bad_record_names_slug_and_field_and_stores_nothing(
    loaded, tmp_path, slug, field, change
):
    def with_bad_record(campaigns):
        # A good edit earlier in the file, which must not be stored either.
        record(campaigns, "amsterdamse-week-tegen-mensenhandel")["goal"] = "Gewijzigd."
        change(campaigns)

    path = write(tmp_path, edited(with_bad_record))
    before = history_rows()
    with pytest.raises(CampaignError) as error:
        read_campaigns(path)
    assert (error.value.slug, error.value.field) == (slug, field)
    assert str(error.value).startswith(f"{slug}: {field}: ")
    with pytest.raises(CommandError, match=f"nothing changed.*{slug}: {field}"):
        call_command("load_campaigns", "--file", str(path))
    assert history_rows() == before
    assert Campaign.objects.get(slug="amsterdamse-week-tegen-mensenhandel").goal != "Gewijzigd."


def test_an_unreadable_file_is_a_clear_command_error(loaded, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("load_campaigns", "--file", str(tmp_path / "missing.yaml"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("campaigns: [\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid YAML"):
        call_command("load_campaigns", "--file", str(broken))
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("- slug: x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="campaigns"):
        call_command("load_campaigns", "--file", str(wrong))
