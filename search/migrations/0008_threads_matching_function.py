"""``search_threads_matching(q, cap)`` on PostgreSQL: up to ``cap`` ids of threads whose text matches ``q``, read
from the full-text GIN index, whatever the planner estimates.

Similar questions rank, among their candidates, the newest threads having all the title's words. Asked for "the
newest 100 having all these words", the planner multiplies the words' frequencies as if they were independent
and may expect matches to be everywhere: it then walks the ids backwards testing every thread, which reads most of
the table when the words are each common but seldom together (338 ms at 100,000 threads for "restore my notes
from a backup", 69,000 threads tested for 100 found). There are no planner hints in PostgreSQL, but a function's
own settings apply to the statement inside it: with sequential and plain index scans off, the statement can only
be a bitmap scan of the GIN index, which intersects the words' posting lists (a few milliseconds however common
each word is), and its LIMIT stops the reading of rows after ``cap``. SQLite's FTS5 needs none of this.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION search_threads_matching(q tsquery, cap integer) RETURNS SETOF bigint
LANGUAGE sql STABLE PARALLEL SAFE
SET enable_seqscan = off SET enable_indexscan = off
AS $$ SELECT id FROM search_searchentry WHERE tsv @@ $1 AND doc_type = 'thread' LIMIT $2 $$
"""
DROP = "DROP FUNCTION IF EXISTS search_threads_matching(tsquery, integer)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_similarity_signals")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
