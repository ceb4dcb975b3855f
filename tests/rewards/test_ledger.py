"""The reputation ledger: what events pay, compensation, idempotency, cap, floor, recompute."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Sum

from community.core import events
from community.forum import actions
from rewards import api
from rewards.models import LedgerEntry, Reputation, RuleProfile
from rewards.recompute import drift

R = LedgerEntry.Reason


def rep(member) -> int:
    return api.reputations([member.pk])[member.pk]


def ledger_sum(member) -> int:
    return 1 + (LedgerEntry.objects.filter(member=member).aggregate(s=Sum("points"))["s"] or 0)


@pytest.fixture
def author(make_member):
    return make_member("author", reputation=1)


@pytest.fixture
def voters(make_member):
    return [make_member(f"v{i}") for i in range(3)]


def test_upvotes_pay_the_author_by_kind(live, author, voters):
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="A question worth points",
        body="Body text long enough.",
        tags=["sync"],
    )
    tip = live(
        actions.create_thread,
        author,
        kind="tip",
        title="A tip worth points too",
        body="Body text long enough.",
        tags=["sync"],
    )
    answer = live(actions.post_answer, voters[0], question, body="An answer from a voter.")
    live(actions.vote, voters[0], question, 1)
    live(actions.vote, voters[1], tip, 1)
    live(actions.vote, author, answer, 1)
    assert rep(author) == 1 + 10 + 10
    assert rep(voters[0]) == 200 + 10
    assert list(LedgerEntry.objects.filter(member=author).values_list("reason", flat=True).order_by("pk")) == [
        R.QUESTION_UPVOTED,
        R.TIP_UPVOTED,
    ]


def test_downvotes_cost_author_and_answer_downvoter(live, author, voters):
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="A question to downvote",
        body="Body text long enough.",
        tags=["sync"],
    )
    answer = live(actions.post_answer, author, question, body="An answer to downvote here.")
    live(actions.vote, voters[0], question, 1)  # 11
    live(actions.vote, voters[1], answer, -1)
    assert rep(author) == 11 - 2
    assert rep(voters[1]) == 200 - 1


def test_undo_and_change_write_compensating_entries_never_updates(live, author, voters):
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="Votes that change their mind",
        body="Body text long enough.",
        tags=["sync"],
    )
    live(actions.vote, voters[0], question, 1)
    first = LedgerEntry.objects.get(member=author)
    live(actions.vote, voters[0], question, -1)
    live(actions.vote, voters[0], question, 0)
    assert rep(author) == 1
    reasons = list(LedgerEntry.objects.filter(member=author).order_by("pk").values_list("reason", "points"))
    # The downvote would take the author below 1, so it costs 0; undoing it then has nothing to give back.
    assert reasons == [(R.QUESTION_UPVOTED, 10), (R.VOTE_UNDONE, -10), (R.POST_DOWNVOTED, 0)]
    first.refresh_from_db()
    assert first.points == 10  # the original entry is untouched
    assert ledger_sum(author) == rep(author)


def test_accept_pays_both_and_unaccept_reverses(live, author, voters):
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="Which answer will I accept?",
        body="Body text long enough.",
        tags=["sync"],
    )
    answer = live(actions.post_answer, voters[0], question, body="Accept me, I am right.")
    live(actions.accept_answer, author, answer)
    assert (rep(author), rep(voters[0])) == (1 + 2, 200 + 15)
    live(actions.accept_answer, author, answer)  # toggles off
    assert (rep(author), rep(voters[0])) == (1, 200)


def test_self_accept_pays_nothing(live, author):
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="I will answer this myself",
        body="Body text long enough.",
        tags=["sync"],
    )
    answer = live(actions.post_answer, author, question, body="Found it myself, here it is.")
    live(actions.accept_answer, author, answer)
    assert rep(author) == 1 and not LedgerEntry.objects.filter(member=author).exists()


def test_deleting_a_post_reverses_its_points_and_restoring_repays(live, author, voters, moderator):
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="A post that will be hidden",
        body="Body text long enough.",
        tags=["sync"],
    )
    answer = live(actions.post_answer, voters[0], question, body="An answer that gets votes.")
    live(actions.vote, voters[2], answer, 1)
    live(actions.vote, voters[1], answer, 1)
    assert rep(voters[0]) == 220
    live(actions.hide_post, moderator, answer)
    assert rep(voters[0]) == 200
    live(actions.restore_post, moderator, answer)
    assert rep(voters[0]) == 220
    assert ledger_sum(voters[0]) == 220


def test_a_replayed_event_pays_nothing_twice(live, author, voters, django_capture_on_commit_callbacks):
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="An event delivered twice",
        body="Body text long enough.",
        tags=["sync"],
    )
    delivered = []
    events.subscribe(events.VoteCast, delivered.append)
    try:
        live(actions.vote, voters[0], question, 1)
    finally:
        events.unsubscribe(events.VoteCast, delivered.append)
    from rewards.handlers import on_vote

    on_vote(delivered[0])  # the same event again
    assert rep(author) == 11
    assert LedgerEntry.objects.filter(member=author).count() == 1


def test_reputation_never_drops_below_one(live, author, voters):
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="Everyone dislikes this one",
        body="Body text long enough.",
        tags=["sync"],
    )
    for voter in voters:
        live(actions.vote, voter, question, -1)
    assert rep(author) == 1
    assert ledger_sum(author) == 1
    live(actions.vote, voters[0], question, 0)  # undoing gives back only what was taken
    assert rep(author) == 1


def test_daily_cap_of_vote_earnings_but_not_accepts(make_member, author, live):
    crowd = [make_member(f"fan{i}") for i in range(25)]
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="Wildly popular on one day",
        body="Body text long enough.",
        tags=["sync"],
    )
    answer = live(actions.post_answer, author, question, body="My own answer gets votes too.")
    day = datetime(2026, 3, 1, 12, tzinfo=UTC)
    for i, fan in enumerate(crowd):
        live(actions.vote, fan, answer, 1, at=day + timedelta(minutes=i))
    assert rep(author) == 1 + 200
    live(actions.vote, crowd[0], question, 1, at=day + timedelta(days=1))  # a new UTC day
    assert rep(author) == 1 + 200 + 10
    other = live(
        actions.create_thread,
        crowd[1],
        kind="question",
        title="Someone else asks here",
        body="Body text long enough.",
        tags=["sync"],
    )
    accepted = live(actions.post_answer, author, other, body="And I answer, accepted.")
    live(actions.accept_answer, crowd[1], accepted, at=day + timedelta(hours=2))
    assert rep(author) == 1 + 200 + 10 + 15
    assert ledger_sum(author) == rep(author)


def test_recompute_rebuilds_totals_that_equal_ledger_sums(live, author, voters, moderator):
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="Recompute from source rows",
        body="Body text long enough.",
        tags=["sync"],
    )
    answer = live(actions.post_answer, voters[0], question, body="Answer to recompute from.")
    live(actions.vote, voters[1], question, 1)
    live(actions.vote, voters[2], answer, -1)
    live(actions.vote, voters[1], answer, 1)
    live(actions.accept_answer, author, answer)
    before = {m.pk: rep(m) for m in [author, *voters]}
    Reputation.objects.filter(member=author).update(points=999)  # drift on purpose
    call_command("rewards_recompute", verbosity=0)
    after = {m.pk: rep(m) for m in [author, *voters]}
    assert after == before
    assert drift() == []


def test_recompute_under_another_profile(live, author, voters):
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="Worth 5 under the 2016 rules",
        body="Body text long enough.",
        tags=["sync"],
    )
    live(actions.vote, voters[0], question, 1)
    call_command("rewards_recompute", rules="Stack Exchange 2016", verbosity=0)
    assert rep(author) == 6
    assert RuleProfile.objects.get(is_active=True).name == "Stack Exchange 2016"


def test_recompute_with_an_unknown_profile_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No rule profile named 'Nope'"):
        call_command("rewards_recompute", rules="Nope", verbosity=0)


def test_rules_are_editable_and_apply_to_new_events(live, author, voters):
    RuleProfile.objects.filter(is_active=True).update(answer_upvote=7)
    RuleProfile.objects.get(is_active=True).save()  # the save clears the cached profile
    question = live(
        actions.create_thread,
        voters[0],
        kind="question",
        title="New rule values apply",
        body="Body text long enough.",
        tags=["sync"],
    )
    answer = live(actions.post_answer, author, question, body="Answer worth seven now.")
    live(actions.vote, voters[0], answer, 1)
    assert rep(author) == 8


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_voters_leave_score_ledger_and_totals_consistent(require_postgres, make_member):
    from community.models import Thread, Vote
    from tests.conftest import run_at_once

    author = make_member("author", reputation=1)
    voters = [make_member(f"voter{i}") for i in range(20)]
    thread = actions.create_thread(
        author, kind="question", title="Everyone votes on this at once", body="Body text long enough.", tags=["sync"]
    )
    answer = actions.post_answer(author, thread, body="And on this answer at once.")

    def cast(voter):
        actions.vote(voter, thread, 1)  # no test transaction: on_commit subscribers run for real
        actions.vote(voter, answer, -1 if voter.pk % 2 else 1)

    errors = run_at_once(voters, cast)
    assert errors == []
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert thread.score == 20 == Vote.objects.filter(thread=thread).count()
    ups = sum(1 for v in voters if v.pk % 2 == 0)
    downs = 20 - ups
    assert answer.score == ups - downs
    # Twenty upvotes on the question alone reach the daily cap of 200; nothing more can be earned today.
    assert rep(author) == ledger_sum(author)
    assert 1 + 200 - 2 * downs <= rep(author) <= 1 + 200
    assert drift() == []
    assert LedgerEntry.objects.filter(member=author, reason=R.QUESTION_UPVOTED).count() == 20
    for voter in voters:
        assert rep(voter) == ledger_sum(voter) == 200 - (1 if voter.pk % 2 else 0)
    assert not Thread.objects.filter(pk=thread.pk, score__lt=0).exists()
