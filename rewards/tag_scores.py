"""Members' standing per tag (``TagScore``): the profile's top tags and the tag badges, without summing answers.

A ``TagScore`` row says: this member's visible answers in visible threads carrying this tag add up to
``score`` over ``answers`` answers. Summing that on every profile view read every answer of the member (6,643
for the most active one at 100,000 threads); the row is read through one index instead.

How rows stay right: an event about an answer or a thread does not add a delta (a delta applied after the
commit races with a hide or a restore of the same post). It *refreshes* the rows it touches: lock them, sum
the member's answers in those tags from community's rows as they stand now, and write the sums. That is
idempotent (a replayed event writes the same figures), and the last refresh to take the lock reads every
committed change, so concurrent events cannot leave a stale figure. ``rebuild()`` (run by
``rewards_recompute``) recomputes every row from the answers in one statement and ``drift()`` lists rows
that disagree with them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Sum

from community.core import events
from community.models import Answer, Revision, TaggedThread
from rewards.models import TagScore

Figures = dict[int, tuple[int, int]]  # tag id -> (score, answers)


def _source_figures(member_id: int, tag_ids: Iterable[int] | None = None) -> Figures:
    """What the member's visible answers add up to per tag, from community's rows (all tags when None)."""
    answers = Answer.objects.filter(author_id=member_id, is_deleted=False, thread__is_deleted=False)
    if tag_ids is None:
        answers = answers.filter(thread__tags__isnull=False)
    else:
        answers = answers.filter(thread__tags__in=list(tag_ids))
    rows = answers.values("thread__tags").annotate(total=Sum("score"), n=Count("pk"))
    return {r["thread__tags"]: (r["total"] or 0, r["n"]) for r in rows.order_by()}


def thread_tag_ids(thread_id: int) -> list[int]:
    return list(TaggedThread.objects.filter(content_object_id=thread_id).values_list("tag_id", flat=True))


@transaction.atomic
def refresh(member_id: int, tag_ids: Iterable[int]) -> Figures:
    """Rewrite the member's rows for ``tag_ids`` from the answers as they stand; return the new figures.

    Rows are locked in tag order (created first when missing), so two refreshes of one member serialise and
    never deadlock; rows left with no answer are removed, as ``rebuild()`` would not write them.
    """
    tag_ids = sorted(set(tag_ids))
    if not tag_ids:
        return {}
    TagScore.objects.bulk_create(
        [TagScore(member_id=member_id, tag_id=t) for t in tag_ids], ignore_conflicts=True, batch_size=500
    )
    list(TagScore.objects.select_for_update().filter(member_id=member_id, tag_id__in=tag_ids).order_by("tag_id"))
    figures = _source_figures(member_id, tag_ids)
    for tag_id in tag_ids:
        score, answers = figures.get(tag_id, (0, 0))
        rows = TagScore.objects.filter(member_id=member_id, tag_id=tag_id)
        if answers:
            rows.update(score=score, answers=answers)
        else:
            rows.delete()
    return figures


def refresh_member(member_id: int, also_tag_ids: Iterable[int] = ()) -> Figures:
    """Every row of the member (a thread's tags changed: which tag lost the answer is unknown)."""
    held = TagScore.objects.filter(member_id=member_id).values_list("tag_id", flat=True)
    return refresh(member_id, {*held, *also_tag_ids})


def _thread_answer_authors(thread_id: int) -> list[int]:
    return sorted(set(Answer.objects.filter(thread_id=thread_id).values_list("author_id", flat=True)))


def refresh_thread(thread_id: int) -> None:
    """A thread was hidden or restored: every member who answered it moves in each of its tags."""
    tag_ids = thread_tag_ids(thread_id)
    for author_id in _thread_answer_authors(thread_id):
        refresh(author_id, tag_ids)


def _tags_changed(thread_id: int, revision: int) -> bool:
    """Did this edit change the thread's tags? (Revisions keep the tags as written; no earlier one: assume so.)"""
    tags = dict(
        Revision.objects.filter(thread_id=thread_id, number__in=[revision - 1, revision]).values_list("number", "tags")
    )
    if revision - 1 not in tags or revision not in tags:
        return True
    return set(tags[revision - 1].split()) != set(tags[revision].split())


# --- event handlers (connected by rewards.handlers) -------------------------------------------------------


def after_answer_vote(event: events.VoteCast) -> Figures:
    """An answer's score moved: its author's figures in the thread's tags (returned for the tag badges)."""
    return refresh(event.author_id, thread_tag_ids(event.thread_id))


def on_answer_posted(event: events.AnswerPosted) -> None:
    refresh(event.author_id, thread_tag_ids(event.thread_id))


def on_post_hidden_or_restored(event: events.PostHidden | events.PostRestored) -> None:
    if event.model == "answer":
        refresh(event.author_id, thread_tag_ids(event.thread_id))
    elif event.model == "thread":
        refresh_thread(event.thread_id)


def on_thread_edited(event: events.ThreadEdited) -> None:
    if not _tags_changed(event.thread_id, event.revision):
        return
    tag_ids = thread_tag_ids(event.thread_id)
    for author_id in _thread_answer_authors(event.thread_id):
        refresh_member(author_id, tag_ids)


def on_tags_merged(event: events.TagsMerged) -> None:
    """Inside the merge's transaction: the threads already carry the target tag; the source tag goes next."""
    members = list(TagScore.objects.filter(tag_id=event.source_id).values_list("member_id", flat=True))
    TagScore.objects.filter(tag_id=event.source_id).delete()
    for member_id in sorted(set(members)):
        refresh(member_id, [event.target_id])


# --- rebuild and check ----------------------------------------------------------------------------------

_SOURCE_SQL = """
    SELECT a.author_id AS member_id, tt.tag_id AS tag_id, SUM(a.score) AS score, COUNT(*) AS answers
    FROM {answer} a
    JOIN {thread} t ON t.id = a.thread_id
    JOIN {link} tt ON tt.content_object_id = a.thread_id
    WHERE NOT a.is_deleted AND NOT t.is_deleted
    GROUP BY a.author_id, tt.tag_id
"""


def _source_sql() -> str:
    from community.models import Thread

    return _SOURCE_SQL.format(
        answer=Answer._meta.db_table, thread=Thread._meta.db_table, link=TaggedThread._meta.db_table
    )


@transaction.atomic
def rebuild() -> int:
    """Replace every row with the sums of the answers, in one statement; return the number of rows."""
    table = TagScore._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Live refreshes wait for the rebuild rather than writing rows it is replacing.
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"INSERT INTO {table} (member_id, tag_id, score, answers) {_source_sql()}")
        return cursor.rowcount


def drift(limit: int = 1000) -> list[tuple[int, int, tuple[int, int], tuple[int, int]]]:
    """Rows that differ from the answers: (member, tag, stored (score, answers), source (score, answers)), at
    most ``limit`` of them. Compared by the database (a full outer join of the table and the answers' sums), so
    the check's memory does not grow with the community (400,000 rows at 100,000 threads)."""
    table = TagScore._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT COALESCE(t.member_id, s.member_id), COALESCE(t.tag_id, s.tag_id),
                       COALESCE(t.score, 0), COALESCE(t.answers, 0), COALESCE(s.score, 0), COALESCE(s.answers, 0)
                FROM {table} t FULL OUTER JOIN ({_source_sql()}) s
                     ON s.member_id = t.member_id AND s.tag_id = t.tag_id
                WHERE COALESCE(t.score, 0) <> COALESCE(s.score, 0) OR COALESCE(t.answers, 0) <> COALESCE(s.answers, 0)
                ORDER BY 1, 2
                LIMIT %s""",
            [limit],
        )
        return [(m, t, (ts, ta), (ss, sa)) for m, t, ts, ta, ss, sa in cursor.fetchall()]
