"""The tag page's "Who knows this" at scale (issue "Flat as it grows"): read from the stored ranking through the
(tag, rank) index, never summed from the answers on a page view — and the same experts as the sum.

Plans are checked with EXPLAIN (no timings) on PostgreSQL: 30,000 generated threads in 40 Zipf-like tags, their
rankings refreshed from the answers, and the stored rankings of 10,000 more tags so the table is large enough for
the planner to care (bulk SQL, ANALYZEd).
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Member, Tag
from community.team import experts
from community.team.models import TagExpert
from tests.explain import built_once_per_module, explain

pytestmark = pytest.mark.django_db

THREADS = 30_000
FILLER_TAGS = 10_000

# 300 members (Zipf-like: the busiest writes ~6 % of the posts), 40 tags (the most popular on half the threads),
# 1 to 4 tags a thread, 70 % questions, 0 to 2 answers, 40 % of answered questions accepted, 1 % deleted, two
# years of history (every recency weight has answers). "Random" values are hashes of the row number.
GENERATE = """
CREATE FUNCTION pg_temp.r(i bigint, salt text) RETURNS float8 LANGUAGE sql IMMUTABLE
    AS $$ SELECT (hashtext(i || salt) & 2147483647) / 2147483648.0 $$;
INSERT INTO community_member (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                              date_joined, display_name, bio, suspension_reason)
SELECT '!', false, 'know' || i, '', '', 'know' || i || '@example.com', false, true, now(), '', '', ''
FROM generate_series(1, 300) i;
INSERT INTO community_tag (name, slug, description) SELECT 'topic' || i, 'topic' || i, '' FROM generate_series(1, 40) i;
INSERT INTO community_thread (is_deleted, kind, title, slug, body_md, body_html, created_at, last_activity_at, score,
                              answer_count, comment_count, author_id, is_locked, idea_status, idea_status_note)
SELECT pg_temp.r(i, 'deleted') < 0.01,
       CASE WHEN pg_temp.r(i, 'kind') < 0.7 THEN 'question' WHEN pg_temp.r(i, 'kind') < 0.9 THEN 'tip' ELSE 'idea' END,
       'Scale thread ' || i, 'scale-thread-' || i, 'body', '<p>body</p>',
       now() - interval '35 minutes' * (%(n)s - i), now() - interval '35 minutes' * (%(n)s - i),
       floor(8 * pg_temp.r(i, 'score') ^ 3)::int - 1, 0, 0,
       (SELECT id FROM community_member WHERE username = 'know' || (1 + floor(300 * pg_temp.r(i, 'author') ^ 2))),
       false, '', ''
FROM generate_series(1, %(n)s) i;
INSERT INTO community_answer (is_deleted, body_md, body_html, created_at, score, comment_count, author_id, thread_id)
SELECT pg_temp.r(t.id * 2 + j, 'deleted') < 0.01, 'answer', '<p>answer</p>', t.created_at + interval '1 hour' * j,
       floor(6 * pg_temp.r(t.id * 2 + j, 'score') ^ 3)::int - 1, 0,
       (SELECT id FROM community_member
        WHERE username = 'know' || (1 + floor(300 * pg_temp.r(t.id * 2 + j, 'author') ^ 2))), t.id
FROM community_thread t, generate_series(1, 2) j
WHERE pg_temp.r(t.id, 'answers') >= CASE j WHEN 1 THEN 0.15 ELSE 0.6 END;
UPDATE community_thread t SET accepted_answer_id = a.id, accepted_at = a.created_at
FROM (SELECT DISTINCT ON (thread_id) id, thread_id, created_at FROM community_answer
      WHERE NOT is_deleted ORDER BY thread_id, id) a
WHERE a.thread_id = t.id AND t.kind = 'question' AND pg_temp.r(t.id, 'accepted') < 0.4;
UPDATE community_thread t SET answer_count = a.n
FROM (SELECT thread_id, count(*) n FROM community_answer WHERE NOT is_deleted GROUP BY thread_id) a
WHERE a.thread_id = t.id;
-- The links last, once the threads' counters are final: each link copies its thread's sort keys when it is
-- written (migration 0014), where an UPDATE of the threads after them would rewrite every link row by row.
INSERT INTO community_taggedthread (tag_id, content_object_id)
SELECT DISTINCT tag.id, t.id
FROM community_thread t, generate_series(1, 4) k, community_tag tag
WHERE k <= 1 + t.id %% 4 AND tag.slug = 'topic' || (1 + floor(40 * pg_temp.r(t.id * 4 + k, 'tag') ^ 2.5))
ON CONFLICT DO NOTHING;
"""

# The stored rankings of many other tags (nobody reads them here): what a community with thousands of tags holds.
FILLER = """
INSERT INTO community_tag (name, slug, description)
SELECT 'filler' || i, 'filler' || i, '' FROM generate_series(1, %(tags)s) i;
INSERT INTO community_tagexpert (tag_id, member_id, rank, answers, accepted, score, points, computed_at)
SELECT tag.id, m.id, k, 3, 1, 4, 40 - k, now()
FROM community_tag tag, generate_series(1, 10) k
JOIN community_member m ON m.username = 'know' || k
WHERE tag.slug LIKE 'filler%%';
ANALYZE community_member, community_tag, community_thread, community_taggedthread, community_answer,
        community_tagexpert;
