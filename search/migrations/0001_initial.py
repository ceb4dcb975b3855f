from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone

# The database backend's full-text index: an FTS5 table on SQLite, a tsvector column + GIN index on
# PostgreSQL. Other databases get neither (search then needs Elasticsearch).

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, answers, tags, author, tokenize = 'porter unicode61 remove_diacritics 2')"
)


def create_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_FTS)
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry ADD COLUMN tsv tsvector")
        schema_editor.execute("CREATE INDEX search_entry_tsv_idx ON search_searchentry USING GIN (tsv)")


def drop_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_tsv_idx")
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv")


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="PendingUpdate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("thread", "Thread"), ("member", "Member"), ("page", "Knowledge page")], max_length=8)),
                ("object_id", models.BigIntegerField()),
                ("marked_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("last_error", models.CharField(blank=True, max_length=500)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="unique_pending_update")],
            },
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("doc_type", models.CharField(max_length=8)),
                ("object_id", models.BigIntegerField()),
                ("kind", models.CharField(max_length=16)),
                ("title", models.CharField(max_length=300)),
                ("title_key", models.CharField(db_index=True, max_length=300)),
                ("body", models.TextField(blank=True)),
                ("answers", models.TextField(blank=True)),
                ("tags", models.CharField(blank=True, max_length=400)),
                ("author", models.CharField(blank=True, db_index=True, max_length=150)),
                ("author_name", models.CharField(blank=True, max_length=150)),
                ("author_id", models.BigIntegerField(db_index=True, null=True)),
                ("score", models.IntegerField(default=0)),
                ("answer_count", models.IntegerField(default=0)),
                ("accepted", models.BooleanField(default=False)),
                ("author_reputation", models.IntegerField(default=1)),
                ("created_at", models.DateTimeField()),
                ("last_activity_at", models.DateTimeField()),
                ("last_activity_ts", models.FloatField()),
                ("url", models.CharField(max_length=300)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["-created_at"], name="search_entry_newest_idx"),
                    models.Index(fields=["-score"], name="search_entry_votes_idx"),
                ],
                "constraints": [models.UniqueConstraint(fields=("doc_type", "object_id"), name="unique_search_entry")],
            },
        ),
        migrations.CreateModel(
            name="SearchTag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100)),
                ("entry", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="tag_rows", to="search.searchentry")),
            ],
            options={
                "indexes": [models.Index(fields=["name", "entry"], name="search_tag_name_idx")],
            },
        ),
        migrations.RunPython(create_fulltext, drop_fulltext),
    ]
