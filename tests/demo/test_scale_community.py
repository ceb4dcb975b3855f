"""``manage.py scale_community``: the scale benchmark's generated community (community/demo/scale.py).

It is written with bulk SQL, not through the actions, so what the actions would have kept consistent is checked
here against the project's own recomputations: the counters against ``community.forum.counters``, the tag
links' copies against their threads, the reputation totals against their ledger (``rewards.recompute.drift``),
and the database search table by searching it. Built on PostgreSQL (the benchmark's database) inside each test's transaction.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Q, Sum

from community.demo import scale
from community.forum import counters
from community.models import Answer, Comment, Member, Notification, TaggedThread, Thread, Vote
from rewards.models import Reputation
from rewards.recompute import drift
from search import api as search_api

THREADS, ANSWERS, MEMBERS = 300, 1_500, 40


def _build(**counts) -> str:
    counts = counts or {"threads": THREADS, "answers": ANSWERS, "members": MEMBERS}
    out = io.StringIO()
    call_command("scale_community", *[f"--{k}={v}" for k, v in counts.items()], stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _table_sizes() -> dict[str, int]:
    models = (Member, Thread, Answer, Comment, Vote, TaggedThread, Notification, Reputation)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def community(settings, db):
    """A build on the database search backend, inside the test's transaction (rolled back after it)."""
    assert connection.vendor == "postgresql", "the scale community is measured on PostgreSQL: run `make test`"
    settings.ELASTICSEARCH_URL = ""  # the database backend: search_reindex fills its table
    return _build()


def _scale_threads():
    return Thread.objects.filter(author__username__startswith=scale.USERNAME_PREFIX)


def test_it_writes_the_size_asked_for(community):
    assert "Scale community built" in community
    assert _scale_threads().count() == THREADS
    assert Answer.objects.filter(thread__in=_scale_threads()).count() == ANSWERS
    assert Member.objects.filter(username__regex=rf"^{scale.USERNAME_PREFIX}\d{{5}}$").count() == MEMBERS


def test_it_has_the_projects_shapes(community):
    threads = _scale_threads()
    per_thread = Counter(threads.annotate(n=Count("tagged_items")).values_list("n", flat=True))
    assert set(per_thread) <= {1, 2, 3, 4} and len(per_thread) >= 3, per_thread
    # Zipf: the most used tag carries several times the median tag's threads.
    tag_uses = sorted(TaggedThread.objects.values("tag").annotate(n=Count("pk")).values_list("n", flat=True))
    assert tag_uses[-1] >= 4 * tag_uses[len(tag_uses) // 2], tag_uses
    assert len(tag_uses) == scale.Size(THREADS, ANSWERS, MEMBERS).tags

    kinds = Counter(threads.values_list("kind", flat=True))
    assert kinds["question"] > kinds["tip"] > 0 and kinds["idea"] > 0, kinds
    accepted = threads.filter(kind="question", accepted_answer__isnull=False).count()
    assert 0.3 <= accepted / kinds["question"] <= 0.5, accepted / kinds["question"]

    posts = THREADS + ANSWERS
    assert 1.2 <= Vote.objects.count() / posts <= 1.8
    assert Vote.objects.filter(value=1).count() > 0.8 * Vote.objects.count()
    assert 0.3 <= Comment.objects.count() / posts <= 0.7
    assert 0 < threads.filter(is_deleted=True).count() < 0.06 * THREADS

    dates = threads.order_by("created_at").values_list("created_at", flat=True)
    assert dates.last() - dates.first() > timedelta(days=2 * 365)
    assert threads.order_by("-answer_count").first().answer_count == scale.BIG_THREAD_ANSWERS


def test_the_counters_are_what_the_source_rows_say(community):
    """The project's own recount, run over the generated rows, changes nothing."""
    fields = ["score", "answer_count", "comment_count", "first_answer_at", "first_answer_seconds"]
    before_threads = list(Thread.objects.order_by("pk").values_list("pk", *fields))
    before_answers = list(Answer.objects.order_by("pk").values_list("pk", "score", "comment_count"))
    counters.recount_threads(Thread.objects.values_list("pk", flat=True))
    assert list(Thread.objects.order_by("pk").values_list("pk", *fields)) == before_threads
    assert list(Answer.objects.order_by("pk").values_list("pk", "score", "comment_count")) == before_answers
    # And directly, for one sum and one count, not only through the recount.
    votes = dict(
        Vote.objects.filter(thread__isnull=False).values("thread").annotate(s=Sum("value")).values_list("thread", "s")
    )
    for pk, score in Thread.objects.values_list("pk", "score"):
        assert score == votes.get(pk, 0)
    visible = Count("answers", filter=Q(answers__is_deleted=False))
    for pk, answer_count, n in Thread.objects.annotate(n=visible).values_list("pk", "answer_count", "n"):
        assert answer_count == n, pk


def test_accepted_answers_and_activity_are_consistent(community):
    for thread in Thread.objects.filter(accepted_answer__isnull=False).select_related("accepted_answer"):
        assert thread.kind == "question"
        assert thread.accepted_answer.thread_id == thread.pk and not thread.accepted_answer.is_deleted
        assert thread.accepted_at >= thread.accepted_answer.created_at
        assert thread.last_activity_at >= thread.accepted_at
    for thread in Thread.objects.all():
        assert thread.last_activity_at >= thread.created_at


def test_tag_links_copy_their_threads(community):
    threads = {t.pk: t for t in Thread.objects.all()}
    for link in TaggedThread.objects.all():
        thread = threads[link.content_object_id]
        for column, copy in TaggedThread.COPIED.items():
            assert getattr(link, copy) == getattr(thread, column), (thread.pk, column)


def test_every_reputation_total_is_its_ledger_sum(community):
    assert drift() == []
    assert Reputation.objects.filter(points__gt=100).exists()  # votes and accepts were paid


def test_database_search_finds_common_and_rare_words(community):
    common = search_api.search(scale.COMMON_WORD)
    visible = Thread.objects.filter(is_deleted=False).count()
    assert common.total >= visible // 2, (common.total, visible)
    rare = search_api.search(scale.RARE_WORD)
    assert 1 <= rare.total < 0.05 * visible
    assert all(scale.RARE_WORD in hit.snippet_html or scale.RARE_WORD in hit.title for hit in rare.hits)


def test_a_second_run_adds_nothing(community):
    before = _table_sizes()
    output = _build()
    assert "already there; nothing to do" in output
    assert _table_sizes() == before


def test_another_size_on_the_same_database_is_refused_clearly(community):
    with pytest.raises(CommandError, match="another size"):
        _build(threads=10, answers=20, members=5)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--size", "XL"], "Unknown size 'XL'"),
        (["--size", "S", "--threads", "5"], "not both"),
        (["--threads", "5"], "all three"),
        (["--threads", "0", "--answers", "1", "--members", "5"], "at least 1 thread"),
    ],
)
def test_bad_arguments_get_a_message(argv, message):
    with pytest.raises(CommandError, match=message):
        call_command("scale_community", *argv, stdout=io.StringIO())
