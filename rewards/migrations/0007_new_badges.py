"""Badges added after the first catalogue (e.g. Visionary for ideas) exist before anyone earns them."""

from django.db import migrations


def forwards(apps, schema_editor):
    Badge = apps.get_model("rewards", "Badge")
    from rewards.badges import DEFINITIONS

    for d in DEFINITIONS:
        Badge.objects.update_or_create(
            slug=d.slug, defaults={"name": d.name, "description": d.description, "tier": d.tier, "tag_based": d.tag_based}
        )


class Migration(migrations.Migration):
    dependencies = [("rewards", "0006_published_badge")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
