"""Votes: one per member per post, changeable, undoable, never on one's own post, never lost."""

import pytest
from django.db import IntegrityError, transaction

from community.forum import actions
from community.models import Vote
from tests.conftest import run_at_once


def _vote(client, model, pk, value, json=False):
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(f"/{model}/{pk}/vote", {"value": value}, **headers)


def test_upvote_changes_the_score_and_shows_pressed(client_for, alice, bob, make_thread):
    thread = make_thread(alice)
    client = client_for(bob)
    response = _vote(client, "thread", thread.pk, "1")
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.score == 1
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'aria-pressed="true" aria-label="Undo your upvote"' in page


def test_vote_can_be_changed_and_undone(client_for, alice, bob, make_thread, make_answer):
    answer = make_answer(bob, make_thread(alice))
    client = client_for(alice)
    assert _vote(client, "answer", answer.pk, "1", json=True).json() == {"score": 1, "vote": 1}
    assert _vote(client, "answer", answer.pk, "-1", json=True).json() == {"score": -1, "vote": -1}
    assert _vote(client, "answer", answer.pk, "0", json=True).json() == {"score": 0, "vote": 0}
    assert not Vote.objects.exists()


def test_voting_twice_the_same_way_is_refused(client_for, alice, bob, make_thread):
    thread = make_thread(alice)
    client = client_for(bob)
    _vote(client, "thread", thread.pk, "1")
    response = _vote(client, "thread", thread.pk, "1")
    assert response.status_code == 409
    assert "already voted" in response.content.decode()
    thread.refresh_from_db()
    assert thread.score == 1 and Vote.objects.count() == 1


def test_voting_on_ones_own_post_is_forbidden(client_for, alice, make_thread):
    thread = make_thread(alice)
    response = _vote(client_for(alice), "thread", thread.pk, "1", json=True)
    assert response.status_code == 403
    assert response.json()["error"] == "You cannot vote on your own post."
    thread.refresh_from_db()
    assert thread.score == 0 and not Vote.objects.exists()


def test_the_database_enforces_one_vote_per_member_per_post(alice, bob, make_thread):
    thread = make_thread(alice)
    Vote.objects.create(voter=bob, thread=thread, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(voter=bob, thread=thread, value=-1)


def test_a_vote_targets_exactly_one_post(alice, bob, make_thread, make_answer):
    thread = make_thread(alice)
    answer = make_answer(alice, thread)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(voter=bob, thread=thread, answer=answer, value=1)


def test_anonymous_visitors_see_scores_but_no_vote_buttons(client, alice, make_thread):
    thread = make_thread(alice)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'class="vote-score"' in page and "/vote" not in page


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_voters_lose_no_vote(require_postgres, make_member):
    author = make_member("author")
    voters = [make_member(f"voter{i}") for i in range(20)]
    thread = actions.create_thread(
        author,
        kind="question",
        title="A popular question for concurrency",
        body="Everyone votes on this at once.",
        tags=["sync"],
    )
    answer = actions.post_answer(author, thread, body="And on this answer at the same time.")

    def cast(voter):
        actions.vote(voter, thread, 1)  # no test transaction: on_commit subscribers run for real
        actions.vote(voter, answer, -1 if voter.pk % 2 else 1)

    errors = run_at_once(voters, cast)
    assert errors == []
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert thread.score == 20 == Vote.objects.filter(thread=thread).count()
    expected = sum(-1 if v.pk % 2 else 1 for v in voters)
    assert answer.score == expected == sum(Vote.objects.filter(answer=answer).values_list("value", flat=True))
