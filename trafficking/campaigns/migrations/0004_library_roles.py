"""Who keeps the library, the evaluations and the campaign makers' accounts.

``directory_editor`` moderates materials (publish or reject, never upload in
someone else's name) and may correct evaluations and reach figures, as it
keeps the register. ``admin`` links accounts to organisations as campaign
makers, as it does for partners. The ``campaign_maker`` role itself is created
here, empty.
"""

from django.db import migrations

CRUD = ("add", "change", "delete", "view")

ROLES = {
    "directory_editor": [
        ("campaigns", "view_material"),
        ("campaigns", "change_material"),
        *(
            ("campaigns", f"{verb}_{model}")
            for model in ("evaluation", "reachfigure")
            for verb in CRUD
        ),
    ],
    "admin": [
        *(("campaigns", f"{verb}_campaignmaker") for verb in CRUD),
    ],
    # Campaign makers hold no permission at all: what they may touch is
    # decided by their link to one organisation (campaigns/access.py).
    "campaign_maker": [],
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
    dependencies = [("campaigns", "0003_library_evaluation")]

    operations = [migrations.RunPython(grant, revoke)]
