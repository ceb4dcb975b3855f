"""Thread lists, tag pages and member pages at scale (issue "Flat as it grows"): numbered first pages, cursor
pages past them, capped counts, each one range of its index — and the right threads in the right order.

The plans are checked with EXPLAIN (no timings) on PostgreSQL over 30,000 generated threads (bulk SQL, ANALYZEd),
on the very SQL the page ran (captured while the test client renders it).
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.forum import queries
from community.models import Thread
from tests.explain import built_once_per_module, explain, plan_nodes

pytestmark = pytest.mark.django_db

THREADS = 30_000

# A community shaped like the benchmark's (community/demo/scale.py): 300 members and 40 tags, both Zipf-like (the
# busiest member writes about 6 % of the threads and answers, the most popular tag is on half the threads), 1 to 4
# tags a thread, 0 to 2 answers, 1 % of posts deleted, a thread every 20 minutes. "Random" values are hashes of
# the row number (``r(i, salt)`` in [0, 1)), so every run gets the same data and the same plans.
GENERATE = """
CREATE FUNCTION pg_temp.r(i bigint, salt text) RETURNS float8 LANGUAGE sql IMMUTABLE
    AS $$ SELECT (hashtext(i || salt) & 2147483647) / 2147483648.0 $$;
INSERT INTO community_member (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                              date_joined, display_name, bio, suspension_reason)
SELECT '!', false, 'lists' || i, '', '', 'lists' || i || '@example.com', false, true, now(), '', '', ''
FROM generate_series(1, 300) i;
INSERT INTO community_tag (name, slug, description) SELECT 'topic' || i, 'topic' || i, '' FROM generate_series(1, 40) i;
INSERT INTO community_thread (is_deleted, kind, title, slug, body_md, body_html, created_at, last_activity_at, score,
                              answer_count, comment_count, author_id, is_locked, idea_status, idea_status_note)
SELECT pg_temp.r(i, 'deleted') < 0.01,
       CASE WHEN pg_temp.r(i, 'kind') < 0.7 THEN 'question' WHEN pg_temp.r(i, 'kind') < 0.9 THEN 'tip' ELSE 'idea' END,
       'Scale thread ' || i, 'scale-thread-' || i, repeat('body ', 100), repeat('<p>body</p>', 50),
       now() - interval '20 minutes' * (%(n)s - i),
       now() - interval '20 minutes' * (%(n)s - i) + interval '30 days' * pg_temp.r(i, 'active'),
       floor(8 * pg_temp.r(i, 'score') ^ 3)::int - 1, 0, 0,
       (SELECT id FROM community_member WHERE username = 'lists' || (1 + floor(300 * pg_temp.r(i, 'author') ^ 2))),
       false, '', ''
FROM generate_series(1, %(n)s) i;
INSERT INTO community_answer (is_deleted, body_md, body_html, created_at, score, comment_count, author_id, thread_id)
SELECT pg_temp.r(t.id * 2 + j, 'deleted') < 0.01, 'answer', '<p>answer</p>', t.created_at + interval '1 hour' * j,
       floor(6 * pg_temp.r(t.id * 2 + j, 'score') ^ 3)::int - 1, 0,
       (SELECT id FROM community_member
        WHERE username = 'lists' || (1 + floor(300 * pg_temp.r(t.id * 2 + j, 'author') ^ 2))), t.id
FROM community_thread t, generate_series(1, 2) j
WHERE pg_temp.r(t.id, 'answers') >= CASE j WHEN 1 THEN 0.15 ELSE 0.6 END;
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
ANALYZE community_member, community_tag, community_thread, community_taggedthread, community_answer;
"""


def _generate():
    assert connection.vendor == "postgresql", "these guards read PostgreSQL plans: run them under `make test`"
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"n": THREADS})


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    yield from built_once_per_module(django_db_blocker, _generate)


@pytest.fixture
def community(generated, settings):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()


def _page(client, url):
    """The page's response and the SQL it ran (mogrified by psycopg: safe to EXPLAIN as it is)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [q["sql"] for q in ctx.captured_queries]


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def _plan_of(sqls, *needles) -> str:
    matching = [s for s in sqls if all(n in s for n in needles)]
    assert matching, f"no query with {needles}: {sqls}"
    return _plan(matching[0])


