"""The KPI dashboard's top contributors and the ideas board's counts per status at scale (issue "Flat as it
grows"): the week's answers are counted on their own ``created_at`` index with their ``is_accepted`` flag, never
joined to every thread, and the ideas per status come from ``thread_idea_status_idx``; the figures stay those of a
direct computation. EXPLAIN (no timings) on PostgreSQL over generated rows, ANALYZEd.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from community.forum import actions
from community.models import Answer, Thread
from community.team import ideas, kpis
from tests.explain import built_once_per_module, plan_nodes

GENERATE = """
INSERT INTO community_member (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                              date_joined, display_name, bio, suspension_reason)
SELECT '!', false, 'generated' || i, '', '', 'generated' || i || '@example.com', false, true, now(), '', '', ''
FROM generate_series(1, %(members)s) i;

INSERT INTO community_thread (is_deleted, kind, title, slug, body_md, body_html, created_at, last_activity_at, score,
                              answer_count, comment_count, author_id, is_locked, idea_status, idea_status_note)
SELECT i %% 50 = 0, CASE WHEN i %% 10 = 0 THEN 'idea' ELSE 'question' END, 'Generated thread ' || i,
       'generated-thread-' || i, 'body', '<p>body</p>', c, c, 0, 0, 0, m.m0 + i %% 500, false,
       CASE WHEN i %% 10 = 0 THEN (ARRAY['new', 'planned', 'done', 'declined'])[1 + i %% 4] ELSE '' END, ''
FROM generate_series(1, 30000) i
CROSS JOIN (SELECT min(id) AS m0 FROM community_member WHERE username LIKE 'generated%%') m
CROSS JOIN LATERAL (SELECT now() - interval '1 day' * (3 * 365 * (i / 30000.0)) AS c) at;

INSERT INTO community_answer (is_deleted, body_md, body_html, created_at, score, comment_count, author_id, thread_id)
SELECT i %% 30 = 0, 'answer', '<p>answer</p>', t.created_at + interval '1 hour' * (i %% 48), i %% 7, 0,
       m.m0 + (i * 13) %% 500, t.id
FROM generate_series(1, 60000) i
CROSS JOIN (SELECT min(id) AS m0 FROM community_member WHERE username LIKE 'generated%%') m
JOIN community_thread t ON t.slug = 'generated-thread-' || (1 + i %% 30000);

-- Statistics first: the acceptances' triggers (migration 0019) probe community_thread by accepted_answer_id for
-- every row, and a plan made for a table never analyzed scans all 30,000 threads each time (minutes, not seconds).
ANALYZE community_thread;
ANALYZE community_answer;

UPDATE community_thread t SET accepted_answer_id = (
    SELECT min(a.id) FROM community_answer a WHERE a.thread_id = t.id AND NOT a.is_deleted)
WHERE t.kind = 'question' AND t.id %% 5 < 2;

ANALYZE community_member;
ANALYZE community_thread;
ANALYZE community_answer;
"""


@pytest.fixture(scope="module")
def three_years(django_db_setup, django_db_blocker):
    """30,000 threads (a tenth ideas, 2 % hidden) over three years, 60,000 answers, 40 % of questions accepted."""

    def build():
        assert connection.vendor == "postgresql", "the EXPLAIN guards need PostgreSQL: run them with `make test`"
        with connection.cursor() as cursor:
            cursor.execute(GENERATE, {"members": 500})

    yield from built_once_per_module(django_db_blocker, build)


def _plan(queryset) -> tuple[str, list[dict]]:
    tree = json.loads(queryset.explain(format="json"))[0]["Plan"]
    return json.dumps(tree), list(plan_nodes(tree))


def _direct_contributions(now) -> dict[int, tuple[int, int, int]]:
    """author → (answers, accepted, score): the week's visible answers in visible threads, in Python. The week ends
    now: the generator dates the newest threads' answers up to two days ahead, and a period never counts those."""
    accepted = set(Thread.objects.exclude(accepted_answer=None).values_list("accepted_answer_id", flat=True))
    figures = defaultdict(lambda: [0, 0, 0])
    week = Answer.objects.filter(
        created_at__gte=now - timedelta(days=7),
        created_at__lt=now + timedelta(seconds=1),
        is_deleted=False,
        thread__is_deleted=False,
    )
    for pk, author, score in week.values_list("pk", "author_id", "score"):
        figures[author][0] += 1
        figures[author][1] += pk in accepted
        figures[author][2] += score
    return {author: tuple(values) for author, values in figures.items()}


