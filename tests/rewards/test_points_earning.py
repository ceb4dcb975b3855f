"""Reward points follow the reputation ledger: the rules' share of what each origin pays, taken back with it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from community.core import events
from community.forum import actions
from community.models import Bounty
from rewards import actions as rewards_actions
from rewards import api
from rewards.actions import points
from rewards.models import LedgerEntry, Perk, PointsBalance, PointsEntry, Redemption, RuleProfile
from rewards.rules import bounty_payments, forget_active_profile

P = PointsEntry.Reason


def balance(member) -> int:
    return points.balance(member.pk)


def ledger_sum(member) -> int:
    return PointsEntry.objects.filter(member=member).aggregate(s=Sum("points"))["s"] or 0


@pytest.fixture
def author(make_member):
    return make_member("author", reputation=1)


@pytest.fixture
def voters(make_member):
    return [make_member(f"v{i}") for i in range(3)]


@pytest.fixture
def question(live, author):
    return live(
        actions.create_thread,
        author,
        kind="question",
        title="How do I export my notes?",
        body="Body text long enough.",
        tags=["sync"],
        at=timezone.now() - timedelta(days=3),
    )


def set_share(percent: int) -> None:
    RuleProfile.objects.filter(is_active=True).update(points_percent=percent)
    forget_active_profile()


def test_starting_reputation_and_moderator_adjustments_earn_nothing(author, voters, moderator):
    # make_member's starting reputation is a moderator's adjustment: trust corrected, no participation.
    assert api.reputation(voters[0]) == 200
    rewards_actions.adjust(author, 40, note="welcome back", actor=moderator)
    assert balance(voters[0]) == balance(author) == 0
    assert not PointsEntry.objects.exists()


def test_upvotes_and_accepts_earn_the_rules_share_and_downvotes_cost_nothing(live, author, voters, question):
    answer = live(actions.post_answer, voters[0], question, body="Use the export button in Settings.")
    live(actions.vote, voters[1], question, 1)  # +10 reputation → 5 points at the default 50 %
    assert balance(author) == 5
    live(actions.vote, voters[2], question, -1)  # −2 reputation, no points taken
    assert (api.reputation(author), balance(author)) == (9, 5)
    live(actions.vote, voters[2], answer, -1)  # the downvoter's −1 costs no points either
    live(actions.accept_answer, author, answer)  # +15 → 7 (rounded down), +2 → 1
    assert balance(author) == 5 + 1
    assert balance(voters[0]) == 7
    entry = PointsEntry.objects.get(member=voters[0])
    assert (entry.reason, entry.origin, entry.points) == (P.EARNED, f"accept:{answer.pk}", 7)
    assert all(balance(m) == ledger_sum(m) for m in [author, *voters])


def test_the_share_comes_from_the_active_rules(live, author, voters, question):
    set_share(100)
    live(actions.vote, voters[1], question, 1)
    assert balance(author) == 10
    set_share(0)
    live(actions.vote, voters[2], question, 1)
    assert balance(author) == 10


def test_undo_and_changed_votes_take_back_exactly_what_was_earned(live, author, voters, question):
    live(actions.vote, voters[0], question, 1)
    live(actions.vote, voters[1], question, 1)
    assert balance(author) == 10
    live(actions.vote, voters[0], question, -1)  # changed to a downvote: the upvote's 5 come back out
    assert balance(author) == 5
    live(actions.vote, voters[1], question, 0)  # undone: the floor of 1 keeps 2 of its 10 reputation, so 1 point
    assert (api.reputation(author), balance(author)) == (1, 1)
    reasons = list(PointsEntry.objects.filter(member=author).order_by("pk").values_list("reason", "points"))
    assert reasons == [(P.EARNED, 5), (P.EARNED, 5), (P.CLAWED_BACK, -5), (P.CLAWED_BACK, -4)]
    live(actions.vote, voters[0], question, 0)  # the downvote undone: its −2 back, nothing to earn
    live(actions.vote, voters[1], question, 1)  # voted up again: the origin pays 2 + 10 in all, so 6 points
    assert (api.reputation(author), balance(author)) == (13, 6)


def test_withdrawn_accept_hidden_and_restored_post(live, author, voters, question, moderator):
    answer = live(actions.post_answer, voters[0], question, body="An answer that gets votes.")
    live(actions.vote, voters[1], answer, 1)
    live(actions.accept_answer, author, answer)
    assert balance(voters[0]) == 5 + 7
    live(actions.accept_answer, author, answer)  # withdrawn
    assert (balance(voters[0]), balance(author)) == (5, 0)
    live(actions.hide_post, moderator, answer)
    assert balance(voters[0]) == 0
    live(actions.restore_post, moderator, answer)
    assert balance(voters[0]) == 5
    assert ledger_sum(voters[0]) == 5


def test_the_daily_cap_and_the_floor_apply_to_points(live, make_member, author, question):
    crowd = [make_member(f"fan{i}") for i in range(22)]
    day = datetime(2026, 3, 1, 12, tzinfo=UTC)
    for i, fan in enumerate(crowd):
        live(actions.vote, fan, question, 1, at=day + timedelta(minutes=i))
    assert api.reputation(author) == 1 + 200
    assert balance(author) == 100  # the two votes past the cap paid no reputation, so no points
    live(actions.vote, crowd[-1], question, 0, at=day + timedelta(hours=1))  # a capped vote undone: nothing to take
    assert balance(author) == 100


def test_serial_voting_correction_takes_the_points_back(live, make_member, author):
    fan = make_member("fan")
    threads = [
        live(
            actions.create_thread,
            author,
            kind="question",
            title=f"Target question number {i}",
            body="Body text long enough.",
            tags=["sync"],
            at=timezone.now() - timedelta(days=2, minutes=i),
        )
        for i in range(6)
    ]
    now = timezone.now()
    for i, thread in enumerate(threads):
        live(actions.vote, fan, thread, 1, at=now - timedelta(minutes=30 - i))
    assert balance(author) == 30
    call_command("rewards_detect_serial_votes", verbosity=0)
    assert api.reputation(author) == 1 and balance(author) == 0
    assert PointsEntry.objects.filter(member=author, reason=P.CLAWED_BACK).count() == 6


def test_bounty_receiver_earns_and_offerer_spends_no_points(live, author, voters, question):
    answer = live(actions.post_answer, voters[0], question, body="An answer that earns the bounty offered.")
    bounty = Bounty.objects.create(
        thread=question, offered_by=voters[1], amount=100, ends_at=timezone.now() + timedelta(days=7)
    )
    at = timezone.now()
    offer = bounty_payments(bounty_id=bounty.pk, thread_id=question.pk, offered_by=voters[1].pk, amount=100)
    rewards_actions.pay(offer, event_key=f"bounty:{bounty.pk}:offer", at=at)
    award = bounty_payments(
        bounty_id=bounty.pk,
        thread_id=question.pk,
        offered_by=voters[1].pk,
        amount=100,
        answer_id=answer.pk,
        answer_author=voters[0].pk,
        awarded=True,
    )
    rewards_actions.pay(award, event_key=f"bounty:{bounty.pk}:award", at=at)
    assert api.reputation(voters[1]) == 100 and balance(voters[1]) == 0
    assert balance(voters[0]) == 50


def test_a_replayed_event_moves_no_points_twice(live, author, voters, question):
    delivered = []
    events.subscribe(events.VoteCast, delivered.append)
    try:
        live(actions.vote, voters[0], question, 1)
    finally:
        events.unsubscribe(events.VoteCast, delivered.append)
    from rewards.handlers import on_vote

    on_vote(delivered[0])
    assert balance(author) == 5 and PointsEntry.objects.filter(member=author).count() == 1


def test_one_ledger_write_costs_one_query_to_decide(live, author, voters, question, django_assert_num_queries):
    entry = LedgerEntry.objects.create(
        member=author,
        points=-2,
        reason=LedgerEntry.Reason.POST_DOWNVOTED,
        origin="vote:99:t1",
        event_key="k",
        day=timezone.now().date(),
    )
    with django_assert_num_queries(1):
        assert points.follow_ledger(entry) is None  # a penalty: nothing to move


def test_a_clawback_may_leave_the_balance_negative_and_then_nothing_can_be_spent(live, author, voters, question):
    live(actions.vote, voters[0], question, 1)
    live(actions.vote, voters[1], question, 1)
    perk = Perk.objects.create(title="Sticker pack", slug="stickers", description="Stickers.", cost=10)
    redemption = Redemption.objects.create(member=author, perk=perk, cost=10, idempotency_key="one")
    points.spend(author.pk, 10, redemption_id=redemption.pk)
    assert balance(author) == 0
    live(actions.vote, voters[0], question, 0)  # a vote undone after its points were spent
    assert balance(author) == -5
    with pytest.raises(points.NotEnoughPoints):
        points.spend(author.pk, 1, redemption_id=redemption.pk + 1)
    points.refund(author.pk, redemption_id=redemption.pk)  # a rejection gives the 10 back
    assert balance(author) == 5 == ledger_sum(author)
    assert PointsBalance.objects.get(pk=author.pk).points == 5


def test_a_very_long_ledger_key_still_makes_a_unique_points_key():
    long_a = LedgerEntry(event_key="x" * 150 + "a", reason="vote_undone")
    long_b = LedgerEntry(event_key="x" * 150 + "b", reason="vote_undone")
    keys = {points.derived_key(long_a), points.derived_key(long_b)}
    assert len(keys) == 2 and all(len(k) <= 160 for k in keys)


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_undos_and_a_spend_leave_points_equal_to_their_share(require_postgres, make_member):
    """Eight voters up- and un-vote one author while the author spends: no deadlock, no lost update, and the
    balance is the ledger's sum and the share of what each vote still pays."""
    from tests.conftest import run_at_once

    author = make_member("author", reputation=1)
    voters = [make_member(f"voter{i}") for i in range(12)]
    thread = actions.create_thread(
        author, kind="tip", title="Everyone votes on this tip at once", body="Body text long enough.", tags=["sync"]
    )
    for voter in voters[:8]:
        actions.vote(voter, thread, 1)  # 80 reputation, 40 points before the rush: the spend never lacks points
    perk = Perk.objects.create(title="Sticker pack", slug="stickers", description="Stickers.", cost=20)
    redemption = Redemption.objects.create(member=author, perk=perk, cost=20, idempotency_key="rush")

    def act(member):
        if member == author:
            points.spend(author.pk, 20, redemption_id=redemption.pk)
        elif voters.index(member) < 4:
            actions.vote(member, thread, 0)  # undone: its 5 points go
        elif voters.index(member) < 8:
            return
        else:
            actions.vote(member, thread, 1)  # a new upvote: 5 points

    errors = run_at_once([author, *voters], act)
    assert errors == []
    assert api.reputation(author) == 1 + 80
    assert balance(author) == ledger_sum(author) == 40 - 20
    assert not PointsBalance.objects.filter(points__lt=-100).exists()
    from rewards.points_recompute import balance_drift, check

    assert not check() and not balance_drift()
