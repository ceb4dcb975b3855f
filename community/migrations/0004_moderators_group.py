"""The "Moderators" group: Wagtail admin access plus view/change on threads, answers and comments.

Wagtail's own initial data already creates a "Moderators" group (for pages);
this migration reuses it (or creates it) and adds what the community CMS
needs. Members of the group see the "Community" menu at /cms/. Note that the
community actions also require ``is_staff`` to edit others' posts and to
restore deleted ones (``community.permissions.is_moderator``).
"""

from django.db import migrations

GROUP = "Moderators"
MODELS = ("thread", "answer", "comment")
ACTIONS = ("view", "change")


def _community_permissions(apps, db):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    perms = []
    for model in MODELS:
        content_type, _ = ContentType.objects.db_manager(db).get_or_create(app_label="community", model=model)
        for action in ACTIONS:
            perm, _ = Permission.objects.db_manager(db).get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            perms.append(perm)
    return perms


def add_moderators_group(apps, schema_editor):
    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    admin_type, _ = ContentType.objects.db_manager(db).get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.db_manager(db).get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group, _ = Group.objects.db_manager(db).get_or_create(name=GROUP)
    group.permissions.add(access_admin, *_community_permissions(apps, db))


def remove_community_permissions(apps, schema_editor):
    # The group itself may predate us (Wagtail creates one); take back only what we gave.
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    group = Group.objects.using(db).filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_community_permissions(apps, db))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_create_homepage"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(add_moderators_group, remove_community_permissions)]
