"""The rewards pages at scale (issue "Flat as it grows"): profile, leaderboard and badges read through indexes and
maintained figures, never every answer, ledger entry or award of the community, and show the figures a direct
computation gives.

The plans are checked with EXPLAIN (no timings) on PostgreSQL over generated activity — 2,000 members, 6,000
threads in 40 tags, 30,000 answers (a fifth by one prolific member), 60,000 ledger entries over three years and
6,000 awards, written by bulk SQL and ANALYZEd — so the planner chooses the way it does at 100,000 threads.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone

from community.models import Answer, Member, Tag
from rewards import queries, standings, tag_scores
from rewards.badges import recount_awards
from rewards.models import Badge, LedgerEntry
from tests.explain import built_once_per_module

pytestmark = pytest.mark.django_db

DAYS = 3 * 365

GENERATE = """
INSERT INTO community_member (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                              date_joined, display_name, bio, suspension_reason)
SELECT '!', false, 'scale' || i, '', '', 'scale' || i || '@example.com', false, i %% 500 <> 7,
       now() - interval '1 day' * %(days)s, '', '', ''
FROM generate_series(1, 2000) i;

INSERT INTO community_tag (name, slug, description)
SELECT 'scaletag' || i, 'scaletag' || i, '' FROM generate_series(1, 40) i;

INSERT INTO community_thread (is_deleted, kind, title, slug, body_md, body_html, created_at, last_activity_at, score,
                              answer_count, comment_count, author_id, is_locked, idea_status, idea_status_note)
SELECT i %% 50 = 0, 'question', 'Scale thread ' || i, 'scale-thread-' || i, 'body', '<p>body</p>', c, c, 0, 0, 0,
       (SELECT min(id) FROM community_member WHERE username LIKE 'scale%%') + (i %% 2000), false, '', ''
FROM (SELECT i, now() - interval '1 day' * (%(days)s * random()) AS c FROM generate_series(1, 6000) i) s;

INSERT INTO community_taggedthread (tag_id, content_object_id)
SELECT DISTINCT (SELECT min(id) FROM community_tag WHERE name LIKE 'scaletag%%') + (t.id * k * 7) %% 40, t.id
FROM community_thread t, generate_series(1, 3) k WHERE k <= 1 + t.id %% 3;

INSERT INTO community_answer (is_deleted, body_md, body_html, created_at, score, comment_count, author_id, thread_id)
SELECT i %% 40 = 0, 'answer', '<p>answer</p>', t.created_at + interval '1 hour' * (i %% 48), (i * 13) %% 11 - 2, 0,
       CASE WHEN i %% 5 = 0 THEN (SELECT min(id) FROM community_member WHERE username LIKE 'scale%%')
            ELSE (SELECT min(id) FROM community_member WHERE username LIKE 'scale%%') + (i * 17) %% 2000 END, t.id
FROM generate_series(1, 30000) i
JOIN community_thread t ON t.id = (SELECT min(id) FROM community_thread) + (i * 7919) %% 6000;

INSERT INTO rewards_ledgerentry (member_id, points, reason, origin, event_key, day, counts_toward_cap, note,
                                 created_at)
SELECT m.id, CASE WHEN i %% 9 = 0 THEN -2 ELSE 10 END, 'answer_upvoted', 'scale:' || i, 'scale:' || i,
       s.at::date, true, '', s.at
FROM (SELECT i, now() - interval '1 second' * (%(days)s * 86400 * random()) AS at,
             CASE WHEN i %% 4 = 0 THEN 0 ELSE (i * 31) %% 2000 END AS n
      FROM generate_series(1, 60000) i) s
JOIN community_member m ON m.id = (SELECT min(id) FROM community_member WHERE username LIKE 'scale%%') + s.n;

INSERT INTO rewards_award (member_id, badge_id, awarded_at, seen)
SELECT m.id, b.id, now() - interval '1 day' * (m.id %% 900), true
FROM community_member m JOIN rewards_badge b ON b.slug IN ('helper', 'supporter', 'curious')
WHERE m.username LIKE 'scale%%';

ANALYZE community_member;
ANALYZE community_tag;
ANALYZE community_thread;
ANALYZE community_taggedthread;
ANALYZE community_answer;
ANALYZE rewards_ledgerentry;
ANALYZE rewards_award;
"""


@pytest.fixture(scope="module")
def community_at_scale(django_db_setup, django_db_blocker):
    """Three years of activity by bulk SQL, the maintained figures rebuilt, statistics fresh; the busiest member.
    Built once for the module (each test rolls back what it changes)."""
    yield from built_once_per_module(django_db_blocker, _generate)


def _generate():
    assert connection.vendor == "postgresql", "the EXPLAIN guards need PostgreSQL: run them with `make test`"
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"days": DAYS})
    tag_scores.rebuild()
    recount_awards()
    standings.refresh_standings()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE rewards_tagscore; ANALYZE rewards_badge; ANALYZE rewards_standing")
    return Member.objects.filter(username__startswith="scale").order_by("pk").first()


# --- EXPLAIN guards --------------------------------------------------------------------------------------------


def test_top_tags_read_the_members_first_rows_of_their_index(community_at_scale):
    plan = queries.top_tags_query(community_at_scale).explain()
    assert "tag_score_top_idx" in plan, plan
    assert "community_answer" not in plan, plan  # no answer is summed on a profile view any more


def test_history_reads_a_range_of_the_members_entries_by_index(community_at_scale):
    since = (timezone.now() - timedelta(days=364)).date()
    plan = queries.history_by_day(community_at_scale, since).explain()
    assert "Seq Scan on rewards_ledgerentry" not in plan, plan
    # Its index carries the points: once vacuumed (not possible in a test's transaction), an index-only scan.
    assert "ledger_member_day_idx" in plan and "ledger_member_time_idx" not in plan, plan


def test_history_shows_each_days_points(community_at_scale):
    """The chart's days are the entries' UTC days, each the sum of that day's entries."""
    history = dict(queries.history(community_at_scale))
    entries = LedgerEntry.objects.filter(member=community_at_scale, day__gte=min(history))
    expected = dict(entries.values("day").annotate(p=Sum("points")).values_list("day", "p"))
    assert len(history) == 365 and expected
    assert {day: points for day, points in history.items() if points} == {d: p for d, p in expected.items() if p}


