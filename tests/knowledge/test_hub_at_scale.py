"""Knowledge hubs at scale (issue "Flat as it grows"): a tag's best threads are ranked over a bounded candidate set
read in order from the tag rows' indexes, and the list is still the full ranking's.

The plan is checked with EXPLAIN (no timings) on PostgreSQL over 24,000 generated search entries, 20,000 of them
in one tag, made by bulk SQL and ANALYZEd, so that the planner weighs the tag as it does at 100,000 threads.
"""

from __future__ import annotations

import json
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.forum import actions
from search import api, ranking
from search.backends import database
from search.models import SearchEntry, SearchTag
from tests.explain import explain
from tests.search_support import database_search, post_thread  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

DAY = 86400
ENTRIES, IN_BIG = 24_000, 20_000

# Deterministic spreads (no random()): three years of activity, scores -3…36, reputations 1…5,000, 40 % accepted.
GENERATE = f"""
INSERT INTO search_searchentry (doc_type, object_id, kind, title, title_key, body, answers, tags, author,
    author_name, author_id, score, answer_count, accepted, author_reputation, created_at, last_activity_at,
    last_activity_ts, url)
SELECT 'thread', 900000 + i, 'question', 'Generated thread ' || i, 'generated thread ' || i, 'body', '',
       CASE WHEN i <= {IN_BIG} THEN 'big' ELSE 'small' END, 'gen', 'Gen', NULL, (i * 7919) % 40 - 3, i % 5,
       (i * 31) % 10 < 4, 1 + (i * 104729) % 5000, a - interval '1 day', a, extract(epoch FROM a),
       '/t/' || i || '/'
FROM (SELECT i, now() - interval '1 second' * ((i * 2654435761) % (3 * 365 * {DAY})) AS a
      FROM generate_series(1::bigint, {ENTRIES}) i) s;
INSERT INTO search_searchtag (entry_id, name, lasting_quality, activity_period)
SELECT id, tags, 0, 0 FROM search_searchentry WHERE object_id > 900000;
"""


@pytest.fixture
def big_tag(database_search):
    """20,000 entries tagged "big" (and 4,000 "small"), their tag rows' copies written by the backend's own
    UPDATE, then ANALYZEd."""
    assert connection.vendor == "postgresql", "the EXPLAIN guards need PostgreSQL: run them with `make test`"
    with connection.cursor() as cursor:
        cursor.execute(GENERATE)
        # Statistics first: without them the planner joins 20,000 tag rows to their entries by nested scans
        # (minutes); the backend's own writes touch a few rows at a time, where any plan is quick.
        cursor.execute("ANALYZE search_searchentry")
        cursor.execute("ANALYZE search_searchtag")
    database.copy_signals_to_tags("e.object_id > %s", [900000])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
        cursor.execute("ANALYZE search_searchtag")


def _ranking_sql(tags: list[str], limit: int) -> tuple[list, str]:
    """The hits and the one statement that ranked them, as run (parameters in place)."""
    with CaptureQueriesContext(connection) as ctx:
        hits = api.rank_for_tags(tags, limit=limit)
    statements = [q["sql"] for q in ctx.captured_queries if "FROM search_searchtag st WHERE st.name" in q["sql"]]
    assert len(statements) == 1, ctx.captured_queries
    return hits, statements[0]


