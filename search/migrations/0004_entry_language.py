"""Search entries carry the language they are written in (``SearchEntry.language``, "en" for existing rows).

The lang: filter and the Language facet read it, and on SQLite the counts read it from the covering index of
migration 0002, which is rebuilt with the column (the counts never read the rows themselves). Existing rows say
"en" until the index is rebuilt: ``python manage.py search_reindex`` after deploying (docs/search.md), which also
weighs a French thread's French tsvector first on PostgreSQL. Knowledge pages follow with ``knowledge_reindex``.
"""

from django.db import migrations, models

OLD_COLUMNS = "id, doc_type, kind, answer_count, accepted, score, author_reputation, last_activity_ts, created_at"
NEW_COLUMNS = f"{OLD_COLUMNS}, language"


def _signals_index(columns):
    def rebuild(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute("DROP INDEX IF EXISTS search_entry_signals_idx")
            schema_editor.execute(f"CREATE INDEX search_entry_signals_idx ON search_searchentry ({columns})")

    return rebuild


class Migration(migrations.Migration):
    dependencies = [("search", "0003_tag_rows_carry_ranking_signals")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="language",
            field=models.CharField(db_default="en", default="en", max_length=8),
        ),
        migrations.RunPython(_signals_index(NEW_COLUMNS), _signals_index(OLD_COLUMNS)),
    ]