def _reads_in_order(plan: str, index: str) -> bool:
    """The page reads rows in its order and stops after a page: its own index, or — the planner's pick on some
    statistics samples — an index on the sort's first column with an incremental sort of equal keys (``Presorted
    Key``): never a full sort of the matching rows, never a sequential scan."""
    full_sort = re.search(r"(^|->\s+)Sort\s+\(", plan, re.MULTILINE)
    in_order = index in plan or ("Incremental Sort" in plan and "Presorted Key" in plan and "Index Scan" in plan)
    return in_order and not full_sort and "Seq Scan" not in plan


def _older_link(response) -> str:
    page = response.context["page"] if "page" in response.context else response.context["threads"]
    assert page.older, "the page has no older link"
    return page.older


def _count_is_bounded(sqls, cap: int = queries.COUNT_CAP) -> str:
    """The page's count reads at most cap + 1 rows: a Limit under the Aggregate, whatever the list's size."""
    sql = next(s for s in sqls if "COUNT(*)" in s)
    plan = _plan(sql)
    assert f"LIMIT {cap + 1}" in sql and plan.startswith("Aggregate") and "->  Limit" in plan, plan
    return plan


LIST_INDEXES = {
    "active": "thread_list_active_idx",
    "newest": "thread_list_newest_idx",
    "top": "thread_list_top_idx",
    "unanswered": "thread_unanswered_list_idx",
}


@pytest.mark.parametrize("sort", list(LIST_INDEXES))
def test_the_first_and_deep_pages_of_every_sort_read_their_index_in_order(client, community, sort):
    first, sqls = _page(client, f"/threads/{sort}/")
    plan = _plan_of(sqls, 'FROM "community_thread"', "ORDER BY")
    assert _reads_in_order(plan, LIST_INDEXES[sort]), plan
    _count_is_bounded(sqls)

    fiftieth, _ = _page(client, f"/threads/{sort}/?page=50")
    deep, sqls = _page(client, f"/threads/{sort}/?{_older_link(fiftieth)}")
    assert _older_link(fiftieth).startswith("after=")
    plan = _plan_of(sqls, 'FROM "community_thread"', "ORDER BY")
    assert _reads_in_order(plan, LIST_INDEXES[sort]) and "Index Cond" in plan, plan

    # The deep page is what OFFSET 1500 would give, in the same order; Newer leads back to page 50.
    rows = list(queries.thread_list(sort=sort).values_list("pk", flat=True))
    assert [t.pk for t in first.context["page"]] == rows[:30]
    assert [t.pk for t in deep.context["page"]] == rows[1500:1530]
    back, _ = _page(client, f"/threads/{sort}/?{deep.context['page'].newer}")
    assert [t.pk for t in back.context["page"]] == rows[1470:1500]
    noun = "questions" if sort == "unanswered" else "posts"  # the Unanswered sort lists questions only
    shown = f"10,000+ {noun}" if len(rows) > 10_000 else f"{len(rows):,} {noun}"
    assert shown in first.content.decode() and shown in deep.content.decode()


def test_kind_filters_last_pages_and_counts(client, community):
    tips, sqls = _page(client, "/threads/top/?kind=tip&page=50")
    assert "thread_kind_top_idx" in _plan_of(sqls, "ORDER BY", '"kind" = ')
    assert 'href="?kind=tip&amp;after=' in tips.content.decode()
    deep, sqls = _page(client, f"/threads/top/?kind=tip&{_older_link(tips)}")
    plan = _plan_of(sqls, "ORDER BY", '"kind" = ')
    assert "thread_kind_top_idx" in plan and "Sort" not in plan, plan
    expected = list(queries.thread_list(sort="top", kind="tip").values_list("pk", flat=True))
    assert [t.pk for t in deep.context["page"]] == expected[1500:1530]
    assert {t.kind for t in deep.context["page"]} == {"tip"}

    last, sqls = _page(client, "/threads/newest/?page=last")
    everything = list(queries.thread_list(sort="newest").values_list("pk", flat=True))
    assert [t.pk for t in last.context["page"]] == everything[-30:]
    plan = _plan_of(sqls, "ORDER BY", 'FROM "community_thread"')
    assert "thread_list_newest_idx" in plan and "Sort" not in plan, plan
    assert "10,000+ posts" in last.content.decode() and not last.context["page"].older


