"""The recognition programme's badges (Member of the month, Tag champion) exist before anyone is named, as
``0007_new_badges`` did for the badges of its time."""

from django.db import migrations

# The migration's own copy of the texts (migrations are history; rewards.definitions holds the live ones).
BADGES = [
    ("member-of-the-month", "Member of the month", "Named member of the month by the community team.", 1, False),
    ("tag-champion", "Tag champion", "Named the champion of a tag for a month by the community team.", 2, True),
]


def forwards(apps, schema_editor):
    Badge = apps.get_model("rewards", "Badge")
    for slug, name, description, tier, tag_based in BADGES:
        Badge.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "tier": tier, "tag_based": tag_based}
        )


def backwards(apps, schema_editor):
    Badge = apps.get_model("rewards", "Badge")
    Badge.objects.filter(slug__in=[b[0] for b in BADGES], awarded_count=0).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rewards", "0015_moderators_view_points"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
