"""Each tag stores how many visible threads carry it (``Tag.thread_count``), kept by database triggers on the tag
links (issue 19: the tags index and the knowledge hub counted every link on each view).

Triggers rather than Python, like the links' copies of their thread's sort keys (migration 0014): links are
added, removed, moved and hidden on many paths — taggit's managers, tag merges, thread deletion's cascade,
imports' bulk_create, the scale generator's COPY, and the 0014 triggers themselves when a thread is hidden or
restored — and a count one path forgot would silently drift. The database sees every path.

- PostgreSQL: statement triggers with transition tables, so one COPY of 200,000 links updates each of its
  tags once, not once per link. Each statement locks the tags it changes in id order before updating them,
  so two statements touching the same tags queue rather than deadlock.
- SQLite (no statement triggers): row triggers. They must stay created after 0014's link triggers: SQLite
  fires the newest trigger first, so an insert counts the link as inserted before the copy of its thread's
  ``is_deleted`` is applied (the copy's update then corrects it). A migration that rebuilds the link table on
  SQLite drops these triggers with 0014's and must create both again, in that order.
"""

from django.db import migrations, models

TAG = "community_tag"
LINK = "community_taggedthread"


def _deltas(added: bool, removed: bool) -> str:
    """Per tag, the visible links a statement added minus those it removed (transition tables new/old_links)."""
    parts = []
    if added:
        parts.append("SELECT tag_id, 1 AS delta FROM new_links WHERE NOT thread_is_deleted")
    if removed:
        parts.append("SELECT tag_id, -1 AS delta FROM old_links WHERE NOT thread_is_deleted")
    return (
        f"SELECT tag_id, sum(delta) AS delta FROM ({' UNION ALL '.join(parts)}) AS change "
        "GROUP BY tag_id HAVING sum(delta) <> 0"
    )


# (function and trigger name, event, transition tables, links added, links removed)
POSTGRESQL_TRIGGERS = [
    ("community_tag_counts_links_added", "INSERT", "NEW TABLE AS new_links", True, False),
    ("community_tag_counts_links_removed", "DELETE", "OLD TABLE AS old_links", False, True),
    ("community_tag_counts_links_changed", "UPDATE", "OLD TABLE AS old_links NEW TABLE AS new_links", True, True),
]

POSTGRESQL = []
POSTGRESQL_DROP = []
for name, event, tables, added, removed in POSTGRESQL_TRIGGERS:
    deltas = _deltas(added, removed)
    POSTGRESQL += [
        f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM 1 FROM {TAG} WHERE id IN (SELECT tag_id FROM ({deltas}) AS d) ORDER BY id
                    FOR NO KEY UPDATE;
                UPDATE {TAG} SET thread_count = thread_count + d.delta FROM ({deltas}) AS d
                WHERE {TAG}.id = d.tag_id;
                RETURN NULL;
            END $$""",
        f"""CREATE TRIGGER {name} AFTER {event} ON {LINK} REFERENCING {tables}
            FOR EACH STATEMENT EXECUTE FUNCTION {name}()""",
    ]
    POSTGRESQL_DROP += [f"DROP TRIGGER IF EXISTS {name} ON {LINK}", f"DROP FUNCTION IF EXISTS {name}()"]

SQLITE = [
    f"""CREATE TRIGGER community_tag_counts_link_added
        AFTER INSERT ON {LINK} FOR EACH ROW WHEN NOT NEW.thread_is_deleted
        BEGIN
            UPDATE {TAG} SET thread_count = thread_count + 1 WHERE id = NEW.tag_id;
        END""",
    f"""CREATE TRIGGER community_tag_counts_link_removed
        AFTER DELETE ON {LINK} FOR EACH ROW WHEN NOT OLD.thread_is_deleted
        BEGIN
            UPDATE {TAG} SET thread_count = thread_count - 1 WHERE id = OLD.tag_id;
        END""",
    f"""CREATE TRIGGER community_tag_counts_link_changed
        AFTER UPDATE OF tag_id, thread_is_deleted ON {LINK} FOR EACH ROW
        WHEN OLD.tag_id IS NOT NEW.tag_id OR OLD.thread_is_deleted IS NOT NEW.thread_is_deleted
        BEGIN
            UPDATE {TAG} SET thread_count = thread_count - 1 WHERE id = OLD.tag_id AND NOT OLD.thread_is_deleted;
            UPDATE {TAG} SET thread_count = thread_count + 1 WHERE id = NEW.tag_id AND NOT NEW.thread_is_deleted;
        END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS community_tag_counts_link_added",
    "DROP TRIGGER IF EXISTS community_tag_counts_link_removed",
    "DROP TRIGGER IF EXISTS community_tag_counts_link_changed",
]

BACKFILL = f"""UPDATE {TAG} SET thread_count =
    (SELECT count(*) FROM {LINK} WHERE {LINK}.tag_id = {TAG}.id AND NOT {LINK}.thread_is_deleted)"""


def _run(schema_editor, statements) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"tag-count triggers are written for SQLite and PostgreSQL, not {vendor}")
    _run(schema_editor, (SQLITE if vendor == "sqlite" else POSTGRESQL) + [BACKFILL])


def drop_triggers(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP if schema_editor.connection.vendor == "sqlite" else POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0017_tag_experts"),
    ]

    operations = [
        migrations.AddField(
            model_name="tag",
            name="thread_count",
            field=models.IntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddIndex(
            model_name="tag",
            index=models.Index(fields=["-thread_count", "name"], name="tag_popular_idx"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
