"""Redeeming a perk (rewards/actions/redeem.py): every refusal in the member's words, nothing written when it
refuses, idempotency per key, stock and codes, the event."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.core import events
from community.core.errors import ActionConflict
from rewards.actions import points
from rewards.actions.redeem import redeem
from rewards.models import Award, Badge, Perk, PerkCode, PointsEntry, Redemption

pytestmark = pytest.mark.django_db

_slugs = itertools.count(1)


def make_perk(**fields) -> Perk:
    """A live physical perk costing 100 points, unlimited, open to everyone (override what a test needs)."""
    n = next(_slugs)
    values = {
        "title": f"Sticker pack {n}",
        "slug": f"sticker-pack-{n}",
        "description": "Five vinyl stickers.",
        "cost": 100,
        "kind": Perk.Kind.PHYSICAL,
    }
    values.update(fields)
    return Perk.objects.create(**values)


def give(member, amount: int) -> None:
    """Reward points for a test, as a team adjustment (a real ledger entry)."""
    points.credit(
        member.pk, amount, reason=PointsEntry.Reason.ADJUSTMENT, origin="test", event_key=f"test:{next(_slugs)}"
    )


def balance(member) -> int:
    return points.balance(member.pk)


def test_redeeming_spends_the_cost_once_and_waits_for_the_team(alice, django_capture_on_commit_callbacks):
    perk = make_perk(cost=150, stock=3)
    give(alice, 400)
    seen = []
    events.subscribe(events.RedemptionRequested, seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            redemption = redeem(alice, perk, key="k1", details={})
    finally:
        events.unsubscribe(events.RedemptionRequested, seen.append)
    perk.refresh_from_db()
    assert redemption.status == Redemption.Status.PENDING and redemption.cost == 150
    assert balance(alice) == 250
    assert perk.stock == 2 and perk.redeemed_count == 1
    assert [(e.redemption_id, e.member_id, e.cost, e.status) for e in seen] == [
        (redemption.pk, alice.pk, 150, "pending")
    ]
    spent = PointsEntry.objects.get(member=alice, reason=PointsEntry.Reason.REDEEMED)
    assert spent.points == -150 and spent.redemption_id == redemption.pk


def test_the_same_key_returns_the_first_redemption_and_spends_nothing(alice):
    perk = make_perk(cost=100)
    give(alice, 1000)
    first = redeem(alice, perk, key="double-click", details={})
    second = redeem(alice, perk, key="double-click", details={})
    assert first.pk == second.pk
    assert Redemption.objects.filter(member=alice).count() == 1
    assert balance(alice) == 900
    third = redeem(alice, perk, key="another-form", details={})
    assert third.pk != first.pk and balance(alice) == 800


def test_a_key_is_the_members_own(alice, bob):
    """Bob sending Alice's key gets a redemption of his own, never hers."""
    perk = make_perk()
    give(alice, 100)
    give(bob, 100)
    mine = redeem(alice, perk, key="same", details={})
    his = redeem(bob, perk, key="same", details={})
    assert his.pk != mine.pk and his.member_id == bob.pk and balance(bob) == 0


def test_not_enough_points_says_how_many_and_writes_nothing(alice):
    perk = make_perk(cost=500, stock=2)
    give(alice, 120)
    with pytest.raises(ActionConflict, match="You have 120 points; this reward costs 500."):
        redeem(alice, perk, key="k", details={})
    perk.refresh_from_db()
    assert perk.stock == 2 and perk.redeemed_count == 0
    assert not Redemption.objects.exists() and balance(alice) == 120


def test_a_negative_balance_after_a_clawback_has_its_own_sentence(alice):
    perk = make_perk(cost=10)
    points.credit(alice.pk, -40, reason=PointsEntry.Reason.CLAWED_BACK, origin="vote:1", event_key="vote:1:undo")
    with pytest.raises(ActionConflict, match="Your balance is -40 points"):
        redeem(alice, perk, key="k", details={})
    assert not Redemption.objects.exists()


def test_eligibility_uses_reputation_not_points(make_member):
    rich_newcomer = make_member("newcomer", reputation=20)
    give(rich_newcomer, 10_000)
    perk = make_perk(min_reputation=500)
    with pytest.raises(PermissionDenied, match="This reward needs 500 reputation; you have 20."):
        redeem(rich_newcomer, perk, key="k", details={})
    trusted = make_member("trusted", reputation=500)
    give(trusted, 100)
    assert redeem(trusted, perk, key="k", details={}).pk


def test_a_required_badge(alice):
    badge = Badge.objects.get(slug="solver")
    perk = make_perk(required_badge=badge)
    give(alice, 200)
    with pytest.raises(PermissionDenied, match="needs the Solver badge"):
        redeem(alice, perk, key="k", details={})
    Award.objects.create(member=alice, badge=badge)
    assert redeem(alice, perk, key="k", details={}).status == "pending"


def test_account_age_counts_from_joining(alice):
    perk = make_perk(min_account_days=30)
    give(alice, 200)
    with pytest.raises(PermissionDenied, match="joined 30 days ago or more"):
        redeem(alice, perk, key="k", details={})
    alice.date_joined = timezone.now() - timedelta(days=31)
    alice.save(update_fields=["date_joined"])
    assert redeem(alice, perk, key="k", details={}).pk


