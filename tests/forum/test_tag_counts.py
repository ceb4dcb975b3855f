"""Each tag stores how many visible threads carry it (``Tag.thread_count``, kept by database triggers on the tag
links, migration 0018), and the tags index and the knowledge hub read that stored count in popularity order
instead of counting every link on each view (issue "Flat as it grows").

Every way a link appears, moves or changes visibility must show in the counts; the recount repairs any drift.
The plan is checked with EXPLAIN (no timings) on PostgreSQL over 3,000 tags and 60,000 links made by bulk SQL
and ANALYZEd: the index reads no link and walks ``tag_popular_idx`` in order.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from community.demo import scale
from community.forum import actions, counters, queries
from community.models import Tag, TaggedThread, Thread
from community.moderation import actions as moderation_actions
from tests.explain import explain

pytestmark = pytest.mark.django_db

BODY = "A body long enough to pass the checks of a post."


@pytest.fixture(autouse=True)
def rendered_pages(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the rendering itself (the anonymous page cache has its own tests)


def _stored() -> dict[str, int]:
    """Every tag's stored count, zeros included."""
    return dict(Tag.objects.values_list("name", "thread_count"))


def _from_the_threads() -> dict[str, int]:
    """The truth, counted on the threads themselves (not on the links' copies of their visibility)."""
    visible = Count("tagged_threads", filter=Q(tagged_threads__content_object__is_deleted=False))
    return dict(Tag.objects.annotate(n=visible).values_list("name", "n"))


def _counts(**expected: int) -> dict[str, int]:
    """The stored counts, after checking they agree with the threads."""
    stored = _stored()
    assert stored == _from_the_threads()
    for name, count in expected.items():
        assert stored.get(name.replace("_", "-")) == count, (name, stored)
    return stored


def _post(author, title, tags):
    return actions.create_thread(author, kind="question", title=title, body=BODY, tags=tags)


# --- the triggers -------------------------------------------------------------------------------


def test_counts_follow_posting_retagging_hiding_restoring_and_deleting(alice, moderator):
    first = _post(alice, "Syncing notes while offline", ["sync", "offline"])
    second = _post(alice, "Syncing two phones at once", ["sync"])
    _counts(sync=2, offline=1)

    actions.edit_thread(alice, second, title=second.title, body=BODY, tags=["offline", "maps"])
    _counts(sync=1, offline=2, maps=1)

    actions.hide_post(moderator, first)
    _counts(sync=0, offline=1, maps=1)
    actions.restore_post(moderator, first)
    _counts(sync=1, offline=2, maps=1)

    actions.hide_post(moderator, second)  # a link added to a hidden thread does not count
    TaggedThread.objects.create(tag=Tag.objects.get(name="sync"), content_object=second)
    _counts(sync=1, offline=1, maps=0)

    Thread.objects.filter(pk=first.pk).delete()  # a hard delete takes its links with it
    _counts(sync=0, offline=0, maps=0)


def test_a_tag_merge_moves_the_visible_threads_count(alice, moderator):
    _post(alice, "Only in sync", ["sync"])
    _post(alice, "In both tags", ["sync", "offline"])
    hidden = _post(alice, "Hidden offline thread", ["offline"])
    actions.hide_post(moderator, hidden)
    _counts(sync=2, offline=1)

    moved = moderation_actions.merge_tags(
        moderator, Tag.objects.get(name="sync"), Tag.objects.get(name="offline"), reason="same topic"
    )
    assert moved == 1
    assert _counts(offline=2).keys() == {"offline"}


def test_bulk_writes_are_counted_once_per_link(alice, moderator):
    threads = [_post(alice, f"Bulk thread number {i}", ["sync"]) for i in range(4)]
    offline = Tag.objects.create(name="offline", slug="offline")
    # One statement for many links (as imports and the scale generator write them), a duplicate ignored.
    TaggedThread.objects.bulk_create(
        [TaggedThread(tag=offline, content_object=t) for t in threads + threads[:1]], ignore_conflicts=True
    )
    _counts(sync=4, offline=4)
    # A bulk hide (no action): the threads' triggers copy it to the links, whose triggers recount the tags.
    Thread.objects.filter(pk__in=[t.pk for t in threads[:3]]).update(is_deleted=True)
    _counts(sync=1, offline=1)
    maps = Tag.objects.create(name="maps", slug="maps")
    TaggedThread.objects.filter(tag=offline).update(tag=maps)  # links moved in bulk, as a merge moves them
    _counts(sync=1, offline=0, maps=1)


def test_the_scale_generators_copy_is_counted():
    """Tags and links written by COPY (community/demo/scale.py), the tags without naming the column."""
    assert connection.vendor == "postgresql", "the scale generator's COPY path needs PostgreSQL: run `make test`"
    written = scale.write_rows(scale.Size(threads=300, answers=600, members=20))
    assert written["tag links"] > 300
    assert sum(_counts().values()) == TaggedThread.objects.filter(content_object__is_deleted=False).count()


def test_the_recount_repairs_counts_that_drifted(alice):
    _post(alice, "Syncing notes while offline", ["sync", "offline"])
    _post(alice, "Syncing two phones at once", ["sync"])
    with connection.cursor() as cursor:  # a drift no trigger would make: only a manual edit of the tags
        cursor.execute(f"UPDATE {Tag._meta.db_table} SET thread_count = CASE WHEN name = 'sync' THEN 0 ELSE 99 END")
    assert _stored() == {"sync": 0, "offline": 99}

    call_command("community_recount", verbosity=0)
    _counts(sync=2, offline=1)
    assert counters.refresh_tag_counts() == 0  # nothing left to correct