"""


# The rankings weigh answers by age; one clock for the build and every comparison, so an answer crossing a
# 90-day or one-year boundary while the module runs cannot reorder the sum against what was stored.
NOW = timezone.now()


def _build():
    assert connection.vendor == "postgresql", "these guards read PostgreSQL plans: run them under `make test`"
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"n": THREADS})
    experts.refresh_tag_experts(Tag.objects.values_list("pk", flat=True), now=NOW)
    with connection.cursor() as cursor:
        cursor.execute(FILLER, {"tags": FILLER_TAGS})


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    yield from built_once_per_module(django_db_blocker, _build)


@pytest.fixture
def community(built, settings):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()


def _statements(sqls, table):
    return [sql for sql in sqls if f'"{table}"' in sql]


def _assert_index_range(sql):
    plan, nodes = explain(sql)
    assert "tag_expert_rank" in plan, plan
    assert not any(node["Node Type"] in ("Seq Scan", "Sort", "Aggregate") for node in nodes), plan


def _assert_stored_rows_by_index(sql, tags: int):
    """Several tags' top rows: either index of the stored rankings (the planner flips between the rank index and
    the (tag, member) one for a few dozen rows), a sort of at most those rows, never a scan or a sum."""
    plan, nodes = explain(sql)
    assert "tag_expert_rank" in plan or "tag_expert_once" in plan, plan
    assert not any(node["Node Type"] in ("Seq Scan", "Aggregate") for node in nodes), plan
    sorts = [node for node in nodes if node["Node Type"] == "Sort"]
    assert all(node["Plan Rows"] <= tags * experts.stored_limit() for node in sorts), plan


def test_the_tag_page_reads_its_experts_from_the_rank_index_not_from_the_answers(client, community):
    tag = Tag.objects.get(slug="topic1")
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/tags/topic1/")
    assert response.status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not _statements(sqls, "community_answer"), "the tag page must not read the answers"
    [read] = _statements(sqls, "community_tagexpert")
    assert '"community_member"' in read  # the members come with it (one query)
    _assert_index_range(read)

    # The panel lists the experts the answers add up to, best first.
    panel = response.content.decode().split('id="experts-title"', 1)[1].split("</aside>", 1)[0]
    shown = re.findall(r'<a href="/members/([^/"]+)/">', panel)
    top = experts.ranking_from_source(tag.pk, now=NOW)[:5]
    assert len(top) == 5
    assert shown == [Member.objects.get(pk=r.member_id).username for r in top]


def test_routing_reads_the_stored_rows_of_a_questions_tags_through_the_same_index(community):
    tags = list(Tag.objects.filter(slug__in=["topic1", "topic2", "topic3"]).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as ctx:
        found = experts.experts_for_tags(tags)
    [read] = _statements([q["sql"] for q in ctx.captured_queries], "community_tagexpert")
    _assert_stored_rows_by_index(read, len(tags))
    best = {}
    for tag_id in tags:
        for row in experts.ranking_from_source(tag_id, now=NOW):
            best[row.member_id] = max(best.get(row.member_id, 0), row.points)
    assert [(r.member_id, r.points) for r in found] == sorted(
        ((m, round(p, 1)) for m, p in best.items()), key=lambda mp: (-mp[1], mp[0])
    )


def test_the_stored_rankings_equal_the_sums_and_a_refresh_repairs_drift(community):
    popular = list(Tag.objects.filter(slug__startswith="topic").order_by("pk").values_list("pk", flat=True))

    def stored():
        return {
            tag_id: [
                (r.member_id, r.answers, r.accepted, r.score, round(r.points, 6))
                for r in TagExpert.objects.filter(tag_id=tag_id).order_by("rank")
            ]
            for tag_id in popular
        }

    def source():
        return {
            tag_id: [
                (r.member_id, r.answers, r.accepted, r.score, round(r.points, 6))
                for r in experts.ranking_from_source(tag_id, now=NOW)
            ]
            for tag_id in popular
        }

    expected = source()
    assert stored() == expected and len(expected[popular[0]]) == experts.stored_limit()
    TagExpert.objects.filter(tag_id=popular[0], rank__lte=3).delete()
    TagExpert.objects.filter(tag_id=popular[1]).update(points=0)
    assert stored() != expected
    experts.refresh_tag_experts(popular[:2], now=NOW)
    assert stored() == expected
