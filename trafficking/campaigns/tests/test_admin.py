"""Staff keep the register current in the admin, with change history."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from trafficking.campaigns.constants import LinkTarget
from trafficking.campaigns.models import Campaign, CampaignLink, LinkVisit
from trafficking.campaigns.register import load_campaigns, read_campaigns

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    load_campaigns(read_campaigns())
    user = get_user_model().objects.create_superuser("beheer", "b@example.invalid", "x" * 16)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, user


def as_post_data(form) -> dict:
    """What the browser would post back for an unchanged form."""
    data = {}
    for name in form.fields:
        # value() is already prepared for the widget (a JSON field gives its
        # JSON text); preparing it again would post a JSON string instead.
        value = form[name].value()
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = value
    return data


def change_form_data(page) -> dict:
    data = as_post_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(as_post_data(formset.management_form))
        for inline_form in formset.forms:
            data.update(as_post_data(inline_form))
    return data


def test_the_campaign_admin_requires_a_second_factor(client):
    user = get_user_model().objects.create_superuser("zonder", "z@example.invalid", "x" * 16)
    client.force_login(user)
    response = client.get("/beheer/campaigns/campaign/")
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]


def test_the_changelist_lists_filters_and_searches(superuser_client):
    client, _user = superuser_client
    listing = client.get("/beheer/campaigns/campaign/")
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == Campaign.objects.count() == 54
    named = client.get("/beheer/campaigns/campaign/?origin__exact=named_by_respondents")
    assert {c.origin for c in named.context["cl"].result_list} == {"named_by_respondents"}
    assert named.context["cl"].result_count == 23
    # Search reaches the senders too.
    found = client.get("/beheer/campaigns/campaign/", {"q": "Sterk Huis"})
    assert {c.slug for c in found.context["cl"].result_list} == {
        "beroofd-van-je-vrijheid",
        "loverboy-of-liefje",
        "niet-mijn-kind",
    }
    for url in ("/beheer/campaigns/sender/", "/beheer/campaigns/campaignlink/"):
        assert client.get(url).status_code == 200, url


def test_an_edit_shows_in_the_history(superuser_client):
    client, user = superuser_client
    campaign = Campaign.objects.get(slug="chaterover")
    url = f"/beheer/campaigns/campaign/{campaign.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Jongerenwerk op Zuid" in page.content.decode()  # the sender inline
    data = change_form_data(page)
    data["note"] = "Bijgewerkt door de beheerder."
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    campaign.refresh_from_db()
    assert campaign.note == "Bijgewerkt door de beheerder."
    assert campaign.senders.count() == 7  # the inline came back unchanged
    assert (campaign.audiences, campaign.forms) == (["youth"], ["criminal", "sexual"])
    assert campaign.history.first().history_user == user
    history = client.get(f"/beheer/campaigns/campaign/{campaign.pk}/history/")
    assert history.status_code == 200
    assert "beheer" in history.content.decode()


def test_unknown_codes_in_the_lists_are_refused_with_a_message(superuser_client):
    client, _user = superuser_client
    campaign = Campaign.objects.get(slug="te-goedkoop")
    url = f"/beheer/campaigns/campaign/{campaign.pk}/change/"
    data = change_form_data(client.get(url))
    data["audiences"] = '["aliens"]'
    data["areas"] = '["GM9999"]'
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "aliens" in str(errors["audiences"])
    assert "GM9999" in str(errors["areas"])
    campaign.refresh_from_db()
    assert campaign.audiences == ["consumers"]


def test_a_link_shows_its_visits_read_only_and_keeps_its_code(superuser_client):
    client, _user = superuser_client
    campaign = Campaign.objects.get(slug="onzichtbaar-maar-waar")
    link = CampaignLink.objects.create(
        code="twente22", campaign=campaign, target=LinkTarget.LANDING
    )
    LinkVisit.objects.create(link=link, day=datetime.date(2022, 6, 3), count=17)
    url = f"/beheer/campaigns/campaignlink/{link.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "code" not in page.context["adminform"].form.fields
    html = page.content.decode()
    assert "twente22" in html and "17" in html
    visits = next(i for i in page.context["inline_admin_formsets"] if i.formset.model is LinkVisit)
    assert not visits.has_add_permission and not visits.has_change_permission
    data = change_form_data(page)
    data.update(code="anders", label="Poster station")
    response = client.post(url, data)
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.code, link.label) == ("twente22", "Poster station")
    assert LinkVisit.objects.get(link=link).count == 17
    assert client.get(f"/beheer/campaigns/campaignlink/{link.pk}/history/").status_code == 200
    add = client.get("/beheer/campaigns/campaignlink/add/")
    assert "code" in add.context["adminform"].form.fields
