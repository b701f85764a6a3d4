"""Account, group, membership and second-factor changes reach the audit log,
from the admin as from create_staff_user, and never with a secret."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from trafficking.audit.models import AuditEntry
from trafficking.directory.models import Organisation
from trafficking.intake.accounts import create_account
from trafficking.reports.models import PartnerMembership
from trafficking.reports.tests.factories import login_with_otp

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lange-nieuwe-zin-voor-de-nachtdienst-42"


def events(**filters) -> list[tuple[str, str, str, str]]:
    entries = AuditEntry.objects.filter(**filters).order_by("id")
    return [(e.actor_name, e.action, e.object_ref, e.detail) for e in entries]


def actions_for(ref: str) -> list[str]:
    return [action for _who, action, _ref, _detail in events(object_ref=ref)]


def all_log_text() -> str:
    return " ".join(" ".join(entry) for entry in events())


def test_create_staff_user_logs_the_account_its_role_and_its_device(capsys):
    call_command("create_staff_user", "nieuw", "--role", "supervisor", "--no-qr")
    printed = capsys.readouterr().out
    user = get_user_model().objects.get(username="nieuw")
    device = TOTPDevice.objects.get(user=user)
    assert events(object_ref="nieuw") == [
        ("", "user_created", "nieuw", ""),
        ("", "user_group_added", "nieuw", "supervisor"),
        ("", "totp_device_created", "nieuw", "authenticator"),
    ]
    password = printed.split("Password (shown once): ")[1].split()[0]
    log = all_log_text()
    for secret in (password, user.password, device.key, device.config_url):
        assert secret not in log


def test_a_partner_account_logs_its_membership():
    create_account("fier-1", "partner", organisation_slug="fier")
    assert ("", "partner_membership_created", "fier-1", "fier") in events()


def test_admin_site_roles_are_logged_as_staff_never_superuser():
    create_account("redactie", "directory_editor")
    assert events(object_ref="redactie")[0] == ("", "user_created", "redactie", "is_staff=True")
    assert not get_user_model().objects.get(username="redactie").is_superuser


def test_changes_to_an_account_name_fields_and_new_flags_not_values():
    user, _pw, _device = create_account("wijzig", "intake")
    user.email = "prive.adres@example.invalid"
    user.is_active = False
    user.save()
    assert events(action="user_changed") == [
        ("", "user_changed", "wijzig", "email, is_active=False")
    ]
    assert "prive.adres" not in all_log_text()


def test_a_rename_keeps_the_old_name():
    user, _pw, _device = create_account("oudenaam", "intake")
    user.username = "nieuwenaam"
    user.save()
    assert events(action="user_changed") == [
        ("", "user_changed", "nieuwenaam", "username (was oudenaam)")
    ]


def test_a_password_change_is_logged_without_the_password_or_hash():
    user, old_password, _device = create_account("wachtwoord", "intake")
    user.set_password(NEW_PASSWORD)
    user.save()
    assert actions_for("wachtwoord")[-1] == "password_changed"
    log = all_log_text()
    assert NEW_PASSWORD not in log and old_password not in log and user.password not in log


def test_logins_and_hash_upgrades_are_not_account_changes(settings):
    user, password, _device = create_account("inlog", "intake")
    before = AuditEntry.objects.count()
    from django.contrib.auth.models import update_last_login

    update_last_login(None, user)
    # A changed hasher setting makes check_password re-hash the same password.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    old_hash = user.password
    assert user.check_password(password)
    user.refresh_from_db()
    assert user.password != old_hash
    assert AuditEntry.objects.count() == before


def test_deleting_an_account_logs_it_and_what_went_with_it():
    user, _pw, _device = create_account("weg", "partner", organisation_slug="fier")
    user.delete()
    # The order of a cascade is Django's business; that all three are there is ours.
    assert set(actions_for("weg")[-3:]) == {
        "partner_membership_deleted",
        "totp_device_deleted",
        "user_deleted",
    }


def test_group_membership_from_either_side_and_clear():
    user, _pw, _device = create_account("lid", "intake")
    supervisor = Group.objects.get(name="supervisor")
    supervisor.user_set.add(user)
    user.groups.remove(Group.objects.get(name="intake"))
    user.groups.clear()
    assert [e[1:] for e in events(object_ref="lid")][-3:] == [
        ("user_group_added", "lid", "supervisor"),
        ("user_group_removed", "lid", "intake"),
        ("user_group_removed", "lid", "supervisor"),
    ]


def test_adding_an_existing_member_again_logs_nothing():
    user, _pw, _device = create_account("dubbel", "intake")
    before = AuditEntry.objects.count()
    user.groups.add(Group.objects.get(name="intake"))
    assert AuditEntry.objects.count() == before


def test_group_permissions_and_the_group_itself():
    group = Group.objects.create(name="tijdelijk")
    content = Permission.objects.get(codename="view_report_content")
    group.permissions.add(content)
    content.group_set.remove(group)
    group.permissions.add(content)
    group.permissions.clear()
    group.name = "tijdelijk-2"
    group.save()
    group.delete()
    assert [e[1:] for e in events(object_type="group")] == [
        ("group_created", "tijdelijk", ""),
        ("group_permission_added", "tijdelijk", "reports.view_report_content"),
        ("group_permission_removed", "tijdelijk", "reports.view_report_content"),
        ("group_permission_added", "tijdelijk", "reports.view_report_content"),
        ("group_permission_removed", "tijdelijk", "reports.view_report_content"),
        ("group_renamed", "tijdelijk-2", "was tijdelijk"),
        ("group_deleted", "tijdelijk-2", ""),
    ]


def test_permissions_given_to_one_user_directly():
    user, _pw, _device = create_account("direct", "intake")
    approve = Permission.objects.get(codename="approve_override")
    user.user_permissions.add(approve)
    user.user_permissions.remove(approve)
    assert [e[1:] for e in events(object_ref="direct")][-2:] == [
        ("user_permission_added", "direct", "reports.approve_override"),
        ("user_permission_removed", "direct", "reports.approve_override"),
    ]


def test_partner_membership_moved_and_removed():
    user, _pw, _device = create_account("partnerlid", "partner", organisation_slug="fier")
    membership = PartnerMembership.objects.get(user=user)
    membership.organisation = Organisation.objects.get(slug="nederlandse-arbeidsinspectie")
    membership.save()
    membership.delete()
    assert [e[1:] for e in events(action__startswith="partner_membership")] == [
        ("partner_membership_created", "partnerlid", "fier"),
        ("partner_membership_changed", "partnerlid", "nederlandse-arbeidsinspectie"),
        ("partner_membership_deleted", "partnerlid", "nederlandse-arbeidsinspectie"),
    ]


def test_totp_devices_created_and_deleted_but_not_every_use():
    user, _pw, device = create_account("telefoon", "intake")
    device.throttle_increment()  # saved on a wrong code, as on every login
    device.set_last_used_timestamp(commit=True)
    extra = TOTPDevice.objects.create(user=user, name="reserve", confirmed=True)
    extra.delete()
    assert actions_for("telefoon")[-2:] == ["totp_device_created", "totp_device_deleted"]
    assert actions_for("telefoon").count("totp_device_created") == 2
    log = all_log_text()
    assert device.key not in log and extra.key not in log


# --- Through the admin, with the administrator as actor -----------------------


def form_data(form) -> dict:
    """What the browser posts back for an unchanged admin form."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = field.prepare_value(form[name].value())
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = value
    return data


