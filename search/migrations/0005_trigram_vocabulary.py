"""The database index's vocabulary (``SearchWord``), for "Did you mean …?" on the database backend.

On PostgreSQL its words get a trigram GIN index, so a misspelt word finds the words like it (``similarity()`` and
``%`` of the ``pg_trgm`` extension, which ships with PostgreSQL's contrib modules). The extension is created here;
a role that may not create it (no CREATE privilege on the database, or the contrib package missing) stops the
migration with one message saying what a superuser must run. SQLite needs no extension.

The vocabulary of the entries already indexed is counted here, a batch at a time.
"""

from django.core.management.base import CommandError
from django.db import DatabaseError, migrations, models, transaction

TRIGRAM_HELP = (
    "PostgreSQL could not create the pg_trgm extension, which Guildhall's database search needs to correct "
    "misspelt words ({reason}). Ask a superuser to run, in the database {database}:\n"
    "    CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
    "(on Debian or Ubuntu the extension comes with the postgresql-contrib package), then run migrate again."
)


def create_trigram_extension(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        # CommandError: `manage.py migrate` prints just this message, no traceback.
        raise CommandError(TRIGRAM_HELP.format(reason=reason, database=connection.settings_dict["NAME"])) from None


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_word_trigram_idx ON search_searchword USING gin (folded gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_word_trigram_idx")


def count_existing_words(apps, schema_editor):
    from search import vocabulary

    vocabulary.add_entries(apps.get_model("search", "SearchEntry").objects.using(schema_editor.connection.alias))


class Migration(migrations.Migration):
    dependencies = [("search", "0004_entry_language")]

    operations = [
        migrations.RunPython(create_trigram_extension, migrations.RunPython.noop),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("folded", models.CharField(max_length=40, unique=True)),
                ("spelling", models.CharField(max_length=40)),
                ("frequency", models.IntegerField(default=0)),
            ],
            options={"indexes": [models.Index(fields=["-frequency"], name="search_word_frequency_idx")]},
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.RunPython(count_existing_words, migrations.RunPython.noop),
    ]
