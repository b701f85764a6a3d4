"""A material's waiting campaign is not named in the public library, search included."""

import pytest
from django.test import Client

from trafficking.campaigns.constants import Moderation
from trafficking.campaigns.models import Material
from trafficking.directory.models import Organisation
from trafficking.reports.tests.factories import login_with_otp

from .test_campaign_moderation import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def maker(client):
    login_with_otp(client, "campaign_maker", "maker", organisation="comensha")
    return client


@pytest.fixture
def public():
    return Client()


def test_the_library_search_does_not_find_a_material_by_its_waiting_campaigns_name(maker, public):
    campaign = register(maker)
    Material.objects.create(
        title="Poster zonder die naam",
        kind="poster",
        audiences=["parents"],
        forms=["sexual"],
        languages=["nl"],
        licence="free_to_adapt",
        campaign=campaign,
        owner=Organisation.objects.get(slug="comensha"),
        description="",
        external_url="https://example.org/poster",
        status="published",
    )
    found = public.get("/nl/campagnes/bibliotheek/", {"q": "Qv8"}).content.decode()
    assert "Poster zonder die naam" not in found
    campaign.moderation = Moderation.PUBLISHED
    campaign.save()
    found = public.get("/nl/campagnes/bibliotheek/", {"q": "Qv8"}).content.decode()
    assert "Poster zonder die naam" in found
