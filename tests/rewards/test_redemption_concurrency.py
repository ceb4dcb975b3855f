"""Integrity under load, on PostgreSQL with real concurrent connections (tests/conftest.py ``run_at_once``):
the last units of a perk go to exactly as many members as there are units, each charged once; a double-clicked
form spends once; codes are never handed out twice."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from community.core.errors import ActionConflict
from rewards.actions.redeem import redeem
from rewards.models import Perk, PerkCode, PointsBalance, PointsEntry, Redemption
from tests.conftest import run_at_once
from tests.rewards.test_redeem import give, make_perk

pytestmark = pytest.mark.django_db(transaction=True)

COST = 100


def spent_by(member) -> int:
    return -(
        PointsEntry.objects.filter(member=member, reason=PointsEntry.Reason.REDEEMED).aggregate(s=Sum("points"))["s"]
        or 0
    )


def _members(make_member, n: int):
    members = [make_member(f"rush{i}", reputation=1) for i in range(n)]
    for m in members:
        give(m, 250)
    return members


def test_twenty_members_and_the_last_five_units(require_postgres, make_member):
    perk = make_perk(cost=COST, stock=5)
    members = _members(make_member, 20)
    refused: list[Exception] = []

    def rush(member):
        try:
            redeem(member, Perk.objects.get(pk=perk.pk), key=f"form-{member.pk}", details={})
        except ActionConflict as exc:
            refused.append(exc)

    assert run_at_once(members, rush) == []
    perk.refresh_from_db()
    winners = set(Redemption.objects.filter(perk=perk).values_list("member_id", flat=True))
    assert len(winners) == 5 == Redemption.objects.filter(perk=perk).count()
    assert perk.stock == 0 and perk.redeemed_count == 5
    assert len(refused) == 15 and all("sold out" in str(e) for e in refused)
    for member in members:
        charged = spent_by(member)
        expected = COST if member.pk in winners else 0
        assert charged == expected, member.username
        assert PointsBalance.objects.get(pk=member.pk).points == 250 - expected


def test_the_same_form_sent_twice_at_once_spends_once(require_postgres, make_member):
    perk = make_perk(cost=COST, stock=10)
    [member] = _members(make_member, 1)
    results: list[int] = []

    def click(_):
        results.append(redeem(member, Perk.objects.get(pk=perk.pk), key="one-form", details={}).pk)

    assert run_at_once([1, 2, 3, 4], click) == []
    assert len(set(results)) == 1 and len(results) == 4
    assert Redemption.objects.filter(member=member).count() == 1
    assert spent_by(member) == COST and PointsBalance.objects.get(pk=member.pk).points == 250 - COST
    perk.refresh_from_db()
    assert perk.stock == 9 and perk.redeemed_count == 1


def test_five_codes_and_twenty_members(require_postgres, make_member):
    perk = make_perk(kind=Perk.Kind.DIGITAL, uses_codes=True, stock=5, cost=COST)
    PerkCode.objects.bulk_create([PerkCode(perk=perk, code=f"CODE-{i:02d}") for i in range(5)])
    members = _members(make_member, 20)

    def rush(member):
        try:
            redeem(member, Perk.objects.get(pk=perk.pk), key="k", details={})
        except ActionConflict:
            pass

    assert run_at_once(members, rush) == []
    redemptions = Redemption.objects.filter(perk=perk)
    assert redemptions.count() == 5
    assert all(r.status == Redemption.Status.FULFILLED for r in redemptions)
    codes = list(PerkCode.objects.filter(perk=perk, redemption__isnull=False).values_list("redemption_id", flat=True))
    assert sorted(codes) == sorted(r.pk for r in redemptions)  # 5 distinct codes, one per redemption
    perk.refresh_from_db()
    assert perk.stock == 0
    assert sum(spent_by(m) for m in members) == 5 * COST
