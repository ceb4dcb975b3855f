"""Tag synonyms: another name members use for a tag ("js" for "javascript"), managed by moderators."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("community", "0033_bounty_windows_and_programme_notices")]

    operations = [
        migrations.CreateModel(
            name="TagSynonym",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("synonym", models.CharField(max_length=100, unique=True, verbose_name="synonym")),
                ("slug", models.SlugField(allow_unicode=True, editable=False, max_length=100)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="synonyms",
                        to="community.tag",
                        verbose_name="tag",
                    ),
                ),
            ],
            options={
                "verbose_name": "tag synonym",
                "verbose_name_plural": "tag synonyms",
                "ordering": ["synonym"],
            },
        ),
    ]
