"""Members choose their language; threads know theirs (docs/i18n.md).

The columns are added with plain SQL and a database default: on SQLite, Django's way of adding a NOT NULL column
rebuilds the table, and rebuilding ``community_thread`` breaks the triggers that copy its columns to the tag links
(0014, 0018, 0019); the defaults also let the benchmark's and importers' bulk SQL leave the columns out.
"""

from django.db import migrations, models

LANGUAGES = [("en", "English"), ("fr", "Français")]


def add_columns(apps, schema_editor):
    json_type = "jsonb" if schema_editor.connection.vendor == "postgresql" else "text"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE community_member ADD COLUMN language varchar(8) DEFAULT '' NOT NULL")
        cursor.execute(f"ALTER TABLE community_member ADD COLUMN reads_languages {json_type} DEFAULT '[]' NOT NULL")
        cursor.execute("ALTER TABLE community_thread ADD COLUMN language varchar(8) DEFAULT 'en' NOT NULL")


def drop_columns(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE community_thread DROP COLUMN language")
        cursor.execute("ALTER TABLE community_member DROP COLUMN reads_languages")
        cursor.execute("ALTER TABLE community_member DROP COLUMN language")


def detect_thread_languages(apps, schema_editor):
    """Threads posted before languages existed get the one their text is written in."""
    from community.forum.content_language import detect

    Thread = apps.get_model("community", "Thread")
    batch = []
    for thread in Thread.objects.only("pk", "title", "body_md").iterator(chunk_size=500):
        thread.language = detect(f"{thread.title}\n{thread.body_md}")
        if thread.language != "en":
            batch.append(thread)
        if len(batch) == 500:
            Thread.objects.bulk_update(batch, ["language"])
            batch = []
    Thread.objects.bulk_update(batch, ["language"])


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0021_create_privacy_page"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="member",
                    name="language",
                    field=models.CharField(blank=True, choices=LANGUAGES, db_default="", default="", max_length=8),
                ),
                migrations.AddField(
                    model_name="member",
                    name="reads_languages",
                    field=models.JSONField(blank=True, default=list),
                ),
                migrations.AddField(
                    model_name="thread",
                    name="language",
                    field=models.CharField(choices=LANGUAGES, db_default="en", default="en", max_length=8),
                ),
            ],
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
        ),
        migrations.RunPython(detect_thread_languages, migrations.RunPython.noop),
    ]