# --- the pages ----------------------------------------------------------------------------------


@pytest.fixture
def topics(alice, moderator):
    """sync on 3 visible threads, maps and offline on 2, photos on 1; hidden-only on a hidden thread only."""
    _post(alice, "Syncing notes while offline", ["sync", "offline", "maps"])
    _post(alice, "Syncing two phones at once", ["sync", "maps"])
    _post(alice, "Syncing photos", ["sync", "photos", "offline"])
    actions.hide_post(moderator, _post(alice, "A thread nobody sees", ["hidden-only", "sync"]))


def _listed(tags) -> list[tuple[str, int]]:
    return [(tag.name, tag.thread_count) for tag in tags]


EXPECTED = [("sync", 3), ("maps", 2), ("offline", 2), ("photos", 1)]


def test_the_tags_index_shows_the_stored_counts_most_used_first(client, topics):
    page = client.get("/tags/")
    assert page.status_code == 200
    assert _listed(page.context["page"].object_list) == EXPECTED
    assert page.context["page"].paginator.count == 4
    html = page.content.decode()
    assert "3 posts" in html and "1 post<" in html and "hidden-only" not in html
    assert _listed(client.get("/tags/", {"q": "O"}).context["page"].object_list) == [("offline", 2), ("photos", 1)]
    filtered = client.get("/tags/", {"q": "  OFF "}).context["page"].object_list
    assert _listed(filtered) == [("offline", 2)]


def test_the_knowledge_hub_shows_the_same_counts_and_order(client, topics):
    hub = client.get("/knowledge/")
    assert hub.status_code == 200
    assert _listed(hub.context["topics"]) == EXPECTED
    assert 'href="/knowledge/topics/sync/">sync</a> <span class="muted">3</span>' in hub.content.decode()
    listing = client.get("/knowledge/topics/")
    assert _listed(listing.context["topics"].object_list) == EXPECTED
    assert _listed(client.get("/knowledge/topics/?q=sy").context["topics"].object_list) == [("sync", 3)]


# --- the plan ------------------------------------------------------------------------------------

TAGS, THREADS = 3_000, 20_000

# 3,000 tags on 20,000 threads (2 % hidden), 3 links a thread: 60,000 links, Zipf-like (the first tags carry
# most threads). The links are one INSERT: the statement trigger counts them as the scale generator's COPY.
GENERATE = """
INSERT INTO community_member (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                              date_joined, display_name, bio, suspension_reason)
VALUES ('!', false, 'tagcounts', '', '', 'tagcounts@example.com', false, true, now(), '', '', '');
INSERT INTO community_tag (name, slug, description)
SELECT 'topic-' || i, 'topic-' || i, '' FROM generate_series(1, %(tags)s) i;
INSERT INTO community_thread (is_deleted, kind, title, slug, body_md, body_html, created_at, last_activity_at, score,
                              answer_count, comment_count, author_id, is_locked, idea_status, idea_status_note)
SELECT i %% 50 = 0, 'question', 'Counted thread ' || i, 'counted-thread-' || i, 'body', '<p>body</p>',
       now() - interval '1 hour' * i, now() - interval '1 hour' * i, 0, 0, 0,
       (SELECT id FROM community_member WHERE username = 'tagcounts'), false, '', ''
FROM generate_series(1, %(threads)s) i;
INSERT INTO community_taggedthread (tag_id, content_object_id)
SELECT DISTINCT tag.id, t.id
FROM community_thread t, generate_series(1, 3) k, community_tag tag
WHERE t.slug LIKE 'counted-thread-%%'
  AND tag.slug = 'topic-' || (1 + floor(%(tags)s * ((hashtext(t.id || '-' || k) & 2147483647) / 2147483648.0) ^ 3))
ON CONFLICT DO NOTHING;
ANALYZE community_tag;
ANALYZE community_taggedthread;
"""


@pytest.fixture
def many_tags():
    assert connection.vendor == "postgresql", "the EXPLAIN guards need PostgreSQL: run them with `make test`"
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"tags": TAGS, "threads": THREADS})
    assert TaggedThread.objects.count() > 50_000


def _plan(queryset) -> tuple[str, list[dict]]:
    with CaptureQueriesContext(connection) as ctx:
        list(queryset)
    (statement,) = [q["sql"] for q in ctx.captured_queries]
    return explain(statement)


def test_the_popular_tags_are_read_in_order_on_their_index_without_the_links(many_tags):
    first_page = queries.tags_with_counts()[:60]
    text, nodes = _plan(first_page)
    assert "tag_popular_idx" in text, text
    assert not [n for n in nodes if n.get("Relation Name") == TaggedThread._meta.db_table], text
    assert not [n for n in nodes if n["Node Type"] in ("Sort", "Incremental Sort")], text
    # The paginator's count and a filtered index read no link either.
    for queryset in (queries.tags_with_counts(), queries.tags_with_counts("topic-1")):
        with CaptureQueriesContext(connection) as ctx:
            queryset.count()
            list(queryset[:60])
        for statement in ctx.captured_queries:
            assert TaggedThread._meta.db_table not in statement["sql"]

    # Same figures and order as counting the links on the view did.
    counted = (
        Tag.objects.annotate(n=Count("tagged_threads", filter=Q(tagged_threads__content_object__is_deleted=False)))
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values_list("name", "n")
    )
    assert _listed(first_page) == list(counted[:60])
    assert queries.tags_with_counts().count() == counted.count()
