"""Staff keep the directory current in the admin, with change history."""

import pytest
from django.contrib.auth import get_user_model

from trafficking.directory.models import Organisation
from trafficking.reports.tests.factories import login_with_otp

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = login_with_otp(client, "directory_editor", "beheer")
    return client, user


def test_the_admin_requires_a_second_factor(client):
    user = get_user_model().objects.create_superuser("zonder", "z@example.invalid", "x" * 16)
    client.force_login(user)
    response = client.get("/beheer/directory/organisation/")
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]


def as_post_data(form) -> dict:
    """What the browser would post back for an unchanged form."""
    data = {}
    for name, field in form.fields.items():
        value = field.prepare_value(form[name].value())
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = value
    return data


def test_admin_lists_organisations_and_municipalities(admin_client):
    client, _user = admin_client
    for url in (
        "/beheer/directory/organisation/",
        "/beheer/geography/municipality/",
        "/beheer/geography/safetyregion/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url


def test_an_edit_in_the_admin_is_recorded_in_the_history(admin_client):
    client, user = admin_client
    org = Organisation.objects.get(slug="comensha")
    url = f"/beheer/directory/organisation/{org.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = as_post_data(page.context["adminform"].form)
    # Inline formsets (channels, areas) post their management forms too.
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(as_post_data(formset.management_form))
        for inline_form in formset.forms:
            data.update(as_post_data(inline_form))
    data["role"] = "Nieuwe omschrijving van de rol."
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    org.refresh_from_db()
    assert org.role == "Nieuwe omschrijving van de rol."
    latest = org.history.first()
    assert latest.history_user == user
    assert latest.role == "Nieuwe omschrijving van de rol."
    history = client.get(f"/beheer/directory/organisation/{org.pk}/history/")
    assert history.status_code == 200
    assert "beheer" in history.content.decode()


def test_the_admin_shows_and_filters_the_sharing_category(admin_client):
    client, _user = admin_client
    listing = client.get("/beheer/directory/organisation/?sharing_category__exact=other")
    assert listing.status_code == 200
    shown = {org.slug for org in listing.context["cl"].result_list}
    assert "meld-misdaad-anoniem" in shown
    assert "comensha" not in shown
    assert "Politie en justitie" in client.get("/beheer/directory/organisation/").content.decode()
    # A new organisation starts without a category: staff must choose one,
    # nothing is preselected (least of all "care").
    field = (
        client.get("/beheer/directory/organisation/add/")
        .context["adminform"]
        .form["sharing_category"]
    )
    assert field.field.required
    assert field.field.choices[0][0] == ""
    assert not field.value()


def test_a_directory_editor_cannot_move_an_organisation_to_another_sharing_category(
    admin_client,
):
    from trafficking.directory.models import Organisation

    client, _user = admin_client
    emm = Organisation.objects.get(slug="emm")
    page = client.get(f"/beheer/directory/organisation/{emm.pk}/change/")
    assert page.status_code == 200
    assert "sharing_category" not in page.context["adminform"].form.fields
    before = emm.sharing_category
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    client.post(
        f"/beheer/directory/organisation/{emm.pk}/change/",
        {**data, "sharing_category": "care_shelter"},
    )
    emm.refresh_from_db()
    assert emm.sharing_category == before
