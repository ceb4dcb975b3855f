"""The queue under concurrent clicks, on PostgreSQL with real connections (tests/conftest.py ``run_at_once``): two
of the team rejecting the same redemption at once refund it once and put one unit back; a reject racing a fulfil
leaves one outcome, never both."""

from __future__ import annotations

import pytest

from community.core.errors import ActionConflict
from rewards.actions import points, redemptions
from rewards.actions.redeem import redeem
from rewards.models import Perk, PointsEntry, Redemption
from tests.conftest import run_at_once
from tests.rewards.test_redeem import give, make_perk

pytestmark = pytest.mark.django_db(transaction=True)


def _refunds(member) -> int:
    return PointsEntry.objects.filter(member=member, reason=PointsEntry.Reason.REFUNDED).count()


def test_two_rejections_at_once_refund_once(require_postgres, make_member):
    member = make_member("redeemer", reputation=1)
    team = [make_member(f"team{i}", staff=True, reputation=1) for i in range(4)]
    perk = make_perk(cost=100, stock=3)
    give(member, 100)
    redemption = redeem(member, perk, key="k", details={})
    refused: list[Exception] = []

    def reject(moderator):
        try:
            redemptions.reject(Redemption.objects.get(pk=redemption.pk), actor=moderator, reason="Out of stock")
        except ActionConflict as exc:
            refused.append(exc)

    assert run_at_once(team, reject) == []
    perk = Perk.objects.get(pk=perk.pk)
    assert len(refused) == 3 and all("already rejected" in str(e) for e in refused)
    assert (_refunds(member), points.balance(member.pk), perk.stock, perk.redeemed_count) == (1, 100, 3, 0)


def test_a_rejection_racing_a_fulfilment_leaves_one_outcome(require_postgres, make_member):
    member = make_member("redeemer", reputation=1)
    one, two = make_member("one", staff=True, reputation=1), make_member("two", staff=True, reputation=1)
    perk = make_perk(cost=100, stock=3)
    give(member, 100)
    redemption = redeem(member, perk, key="k", details={})
    refused: list[Exception] = []

    def step(moderator):
        row = Redemption.objects.get(pk=redemption.pk)
        try:
            if moderator == one:
                redemptions.reject(row, actor=moderator, reason="Out of stock")
            else:
                redemptions.fulfil(row, actor=moderator, note="Sent")
        except ActionConflict as exc:
            refused.append(exc)

    assert run_at_once([one, two], step) == []
    row = Redemption.objects.get(pk=redemption.pk)
    assert len(refused) == 1
    if row.status == Redemption.Status.REJECTED:
        assert (_refunds(member), points.balance(member.pk), Perk.objects.get(pk=perk.pk).stock) == (1, 100, 3)
    else:
        assert row.status == Redemption.Status.FULFILLED
        assert (_refunds(member), points.balance(member.pk), Perk.objects.get(pk=perk.pk).stock) == (0, 0, 2)
