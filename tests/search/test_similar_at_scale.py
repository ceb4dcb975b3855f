"""Similar questions at scale (issue "Flat as it grows"): the ask form's lookup ranks (``ts_rank`` × quality) a bounded
candidate set read from the full-text index (the newest threads having all the title's words, and the newest having
each word), never every thread that shares a common word with the title, and still finds the near-duplicate.

The plans are checked with EXPLAIN (no timings) on PostgreSQL over 30,000 generated threads, all about syncing notes
offline, made by bulk SQL and ANALYZEd, so that the planner weighs the words as it does at 100,000 threads. Two old
near-duplicates sit among them: one that shares an uncommon word with the title, one that has all the title's
(common) words.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from search import api
from search.backends import database
from tests.explain import built_once_per_module, explain

pytestmark = pytest.mark.django_db

ENTRIES = 30_000
RARE_TWIN = "Notes do not sync offline on my Android tablet"
COMMON_TWIN = "Restore a backup of notes synced offline"
COMMON_TWIN_QUESTION = "How do I restore a backup of my notes synced offline"  # all common words, all in COMMON_TWIN

# The two near-duplicates are written first, so they are the oldest (lowest ids: "newest" means highest id).
GENERATE = f"""
INSERT INTO search_searchentry (doc_type, object_id, kind, title, title_key, body, answers, tags, author,
    author_name, author_id, score, answer_count, accepted, author_reputation, created_at, last_activity_at,
    last_activity_ts, url)
SELECT 'thread', 900000 + i, 'question', title, lower(title), body, '', 'sync', 'gen', 'Gen', NULL,
       20, 2, true, 2000, now() - interval '3 years', now() - interval '3 years',
       extract(epoch FROM now() - interval '3 years'), '/t/' || i || '/'
FROM (VALUES (1, '{RARE_TWIN}', 'The tablet keeps old notes when offline.'),
             (2, '{COMMON_TWIN}', 'I synced my notes offline, then needed the backup.')) t(i, title, body);
INSERT INTO search_searchentry (doc_type, object_id, kind, title, title_key, body, answers, tags, author,
    author_name, author_id, score, answer_count, accepted, author_reputation, created_at, last_activity_at,
    last_activity_ts, url)
SELECT 'thread', 900000 + i, CASE WHEN i % 5 = 0 THEN 'tip' ELSE 'question' END,
       'Sync notes offline on device ' || i, 'sync notes offline on device ' || i,
       CASE WHEN i % 3 = 0 THEN 'The backup of my notes fails.'
            WHEN i % 7 = 0 THEN 'Offline notes do not sync. I had to restore them.'
            ELSE 'Offline notes do not sync.' END,
       '', 'sync', 'gen', 'Gen', NULL, (i * 7919) % 6, i % 5, i % 10 < 4, 1 + (i * 104729) % 200, a, a, extract(epoch FROM a), '/t/' || i || '/'
FROM (SELECT i, now() - interval '1 minute' * ({ENTRIES} - i) AS a FROM generate_series(3::bigint, {ENTRIES}) i) s;
UPDATE search_searchentry SET tsv = setweight(to_tsvector('english', title || ' ' || tags), 'A')
    || setweight(to_tsvector('english', body), 'B')
    || setweight(to_tsvector('french', title || ' ' || body), 'D')
