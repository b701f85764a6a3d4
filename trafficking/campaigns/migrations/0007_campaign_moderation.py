"""Campaigns get staff moderation, as materials have; a published campaign's
new landing address and public text wait for staff (pending_url,
pending_changes).

Every campaign already in the database was public the moment it was saved:
it stays public (published), and so do its past versions in the history, so
the history does not claim a campaign was waiting that never waited. New rows
are submitted by default (models.Campaign says why).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def publish_existing(apps, schema_editor):
    for name in ("Campaign", "HistoricalCampaign"):
        # update(), not save(): this is no moderation decision, and a history
        # entry per campaign would say it was.
        apps.get_model("campaigns", name).objects.update(moderation="published")


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0006_link_to_advice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="moderated_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="gecontroleerd op"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="moderated_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="gecontroleerd door",
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="moderation",
            field=models.CharField(
                choices=[
                    ("submitted", "Wacht op controle"),
                    ("published", "Gepubliceerd"),
                    ("rejected", "Afgewezen"),
                ],
                default="submitted",
                max_length=12,
                verbose_name="controle",
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="moderation_note",
            field=models.TextField(blank=True, verbose_name="toelichting bij de controle"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="pending_url",
            field=models.URLField(blank=True, verbose_name="nieuw webadres, wacht op controle"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="pending_changes",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="nieuwe tekst, wacht op controle"
            ),
        ),
        migrations.AddField(
            model_name="historicalcampaign",
            name="moderated_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="gecontroleerd op"),
        ),
        migrations.AddField(
            model_name="historicalcampaign",
            name="moderated_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="gecontroleerd door",
            ),
        ),
        migrations.AddField(
            model_name="historicalcampaign",
            name="moderation",
            field=models.CharField(
                choices=[
                    ("submitted", "Wacht op controle"),
                    ("published", "Gepubliceerd"),
                    ("rejected", "Afgewezen"),
                ],
                default="submitted",
                max_length=12,
                verbose_name="controle",
            ),
        ),
        migrations.AddField(
            model_name="historicalcampaign",
            name="moderation_note",
            field=models.TextField(blank=True, verbose_name="toelichting bij de controle"),
        ),
        migrations.AddField(
            model_name="historicalcampaign",
            name="pending_url",
            field=models.URLField(blank=True, verbose_name="nieuw webadres, wacht op controle"),
        ),
        migrations.AddField(
            model_name="historicalcampaign",
            name="pending_changes",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="nieuwe tekst, wacht op controle"
            ),
        ),
        migrations.RunPython(publish_existing, migrations.RunPython.noop),
    ]
