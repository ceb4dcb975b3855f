"""Onboarding: the welcome checklist's stored steps, and the community's brand (a Wagtail site setting) that
the community team (the Moderators group) edits in the CMS."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def let_moderators_edit_the_brand(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    content_type, _ = ContentType.objects.get_or_create(app_label="community", model="communitybrand")
    for action in ("view", "change"):
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_communitybrand",
            defaults={"name": f"Can {action} community brand"},
        )
        group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0025_composer"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="OnboardingProgress",
            fields=[
                ("member", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="onboarding", serialize=False, to=settings.AUTH_USER_MODEL)),
                ("read_answer_at", models.DateTimeField(blank=True, help_text="When the member opened the good answer their welcome checklist suggested.", null=True, verbose_name="opened a good answer at")),
                ("dismissed_at", models.DateTimeField(blank=True, help_text="When the member put their welcome checklist away (it is not shown again).", null=True, verbose_name="checklist dismissed at")),
            ],
            options={
                "verbose_name": "onboarding progress",
                "verbose_name_plural": "onboarding progress",
            },
        ),
        migrations.CreateModel(
            name="CommunityBrand",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("brand_name", models.CharField(default="Guildhall", help_text="The company or project the community belongs to, e.g. “Lumen”.", max_length=60, verbose_name="brand name")),
                ("product_name", models.CharField(blank=True, help_text="What members ask about, e.g. “Lumen”. Empty: the brand name.", max_length=60, verbose_name="product name")),
                ("purpose", models.TextField(blank=True, help_text="One paragraph for new members, shown on the welcome page. Empty: a sentence naming the product, in each reader's language.", max_length=600, verbose_name="what this community is for")),
                ("site", models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site")),
            ],
            options={
                "verbose_name": "community brand",
                "verbose_name_plural": "community brand",
            },
        ),
        migrations.RunPython(let_moderators_edit_the_brand, migrations.RunPython.noop),
    ]
