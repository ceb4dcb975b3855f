"""Moderators (the community team) read the reward points ledger in the CMS, as they read the reputation ledger."""

from django.db import migrations

CODENAMES = ["view_pointsentry"]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for codename in CODENAMES:
        action, model = codename.split("_", 1)
        content_type, _ = ContentType.objects.get_or_create(app_label="rewards", model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"Can {action} {model}"}
        )
        group.permissions.add(perm)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Moderators").first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="rewards", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("rewards", "0014_points_catalogue_recognition"),
        ("community", "0004_moderators_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
