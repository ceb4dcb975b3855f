"""``Answer.is_accepted``: whether a thread names the answer as accepted, kept by database triggers
(community/migrations/0019_answer_is_accepted.py) on every path — actions, hiding, a stale ``save()``, the
importer's bulk update, the scale generator's COPY — and rebuilt by ``community_recount``. The member page counts
a member's accepted answers on it, read through its partial index (EXPLAIN on PostgreSQL at 20,000 answers).
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from community.forum import actions, counters, queries
from community.models import Answer, Thread
from tests.explain import built_once_per_module, plan_nodes


def _flags_match_the_threads() -> None:
    """Every answer's flag says whether some thread names it: the direct computation."""
    named = set(Thread.objects.exclude(accepted_answer=None).values_list("accepted_answer_id", flat=True))
    flagged = set(Answer.objects.filter(is_accepted=True).values_list("pk", flat=True))
    assert flagged == named


def _flag(answer) -> bool:
    return Answer.objects.values_list("is_accepted", flat=True).get(pk=answer.pk)


def _accepted_shown(client, member) -> str:
    page = client.get(member.get_absolute_url())
    assert page.status_code == 200
    return page.context["accepted_count"]


@pytest.fixture(autouse=True)
def rendered_pages(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def question(alice, make_thread):
    return make_thread(alice)


def test_the_flag_follows_accepting_changing_and_unaccepting(alice, bob, make_member, question, make_answer):
    first, second = (
        make_answer(bob, question),
        make_answer(make_member("carol"), question, body="A second answer, long enough to post."),
    )
    assert not _flag(first) and not _flag(second)
    actions.accept_answer(alice, first)
    assert _flag(first) and not _flag(second)
    actions.accept_answer(alice, second)
    assert not _flag(first) and _flag(second)
    actions.accept_answer(alice, second)  # again: un-accepts
    assert not _flag(first) and not _flag(second)
    _flags_match_the_threads()


def test_hiding_the_accepted_answer_clears_its_flag(alice, bob, moderator, question, make_answer):
    answer = make_answer(bob, question)
    actions.accept_answer(alice, answer)
    actions.hide_post(moderator, answer)
    assert not _flag(answer)
    _flags_match_the_threads()


def test_a_hidden_thread_keeps_the_flag_but_leaves_the_member_figure(
    client, alice, bob, moderator, make_thread, make_answer
):
    answers = []
    for i in range(3):
        thread = make_thread(alice, title=f"Question number {i} about syncing")
        answers.append(make_answer(bob, thread))
        actions.accept_answer(alice, answers[-1])
    assert _accepted_shown(client, bob) == "3"
    actions.hide_post(moderator, answers[0].thread)
    assert _flag(answers[0])  # the thread still names it; its visibility is the thread's
    assert _accepted_shown(client, bob) == "2"
    actions.restore_post(moderator, answers[0].thread)
    assert _accepted_shown(client, bob) == "3"
    actions.hide_post(moderator, answers[1])  # hiding the answer un-accepts it
    assert _accepted_shown(client, bob) == "2"
    _flags_match_the_threads()


def test_a_stale_save_does_not_overwrite_the_flag(alice, bob, question, make_answer):
    answer = make_answer(bob, question)
    stale = Answer.objects.get(pk=answer.pk)
    actions.accept_answer(alice, answer)
    stale.body_md = "Edited after the acceptance, from an instance read before it."
    stale.save()
    assert _flag(answer)
    actions.accept_answer(alice, answer)  # un-accept, then the stale instance (flag read as True) saves again
    stale.refresh_from_db()
    assert stale.is_accepted is False
    Answer.objects.filter(pk=answer.pk).update(is_accepted=True)  # a direct write is corrected too
    assert not _flag(answer)


def test_deleting_the_accepted_answer_or_its_thread_keeps_the_flags_right(alice, bob, make_thread, make_answer):
    kept = make_thread(alice, title="A question whose answer is deleted")
    answer = make_answer(bob, kept)
    actions.accept_answer(alice, answer)
    other = make_answer(bob, kept, body="Another answer, accepted after the first is gone.")
    answer.delete()
    _flags_match_the_threads()
    actions.accept_answer(alice, other)
    assert _flag(other)
    kept.delete()
    assert not Answer.objects.filter(pk=other.pk).exists()
    _flags_match_the_threads()


def test_community_recount_rebuilds_the_flags(alice, bob, make_member, question, make_answer):
    assert connection.vendor == "postgresql", "the triggers are switched off here with PostgreSQL's ALTER TABLE"
    right, wrong = (
        make_answer(bob, question),
        make_answer(make_member("carol"), question, body="An answer that is not accepted."),
    )
    actions.accept_answer(alice, right)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending deferred checks: ALTER TABLE refuses them
        cursor.execute("ALTER TABLE community_answer DISABLE TRIGGER community_answer_is_accepted")
        try:
            Answer.objects.filter(pk=right.pk).update(is_accepted=False)
            Answer.objects.filter(pk=wrong.pk).update(is_accepted=True)
            assert not _flag(right) and _flag(wrong)  # drifted: the trigger was bypassed
            call_command("community_recount", verbosity=0, stdout=io.StringIO())
            assert _flag(right) and not _flag(wrong)
        finally:
            cursor.execute("ALTER TABLE community_answer ENABLE TRIGGER community_answer_is_accepted")
    counters.refresh_accepted_flags([question.pk])
    _flags_match_the_threads()


@pytest.mark.django_db
def test_the_importer_ends_with_the_right_flags(tmp_path):
    from tests.importers.test_stackexchange_import import SITE, run_import, write_dump

    folder = write_dump(tmp_path / SITE)
    run_import(folder)
    assert Answer.objects.filter(is_accepted=True).exists()
    _flags_match_the_threads()
    run_import(folder)  # again: the accepted answers are cleared and set again
    _flags_match_the_threads()


@pytest.mark.django_db
def test_the_scale_generator_ends_with_the_right_flags(settings):
    assert connection.vendor == "postgresql", "the scale community is written with COPY on PostgreSQL"
    settings.ELASTICSEARCH_URL = ""
    out = io.StringIO()
    call_command("scale_community", "--threads=200", "--answers=800", "--members=30", stdout=out, stderr=out)
    assert Answer.objects.filter(is_accepted=True).count() > 20
    _flags_match_the_threads()


# --- the member's accepted answers at scale (EXPLAIN on PostgreSQL) -------------------------------------

GENERATE = """
INSERT INTO community_thread (is_deleted, kind, title, slug, body_md, body_html, created_at, last_activity_at, score,
                              answer_count, comment_count, author_id, is_locked, idea_status, idea_status_note)
SELECT i %% 50 = 0, 'question', 'Generated question ' || i, 'generated-question-' || i, 'body', '<p>body</p>',
       now() - interval '1 minute' * i, now() - interval '1 minute' * i, 0, 5, 0, %(asker)s, false, '', ''
FROM generate_series(1, 20000) i;

INSERT INTO community_answer (is_deleted, body_md, body_html, created_at, score, comment_count, author_id, thread_id)
SELECT i %% 40 = 0, 'answer', '<p>answer</p>', now() - interval '1 second' * i, i %% 5, 0,
       CASE WHEN i %% 4 = 0 THEN %(busy)s ELSE %(others)s END, t.id
FROM generate_series(1, 40000) i
JOIN community_thread t ON t.slug = 'generated-question-' || (1 + i %% 20000);

-- Statistics first: the acceptances' triggers probe community_thread by accepted_answer_id for every row, and a
-- plan made for a table never analyzed scans all the threads each time (minutes, not seconds).
ANALYZE community_thread;
ANALYZE community_answer;

UPDATE community_thread t SET accepted_answer_id = (
    SELECT min(a.id) FROM community_answer a WHERE a.thread_id = t.id AND NOT a.is_deleted)
WHERE t.slug LIKE 'generated-question-%%' AND t.id %% 5 < 2;

ANALYZE community_thread;
ANALYZE community_answer;
"""


@pytest.fixture(scope="module")
def busy_member(django_db_setup, django_db_blocker):
    """20,000 questions (2 % hidden), 40,000 answers, 40 % of the questions accepted; a quarter of the answers
    are the busy member's, thousands of them accepted."""

    def build():
        assert connection.vendor == "postgresql", "the EXPLAIN guards need PostgreSQL: run them with `make test`"
        from community.models import Member

        asker = Member.objects.create(username="generated-asker", email="asker@example.com")
        busy = Member.objects.create(username="generated-busy", email="busy@example.com")
        others = Member.objects.create(username="generated-others", email="others@example.com")
        with connection.cursor() as cursor:
            cursor.execute(GENERATE, {"asker": asker.pk, "busy": busy.pk, "others": others.pk})
        return busy

    yield from built_once_per_module(django_db_blocker, build)


def test_the_members_accepted_count_reads_the_flag_index_and_only_the_capped_rows(db, busy_member):
    answers = Answer.objects.filter(author=busy_member, is_accepted=True, is_deleted=False)
    accepted = answers.alias(thread_hidden=queries._thread_hidden()).filter(thread_hidden=False)
    plan, nodes = _plan(accepted.order_by().values("pk")[: queries.MEMBER_COUNT_CAP + 1])
    assert "answer_author_accepted_idx" in plan, plan
    # The threads are read one by one for the counted answers (a subplan on the primary key), never all of
    # them for a hash or merge join.
    assert not any("Join" in node["Node Type"] for node in nodes), plan
    for node in nodes:
        if node.get("Relation Name") == "community_thread":
            assert node["Node Type"] == "Index Scan" and node["Index Name"] == "community_thread_pkey", plan
    assert not any(node.get("Relation Name") == "community_answer" and "Seq" in node["Node Type"] for node in nodes)


def test_the_member_page_shows_the_direct_count(db, client, busy_member):
    direct = Thread.objects.filter(
        accepted_answer__author=busy_member, accepted_answer__is_deleted=False, is_deleted=False
    ).count()
    assert direct > queries.MEMBER_COUNT_CAP
    assert _accepted_shown(client, busy_member) == f"{queries.MEMBER_COUNT_CAP:,}+"
    assert queries.member_stats(busy_member)["accepted_count"] == f"{queries.MEMBER_COUNT_CAP:,}+"
    _flags_match_the_threads()


def test_below_the_cap_the_figure_is_exact(make_member, busy_member):
    """A member with a handful of accepted answers, one in a hidden thread: the direct computation's figure."""
    few = make_member("few-accepted")
    threads = list(Thread.objects.filter(slug__startswith="generated-question-", accepted_answer__isnull=False)[:5])
    Answer.objects.filter(pk__in=[t.accepted_answer_id for t in threads]).update(author=few)
    Thread.objects.filter(pk=threads[0].pk).update(is_deleted=True)
    direct = Thread.objects.filter(
        accepted_answer__author=few, accepted_answer__is_deleted=False, is_deleted=False
    ).count()
    assert queries.member_stats(few)["accepted_count"] == str(direct) == "4"


def _plan(queryset) -> tuple[str, list[dict]]:
    """(the plan as JSON text, its nodes), from ``queryset.explain()`` with the parameters Django binds."""
    tree = json.loads(queryset.explain(format="json"))[0]["Plan"]
    return json.dumps(tree), list(plan_nodes(tree))