def test_the_tag_page_and_its_deep_pages_read_the_tag_links_index(client, community):
    first, sqls = _page(client, "/tags/topic1/top/")
    plan = _plan_of(sqls, "community_taggedthread", "LIMIT 30")
    assert "tag_link_top_idx" in plan and "Seq Scan on community_taggedthread" not in plan, plan
    _count_is_bounded(sqls)
    assert "10,000+ posts tagged topic1" in first.content.decode()
    fiftieth, sqls = _page(client, "/tags/topic1/top/?page=50")
    # The 1,470 links it skips are read alone: below the Limit that skips them, no thread or member is joined.
    text, nodes = explain(next(sql for sql in sqls if "OFFSET 1470" in sql))
    (skipping,) = [node for node in nodes if node["Node Type"] == "Limit"]
    read = {n.get("Relation Name") for n in plan_nodes(skipping) if n.get("Parent Relationship") != "InitPlan"}
    assert "community_taggedthread" in read and not read & {"community_thread", "community_member"}, text
    assert [t.pk for t in fiftieth.context["page"]] == _tagged_top("topic1")[1470:1500]
    deep, sqls = _page(client, f"/tags/topic1/top/?{_older_link(fiftieth)}")
    plan = _plan_of(sqls, "community_taggedthread", "LIMIT 31")
    assert "tag_link_top_idx" in plan and "Index Cond" in plan and "Seq Scan on community_taggedthread" not in plan, (
        plan
    )
    tagged = _tagged_top("topic1")
    assert [t.pk for t in first.context["page"]] == tagged[:30]
    assert [t.pk for t in deep.context["page"]] == tagged[1500:1530]

    # A small tag: an exact count, numbered pages only.
    small, sqls = _page(client, "/tags/topic40/")
    count = Thread.objects.filter(is_deleted=False, tags__slug="topic40").count()
    assert 0 < count < 1500 and f"{count:,} posts tagged topic40" in small.content.decode()
    assert "tag_link_active_idx" in _plan_of(sqls, "community_taggedthread", "LIMIT 30")


def _tagged_top(slug: str) -> list[int]:
    tagged = Thread.objects.filter(is_deleted=False, tags__slug=slug).order_by("-score", "-created_at", "-pk")
    return list(tagged.values_list("pk", flat=True))


def test_the_member_page_reads_the_members_ranges_and_caps_its_figures(client, community):
    response, sqls = _page(client, "/members/lists1/")
    threads_plan = _plan_of(sqls, 'FROM "community_thread"', '"author_id" = ', "ORDER BY")
    assert "thread_author_newest_idx" in threads_plan and "Sort" not in threads_plan, threads_plan
    answers_plan = _plan_of(sqls, 'FROM "community_answer"', "ORDER BY")
    assert "answer_author_top_idx" in answers_plan and "Sort" not in answers_plan, answers_plan
    _count_is_bounded(sqls, queries.MEMBER_COUNT_CAP)

    # The busiest member has written more than 1,000 threads and answers: the figures say so, and the lists
    # show the member's newest threads and best answers.
    html = response.content.decode()
    member_threads = queries.thread_list(sort="newest").filter(author__username="lists1")
    assert member_threads.count() > 1000 and response.context["threads"].paginator.count_label == "1,000+"
    assert response.context["answer_count"] == "1,000+" and html.count("<dd>1,000+</dd>") == 2
    assert [t.pk for t in response.context["threads"]] == list(member_threads.values_list("pk", flat=True)[:15])
    best = queries.member_answers(response.context["member"]).values_list("pk", flat=True)
    assert [a.pk for a in response.context["answers"]] == list(best[:15])
    assert [a.score for a in response.context["answers"]] == sorted(
        (a.score for a in response.context["answers"]), reverse=True
    )
