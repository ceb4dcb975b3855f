"""The brand's look, set in the CMS: site name, logo, colours and icon."""

import django.db.models.deletion
from django.db import migrations, models

import community.site.colours


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0026_onboarding"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="communitybrand",
            name="accent_colour",
            field=models.CharField(
                blank=True,
                help_text="The logo mark and the current section’s underline, e.g. #f2a900; text on it is made readable. Empty: the primary colour.",
                max_length=7,
                validators=[community.site.colours.validate_hex],
                verbose_name="accent colour",
            ),
        ),
        migrations.AddField(
            model_name="communitybrand",
            name="favicon",
            field=models.ForeignKey(
                blank=True,
                help_text="The icon browsers show in tabs and bookmarks, a square image. Empty: Guildhall’s.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailimages.image",
                verbose_name="site icon",
            ),
        ),
        migrations.AddField(
            model_name="communitybrand",
            name="logo",
            field=models.ForeignKey(
                blank=True,
                help_text="Shown beside the site name in the header, 32 pixels high. Empty: the initial.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailimages.image",
                verbose_name="logo",
            ),
        ),
        migrations.AddField(
            model_name="communitybrand",
            name="primary_colour",
            field=models.CharField(
                blank=True,
                help_text="Links and main buttons, e.g. #2451b7. It must read as text on white (a darker shade); the dark theme lightens it. Empty: Guildhall’s blue.",
                max_length=7,
                validators=[community.site.colours.validate_primary],
                verbose_name="primary colour",
            ),
        ),
        migrations.AddField(
            model_name="communitybrand",
            name="site_name",
            field=models.CharField(
                blank=True,
                help_text="Shown in the header, in every page title and in e-mails, e.g. “Lumen Community”. Empty: the brand name.",
                max_length=60,
                verbose_name="site name",
            ),
        ),
        migrations.AlterField(
            model_name="homepage",
            name="threads_shown",
            field=models.PositiveSmallIntegerField(default=8, help_text="How many newest threads to list."),
        ),
    ]
