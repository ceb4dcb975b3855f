"""Answers carry whether their thread accepts them (``Answer.is_accepted``), kept by database triggers.

Triggers rather than Python, as for the tag links (0014): acceptances change on many paths (accepting, hiding
the accepted answer, imports' bulk updates, the scale generator's COPY, deletions that null the thread's link),
and a flag that one path forgot would silently miscount a member's accepted answers. Two sides keep it:

- the thread: when ``accepted_answer_id`` is set, changed or cleared (and when a thread is inserted or deleted),
  its old and new answers are recomputed;
- the answer: on insert (a thread may name it before it exists: the scale generator writes threads first) and
  whenever an UPDATE writes ``is_accepted`` (a ``save()`` of an instance read before the acceptance writes back
  a stale value), the flag is recomputed from the threads.

The recomputation is one probe of the unique index on ``community_thread.accepted_answer_id``.

Also the ideas board's index for its count per status (community/team/ideas.py ``status_counts``).
"""

from django.db import migrations, models

ACCEPTED = "EXISTS (SELECT 1 FROM community_thread t WHERE t.accepted_answer_id = {id})"

SQLITE = [
    f"""CREATE TRIGGER community_answer_is_accepted_inserted
        AFTER INSERT ON community_answer FOR EACH ROW
        WHEN NEW.is_accepted IS NOT {ACCEPTED.format(id="NEW.id")}
        BEGIN
            UPDATE community_answer SET is_accepted = {ACCEPTED.format(id="NEW.id")} WHERE id = NEW.id;
        END""",
    f"""CREATE TRIGGER community_answer_is_accepted_written
        AFTER UPDATE OF is_accepted ON community_answer FOR EACH ROW
        WHEN NEW.is_accepted IS NOT {ACCEPTED.format(id="NEW.id")}
        BEGIN
            UPDATE community_answer SET is_accepted = {ACCEPTED.format(id="NEW.id")} WHERE id = NEW.id;
        END""",
    f"""CREATE TRIGGER community_thread_accepts_inserted
        AFTER INSERT ON community_thread FOR EACH ROW WHEN NEW.accepted_answer_id IS NOT NULL
        BEGIN
            UPDATE community_answer SET is_accepted = {ACCEPTED.format(id="community_answer.id")}
            WHERE id = NEW.accepted_answer_id;
        END""",
    f"""CREATE TRIGGER community_thread_accepts_changed
        AFTER UPDATE OF accepted_answer_id ON community_thread FOR EACH ROW
        WHEN OLD.accepted_answer_id IS NOT NEW.accepted_answer_id
        BEGIN
            UPDATE community_answer SET is_accepted = {ACCEPTED.format(id="community_answer.id")}
            WHERE id IN (OLD.accepted_answer_id, NEW.accepted_answer_id);
        END""",
    f"""CREATE TRIGGER community_thread_accepts_deleted
        AFTER DELETE ON community_thread FOR EACH ROW WHEN OLD.accepted_answer_id IS NOT NULL
        BEGIN
            UPDATE community_answer SET is_accepted = {ACCEPTED.format(id="community_answer.id")}
            WHERE id = OLD.accepted_answer_id;
        END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS community_answer_is_accepted_inserted",
    "DROP TRIGGER IF EXISTS community_answer_is_accepted_written",
    "DROP TRIGGER IF EXISTS community_thread_accepts_inserted",
    "DROP TRIGGER IF EXISTS community_thread_accepts_changed",
    "DROP TRIGGER IF EXISTS community_thread_accepts_deleted",
]

POSTGRESQL = [
    f"""CREATE FUNCTION community_answer_is_accepted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.is_accepted := {ACCEPTED.format(id="NEW.id")};
            RETURN NEW;
        END $$""",
    """CREATE TRIGGER community_answer_is_accepted
        BEFORE INSERT OR UPDATE OF is_accepted ON community_answer FOR EACH ROW
        EXECUTE FUNCTION community_answer_is_accepted()""",
    # The answers' own trigger recomputes the value this writes (an AFTER trigger sees the thread's new row).
    """CREATE FUNCTION community_thread_accepts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.accepted_answer_id IS NOT NULL THEN
                UPDATE community_answer SET is_accepted = false WHERE id = OLD.accepted_answer_id;
            END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.accepted_answer_id IS NOT NULL THEN
                UPDATE community_answer SET is_accepted = true WHERE id = NEW.accepted_answer_id;
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER community_thread_accepts_inserted
        AFTER INSERT ON community_thread FOR EACH ROW WHEN (NEW.accepted_answer_id IS NOT NULL)
        EXECUTE FUNCTION community_thread_accepts()""",
    """CREATE TRIGGER community_thread_accepts_changed
        AFTER UPDATE OF accepted_answer_id ON community_thread FOR EACH ROW
        WHEN (OLD.accepted_answer_id IS DISTINCT FROM NEW.accepted_answer_id)
        EXECUTE FUNCTION community_thread_accepts()""",
    """CREATE TRIGGER community_thread_accepts_deleted
        AFTER DELETE ON community_thread FOR EACH ROW WHEN (OLD.accepted_answer_id IS NOT NULL)
        EXECUTE FUNCTION community_thread_accepts()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS community_thread_accepts_inserted ON community_thread",
    "DROP TRIGGER IF EXISTS community_thread_accepts_changed ON community_thread",
    "DROP TRIGGER IF EXISTS community_thread_accepts_deleted ON community_thread",
    "DROP FUNCTION IF EXISTS community_thread_accepts()",
    "DROP TRIGGER IF EXISTS community_answer_is_accepted ON community_answer",
    "DROP FUNCTION IF EXISTS community_answer_is_accepted()",
]

BACKFILL = """UPDATE community_answer SET is_accepted = true
    WHERE id IN (SELECT accepted_answer_id FROM community_thread WHERE accepted_answer_id IS NOT NULL)"""


def _run(schema_editor, statements) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"accepted-answer triggers are written for SQLite and PostgreSQL, not {vendor}")
    _run(schema_editor, [BACKFILL] + (SQLITE if vendor == "sqlite" else POSTGRESQL))


def drop_triggers(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP if schema_editor.connection.vendor == "sqlite" else POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0018_tag_thread_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="is_accepted",
            field=models.BooleanField(db_default=False, editable=False),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                condition=models.Q(("is_deleted", False), ("is_accepted", True)),
                fields=["author", "thread"],
                name="answer_author_accepted_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(
                condition=models.Q(("is_deleted", False), ("kind", "idea")),
                fields=["idea_status"],
                name="thread_idea_status_idx",
            ),
        ),
    ]
