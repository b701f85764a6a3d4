"""Who keeps the campaign register and the intake capacity.

``directory_editor`` keeps the register in the admin as it keeps the
directory: campaigns, their senders and short links, and may read the visit
counts (never change them). ``supervisor`` sets the reporting point's intake
capacity in the console; nobody else may.
"""

from django.db import migrations

CRUD = ("add", "change", "delete", "view")

ROLES = {
    "directory_editor": [
        *(
            ("campaigns", f"{verb}_{model}")
            for model in ("campaign", "sender", "campaignlink")
            for verb in CRUD
        ),
        ("campaigns", "view_linkvisit"),
    ],
    "supervisor": [
        ("campaigns", "view_intakecapacity"),
        ("campaigns", "add_intakecapacity"),
    ],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in wanted
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="campaigns",
                    codename__in=[codename for _app, codename in wanted],
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("intake", "0002_least_privilege"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