WHERE object_id > 900000;
ANALYZE search_searchentry;
"""


@pytest.fixture(scope="module")
def notes_threads(django_db_setup, django_db_blocker):
    """30,000 threads sharing "sync notes offline", indexed as the backend indexes them, then ANALYZEd (once)."""
    yield from built_once_per_module(django_db_blocker, _generate)


def _generate():
    assert connection.vendor == "postgresql", "the EXPLAIN guards need PostgreSQL: run them with `make test`"
    with connection.cursor() as cursor:
        cursor.execute(GENERATE)


@pytest.fixture
def database_search(notes_threads, settings):
    settings.ELASTICSEARCH_URL = ""
    settings.PAGE_CACHE_SECONDS = 0


def _similar(title: str, body: str = ""):
    with CaptureQueriesContext(connection) as ctx:
        hits = api.similar(title, body)
    ranked = [q["sql"] for q in ctx.captured_queries if "ts_rank" in q["sql"]]
    assert len(ranked) == 1, ctx.captured_queries
    return hits, ranked[0]


def _bound(words: int) -> int:
    return database.SIMILAR_CANDIDATES + words * database.SIMILAR_WORD_CANDIDATES


def test_similar_questions_rank_a_bounded_candidate_set(database_search):
    _hits, sql = _similar("How do I sync my notes offline")
    text, nodes = explain(sql)
    ranked = [n for n in nodes if n["Node Type"] == "Sort" and any("ts_rank" in k for k in n["Sort Key"])]
    assert len(ranked) == 1, text
    assert ranked[0]["Plan Rows"] <= _bound(3), (ranked[0]["Plan Rows"], text)  # not the 30,000 matches
    cuts = [n for n in nodes if n["Node Type"] == "Limit" and n["Plan Rows"] <= database.SIMILAR_CANDIDATES]
    assert len(cuts) >= 4, text  # the result, the all-words part, one part per word
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan"], text


def test_the_all_words_part_reads_the_full_text_index_whatever_the_planner_expects(database_search):
    """Words each common but seldom together made the planner walk the ids backwards testing each thread (most of
    the table at 100,000 threads): the all-words part is a function whose own settings leave it the GIN index."""
    _hits, sql = _similar(COMMON_TWIN_QUESTION)
    text, nodes = explain(sql)
    scans = [n for n in nodes if n["Node Type"] == "Function Scan" and n["Function Name"] == "search_threads_matching"]
    assert len(scans) == 1, text
    assert not [n for n in nodes if "Filter" in n and n["Filter"].count("&") >= 2], text  # no walk testing all words
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc, proconfig FROM pg_proc WHERE proname = 'search_threads_matching'")
        body, settings = cursor.fetchone()
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in settings:  # what the function runs its statement under
            name, value = setting.split("=")
            cursor.execute(f"SET LOCAL {name} = {value}")
        cursor.execute(f"PREPARE matching(tsquery, integer) AS {body}")
        try:
            text, nodes = explain("EXECUTE matching(to_tsquery('english', 'restore & backup & note'), 2000)")
        finally:
            cursor.execute("DEALLOCATE matching")
    assert [n for n in nodes if n["Node Type"] == "Bitmap Index Scan" and n["Index Name"] == "search_entry_tsv_idx"]
    assert not [n for n in nodes if n["Node Type"] in ("Seq Scan", "Index Scan")], text


def test_the_near_duplicate_sharing_an_uncommon_word_is_found_among_thousands(database_search, client):
    hits, _sql = _similar("Notes will not sync offline on my Android phone")
    assert hits and hits[0].title == RARE_TWIN
    assert len(hits) == 5 and all(h.doc_type == "thread" for h in hits)
    html = client.get(reverse("search:similar"), {"title": "Android notes will not sync offline"}).content.decode()
    assert "Similar threads" in html and RARE_TWIN in html


def test_the_old_thread_with_all_the_title_words_is_found_among_thousands(database_search):
    hits, _sql = _similar(COMMON_TWIN_QUESTION)
    assert hits[0].title == COMMON_TWIN
    assert [h.title for h in hits].count(COMMON_TWIN) == 1


def test_a_body_adds_words_to_the_ranking_not_to_the_candidates(database_search):
    hits, sql = _similar("Android tablet", "My notes do not sync when the tablet is offline, even after a restore.")
    assert hits[0].title == RARE_TWIN
    _text, nodes = explain(sql)
    cuts = [n for n in nodes if n["Node Type"] == "Limit" and n["Plan Rows"] <= database.SIMILAR_CANDIDATES]
    assert len(cuts) == 1 + 1 + 2, cuts  # the result, all title words, each title word


def test_nothing_similar_gives_no_hits(database_search):
    assert api.similar("Quarterly invoice for llamas", "") == []
    assert api.similar("a an the", "") == []
