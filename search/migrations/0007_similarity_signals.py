"""Similar questions compare the asker's title with the titles of threads closed as duplicates of each candidate
(``SearchEntry.duplicate_titles``, search.similarity). Entries written before have none until their thread is
indexed again (``manage.py search_reindex``).

On SQLite, adding the column rebuilds the table, which drops the covering index of migrations 0002 and 0004 (Django
does not know it): it is made again, with the same columns.
"""

from django.db import migrations, models

SIGNALS_COLUMNS = (
    "id, doc_type, kind, answer_count, accepted, score, author_reputation, last_activity_ts, created_at, language"
)


def signals_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_signals_idx")
        schema_editor.execute(f"CREATE INDEX search_entry_signals_idx ON search_searchentry ({SIGNALS_COLUMNS})")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_search_synonyms")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="duplicate_titles",
            field=models.TextField(blank=True, db_default="", default=""),
        ),
        migrations.RunPython(signals_index, signals_index),
    ]
