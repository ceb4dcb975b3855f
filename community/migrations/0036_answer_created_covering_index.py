"""A period's answers from a covering index (``answer_created_idx``: ``created_at`` with what the KPIs read), in
place of the plain index of ``created_at`` (``db_index=True``).

The plain index is dropped by name, found by introspection, rather than by altering the field: on SQLite, altering
a field rebuilds the table, and renaming the rebuilt table fails on the triggers of other tables that name it
(``community_thread_accepts_inserted``, migration 0019).
"""

import django.utils.timezone
from django.db import migrations, models


def _plain_created_at_indexes(schema_editor) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "community_answer")
    return [
        name
        for name, c in constraints.items()
        if c["index"]
        and not c["unique"]
        and not c["primary_key"]
        and c["columns"] == ["created_at"]
        and name != "answer_created_idx"
    ]


def drop_plain_index(apps, schema_editor):
    for name in _plain_created_at_indexes(schema_editor):
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def restore_plain_index(apps, schema_editor):
    Answer = apps.get_model("community", "Answer")
    field = Answer._meta.get_field("created_at")
    schema_editor.execute(schema_editor._create_index_sql(Answer, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0035_thread_link_answered"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="answer",
                    name="created_at",
                    field=models.DateTimeField(default=django.utils.timezone.now),
                ),
            ],
            database_operations=[migrations.RunPython(drop_plain_index, restore_plain_index)],
        ),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                fields=["created_at"],
                include=("author", "thread", "is_deleted", "is_accepted", "score"),
                name="answer_created_idx",
            ),
        ),
    ]