def test_the_per_member_limit_ignores_rejected_redemptions(alice):
    perk = make_perk(per_member_limit=1)
    give(alice, 1000)
    first = redeem(alice, perk, key="k1", details={})
    with pytest.raises(ActionConflict, match="already redeemed this reward 1 time, the most allowed"):
        redeem(alice, perk, key="k2", details={})
    Redemption.objects.filter(pk=first.pk).update(status=Redemption.Status.REJECTED)
    assert redeem(alice, perk, key="k3", details={}).pk


def test_the_window_and_withdrawn_perks(alice):
    give(alice, 1000)
    now = timezone.now()
    soon = make_perk(available_from=now + timedelta(days=2))
    with pytest.raises(ActionConflict, match="can be redeemed from"):
        redeem(alice, soon, key="a", details={})
    ended = make_perk(available_from=now - timedelta(days=9), available_until=now - timedelta(days=1))
    with pytest.raises(ActionConflict, match="it has ended"):
        redeem(alice, ended, key="b", details={})
    withdrawn = make_perk(is_live=False)
    with pytest.raises(ActionConflict, match="no longer in the catalogue"):
        redeem(alice, withdrawn, key="c", details={})
    assert not Redemption.objects.exists() and balance(alice) == 1000


def test_sold_out_stock_never_goes_below_zero(alice, bob):
    perk = make_perk(stock=1)
    give(alice, 100)
    give(bob, 100)
    redeem(alice, perk, key="k", details={})
    with pytest.raises(ActionConflict, match="sold out"):
        redeem(bob, perk, key="k", details={})
    perk.refresh_from_db()
    assert perk.stock == 0 and balance(bob) == 100


def test_details_are_checked_and_only_the_asked_ones_kept(alice):
    perk = make_perk(asks_address=True, asks_size=True, sizes="S, M, L")
    give(alice, 500)
    with pytest.raises(ValidationError) as refused:
        redeem(alice, perk, key="k", details={"name": "Alice", "size": "XXL"})
    errors = refused.value.message_dict
    assert set(errors) == {"street", "postcode", "city", "country", "size"}
    assert errors["street"] == ["This is needed to send you the reward."]
    assert "S, M, L" in errors["size"][0]
    assert not Redemption.objects.exists() and balance(alice) == 500
    details = {
        "name": " Alice Liddell ",
        "street": "2 Rabbit Hole",
        "postcode": "OX1 1AA",
        "city": "Oxford",
        "country": "United Kingdom",
        "size": "M",
        "phone": "+44 1865 000000",
        "is_staff": True,
    }
    redemption = redeem(alice, perk, key="k", details=details)
    assert redemption.details == {
        "name": "Alice Liddell",
        "street": "2 Rabbit Hole",
        "postcode": "OX1 1AA",
        "city": "Oxford",
        "country": "United Kingdom",
        "size": "M",
    }


def test_a_phone_number_is_checked(alice):
    perk = make_perk(asks_phone=True)
    give(alice, 500)
    with pytest.raises(ValidationError, match="country code"):
        redeem(alice, perk, key="k", details={"phone": "call me"})
    assert redeem(alice, perk, key="k", details={"phone": "+33 6 12 34 56 78"}).details == {
        "phone": "+33 6 12 34 56 78"
    }


def test_a_code_perk_hands_out_one_code_and_is_fulfilled_at_once(alice, bob):
    perk = make_perk(kind=Perk.Kind.DIGITAL, uses_codes=True, stock=2, cost=50)
    PerkCode.objects.bulk_create([PerkCode(perk=perk, code=c) for c in ("AAAA-1111", "BBBB-2222")])
    give(alice, 100)
    give(bob, 100)
    mine = redeem(alice, perk, key="k", details={})
    his = redeem(bob, perk, key="k", details={})
    assert mine.status == his.status == Redemption.Status.FULFILLED and mine.fulfilled_at
    assert {mine.code.code, his.code.code} == {"AAAA-1111", "BBBB-2222"}
    perk.refresh_from_db()
    assert perk.stock == 0 and perk.redeemed_count == 2
    with pytest.raises(ActionConflict, match="sold out"):
        redeem(alice, perk, key="k2", details={})


def test_a_code_perk_without_codes_left_refuses_and_spends_nothing(alice):
    perk = make_perk(kind=Perk.Kind.DIGITAL, uses_codes=True, stock=None, cost=50)
    give(alice, 100)
    with pytest.raises(ActionConflict, match="sold out"):
        redeem(alice, perk, key="k", details={})
    assert not Redemption.objects.exists() and balance(alice) == 100


def test_a_missing_or_overlong_key_is_refused(alice):
    perk = make_perk()
    give(alice, 500)
    for key in ("", "   ", "x" * 65):
        with pytest.raises(ValidationError, match="This form has expired"):
            redeem(alice, perk, key=key, details={})
    assert not Redemption.objects.exists()
