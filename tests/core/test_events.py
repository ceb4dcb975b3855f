"""Domain events: delivered once per action after commit, never for a rolled-back transaction."""

import pytest
from django.db import transaction

from community.core import events
from community.forum import actions


@pytest.fixture
def received():
    seen = []
    kinds = [
        events.ThreadCreated,
        events.AnswerPosted,
        events.CommentPosted,
        events.VoteCast,
        events.AnswerAccepted,
        events.AnswerUnaccepted,
        events.ThreadEdited,
        events.PostHidden,
        events.PostRestored,
    ]
    for kind in kinds:
        events.subscribe(kind, seen.append)
    yield seen
    for kind in kinds:
        events.unsubscribe(kind, seen.append)


def test_each_action_emits_its_event_once_after_commit(
    received, alice, bob, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = actions.create_thread(
            alice, kind="question", title="Events are delivered once", body="A body long enough to pass.", tags=["sync"]
        )
    assert [type(e) for e in received] == [events.ThreadCreated]
    assert received[0].thread_id == thread.pk and received[0].author_id == alice.pk

    with django_capture_on_commit_callbacks(execute=True):
        answer = actions.post_answer(bob, thread, body="An answer that is long enough.")
        actions.vote(alice, answer, 1)
        actions.accept_answer(alice, answer)
        actions.post_comment(alice, thread=thread, answer=answer, body="thanks!")
        actions.hide_post(moderator, answer)
        actions.restore_post(moderator, answer)
    assert [type(e).__name__ for e in received[1:]] == [
        "AnswerPosted",
        "VoteCast",
        "AnswerAccepted",
        "CommentPosted",
        "AnswerUnaccepted",
        "PostHidden",
        "PostRestored",
    ]
    vote = received[2]
    assert (vote.voter_id, vote.author_id, vote.answer_id, vote.old_value, vote.new_value) == (
        alice.pk,
        bob.pk,
        answer.pk,
        0,
        1,
    )
    assert events.AnswerAccepted.__dataclass_params__.frozen


def test_no_event_when_the_transaction_rolls_back(received, alice, django_capture_on_commit_callbacks):
    class Boom(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            actions.create_thread(
                alice, kind="tip", title="This tip never happened", body="Rolled back before commit.", tags=["sync"]
            )
            raise Boom
    assert received == []
    from community.models import Thread

    assert not Thread.objects.exists()


def test_a_failing_action_emits_nothing(received, alice, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            actions.create_thread(alice, kind="question", title="short", body="x", tags=[])
    assert received == []


def test_a_broken_subscriber_does_not_stop_the_others(received, alice, django_capture_on_commit_callbacks):
    def broken(event):
        raise RuntimeError("subscriber bug")

    events.subscribe(events.ThreadCreated, broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            actions.create_thread(
                alice,
                kind="question",
                title="Subscribers are isolated",
                body="A body long enough to pass.",
                tags=["sync"],
            )
    finally:
        events.unsubscribe(events.ThreadCreated, broken)
    assert [type(e) for e in received] == [events.ThreadCreated]