@pytest.mark.parametrize("period", ["week", "year"])
def test_period_leaderboard_reads_a_range_of_its_stored_standings(community_at_scale, period):
    """A page of a period board is a range of ranks on the (period, rank) index with the last rank probed on the
    same index: no ledger entry is read, however long the period."""
    paginator = queries.StandingsPaginator(queries.leaderboard(period, None), 50, period=period)
    assert paginator.get_page(2).paginator.count > 100
    plan = paginator.rows_query(2).explain()
    assert "standing_period_rank" in plan and "(rank > 50) AND (rank <= 100)" in plan, plan
    # The planner may sort the page's rows it found on the index (at most a page): never a board or an entry.
    assert "rewards_ledgerentry" not in plan and "Seq Scan" not in plan, plan


def test_badges_page_reads_no_award_row_of_active_members(community_at_scale):
    plan = queries.awards_held_by_inactive_members().explain()
    assert "Seq Scan on rewards_award" not in plan, plan


def test_pages_run_a_constant_number_of_queries(community_at_scale, client, django_assert_max_num_queries):
    for url in ("/badges/", "/leaderboard/?period=week", f"/members/{community_at_scale.username}/reputation/"):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200


# --- the figures stay those of a direct computation --------------------------------------------------------------


def _direct_top_tags(member) -> list[dict]:
    """What the profile summed before: the member's visible answers per tag."""
    rows = (
        Answer.objects.filter(author=member, is_deleted=False, thread__is_deleted=False)
        .values("thread__tags__name", "thread__tags__slug", "thread__tags")
        .exclude(thread__tags__name=None)
        .annotate(score=Sum("score"), answers=Count("pk"))
        .order_by("-score", "-answers", "thread__tags")[:8]
    )
    return [
        {"score": r["score"], "answers": r["answers"], "name": r["thread__tags__name"], "slug": r["thread__tags__slug"]}
        for r in rows
    ]


def test_maintained_figures_equal_the_direct_ones_at_scale(community_at_scale, client):
    member = community_at_scale
    assert tag_scores.drift() == []
    assert queries.top_tags(member) == _direct_top_tags(member)
    today = timezone.now().date()
    since = datetime.combine(today - timedelta(days=364), time.min, tzinfo=timezone.get_current_timezone())
    direct_history = dict(
        LedgerEntry.objects.filter(member=member, created_at__date__gte=since.date())
        .values("created_at__date")
        .annotate(p=Sum("points"))
        .values_list("created_at__date", "p")
    )
    assert {d: p for d, p in queries.history(member) if p} == {d: p for d, p in direct_history.items() if p}
    direct_counts = {
        b.slug: b.earned
        for b in Badge.objects.annotate(earned=Count("awards", filter=Q(awards__member__is_active=True)))
    }
    assert {b.slug: b.earned for b in queries.badges_with_counts()} == direct_counts
    assert direct_counts["helper"] == 2000 - 4  # four of the generated members are inactive


@pytest.mark.parametrize("number", [1, 2, 3, 999, "x"])
@pytest.mark.parametrize("period", ["week", "year"])
def test_period_leaderboard_pages_equal_the_ledgers_sums(community_at_scale, period, number):
    """The stored board's pages are those of the ledger's sums paged by the stock paginator (count, then OFFSET),
    summed over the window the board was computed for (minutes ago on a slow run: an entry may have left the week
    since)."""
    page = queries.leaderboard_page(period, None, number)
    computed = queries.computed_at(page)
    assert computed is not None
    expected = Paginator(queries.period_totals(queries.PERIODS[period][1], None, now=computed), 50).get_page(number)
    assert page.number == expected.number
    assert page.paginator.count == expected.paginator.count > 50
    assert [(r["member_id"], r["points"]) for r in page.object_list] == [
        (r["member_id"], r["points"]) for r in expected.object_list
    ]


def test_tag_leaderboard_pages_equal_the_two_query_paginator(community_at_scale):
    tag = Tag.objects.get(slug="scaletag3")
    rows = queries.leaderboard("year", tag)
    for number in (1, 2, 999):
        expected = Paginator(rows, 20).get_page(number)
        page = queries.leaderboard_page("year", tag, number, per_page=20)
        assert page.number == expected.number and page.paginator.count == expected.paginator.count
        assert list(page.object_list) == [{**r, "rows_in_all": expected.paginator.count} for r in expected.object_list]
