"""Least privilege: directory editors and administrators without report access.

``directory_editor`` keeps organisations, channels and service areas in the
admin and may look up the geography. ``admin`` keeps accounts, groups,
partner memberships and reply templates; it may remove a lost TOTP device
but never add, change or read one, and it may not delete the role groups.
Neither role may open a report, an attachment, an export, the audit log or
approve an override.

Administrators used to be superusers: every superuser is moved into the
``admin`` group and loses is_superuser, with an audit entry each.
"""

from django.db import migrations

CRUD = ("add", "change", "delete", "view")

ROLES = {
    "directory_editor": [
        *(
            ("directory", f"{verb}_{model}")
            for model in ("organisation", "channel", "servicearea")
            for verb in CRUD
        ),
        *(
            ("geography", f"view_{model}")
            for model in (
                "province",
                "policeunit",
                "safetyregion",
                "municipality",
                "municipalityalias",
            )
        ),
    ],
    "admin": [
        ("auth", "view_user"),
        ("auth", "change_user"),
        # No delete_user: report history and forwards keep who acted (append-only);
        # an account that leaves is deactivated, never deleted.
        ("auth", "view_group"),
        ("auth", "add_group"),
        ("auth", "change_group"),
        ("otp_totp", "view_totpdevice"),
        ("otp_totp", "delete_totpdevice"),
        *(("reports", f"{verb}_partnermembership") for verb in CRUD),
        *(("reports", f"{verb}_replytemplate") for verb in CRUD),
        # Partner memberships pick their organisation with an autocomplete,
        # which needs read access to the (public) directory.
        ("directory", "view_organisation"),
    ],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; roles need them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group.permissions.set(permissions)
    demote_superusers(apps, Group.objects.get(name="admin"))


def demote_superusers(apps, admin_group):
    # Historical models send no signals to the audit receivers: write the
    # entries here.
    User = apps.get_model("auth", "User")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for user in User.objects.filter(is_superuser=True):
        user.is_superuser = False
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
        user.groups.add(admin_group)
        for action, detail in (
            ("user_changed", "is_superuser=False, is_staff=True (least privilege)"),
            ("user_group_added", "admin"),
        ):
            AuditEntry.objects.create(
                action=action, object_type="user", object_ref=user.username[:64], detail=detail
            )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_roles"),
        ("audit", "0002_append_only_triggers"),
        ("directory", "0001_initial"),
        ("geography", "0001_initial"),
        ("reports", "0002_history_append_only"),
        ("otp_totp", "0003_add_timestamps"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
