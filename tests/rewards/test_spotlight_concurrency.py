"""Two of the team naming a member of the month for the same month at once, on PostgreSQL with real connections
(tests/conftest.py ``run_at_once``): one recognition, one badge, one points credit; the other is told it is taken."""

from __future__ import annotations

import pytest

from community.core.errors import ActionConflict
from rewards.actions import points
from rewards.actions.spotlight import publish_recognition
from rewards.models import Award, PointsEntry, Recognition
from rewards.spotlight import queries
from tests.conftest import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_picks_for_the_same_month_at_once_leave_one(require_postgres, make_member):
    team = [make_member(f"team{i}", staff=True) for i in range(4)]
    candidates = {t.pk: make_member(f"candidate{i}") for i, t in enumerate(team)}
    month = queries.last_complete_month()

    def pick(actor):
        publish_recognition(
            actor, kind="month", member=candidates[actor.pk], month=month, citation="Thank you for this month."
        )

    errors = run_at_once(team, pick)

    assert len(errors) == 3 and all(isinstance(e, ActionConflict) for e in errors), errors
    named = Recognition.objects.get(month=month)
    assert Award.objects.filter(badge__slug="member-of-the-month").count() == 1
    assert PointsEntry.objects.filter(reason=PointsEntry.Reason.RECOGNITION).count() == 1
    assert points.balance(named.member_id) == named.points == 500
    assert sum(points.balance(m.pk) for m in candidates.values()) == 500