def test_the_weeks_contributions_read_the_weeks_answers_and_never_every_thread(db, three_years):
    plan, nodes = _plan(kpis.contributions(kpis.parse_period({"days": "7"})))
    # The week's answers are a range of the covering index answer_created_idx. (Read from it alone — an Index Only
    # Scan — once the visibility map says the table pages are all visible, as autovacuum keeps it: this module's
    # rows stay in one uncommitted transaction, so here the planner still visits the table.)
    ranges = [n for n in nodes if n["Node Type"] in ("Index Only Scan", "Bitmap Index Scan", "Index Scan")]
    assert {n["Index Name"] for n in ranges if "answer" in n["Index Name"]} == {"answer_created_idx"}, plan
    assert "accepted_answer_id" not in plan, plan  # the flag, not the thread's column
    for node in nodes:
        if node.get("Relation Name") in ("community_thread", "community_answer"):
            # Every read of either table is an index range (the week, the hidden threads or a primary key).
            assert "Seq Scan" not in node["Node Type"], plan
            assert "Index Cond" in node or "Recheck Cond" in node, plan


def test_the_weeks_contributions_equal_a_direct_computation(db, three_years, moderator, client):
    now = timezone.now()
    # A hidden thread with this week's answer, and this week's accepted answers.
    fresh = Thread.objects.filter(slug__startswith="generated-thread-", kind="question").order_by("-created_at")
    hidden, accepted = fresh[0], fresh[1]
    Answer.objects.create(thread=hidden, author_id=hidden.author_id, body_md="x", body_html="x", created_at=now)
    Thread.objects.filter(pk=hidden.pk).update(is_deleted=True)
    answer = Answer.objects.create(thread=accepted, author_id=hidden.author_id, body_md="y", body_html="y")
    Thread.objects.filter(pk=accepted.pk).update(accepted_answer=answer)
    direct = _direct_contributions(now)
    week = kpis.Period(now - timedelta(days=7), now + timedelta(seconds=1), "the week")
    rows = {r["author_id"]: (r["answers"], r["accepted"], r["score"]) for r in kpis.contributions(week)}
    assert rows == direct and len(rows) > 10
    assert any(accepted for _answers, accepted, _score in rows.values())
    client.force_login(moderator)
    page = client.get(reverse("community_kpis:index") + "?days=7")
    assert page.status_code == 200
    shown = [(c.member.pk, c.answers, c.accepted, c.score) for c in page.context["k"].top_contributors]
    best = sorted(direct.items(), key=lambda item: (-item[1][1], -item[1][0], -item[1][2], item[0]))[:10]
    assert shown == [(pk, a, acc, s) for pk, (a, acc, s) in best]


def test_the_ideas_counts_per_status_read_their_index_alone(db, three_years):
    queryset = (
        Thread.objects.filter(kind=Thread.Kind.IDEA, is_deleted=False)
        .order_by()
        .values_list("idea_status")
        .annotate(n=Count("*"))
    )
    plan, nodes = _plan(queryset)
    # Index-only once VACUUM has set the visibility map (as at L: 0.7 ms); a test's transaction cannot VACUUM, so
    # here the guard is that the ideas are read through an index, never by scanning every thread.
    assert not any(node.get("Relation Name") == "community_thread" and "Seq" in node["Node Type"] for node in nodes)
    direct = dict(
        Thread.objects.filter(kind="idea", is_deleted=False).values_list("idea_status").annotate(n=Count("pk"))
    )
    assert ideas.status_counts() == {status: direct.get(status, 0) for status in ideas.IdeaStatus.values}
    assert sum(direct.values()) > 2000


def test_top_contributors_count_an_accept_made_through_the_action(make_member, moderator):
    asker, helper = make_member("asker"), make_member("helper")
    thread = actions.create_thread(
        asker, kind="question", title="A question answered this week", body="Body text long enough.", tags=["sync"]
    )
    answer = actions.post_answer(helper, thread, body="An answer long enough to pass.")
    actions.accept_answer(asker, answer)
    week = kpis.parse_period({"days": "7"})
    mine = [r for r in kpis.contributions(week) if r["author_id"] == helper.pk]
    assert [(r["answers"], r["accepted"]) for r in mine] == [(1, 1)]
    actions.hide_post(moderator, thread)
    assert not [r for r in kpis.contributions(week) if r["author_id"] == helper.pk]
