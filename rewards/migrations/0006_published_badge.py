"""The "Published" badge: credited on a published knowledge article."""

from django.db import migrations

BADGE = {
    "slug": "published",
    "name": "Published",
    "description": "Credited on a published knowledge article.",
    "tier": 2,  # silver
    "tag_based": False,
}


def forwards(apps, schema_editor):
    Badge = apps.get_model("rewards", "Badge")
    Badge.objects.update_or_create(slug=BADGE["slug"], defaults={k: v for k, v in BADGE.items() if k != "slug"})


class Migration(migrations.Migration):
    dependencies = [("rewards", "0005_article_published")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
