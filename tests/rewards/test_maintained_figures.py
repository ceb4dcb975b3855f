"""The rewards figures kept up to date by event handlers (tag scores, badge counts) and rebuilt by a recompute:
they follow votes, accepts, hides, retags, tag merges and awards, and equal what the source rows say."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from community.forum import actions
from community.models import Member
from config import pagination
from rewards import queries, tag_scores
from rewards.models import Award, Badge, TagScore

pytestmark = pytest.mark.django_db


def test_empty_period_leaderboard_is_an_empty_first_page(db):
    page = queries.leaderboard_page("week", None, 4)
    assert page.number == 1 and page.paginator.count == 0 and list(page.object_list) == []


def _board_counts(client) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries_run:
        html = client.get("/leaderboard/?period=all").content.decode()
    counts = [
        q
        for q in queries_run.captured_queries
        if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "rewards_reputation"')
    ]
    return len(counts), html


def test_a_long_all_time_board_counts_its_members_once_a_minute(client, make_member, monkeypatch):
    """Its pager's "of N" comes from a count of every member with reputation: kept a minute once the board is
    long (a count of 100,000 index entries per page at a million threads), its rows still read live."""
    monkeypatch.setattr(pagination, "KEEP_FROM", 3)
    for i in range(4):
        make_member(f"climber{i}", reputation=10 + i)
    client.force_login(make_member("reader"))  # a member: no anonymous page cache in the way
    assert _board_counts(client)[0] == 1
    counted, html = _board_counts(client)
    assert counted == 0 and all(f"climber{i}" in html for i in range(4))
    make_member("newcomer", reputation=50)
    counted, html = _board_counts(client)
    assert counted == 0 and "newcomer" in html  # the rows are live; only the length waits
    monkeypatch.setattr(pagination, "KEEP_FROM", 1000)
    from django.core.cache import cache

    cache.delete(queries.ALL_TIME_KEY)
    assert [_board_counts(client)[0] for _ in range(2)] == [1, 1]  # a short board: exact on every page


# --- the maintained figures follow the events and a recompute -----------------------------------------------------


def _stored() -> set[tuple]:
    return set(TagScore.objects.values_list("member_id", "tag_id", "score", "answers"))


def test_tag_scores_follow_votes_accepts_hides_retags_and_recompute(live, make_member, client):
    asker, answerer, voter, other = (make_member(n) for n in ("asker", "answerer", "voter", "other"))
    question = live(
        actions.create_thread,
        asker,
        kind="question",
        title="How do I sync?",
        body="A body that is long enough to post.",
        tags=["sync"],
    )
    second = live(
        actions.create_thread,
        asker,
        kind="question",
        title="How do I back up?",
        body="A body that is long enough to post.",
        tags=["sync", "backup"],
    )
    answer = live(actions.post_answer, answerer, question, body="Like this, with care.")
    other_answer = live(actions.post_answer, answerer, second, body="Another good answer.")
    live(actions.post_answer, other, second, body="A third answer, long enough.")
    live(actions.vote, voter, answer, 1)
    live(actions.vote, voter, other_answer, 1)
    live(actions.vote, other, other_answer, 1)
    live(actions.accept_answer, asker, answer)
    assert tag_scores.drift() == []
    sync = {r["slug"]: r for r in queries.top_tags(answerer)}["sync"]
    assert (sync["score"], sync["answers"]) == (3, 2)

    live(actions.vote, other, other_answer, -1)  # a changed vote
    live(actions.hide_post, answerer, answer)
    assert tag_scores.drift() == []
    assert {r["slug"]: (r["score"], r["answers"]) for r in queries.top_tags(answerer)} == {
        "sync": (0, 1),
        "backup": (0, 1),
    }
    live(actions.restore_post, make_member("mod", staff=True), answer)
    live(actions.hide_post, asker, second)  # the whole thread: every answer in each of its tags
    assert tag_scores.drift() == []
    assert not TagScore.objects.filter(member=other).exists()

    live(
        actions.edit_thread,
        asker,
        question,
        title="How do I sync?",
        body="A body that is long enough to post.",
        tags=["mobile"],
    )
    assert tag_scores.drift() == []
    assert [r["slug"] for r in queries.top_tags(answerer)] == ["mobile"]

    before = _stored()
    call_command("rewards_recompute", verbosity=0)
    assert _stored() == before
    page = client.get(f"/members/{answerer.username}/reputation/").content.decode()
    assert 'href="/tags/mobile/"' in page or "mobile" in page
    assert "score 1 · 1 answer" in page


def test_tag_scores_move_with_a_tag_merge(live, make_member, moderator):
    from community.models import Tag
    from community.moderation import actions as moderation

    asker, answerer, voter = (make_member(n) for n in ("asker", "answerer", "voter"))
    one = live(
        actions.create_thread,
        asker,
        kind="question",
        title="Old name here",
        body="A body that is long enough to post.",
        tags=["old"],
    )
    two = live(
        actions.create_thread,
        asker,
        kind="question",
        title="New name here",
        body="A body that is long enough to post.",
        tags=["new"],
    )
    for thread in (one, two):
        live(actions.vote, voter, live(actions.post_answer, answerer, thread, body="An answer to it, long enough."), 1)
    live(moderation.merge_tags, moderator, Tag.objects.get(slug="old"), Tag.objects.get(slug="new"))
    assert tag_scores.drift() == []
    assert [(r["slug"], r["score"], r["answers"]) for r in queries.top_tags(answerer)] == [("new", 2, 2)]


def test_badge_counts_follow_awards_deletions_and_inactive_members(live, make_member, client):
    asker = make_member("asker")
    live(
        actions.create_thread,
        asker,
        kind="question",
        title="A first question",
        body="A body that is long enough to post.",
        tags=["x"],
    )
    curious = Badge.objects.get(slug="curious")
    assert Badge.objects.get(pk=curious.pk).awarded_count == Award.objects.filter(badge=curious).count() == 1
    assert "1 awarded" in client.get("/badges/").content.decode()

    Member.objects.filter(pk=asker.pk).update(is_active=False)
    assert {b.slug: b.earned for b in queries.badges_with_counts()}["curious"] == 0

    Award.objects.filter(badge=curious).delete()
    assert Badge.objects.get(pk=curious.pk).awarded_count == 0
    Award.objects.create(member=asker, badge=curious)  # a row written behind rewards' back…
    call_command("rewards_recompute", verbosity=0)  # …is counted again by the recompute
    assert Badge.objects.get(pk=curious.pk).awarded_count == 1
