"""Reward points and personal data: the member's archive holds their points; erasure keeps the ledger's sums."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.forum import actions
from community.privacy import actions as privacy_actions
from community.privacy.exports import archive_data
from rewards.actions import points
from rewards.models import PointsBalance, PointsEntry
from rewards.points_recompute import balance_drift

P = PointsEntry.Reason


@pytest.fixture
def earned(live, alice, bob):
    question = live(
        actions.create_thread,
        alice,
        kind="question",
        title="Why does sync pause on mobile data?",
        body="Body text long enough.",
        tags=["sync"],
        at=timezone.now() - timedelta(days=3),
    )
    answer = live(actions.post_answer, bob, question, body="Sync waits for Wi-Fi unless you allow mobile data.")
    live(actions.vote, alice, answer, 1)
    live(actions.accept_answer, alice, answer)
    points.credit(bob.pk, 4, reason=P.ADJUSTMENT, origin=f"points-adjust:{bob.pk}", event_key="thanks", note="Meetup")
    return answer


def test_the_archive_holds_the_balance_and_every_points_entry(earned, bob):
    data = archive_data(bob)["reward_points"]
    assert data["balance"] == 5 + 7 + 4
    assert [(e["points"], e["reason"]) for e in data["ledger"]] == [(5, P.EARNED), (7, P.EARNED), (4, P.ADJUSTMENT)]
    assert sum(e["points"] for e in data["ledger"]) == data["balance"]
    assert data["ledger"][0]["origin"].startswith("vote:")


def test_erasure_keeps_the_points_ledger_and_its_sum(earned, bob, live):
    before = list(PointsEntry.objects.filter(member=bob).values_list("pk", "points"))
    with live():
        privacy_actions.schedule_deletion(bob)
    assert privacy_actions.erase_member(bob.pk)
    bob.refresh_from_db()
    assert not bob.is_active
    assert list(PointsEntry.objects.filter(member=bob).values_list("pk", "points")) == before
    assert PointsBalance.objects.get(pk=bob.pk).points == 16 and not balance_drift()
