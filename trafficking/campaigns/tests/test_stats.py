"""campaign_stats reproduces the report's figures from the loaded register.

Expected values come from the data file read here with plain YAML (not
through the loader), from the report's own figures in its ``figures`` block,
and from the counts its ``figures.notes`` states where the report cannot be
reproduced.
"""

import json
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from trafficking.campaigns.constants import CampaignList
from trafficking.campaigns.models import Campaign, Sender
from trafficking.campaigns.register import CAMPAIGNS_FILE, load_campaigns, read_campaigns

pytestmark = pytest.mark.django_db

RAW = yaml.safe_load(CAMPAIGNS_FILE.read_text(encoding="utf-8"))
FIGURES = RAW["figures"]
NOTES = " ".join(FIGURES["notes"].split())
ONLINE = [c for c in RAW["campaigns"] if c["list"] == "online_search"]


def rounded(part: int, whole: int) -> int:
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


@pytest.fixture
def stats(db):
    load_campaigns(read_campaigns())
    out = StringIO()
    call_command("campaign_stats", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_counts_per_list_are_the_report_s(stats):
    assert stats["total"] == FIGURES["total"] == 54
    assert stats["online_search"] == FIGURES["online_search"] == 31
    assert stats["named_by_respondents"] == FIGURES["named_by_respondents"] == 23
    required = {
        "total",
        "online_search",
        "named_by_respondents",
        "forms_online",
        "audiences_online",
        "multi_sender_online",
    }
    assert required <= set(stats)


def test_the_forms_split_reproduces_the_report_s_percentages(stats):
    online = stats["online_search"]
    assert sum(stats["forms_online"].values()) == online
    percentages = {key: rounded(n, online) for key, n in stats["forms_online"].items()}
    assert percentages == FIGURES["forms_online_percent"]
    assert stats["percent"]["forms_online"] == FIGURES["forms_online_percent"]
    # Keys: "general" for [], else the sorted form ids joined by "+".
    expected = Counter("+".join(sorted(c["forms"])) or "general" for c in ONLINE)
    assert stats["forms_online"] == dict(expected)


def test_audiences_are_the_counts_the_notes_explain(stats):
    independent = Counter(a for c in ONLINE for a in c["audiences"])
    assert stats["audiences_online"] == dict(independent)
    mentions = sum(independent.values())
    assert f"{mentions} mentions over {len(ONLINE)} campaigns" in NOTES
    for audience, count in stats["audiences_online"].items():
        share = rounded(count, mentions)
        assert stats["percent"]["audiences_online"][audience] == share
        # figures.notes states each count and its share ("citizens 15 (43%)").
        assert f"{audience} {count} ({share}%)" in NOTES, audience
        # Within one campaign of what the report's percentage means.
        reported = FIGURES["audiences_online_percent"][audience] * mentions / 100
        assert abs(count - reported) <= 1, audience
    assert set(stats["audiences_online"]) == set(FIGURES["audiences_online_percent"])


def test_several_senders_are_the_count_the_notes_explain(stats):
    independent = sum(1 for c in ONLINE if len(c["senders"]) > 1)
    assert stats["multi_sender_online"] == independent
    share = rounded(independent, len(ONLINE))
    assert stats["percent"]["multi_sender_online"] == share
    assert f"this transcription has {independent} ({share}%)" in NOTES
    reported = FIGURES["multi_sender_online_percent"] * len(ONLINE) / 100
    assert abs(independent - reported) <= 1


def test_the_figures_come_from_the_database_not_the_file(stats):
    campaign = Campaign.objects.get(slug="te-goedkoop")  # consumers, labour+sexual
    campaign.is_active = False
    campaign.save()
    Sender.objects.create(campaign=Campaign.objects.get(slug="eerlijk-werk"), name="Tweede")
    Campaign.objects.create(
        moderation="published", slug="eigen", name="Eigen", origin=CampaignList.REGISTERED
    )
    out = StringIO()
    call_command("campaign_stats", "--json", stdout=out)
    now = json.loads(out.getvalue())
    # "total" is the inventory's two lists; a registered campaign is counted apart.
    assert (now["total"], now["online_search"], now["named_by_respondents"]) == (53, 30, 23)
    assert now["registered"] == 1
    assert "labour+sexual" not in now["forms_online"]
    assert now["audiences_online"]["consumers"] == stats["audiences_online"]["consumers"] - 1
    assert now["multi_sender_online"] == stats["multi_sender_online"] + 1


def test_the_table_shows_the_report_s_percentage_beside_the_computed_one(stats):
    out = StringIO()
    call_command("campaign_stats", stdout=out)
    lines = out.getvalue().splitlines()

    def line(label):
        return next(text for text in lines if text.startswith(label))

    citizens = stats["audiences_online"]["citizens"]
    computed = stats["percent"]["audiences_online"]["citizens"]
    reported = FIGURES["audiences_online_percent"]["citizens"]
    assert computed != reported  # the one place the two differ, side by side
    assert re.search(rf"\b{citizens}\s+{computed}%\s+{reported}%$", line("Burgers"))
    general = stats["forms_online"]["general"]
    share = FIGURES["forms_online_percent"]["general"]
    assert re.search(rf"\b{general}\s+{share}%\s+{share}%$", line("Mensenhandel in het algemeen"))
    assert f"(rapport: {FIGURES['multi_sender_online_percent']}%)" in line("Meerdere afzenders")
