"""The points recompute: --check finds no drift after real activity, detects tampering, and repairs by appending."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone

from community.forum import actions
from rewards import api
from rewards.actions import points
from rewards.models import Perk, PointsBalance, PointsEntry, Redemption, RuleProfile
from rewards.points_recompute import balance_drift
from rewards.rules import forget_active_profile

P = PointsEntry.Reason


def balances(members) -> dict[int, int]:
    return {m.pk: points.balance(m.pk) for m in members}


def check_passes() -> bool:
    try:
        call_command("rewards_recompute_points", "--check", verbosity=0)
    except CommandError:
        return False
    return True


@pytest.fixture
def activity(live, make_member, moderator):
    """A realistic mix: votes, an undo, accept and unaccept, a hidden and restored answer, a serial-vote reversal,
    a day past the cap, a spend and a refund."""
    author = make_member("author", reputation=1)
    helper = make_member("helper")
    voters = [make_member(f"v{i}") for i in range(3)]
    crowd = [make_member(f"fan{i}") for i in range(22)]
    fan = make_member("fan")
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="Which backup setting keeps my history?",
        body="Body text long enough.",
        tags=["sync"],
        at=timezone.now() - timedelta(days=3),
    )
    answer = live(actions.post_answer, helper, question, body="Keep versions on: Settings → Backup.")
    live(actions.vote, voters[0], question, 1)
    live(actions.vote, voters[1], question, 1)
    live(actions.vote, voters[1], question, 0)
    live(actions.vote, voters[2], answer, 1)
    live(actions.vote, voters[0], answer, -1)
    live(actions.hide_post, moderator, answer)
    live(actions.restore_post, moderator, answer)
    live(actions.accept_answer, author, answer)
    live(actions.accept_answer, author, answer)
    live(actions.accept_answer, author, answer)
    day = datetime(2026, 3, 1, 12, tzinfo=UTC)
    popular = live(
        actions.create_thread,
        author,
        kind="tip",
        title="A tip everyone liked on one day",
        body="Body text long enough.",
        tags=["sync"],
        at=day - timedelta(days=3),
    )
    for i, member in enumerate(crowd):
        live(actions.vote, member, popular, 1, at=day + timedelta(minutes=i))
    targets = [
        live(
            actions.create_thread,
            helper,
            kind="question",
            title=f"Helper question number {i}",
            body="Body text long enough.",
            tags=["sync"],
            at=timezone.now() - timedelta(days=2, minutes=i),
        )
        for i in range(5)
    ]
    now = timezone.now()
    for i, thread in enumerate(targets):
        live(actions.vote, fan, thread, 1, at=now - timedelta(minutes=30 - i))
    call_command("rewards_detect_serial_votes", verbosity=0)
    perk = Perk.objects.create(title="Sticker pack", slug="stickers", description="Stickers.", cost=10)
    kept = Redemption.objects.create(member=helper, perk=perk, cost=10, idempotency_key="kept")
    rejected = Redemption.objects.create(member=helper, perk=perk, cost=2, idempotency_key="rejected")
    points.spend(helper.pk, 10, redemption_id=kept.pk)
    points.spend(helper.pk, 2, redemption_id=rejected.pk)
    points.refund(helper.pk, redemption_id=rejected.pk)
    return {"author": author, "helper": helper, "members": [author, helper, *voters, *crowd, fan]}


def test_after_real_activity_the_check_finds_no_drift(activity):
    author, helper = activity["author"], activity["helper"]
    # author: 10 (one upvote kept) → 5, 2 (accept) → 1; the tip's 220 capped at 200 → 100.
    assert points.balance(author.pk) == 5 + 1 + 100
    # helper: 10 − 2 + 15 → 11 (the downvote's −2 costs nothing: 5 + 7); the serial votes earned 25, then gone;
    # 10 spent on a redemption kept, 2 on one rejected and refunded.
    assert points.balance(helper.pk) == 5 + 7 - 10
    assert check_passes()
    assert not balance_drift()


def test_a_tampered_balance_is_detected_and_repaired_by_appending(activity):
    helper = activity["helper"]
    PointsBalance.objects.filter(pk=helper.pk).update(points=999)
    entries = list(PointsEntry.objects.values_list("pk", "points", "reason", "origin"))
    assert not check_passes()
    call_command("rewards_recompute_points", verbosity=0)
    assert points.balance(helper.pk) == 2
    assert list(
        PointsEntry.objects.filter(pk__in=[e[0] for e in entries])
        .values_list("pk", "points", "reason", "origin")
        .order_by("pk")
    ) == sorted(entries)  # nothing deleted, nothing edited
    assert PointsEntry.objects.count() == len(entries)  # a balance alone needed no entry
    assert check_passes()


def test_a_tampered_origin_gets_a_correction_entry(activity):
    author = activity["author"]
    origin = PointsEntry.objects.filter(member=author, reason=P.EARNED).values_list("origin", flat=True).first()
    PointsEntry.objects.create(member=author, points=40, reason=P.EARNED, origin=origin, event_key="forged")
    PointsBalance.objects.filter(pk=author.pk).update(points=points.balance(author.pk) + 40)
    with pytest.raises(CommandError) as failure:
        call_command("rewards_recompute_points", "--check", verbosity=0)
    assert failure.value.returncode == 1 and "1 origins" in str(failure.value)
    call_command("rewards_recompute_points", verbosity=0)
    correction = PointsEntry.objects.get(member=author, reason=P.RECOMPUTED)
    assert (correction.points, correction.origin) == (-40, origin)
    assert points.balance(author.pk) == 106
    assert check_passes()
    call_command("rewards_recompute_points", verbosity=0)  # a second run has nothing to add
    assert PointsEntry.objects.filter(reason=P.RECOMPUTED).count() == 1


def test_the_reputation_rebuild_ends_with_points_in_line(activity):
    members = activity["members"]
    before = balances(members)
    reputation = {m.pk: api.reputation(m) for m in members}
    call_command("rewards_recompute", verbosity=0)
    assert {m.pk: api.reputation(m) for m in members} == reputation
    assert balances(members) == before  # same rules, same reputation per origin: nothing moves
    assert not PointsEntry.objects.filter(reason=P.RECOMPUTED).exists()
    assert check_passes()


def test_a_rebuild_under_another_share_corrects_every_origin(activity):
    author = activity["author"]
    RuleProfile.objects.filter(is_active=True).update(points_percent=100)
    forget_active_profile()
    assert not check_passes()
    call_command("rewards_recompute", verbosity=0)
    assert points.balance(author.pk) == 10 + 2 + 200
    sums = dict(PointsEntry.objects.values_list("member_id").annotate(s=Sum("points")).values_list("member_id", "s"))
    assert all(points.balance(m) == s for m, s in sums.items())
    assert check_passes()
