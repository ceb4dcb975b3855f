"""API votes and accepted answers: the site's actions, privileges and throttle; idempotent where the site's
buttons toggle."""

from community.forum.models import Thread, Vote
from community.moderation import actions as moderation_actions
from rewards import api as rewards_api
from tests.api.writes_support import as_token, assert_problem


def test_a_vote_through_the_api_moves_the_same_rows_and_reputation_as_the_site(
    client_for, alice, bob, make_thread, django_capture_on_commit_callbacks
):
    first, second = make_thread(alice), make_thread(alice, title="How do I sync my notes on a plane?")
    before = rewards_api.reputation(alice)
    with django_capture_on_commit_callbacks(execute=True):  # the ledger moves after the commit
        assert client_for(bob).post(f"/thread/{first.pk}/vote", {"value": "1"}).status_code == 302
    gained_on_site = rewards_api.reputation(alice) - before
    with django_capture_on_commit_callbacks(execute=True):  # the ledger moves after the commit
        response = as_token(bob).put(f"threads/{second.pk}/vote", {"value": "up"})
    assert response.status_code == 200 and response.data == {"score": 1, "vote": 1}
    assert rewards_api.reputation(alice) - before == 2 * gained_on_site > 0
    assert sorted(Vote.objects.values_list("thread_id", "voter_id", "value")) == [
        (first.pk, bob.pk, 1),
        (second.pk, bob.pk, 1),
    ]


def test_voting_is_idempotent_changeable_and_withdrawable(alice, bob, make_thread, make_answer):
    answer = make_answer(bob, make_thread(alice))
    api = as_token(alice)
    assert api.put(f"answers/{answer.pk}/vote", {"value": "up"}).data == {"score": 1, "vote": 1}
    assert api.put(f"answers/{answer.pk}/vote", {"value": "up"}).data == {"score": 1, "vote": 1}  # no 409
    assert Vote.objects.count() == 1
    assert api.put(f"answers/{answer.pk}/vote", {"value": "down"}).data == {"score": -1, "vote": -1}
    assert api.delete(f"answers/{answer.pk}/vote").data == {"score": 0, "vote": 0}
    assert api.delete(f"answers/{answer.pk}/vote").data == {"score": 0, "vote": 0}
    assert not Vote.objects.exists()


def test_votes_are_refused_with_the_sites_sentences(alice, bob, moderator, make_member, make_thread):
    thread = make_thread(alice)
    assert_problem(
        as_token(alice).put(f"threads/{thread.pk}/vote", {"value": "up"}), 403, "You cannot vote on your own post."
    )
    newcomer = make_member("newcomer", reputation=1)
    refused = as_token(newcomer).put(f"threads/{thread.pk}/vote", {"value": "up"})
    body = assert_problem(refused, 403, rewards_api.refusal(newcomer, "upvote"))
    assert body["privileges_url"].endswith("/privileges/")
    moderation_actions.lock_thread(moderator, thread, locked=True, reason="Heated")
    assert_problem(
        as_token(bob).put(f"threads/{thread.pk}/vote", {"value": "up"}),
        409,
        "This thread is locked by a moderator: it takes no new votes.",
    )
    assert_problem(as_token(bob).put(f"threads/{thread.pk}/vote", {"value": "sideways"}), 422)
    assert_problem(as_token(bob).put("threads/987654/vote", {"value": "up"}), 404)
    assert not Vote.objects.exists()


def test_votes_share_the_sites_per_minute_limit(client_for, alice, bob, make_thread, settings):
    settings.GUILDHALL = {
        **settings.GUILDHALL,
        "THROTTLES": {**settings.GUILDHALL["THROTTLES"], "vote": {"member": 2, "address": 10}},
    }
    threads = [make_thread(alice, title=f"How do I sync my notes offline, case {n}?") for n in range(3)]
    assert client_for(bob).post(f"/thread/{threads[0].pk}/vote", {"value": "1"}).status_code == 302
    api = as_token(bob)
    assert api.put(f"threads/{threads[1].pk}/vote", {"value": "up"}).status_code == 200
    assert_problem(
        api.put(f"threads/{threads[2].pk}/vote", {"value": "up"}),
        429,
        "You are going faster than people do: at most 2 votes a minute. Wait a minute and try again.",
    )
    assert Vote.objects.count() == 2


# --- accepted answers ------------------------------------------------------------------------------------------


def test_the_asker_accepts_and_unaccepts_idempotently_like_the_sites_button(
    client_for, alice, bob, make_member, make_thread, make_answer
):
    thread = make_thread(alice)
    first = make_answer(bob, thread)
    second = make_answer(make_member("carol"), thread, body="Or export to PDF before you leave; it always works.")
    api = as_token(alice)
    accepted = api.put(f"answers/{first.pk}/accept")
    assert accepted.status_code == 200 and accepted.data == {"thread_id": thread.pk, "accepted_answer_id": first.pk}
    assert api.put(f"answers/{first.pk}/accept").data["accepted_answer_id"] == first.pk  # no toggle off
    assert api.put(f"answers/{second.pk}/accept").data["accepted_answer_id"] == second.pk  # replaces
    assert api.delete(f"answers/{first.pk}/accept").data["accepted_answer_id"] == second.pk  # not that one
    assert api.delete(f"answers/{second.pk}/accept").data["accepted_answer_id"] is None
    assert api.delete(f"answers/{second.pk}/accept").data["accepted_answer_id"] is None
    thread.refresh_from_db()
    assert thread.accepted_answer_id is None
    # The site's button on the same answer: the same column moves.
    assert client_for(alice).post(f"/a/{first.pk}/accept").status_code == 302
    thread.refresh_from_db()
    assert thread.accepted_answer_id == first.pk


def test_only_the_asker_accepts_and_only_on_questions(alice, bob, make_thread, make_answer):
    thread = make_thread(alice)
    answer = make_answer(bob, thread)
    for method in ("put", "delete"):
        assert_problem(
            getattr(as_token(bob), method)(f"answers/{answer.pk}/accept"),
            403,
            "Only the person who asked can accept an answer.",
        )
    tip = make_thread(alice, kind="tip", title="Export every notebook at once with File → Export")
    reply = make_answer(bob, tip)
    assert_problem(as_token(alice).put(f"answers/{reply.pk}/accept"), 409, "Only questions have accepted answers.")
    assert not Thread.objects.filter(accepted_answer__isnull=False).exists()