def _full_ranking(tags: list[str], limit: int) -> list[int]:
    """The ranking over every entry of the tags, as the backend ran it before the candidates: the reference."""
    placeholders = ", ".join(["%s"] * len(tags))
    rank = f"(SELECT COUNT(*) FROM search_searchtag st WHERE st.entry_id = e.id AND st.name IN ({placeholders}))"
    quality, quality_params = ranking.sql_quality(time.time(), None)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.object_id FROM search_searchentry e WHERE e.doc_type = 'thread' AND EXISTS ("
            f"SELECT 1 FROM search_searchtag st WHERE st.entry_id = e.id AND st.name IN ({placeholders}))"
            f" ORDER BY {rank} * {quality} DESC, e.created_at DESC LIMIT %s",
            list(tags) + list(tags) + quality_params + [limit],
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_popular_tag_is_ranked_from_its_indexes_without_sorting_its_threads(big_tag):
    hits, sql = _ranking_sql(["big"], 30)
    assert len(hits) == 30
    text, nodes = explain(sql)
    assert "search_tag_quality_idx" in text and "search_tag_period_idx" in text, text
    # The tag's rows are read only through the indexes, and cut: no scan of the tag's 20,000 rows.
    assert not [n for n in nodes if n.get("Relation Name") == "search_searchtag" and "Index" not in n["Node Type"]]
    cuts = [n["Plans"][0] for n in nodes if n["Node Type"] == "Limit" and n["Plans"][0].get("Index Name")]
    assert {c["Index Name"] for c in cuts} == {"search_tag_quality_idx", "search_tag_period_idx"}, text
    # The formula (tags matched × quality) is computed where the candidates are sorted: a bounded set, whichever
    # way the planner fetches their entries (by key at 100,000 entries; a hash join may win on a smaller table).
    bound = database.TAG_CANDIDATES + (database.TAG_RECENT_PERIODS + 2) * 30
    sorts = [n for n in nodes if n["Node Type"] in ("Sort", "Incremental Sort")]
    assert sorts and all(n["Plan Rows"] <= bound for n in sorts), [n["Plan Rows"] for n in sorts]
    for node in nodes:
        if node["Node Type"] in ("Aggregate", "Hash", "HashAggregate", "Append"):
            assert node["Plan Rows"] <= bound, (node["Node Type"], node["Plan Rows"])
    # A single tag: the candidates' tag rows pick the shortlist (a cut above both indexes' reads, below any read
    # of the entries), so only SHORTLIST_FACTOR × limit entries' wide rows are fetched.
    shortlists = [
        n
        for n in nodes
        if n["Node Type"] == "Limit"
        and n["Plan Rows"] <= database.SHORTLIST_FACTOR * 30
        and all(index in json.dumps(n) for index in ("search_tag_quality_idx", "search_tag_period_idx"))
        and "search_searchentry" not in json.dumps(n)
    ]
    assert shortlists, text


def test_a_popular_tag_lists_what_the_full_ranking_lists(big_tag):
    for tags in (["big"], ["small"], ["big", "small"]):
        hits, _sql = _ranking_sql(tags, 30)
        assert [h.id for h in hits] == _full_ranking(tags, 30), tags


def test_the_tag_rows_keep_the_lasting_quality_and_period_of_their_entry(
    database_search, post_thread, make_member, live
):
    thread = post_thread("Which lamp shade for reading?", tags=["lamp", "shade"])
    live(actions.vote, make_member("voter"), thread, 1)
    entry = SearchEntry.objects.get(doc_type="thread", object_id=thread.pk)
    database.DatabaseBackend().update_author(entry.author_id, author_name="Renamed", reputation=4321)
    entry.refresh_from_db()
    assert entry.score == 1 and entry.author_reputation == 4321
    lasting = ranking.quality(
        score=entry.score, accepted=entry.accepted, reputation=entry.author_reputation, age_days=10**9
    )
    rows = list(SearchTag.objects.filter(entry=entry).values_list("name", "lasting_quality", "activity_period"))
    period = int(entry.last_activity_ts // database.ACTIVITY_PERIOD_SECONDS)
    assert sorted(rows) == [("lamp", pytest.approx(lasting), period), ("shade", pytest.approx(lasting), period)]


def test_an_old_favourite_and_a_fresh_thread_both_reach_the_candidates(
    database_search, post_thread, make_member, live, monkeypatch
):
    """With one candidate of all time and one per period, the best old thread and the best recent one are both
    ranked, whatever the many others between them."""
    voters = [make_member(f"voter{i}") for i in range(6)]
    favourite = post_thread("An old favourite about lamps", tags=["lamp"])
    for voter in voters:
        live(actions.vote, voter, favourite, 1)
    others = [post_thread(f"Another lamp thread {i}", tags=["lamp"]) for i in range(4)]
    year_ago = time.time() - 400 * DAY
    SearchEntry.objects.filter(object_id=favourite.pk).update(last_activity_ts=year_ago)
    database.copy_signals_to_tags("e.object_id = %s", [favourite.pk])
    monkeypatch.setattr(database, "TAG_CANDIDATES", 1)
    ranked = [h.id for h in api.rank_for_tags(["lamp"], limit=1)]
    assert ranked == _full_ranking(["lamp"], 1)
    candidates, params = database.DatabaseBackend._tag_candidates(["lamp"], 1, time.time())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.object_id FROM search_searchentry e WHERE e.id IN (SELECT entry_id FROM ({candidates}) c)",
            params,
        )
        chosen = {row[0] for row in cursor.fetchall()}
    assert favourite.pk in chosen  # the best of all time, a year old
    assert chosen & {t.pk for t in others}  # and the best of this month
    assert len(chosen) == 2
