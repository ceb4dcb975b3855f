"""Replace Wagtail's placeholder root page with the community's HomePage."""

import uuid

from django.db import migrations

INTRO = [
    ("heading", "Welcome to the Guildhall community"),
    (
        "paragraph",
        "<p>Ask questions, share tips and learn from people who use the product every day. "
        "The best answers rise to the top through members' votes.</p>",
    ),
    (
        "callout",
        {
            "title": "New here?",
            "text": "Search first: your question may already have an accepted answer. "
            "If not, ask it with a clear title and one to five tags.",
            "link_label": "Ask a question",
            "link_url": "/ask/",
        },
    ),
]


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("community.HomePage")

    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2).delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="community")
    locale = Locale.objects.order_by("pk").first() or Locale.objects.create(language_code="en")
    home = HomePage.objects.create(
        title="Guildhall community",
        draft_title="Guildhall community",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
        intro=[{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in INTRO],
        threads_shown=8,
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, site_name="Guildhall", root_page=home, is_default_site=True)


def remove_homepage(apps, schema_editor):
    apps.get_model("community.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_homepage"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
