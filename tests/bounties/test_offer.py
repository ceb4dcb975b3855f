"""Offering a bounty: who may, on what, how much — every refusal, and the reputation spent at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.bounties import actions as bounties
from community.core.errors import ActionConflict, PrivilegeRequired
from community.forum import actions
from community.models import Bounty
from community.moderation import actions as moderation
from rewards import api as rewards_api
from rewards.models import LedgerEntry

R = LedgerEntry.Reason


def rep(member) -> int:
    return rewards_api.reputation(member)


def test_an_offer_opens_a_bounty_for_seven_days_and_spends_the_reputation_at_once(question, asker):
    before = timezone.now()
    bounty = bounties.offer_bounty(asker, question, 100)
    assert bounty.amount == 100 and bounty.closed_at is None and bounty.answer is None
    assert before + timedelta(days=7) <= bounty.ends_at <= timezone.now() + timedelta(days=7)
    # Spent within the offer's transaction: no commit needed to see it.
    assert rep(asker) == 300 - 100
    entry = LedgerEntry.objects.get(member=asker, reason=R.BOUNTY_OFFERED)
    assert (entry.points, entry.origin, entry.thread_id, entry.counts_toward_cap) == (
        -100,
        f"bounty:{bounty.pk}",
        question.pk,
        False,
    )


def test_a_member_may_offer_on_someone_elses_question(question, make_member):
    patron = make_member("patron", reputation=500)
    bounty = bounties.offer_bounty(patron, question, 50)
    assert bounty.offered_by == patron and rep(patron) == 450


@pytest.mark.parametrize("kind", ["tip", "idea"])
def test_only_questions_take_bounties(asker, kind):
    thread = actions.create_thread(
        asker, kind=kind, title=f"A {kind} that is old enough", body="Some helpful text here.", tags=["sync"],
        at=timezone.now() - timedelta(days=5),
    )  # fmt: skip
    with pytest.raises(ActionConflict, match="questions only"):
        bounties.offer_bounty(asker, thread, 100)
    assert not Bounty.objects.exists() and rep(asker) == 300


def test_a_question_younger_than_the_rules_allow_is_refused_with_the_day_it_may(asker):
    young = actions.create_thread(
        asker, kind="question", title="A question asked yesterday", body="Body text long enough.", tags=["sync"],
        at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    with pytest.raises(ActionConflict, match="once it is 2 days old"):
        bounties.offer_bounty(asker, young, 100)


def test_locked_and_deleted_questions_are_refused(question, asker, moderator):
    moderation.lock_thread(moderator, question, reason="Heated")
    with pytest.raises(ActionConflict, match="locked"):
        bounties.offer_bounty(asker, question, 100)
    moderation.lock_thread(moderator, question, locked=False)
    actions.hide_post(moderator, question)
    question.refresh_from_db()
    with pytest.raises(ActionConflict, match="deleted"):
        bounties.offer_bounty(asker, question, 100)
    assert rep(asker) == 300


def test_one_open_bounty_per_question(question, asker, make_member):
    bounties.offer_bounty(asker, question, 100)
    other = make_member("other", reputation=1000)
    with pytest.raises(ActionConflict, match="already has an open bounty"):
        bounties.offer_bounty(other, question, 100)
    assert Bounty.objects.count() == 1 and rep(other) == 1000


@pytest.mark.parametrize("amount", [49, 501, 0, -50, "lots", None])
def test_the_amount_stays_within_the_rules(question, asker, amount):
    with pytest.raises(ValidationError) as refused:
        bounties.offer_bounty(asker, question, amount)
    assert "between 50 and 500" in " ".join(refused.value.messages)
    assert not Bounty.objects.exists()


def test_too_little_reputation_is_a_privilege_refusal(question, make_member):
    newcomer = make_member("newcomer", reputation=74)
    with pytest.raises(PrivilegeRequired, match="You need 75 reputation to offer bounties; you have 74"):
        bounties.offer_bounty(newcomer, question, 50)


def test_the_bounty_must_leave_the_offerer_at_least_one_point(question, make_member):
    modest = make_member("modest", reputation=120)
    with pytest.raises(ValidationError, match="You have 120 reputation.*at most 119"):
        bounties.offer_bounty(modest, question, 150)
    with pytest.raises(ValidationError, match="at most 119"):
        bounties.offer_bounty(modest, question, 120)
    bounties.offer_bounty(modest, question, 100)
    assert rep(modest) == 20


def test_the_second_offer_reads_the_reputation_the_first_left(asker, make_member):
    offerer = make_member("offerer", reputation=160)
    first, second = (
        actions.create_thread(
            asker,
            kind="question",
            title=f"Old question number {n}",
            body="Body text long enough.",
            tags=["sync"],
            at=timezone.now() - timedelta(days=4),
        )  # fmt: skip
        for n in (1, 2)
    )
    bounties.offer_bounty(offerer, first, 100)
    with pytest.raises(PrivilegeRequired, match="you have 60"):
        bounties.offer_bounty(offerer, second, 50)


def test_suspended_members_cannot_offer(question, asker, moderator):
    moderation.suspend_member(moderator, asker, days=3, reason="Cooling off")
    asker.refresh_from_db()
    with pytest.raises(PermissionDenied, match="suspended"):
        bounties.offer_bounty(asker, question, 100)


def test_the_rules_come_from_the_active_profile(question, asker):
    from rewards.models import RuleProfile

    profile = RuleProfile.objects.get(is_active=True)
    profile.bounty_min_amount, profile.bounty_max_amount, profile.bounty_days = 100, 200, 3
    from rewards import actions as rewards_actions

    rewards_actions.save_rule_profile(profile)
    assert rewards_api.bounty_rules().amounts == [100, 150, 200]
    with pytest.raises(ValidationError, match="between 100 and 200"):
        bounties.offer_bounty(asker, question, 50)
    bounty = bounties.offer_bounty(asker, question, 150)
    assert bounty.ends_at - bounty.created_at == timedelta(days=3)
