"""Awarding a bounty, and the sweep of ended ones: who receives what, and the ledger that a recompute agrees with."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from community.bounties import actions as bounties
from community.core.errors import ActionConflict
from community.forum import actions
from community.models import Answer, Bounty, Notification
from rewards import api as rewards_api
from rewards.models import LedgerEntry, Reputation

R = LedgerEntry.Reason


def rep(member) -> int:
    return rewards_api.reputation(member)


def scored(answer, score: int) -> Answer:
    Answer.objects.filter(pk=answer.pk).update(score=score)
    answer.score = score
    return answer


@pytest.fixture
def crowd(make_member):
    return [make_member(f"helper{i}", reputation=20) for i in range(4)]


# --- by hand ------------------------------------------------------------------------------------------------------


def test_the_offerer_awards_any_answer_but_their_own_and_its_author_receives_the_whole_bounty(
    live, question, asker, answerer
):
    old = live(actions.post_answer, answerer, question, body="An answer written before the bounty.")
    bounty = live(bounties.offer_bounty, asker, question, 150)
    live(bounties.award_bounty, asker, bounty, old)  # any answer, even one older than the bounty (as on SE)
    bounty.refresh_from_db()
    assert bounty.answer == old and bounty.closed_at is not None and bounty.awarded_at is not None
    assert bounty.awarded_amount is None
    assert rep(answerer) == 10 + 150
    entry = LedgerEntry.objects.get(member=answerer, reason=R.BOUNTY_AWARDED)
    assert (entry.points, entry.origin, entry.answer_id) == (150, f"bounty:{bounty.pk}", old.pk)
    note = Notification.objects.get(recipient=answerer, kind=Notification.Kind.BOUNTY)
    from community.notifications.models import describe

    assert describe(note) == (
        "Ada Asker awarded you a bounty of 150 reputation for your answer to “Why does my calendar sync skip "
        "recurring events?”"
    )


def test_award_refusals(live, question, asker, answerer, make_member, make_thread):
    bounty = live(bounties.offer_bounty, asker, question, 100)
    answer = live(actions.post_answer, answerer, question, body="A good answer with enough text.")
    own = live(actions.post_answer, asker, question, body="The asker's own answer, found later.")
    stranger = make_member("stranger")
    with pytest.raises(PermissionDenied, match="Only the member who offered"):
        bounties.award_bounty(stranger, bounty, answer)
    with pytest.raises(ActionConflict, match="your own answer"):
        bounties.award_bounty(asker, bounty, own)
    elsewhere = live(
        actions.post_answer,
        answerer,
        make_thread(stranger, title="Another question entirely"),
        body="An answer elsewhere.",
    )
    with pytest.raises(ActionConflict, match="not on the bounty’s question"):
        bounties.award_bounty(asker, bounty, elsewhere)
    live(actions.hide_post, answerer, answer)
    with pytest.raises(ActionConflict, match="deleted answer"):
        bounties.award_bounty(asker, bounty, Answer.objects.get(pk=answer.pk))
    later = live(actions.post_answer, make_member("late"), question, body="Another answer with enough text.")
    with pytest.raises(ActionConflict, match="has ended"):
        bounties.award_bounty(asker, bounty, later, at=bounty.ends_at + timedelta(minutes=1))
    live(bounties.award_bounty, asker, bounty, later)
    with pytest.raises(ActionConflict, match="already been awarded"):
        bounties.award_bounty(asker, bounty, later)
    assert LedgerEntry.objects.filter(reason=R.BOUNTY_AWARDED).count() == 1


# --- at the end: the sweep ------------------------------------------------------------------------------------------


def test_the_sweep_gives_half_to_the_best_answer_posted_during_the_bounty(live, question, asker, answerer, crowd):
    before = scored(live(actions.post_answer, crowd[0], question, body="Posted before the bounty, top score."), 40)
    bounty = live(bounties.offer_bounty, asker, question, 150)
    scored(live(actions.post_answer, crowd[1], question, body="During the bounty, but only one vote."), 1)
    scored(live(actions.post_answer, asker, question, body="The offerer's own answer, well voted."), 9)
    first = scored(live(actions.post_answer, answerer, question, body="During the bounty, three votes."), 3)
    scored(live(actions.post_answer, crowd[2], question, body="During the bounty, three votes, later."), 3)
    with live():
        assert bounties.close_ended_bounties(now=bounty.ends_at - timedelta(seconds=1)) == 0  # not yet ended
        assert bounties.close_ended_bounties(now=bounty.ends_at + timedelta(minutes=5)) == 1
    bounty.refresh_from_db()
    assert bounty.answer_id == first.pk and bounty.awarded_amount == 75 and bounty.closed_at is not None
    assert before.pk != bounty.answer_id
    assert rep(answerer) == 10 + 75
    assert rep(asker) == 300 - 150
    kinds = dict(
        Notification.objects.filter(kind=Notification.Kind.BOUNTY).values_list("recipient__username", "event_key")
    )
    assert kinds == {
        "answerer": f"bounty:{bounty.pk}:auto-awarded:75",
        "asker": f"bounty:{bounty.pk}:ended-awarded:75",
    }


def test_a_bounty_with_no_qualifying_answer_just_ends(live, question, asker, answerer):
    bounty = live(bounties.offer_bounty, asker, question, 100)
    scored(live(actions.post_answer, answerer, question, body="During the bounty, one vote only."), 1)
    with live():
        assert bounties.close_ended_bounties(now=bounty.ends_at) == 1
    bounty.refresh_from_db()
    assert bounty.closed_at is not None and bounty.answer is None
    assert not LedgerEntry.objects.filter(reason=R.BOUNTY_AWARDED).exists()
    assert rep(asker) == 200  # spent, never refunded
    note = Notification.objects.get(recipient=asker, kind=Notification.Kind.BOUNTY)
    assert note.event_key == f"bounty:{bounty.pk}:expired:0"


def test_the_sweep_is_idempotent_and_never_touches_closed_or_imported_bounties(live, question, asker, answerer):
    imported = Bounty.objects.create(
        thread=question,
        offered_by=answerer,
        amount=50,
        created_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=23),
        closed_at=timezone.now() - timedelta(days=23),
    )
    bounty = live(bounties.offer_bounty, asker, question, 100)
    later = bounty.ends_at + timedelta(hours=1)
    with live():
        assert bounties.close_ended_bounties(now=later) == 1
        assert bounties.close_ended_bounties(now=later) == 0
    imported.refresh_from_db()
    assert imported.answer is None and imported.closed_at < bounty.created_at
    assert Notification.objects.filter(kind=Notification.Kind.BOUNTY, recipient=answerer).count() == 0


def test_the_command_closes_what_is_due(live, question, asker):
    bounty = live(bounties.offer_bounty, asker, question, 100)
    Bounty.objects.filter(pk=bounty.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    with live():
        call_command("community_bounties_due", verbosity=0)
    assert Bounty.objects.get(pk=bounty.pk).closed_at is not None


# --- the live ledger and the recompute agree --------------------------------------------------------------------------


def test_rewards_recompute_leaves_every_total_unchanged(live, asker, answerer, crowd, make_member):
    patron = make_member("patron", reputation=600)
    questions = [
        live(
            actions.create_thread,
            asker,
            kind="question",
            title=f"An old question worth a bounty {n}",
            body="Body text long enough.",
            tags=["sync"],
            at=timezone.now() - timedelta(days=10),
        )
        for n in range(3)
    ]
    awarded = live(bounties.offer_bounty, patron, questions[0], 200)
    answer = live(actions.post_answer, answerer, questions[0], body="An answer the patron liked.")
    live(actions.vote, crowd[0], answer, 1)
    live(bounties.award_bounty, patron, awarded, answer)
    automatic = live(bounties.offer_bounty, asker, questions[1], 100)
    best = live(actions.post_answer, crowd[1], questions[1], body="The best new answer during the bounty.")
    for voter in (crowd[2], crowd[3], patron):
        live(actions.vote, voter, best, 1)
    live(bounties.offer_bounty, asker, questions[2], 50)  # expires with no answer
    with live():
        bounties.close_ended_bounties(now=timezone.now() + timedelta(days=8))
    assert Bounty.objects.get(pk=automatic.pk).awarded_amount == 50
    live_totals = dict(Reputation.objects.values_list("member_id", "points"))
    assert live_totals[patron.pk] == 600 - 200 + 0
    assert live_totals[asker.pk] == 300 - 100 - 50
    assert live_totals[crowd[1].pk] == 20 + 30 + 50
    call_command("rewards_recompute", verbosity=0)
    assert dict(Reputation.objects.values_list("member_id", "points")) == live_totals


def test_the_asker_and_followers_hear_of_a_bounty_someone_else_offers(live, question, asker, make_member):
    from community.notifications import actions as notification_actions
    from community.notifications.models import describe

    follower, patron = make_member("follower"), make_member("patron", display_name="Pat Patron", reputation=400)
    live(notification_actions.follow, follower, thread=question)
    bounty = live(bounties.offer_bounty, patron, question, 200)
    notes = Notification.objects.filter(kind=Notification.Kind.BOUNTY).order_by("recipient__username")
    assert [n.recipient.username for n in notes] == ["asker", "follower"]
    assert all(n.event_key == f"bounty:{bounty.pk}:offered:200" for n in notes)
    assert describe(notes[0]) == (
        "Pat Patron offered a bounty of 200 reputation on “Why does my calendar sync skip recurring events?”"
    )
    assert not Notification.objects.filter(recipient=patron).exists()  # never to the member who acted


def test_hiding_the_awarded_answer_keeps_the_bounty_paid(live, question, asker, answerer, moderator):
    bounty = live(bounties.offer_bounty, asker, question, 100)
    answer = live(actions.post_answer, answerer, question, body="An answer that is later hidden.")
    live(bounties.award_bounty, asker, bounty, answer)
    live(actions.hide_post, moderator, answer)
    assert rep(answerer) == 10 + 100 and rep(asker) == 200