def test_an_administrator_changing_roles_in_the_admin_is_the_actor(client):
    login_with_otp(client, "admin", "beheerder")
    user, _pw, _device = create_account("collega", "intake")
    url = f"/beheer/auth/user/{user.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.context["adminform"].form)
    data["groups"] = [Group.objects.get(name="supervisor").pk]
    response = client.post(url, data)
    assert response.status_code == 302, page.context["adminform"].form.errors
    assert events(object_ref="collega")[-2:] == [
        ("beheerder", "user_group_removed", "collega", "intake"),
        ("beheerder", "user_group_added", "collega", "supervisor"),
    ]


def test_a_password_reset_by_an_administrator_is_logged(client):
    login_with_otp(client, "admin", "beheerder")
    user, _pw, _device = create_account("vergeten", "intake")
    response = client.post(
        f"/beheer/auth/user/{user.pk}/password/",
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert events(action="password_changed") == [("beheerder", "password_changed", "vergeten", "")]
    assert NEW_PASSWORD not in all_log_text()
    assert user.password not in all_log_text()


def test_an_administrator_deleting_a_lost_device_is_logged(client):
    login_with_otp(client, "admin", "beheerder")
    _user, _pw, device = create_account("kwijt", "intake")
    response = client.post(f"/beheer/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert events(action="totp_device_deleted") == [
        ("beheerder", "totp_device_deleted", "kwijt", "authenticator")
    ]
