"""The home page's default heading gives way to the welcome naming the brand.

A fresh install's intro began with "Welcome to the Guildhall community" (French: « Bienvenue dans la communauté
Guildhall »). The home page now welcomes readers to the brand set in the CMS (``CommunityBrand``) and uses an
intro heading only when the community team writes their own; the untouched default heading is removed from the
home pages and their revisions, so renaming the brand renames the welcome.
"""

import json

from django.db import migrations

DEFAULT_HEADINGS = {"Welcome to the Guildhall community", "Bienvenue dans la communauté Guildhall"}


def _without_default_heading(blocks: list) -> tuple[list, bool]:
    kept = [
        block
        for block in blocks
        if not (isinstance(block, dict) and block.get("type") == "heading" and block.get("value") in DEFAULT_HEADINGS)
    ]
    return kept, len(kept) != len(blocks)


def drop_default_heading(apps, schema_editor):
    HomePage = apps.get_model("community", "HomePage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    for home in HomePage.objects.all():
        blocks, changed = _without_default_heading(list(home.intro.raw_data))
        if changed:
            HomePage.objects.filter(pk=home.pk).update(intro=blocks)
    content_type = ContentType.objects.filter(app_label="community", model="homepage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        content = revision.content or {}
        intro = content.get("intro")
        raw = json.loads(intro) if isinstance(intro, str) else intro
        if not isinstance(raw, list):
            continue
        blocks, changed = _without_default_heading(raw)
        if changed:
            content["intro"] = json.dumps(blocks)
            Revision.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0029_plain_notification_excerpts"),
    ]

    operations = [
        migrations.RunPython(drop_default_heading, migrations.RunPython.noop),
    ]
