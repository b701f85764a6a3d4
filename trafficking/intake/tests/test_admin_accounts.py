"""Administrators manage accounts in the admin but cannot raise their own rights."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from trafficking.audit.models import AuditEntry
from trafficking.directory.models import Organisation
from trafficking.intake.accounts import create_account
from trafficking.reports.models import PartnerMembership
from trafficking.reports.tests.factories import login_with_otp

pytestmark = pytest.mark.django_db


def form_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = field.prepare_value(form[name].value())
        if value is None or value is False or field.disabled:
            continue
        data[form.add_prefix(name)] = value
    return data


@pytest.fixture
def administrator(client):
    return client, login_with_otp(client, "admin", "beheerder")


def test_an_administrator_cannot_change_their_own_groups(administrator):
    client, me = administrator
    url = f"/beheer/auth/user/{me.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    assert "groups" not in form.fields and "is_superuser" not in form.fields
    data = form_data(form)
    data.update(groups=[Group.objects.get(name="supervisor").pk], is_superuser="on")
    assert client.post(url, data).status_code == 302
    me.refresh_from_db()
    assert list(me.groups.values_list("name", flat=True)) == ["admin"]
    assert not me.is_superuser


def test_an_administrator_cannot_widen_their_own_group(administrator):
    client, _me = administrator
    group = Group.objects.get(name="admin")
    url = f"/beheer/auth/group/{group.pk}/change/"
    page = client.get(url)
    assert "permissions" not in page.context["adminform"].form.fields
    content = Permission.objects.get(codename="view_report_content")
    client.post(url, {"name": "admin", "permissions": [content.pk]})
    assert not group.permissions.filter(pk=content.pk).exists()


def test_an_administrator_cannot_become_a_partner(administrator):
    client, me = administrator
    page = client.get("/beheer/reports/partnermembership/add/")
    choices = page.context["adminform"].form.fields["user"].queryset
    assert me not in choices
    response = client.post(
        "/beheer/reports/partnermembership/add/",
        {"user": me.pk, "organisation": Organisation.objects.get(slug="fier").pk},
    )
    assert response.status_code == 200  # the form refuses the choice
    assert not PartnerMembership.objects.filter(user=me).exists()


def test_superusers_are_out_of_an_administrators_reach(administrator):
    client, _me = administrator
    root = get_user_model().objects.create_superuser("nood", "n@example.invalid", "x" * 20)
    assert client.get("/beheer/auth/user/").context["cl"].result_count >= 1
    assert root not in client.get("/beheer/auth/user/").context["cl"].result_list
    response = client.get(f"/beheer/auth/user/{root.pk}/password/")
    assert response.status_code in (302, 404)
    response = client.post(
        f"/beheer/auth/user/{root.pk}/password/",
        {"usable_password": "true", "password1": "Overgenomen-123456", "password2": "x"},
    )
    root.refresh_from_db()
    assert not root.check_password("Overgenomen-123456")


def test_the_migration_turns_superusers_into_administrators():
    migration = importlib.import_module("trafficking.intake.migrations.0002_least_privilege")
    old = get_user_model().objects.create_superuser("oudbeheer", "o@example.invalid", "x" * 20)
    migration.demote_superusers(apps, Group.objects.get(name="admin"))
    old.refresh_from_db()
    assert not old.is_superuser and old.is_staff
    assert list(old.groups.values_list("name", flat=True)) == ["admin"]
    assert AuditEntry.objects.filter(
        object_ref="oudbeheer", action="user_changed", detail__contains="least privilege"
    ).exists()


def test_create_staff_user_makes_no_superusers():
    for role in ("intake", "supervisor", "directory_editor", "admin"):
        user, _password, _device = create_account(f"rol-{role}", role)
        assert not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [role]


@pytest.mark.django_db
def test_an_admin_deactivates_accounts_but_cannot_delete_them(client):
    """Report history is append-only and keeps who acted: deleting an account
    would have to rewrite it (and failed with a server error), so the admin
    role may switch an account off but never delete it."""
    from trafficking.reports.tests.factories import make_report
    from trafficking.reports.triage import apply_action
    from trafficking.reports.workflow import Action

    worker, _password, _device = create_account("nachtdienst", "intake")
    report, _code = make_report()
    apply_action(report, worker, Action.TRIAGE)
    login_with_otp(client, "admin", "beheerder")
    url = f"/beheer/auth/user/{worker.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    worker.refresh_from_db()
    assert worker.is_active
