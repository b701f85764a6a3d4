"""The coverage and calendar pages are stored whole, and any change shows at once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from trafficking.campaigns import page_cache
from trafficking.campaigns.models import Campaign, IntakeCapacity

pytestmark = pytest.mark.django_db

PAGES = ["campaigns:coverage", "campaigns:calendar"]


def _stored_pages() -> int:
    return page_cache.kept_pages()


@pytest.mark.parametrize("name", PAGES)
def test_the_second_request_is_served_from_the_store_with_a_few_queries(client, name):
    url = reverse(name)
    with CaptureQueriesContext(connection) as built:
        first = client.get(url)
    with CaptureQueriesContext(connection) as served:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # At most the data version (one query); building reads far more.
    assert len(served) <= 1 < len(built)


@pytest.mark.parametrize("name", PAGES)
def test_an_edited_campaign_shows_at_the_next_request(client, name):
    campaign = Campaign.objects.active().exclude(starts_on=None).order_by("-starts_on").first()
    today = timezone.localdate()
    campaign.starts_on, campaign.ends_on = today, today + timedelta(days=30)
    campaign.save()
    url = reverse(name)
    before = client.get(url).content.decode()
    assert "Campagne met een nieuwe naam" not in before
    # The calendar shows the name; the coverage matrix counts audiences and forms.
    campaign.name = "Campagne met een nieuwe naam"
    campaign.audiences = sorted({*campaign.audiences, "parents", "professionals"})
    campaign.forms = ["organ_removal"] if campaign.forms != ["organ_removal"] else ["labour"]
    campaign.save()
    after = client.get(url).content.decode()
    assert after != before
    if name == "campaigns:calendar":
        assert "Campagne met een nieuwe naam" in after


def test_a_new_intake_capacity_shows_on_the_calendar_at_once(client):
    url = reverse("campaigns:calendar")
    before = client.get(url).content.decode()
    IntakeCapacity.objects.create(
        effective_from=timezone.localdate(), hours_per_week=12, minutes_per_report=60
    )
    after = client.get(url).content.decode()
    assert after != before
    assert "12" in after


def test_each_language_has_its_own_page(client):
    dutch = client.get(reverse("campaigns:coverage")).content.decode()
    with translation.override("en"):
        english = client.get(reverse("campaigns:coverage")).content.decode()
    assert 'lang="nl"' in dutch and 'lang="en"' in english


def test_made_up_parameters_do_not_fill_the_store(client):
    url = reverse("campaigns:coverage")
    client.get(url)
    stored = _stored_pages()
    for n in range(5):
        assert client.get(url, {"x": n}).status_code == 200
    assert _stored_pages() == stored


def test_each_region_is_its_own_page(client):
    url = reverse("campaigns:coverage")
    limburg = client.get(url, {"regio": "PV31"}).content.decode()
    assert client.get(url, {"regio": "PV31"}).content.decode() == limburg
    assert client.get(url, {"regio": "PV20"}).content.decode() != limburg


@pytest.mark.parametrize(
    ("name", "query"),
    [("campaigns:coverage", {"regio": "PV99"}), ("campaigns:calendar", {"van": "morgen"})],
)
def test_pages_with_errors_are_not_stored(client, name, query):
    stored = _stored_pages()
    assert client.get(reverse(name), query).status_code == 400
    assert _stored_pages() == stored


def test_a_month_written_another_way_is_answered_but_not_stored(client):
    url = reverse("campaigns:calendar")
    stored = _stored_pages()
    response = client.get(url, {"van": "2027-3"})
    assert response.status_code == 200
    assert 'value="2027-3"' in response.content.decode()
    assert _stored_pages() == stored
    assert client.get(url, {"van": "2027-03"}).status_code == 200
    assert _stored_pages() == stored + 1


def test_a_worker_trusts_its_data_version_for_a_moment(client, settings):
    settings.CAMPAIGN_PAGE_CHECK_SECONDS = 3600
    url = reverse("campaigns:calendar")
    before = client.get(url).content.decode()
    IntakeCapacity.objects.create(
        effective_from=timezone.localdate(), hours_per_week=12, minutes_per_report=60
    )
    # Within the moment the worker serves what it had (no query at all)...
    with CaptureQueriesContext(connection) as served:
        assert client.get(url).content.decode() == before
    assert len(served) == 0
    # ... and once it looks again, the change.
    page_cache.forget_local_pages()
    assert client.get(url).content.decode() != before


def test_a_worker_keeps_a_bounded_number_of_pages(client, monkeypatch):
    monkeypatch.setattr(page_cache, "LOCAL_PAGES", 3)
    url = reverse("campaigns:calendar")
    months = ["2027-01", "2027-02", "2027-03", "2027-04", "2027-05"]
    for month in months:
        assert client.get(url, {"van": month}).status_code == 200
    assert page_cache.kept_pages() == 3
    # The most recent are kept: asking the last month again reads nothing.
    with CaptureQueriesContext(connection) as served:
        client.get(url, {"van": months[-1]})
    assert len(served) <= 1
