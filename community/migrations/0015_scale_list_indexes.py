"""Indexes for thread lists, member pages and profiles at 100,000 threads (issue "Flat as it grows").

The thread lists' indexes become partial (visible threads) and end with the id, so a page — numbered or from a
cursor — is one range read in order (community/forum/queries.py ``list_page``); they replace the
(is_deleted, key) ones, which left the id to a sort. A member's threads and answers get their own ranges. All are
ascending, read backwards for the descending lists: new rows carry the highest keys and an ascending b-tree
appends them packed (the reason is in ``Thread.Meta``).
"""

from django.db import migrations, models

VISIBLE = models.Q(("is_deleted", False))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0014_tag_links_carry_thread_sort_keys"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="thread", name="thread_active_idx"),
        migrations.RemoveIndex(model_name="thread", name="thread_newest_idx"),
        migrations.RemoveIndex(model_name="thread", name="thread_top_idx"),
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(condition=VISIBLE, fields=["last_activity_at", "id"], name="thread_list_active_idx"),
        ),
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(condition=VISIBLE, fields=["created_at", "id"], name="thread_list_newest_idx"),
        ),
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(condition=VISIBLE, fields=["score", "created_at", "id"], name="thread_list_top_idx"),
        ),
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(
                condition=VISIBLE, fields=["kind", "last_activity_at", "id"], name="thread_kind_active_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(condition=VISIBLE, fields=["kind", "created_at", "id"], name="thread_kind_newest_idx"),
        ),
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(
                condition=VISIBLE, fields=["kind", "score", "created_at", "id"], name="thread_kind_top_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(
                condition=models.Q(("is_deleted", False), ("answer_count", 0), ("kind", "question")),
                fields=["created_at", "id"],
                name="thread_unanswered_list_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(
                condition=VISIBLE, fields=["author", "created_at", "id"], name="thread_author_newest_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                condition=VISIBLE, fields=["author", "score", "created_at", "id"], name="answer_author_top_idx"
            ),
        ),
    ]
