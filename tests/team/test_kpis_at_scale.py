"""The KPI dashboard at scale (issue "Flat as it grows"): its queries read the period's rows through indexes, never
every comment or answer of the community, and the figures stay those of a direct computation.

The plans are checked with EXPLAIN (no timings) on PostgreSQL over three years of generated activity — 40,000
comments, 30,000 answers, 6,000 threads, 2,000 members, made by bulk SQL and ANALYZEd — so that the planner
prefers the index for a 30-day period the way it does at 100,000 threads.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from community.forum import actions
from community.models import Answer, Comment, Member, Thread
from community.team import kpis

pytestmark = pytest.mark.django_db

DAYS = 3 * 365

GENERATE = """
INSERT INTO community_member (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                              date_joined, display_name, bio, suspension_reason)
SELECT '!', false, 'scale' || i, '', '', 'scale' || i || '@example.com', false, true,
       now() - interval '1 day' * (%(days)s * random()), '', '', ''
FROM generate_series(1, 2000) i;

INSERT INTO community_thread (is_deleted, kind, title, slug, body_md, body_html, created_at, last_activity_at, score,
                              answer_count, comment_count, author_id, is_locked, idea_status, idea_status_note,
                              first_answer_seconds)
SELECT false, CASE WHEN i %% 5 = 0 THEN 'tip' ELSE 'question' END, 'Scale thread ' || i, 'scale-thread-' || i,
       'body', '<p>body</p>', c, c, 0, 0, 0, m.id, false, '', '',
       CASE WHEN i %% 3 = 0 THEN NULL ELSE (i * 37) %% 90000 END
FROM (SELECT i, now() - interval '1 day' * (%(days)s * random()) AS c,
             (SELECT min(id) FROM community_member WHERE username LIKE 'scale%%') + (i %% 2000) AS author
      FROM generate_series(1, 6000) i) s
JOIN community_member m ON m.id = s.author;

INSERT INTO community_answer (is_deleted, body_md, body_html, created_at, score, comment_count, author_id, thread_id)
SELECT false, 'answer', '<p>answer</p>', t.created_at + interval '1 hour' * (i %% 48), i %% 7, 0,
       m.m0 + (i * 13) %% 2000, t.id
FROM generate_series(1::bigint, 30000) i
CROSS JOIN (SELECT min(id) AS m0 FROM community_member WHERE username LIKE 'scale%%') m
JOIN community_thread t ON t.id = (SELECT min(id) FROM community_thread) + (i * 7919) %% 6000;

INSERT INTO community_comment (is_deleted, body, body_html, created_at, author_id, thread_id)
SELECT false, 'comment', 'comment', t.created_at + interval '1 hour' * (i %% 96), m.m0 + (i * 17) %% 2000, t.id
FROM generate_series(1::bigint, 40000) i
CROSS JOIN (SELECT min(id) AS m0 FROM community_member WHERE username LIKE 'scale%%') m
JOIN community_thread t ON t.id = (SELECT min(id) FROM community_thread) + (i * 104729) %% 6000;

ANALYZE community_member;
ANALYZE community_thread;
ANALYZE community_answer;
ANALYZE community_comment;
"""


@pytest.fixture
def three_years():
    """Three years of activity, written by bulk SQL (the actions would take minutes), then ANALYZEd."""
    assert connection.vendor == "postgresql", "the EXPLAIN guards need PostgreSQL: run them with `make test`"
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"days": DAYS})


def _plan(queryset) -> str:
    return queryset.explain()


def _last_30_days():
    return kpis.parse_period({"days": "30"})


def test_active_members_read_the_periods_posts_through_their_indexes(three_years):
    plan = _plan(kpis.active_authors(_last_30_days()))
    assert "Seq Scan on community_comment" not in plan, plan
    assert "comment_created_idx" in plan, plan
    assert "Seq Scan on community_answer" not in plan, plan
    # The fixture's 6,000 threads are few enough that PostgreSQL may rightly scan them whole here; the
    # threads' range read is guarded by the question figures below, on the same index.


def test_question_figures_read_the_periods_questions_through_an_index(three_years):
    period = _last_30_days()
    for queryset in (
        kpis.questions_in(period),
        kpis.questions_in(period).filter(first_answer_at__isnull=True).order_by("created_at", "pk"),
    ):
        plan = _plan(queryset)
        assert "Seq Scan on community_thread" not in plan, plan


def test_top_contributors_read_the_weeks_answers_through_an_index(three_years):
    plan = _plan(kpis.contributions(kpis.parse_period({"days": "7"})))
    assert "Seq Scan on community_answer" not in plan, plan


def test_active_members_count_the_same_as_a_direct_computation(three_years):
    for preset in ("7", "30", "365"):
        period = kpis.parse_period({"days": preset})
        window = {"created_at__gte": period.start, "created_at__lt": period.end}
        direct = set()
        for model in (Thread, Answer, Comment):
            direct |= set(model.objects.filter(**window).values_list("author_id", flat=True))
        direct &= set(Member.objects.filter(is_active=True).values_list("pk", flat=True))
        assert len(direct) > 0
        assert kpis.compute(period, details=False).active_members == len(direct)


def test_active_members_leave_out_the_inactive_and_the_outside_the_period(make_member):
    now = timezone.now()
    poster, commenter, answerer, gone, earlier = (
        make_member(name) for name in ("poster", "commenter", "answerer", "gone", "earlier")
    )
    thread = actions.create_thread(
        poster, kind="question", title="A question in the period", body="Body text long enough.", tags=["sync"]
    )
    actions.post_answer(answerer, thread, body="An answer long enough to pass.")
    actions.post_comment(commenter, thread=thread, body="A comment long enough.")
    actions.post_comment(gone, thread=thread, body="A comment from someone who left.")
    Member.objects.filter(pk=gone.pk).update(is_active=False)
    old = actions.create_thread(
        earlier,
        kind="question",
        title="A question long before",
        body="Body text long enough.",
        tags=["sync"],
        at=now - timedelta(days=90),
    )
    assert old.author_id == earlier.pk
    assert kpis.compute(kpis.parse_period({"days": "30"}), details=False).active_members == 3
