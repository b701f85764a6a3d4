"""Every organisation gets a sharing category (issue 9).

Existing rows start with "" (not reviewed), which matches no consent, until
`manage.py load_inventory` writes the reviewed category from the data file.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalorganisation",
            name="sharing_category",
            field=models.CharField(
                choices=[
                    ("police_justice", "Politie en justitie"),
                    ("labour_inspection", "Arbeidsinspectie"),
                    ("care_shelter", "Zorg en opvang"),
                    ("municipality", "Gemeente"),
                    ("other", "Overig"),
                ],
                default="",
                max_length=20,
                verbose_name="deelcategorie",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalorganisation",
            name="sharing_category_reason",
            field=models.TextField(blank=True, verbose_name="onderbouwing deelcategorie"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="sharing_category",
            field=models.CharField(
                choices=[
                    ("police_justice", "Politie en justitie"),
                    ("labour_inspection", "Arbeidsinspectie"),
                    ("care_shelter", "Zorg en opvang"),
                    ("municipality", "Gemeente"),
                    ("other", "Overig"),
                ],
                default="",
                max_length=20,
                verbose_name="deelcategorie",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="organisation",
            name="sharing_category_reason",
            field=models.TextField(blank=True, verbose_name="onderbouwing deelcategorie"),
        ),
    ]
