"""Who runs the inventory survey.

``directory_editor`` keeps the directory and the register, so it invites
organisations and decides on the changes their answers propose
(``review_survey``). Supervisors may do the same, as they are responsible for
the reporting point's picture of its partners. Nobody else sees survey answers.
"""

from django.db import migrations

REVIEW = [
    ("surveys", "review_survey"),
    ("surveys", "view_invitation"),
    ("surveys", "add_invitation"),
    ("surveys", "change_invitation"),
    ("surveys", "view_surveyresponse"),
    ("surveys", "view_proposedchange"),
    ("surveys", "change_proposedchange"),
]
ROLES = {"directory_editor": REVIEW, "supervisor": REVIEW}


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
                    content_type__app_label="surveys",
                    codename__in=[codename for _app, codename in wanted],
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("intake", "0002_least_privilege"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
