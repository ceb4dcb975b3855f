"""Bounties under concurrent requests, on PostgreSQL: one open bounty per question, reputation never spent twice,
and two sweeps at once closing each ended bounty once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.bounties import actions as bounties
from community.core.errors import ActionConflict, PrivilegeRequired
from community.forum import actions
from community.models import Bounty, Notification
from rewards import api as rewards_api
from rewards.models import LedgerEntry
from tests.conftest import run_at_once


def _old_question(author, n=0):
    return actions.create_thread(
        author, kind="question", title=f"An old question for the race {n}", body="Body text long enough.",
        tags=["sync"], at=timezone.now() - timedelta(days=3),
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_ten_members_offering_on_one_question_at_once_open_one_bounty(require_postgres, make_member):
    question = _old_question(make_member("asker"))
    patrons = [make_member(f"patron{i}", reputation=300) for i in range(10)]
    errors = run_at_once(patrons, lambda member: bounties.offer_bounty(member, question, 100))
    assert len(errors) == 9 and all(isinstance(e, ActionConflict) for e in errors)
    assert Bounty.objects.filter(thread=question, closed_at__isnull=True).count() == 1
    offered = LedgerEntry.objects.filter(reason=LedgerEntry.Reason.BOUNTY_OFFERED)
    assert offered.count() == 1
    assert sorted(rewards_api.reputation(p) for p in patrons) == [200] + [300] * 9


@pytest.mark.django_db(transaction=True)
def test_one_member_offering_on_two_questions_at_once_spends_only_what_they_have(require_postgres, make_member):
    asker = make_member("asker")
    questions = [_old_question(asker, n) for n in range(2)]
    offerer = make_member("offerer", reputation=160)

    def offer(question):
        bounties.offer_bounty(offerer, question, 100)

    errors = run_at_once(questions, offer)
    assert len(errors) == 1 and isinstance(errors[0], PrivilegeRequired)
    assert Bounty.objects.count() == 1 and rewards_api.reputation(offerer) == 60


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_close_each_bounty_once(require_postgres, make_member):
    asker = make_member("asker", reputation=2000)
    helper = make_member("helper", reputation=20)
    for n in range(6):
        question = _old_question(asker, n)
        bounties.offer_bounty(asker, question, 100)
        answer = actions.post_answer(helper, question, body="An answer during the bounty, well voted.")
        for i in range(2):
            actions.vote(make_member(f"voter{n}-{i}"), answer, 1)
    later = timezone.now() + timedelta(days=8)
    closed = []
    errors = run_at_once([1, 2], lambda _n: closed.append(bounties.close_ended_bounties(now=later)))
    assert errors == [] and sum(closed) == 6
    assert not Bounty.objects.filter(closed_at__isnull=True).exists()
    assert LedgerEntry.objects.filter(reason=LedgerEntry.Reason.BOUNTY_AWARDED, member=helper).count() == 6
    assert rewards_api.reputation(helper) == 20 + 6 * (2 * 10 + 50)
    assert Notification.objects.filter(recipient=helper, kind=Notification.Kind.BOUNTY).count() == 6
