from django.db import migrations

# SQLite only: a covering index of the columns the database backend counts, filters and ranks on.
#
# SQLite stores a row's columns in order, and search_searchentry's numbers (score, answer_count, accepted, …)
# come after body and answers, which spill into overflow pages: every match counted or ranked read ~3 KB.
# With this index a search's counts, facets and quality formula read the index alone (the counts of 2,000
# matches went from 11 ms to 2.6 ms). PostgreSQL keeps long text out of line (TOAST), so its rows are narrow
# already and it gets no index it would only have to maintain.

COLUMNS = "id, doc_type, kind, answer_count, accepted, score, author_reputation, last_activity_ts, created_at"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX search_entry_signals_idx ON search_searchentry ({COLUMNS})")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_signals_idx")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
