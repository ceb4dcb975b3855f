"""Moderators read the audit log and review queues."""

from django.db import migrations

CODENAMES = [("auditentry", "view"), ("reviewtask", "view"), ("reviewtask", "change"), ("flag", "view"), ("flag", "change")]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for model, action in CODENAMES:
        content_type, _ = ContentType.objects.get_or_create(app_label="community", model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
        )
        group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [("community", "0008_community_care")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
