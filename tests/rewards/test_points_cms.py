"""The CMS's reward points: a read-only ledger, and the team's adjustment, audited, once per form."""

import re

import pytest

from community.core.audit import describe
from community.core.models import AuditEntry
from rewards.actions import points
from rewards.models import PointsEntry

LEDGER = "/cms/rewards/points/"
ADJUST = "/cms/rewards/points/adjust/"
P = PointsEntry.Reason


def key_of(page: str) -> str:
    return re.search(r'name="key" value="([0-9a-f]+)"', page).group(1)


def test_the_ledger_lists_and_filters_entries_and_edits_nothing(client_for, moderator, alice, bob):
    points.credit(alice.pk, 30, reason=P.RECOGNITION, origin="recognition:1", event_key="r1")
    points.credit(bob.pk, 5, reason=P.EARNED, origin="vote:1:t1", event_key="e1")
    c = client_for(moderator)
    page = c.get(LEDGER).content.decode()
    assert "Recognition by the community team" in page and "Earned with reputation" in page
    only = c.get(LEDGER, {"reason": P.RECOGNITION}).content.decode()
    assert "Earned with reputation" not in only.split("<tbody")[-1]
    searched = c.get(LEDGER, {"q": "alice"}).content.decode()
    assert "vote:1:t1" not in searched and "recognition:1" in searched
    assert c.get(f"{LEDGER}edit/1/").status_code == 404
    assert client_for(alice).get(LEDGER).status_code in (302, 403)


def test_the_team_adjusts_a_balance_with_a_note_audited_once(client_for, moderator, alice):
    c = client_for(moderator)
    form = c.get(ADJUST, {"member": "alice"}).content.decode()
    assert 'value="alice"' in form
    data = {"member": "@Alice", "points": "25", "note": "Gave the talk at the Lyon meetup", "key": key_of(form)}
    response = c.post(ADJUST, data)
    assert response.status_code == 302
    c.post(ADJUST, data)  # sent twice: one change
    entry = PointsEntry.objects.get(member=alice, reason=P.ADJUSTMENT)
    assert (entry.points, entry.note, entry.actor) == (25, "Gave the talk at the Lyon meetup", moderator)
    assert points.balance(alice.pk) == 25
    [audit] = AuditEntry.objects.filter(action="points_adjust")
    assert (audit.actor, audit.member, audit.reason, audit.details["points"]) == (
        moderator,
        alice,
        "Gave the talk at the Lyon meetup",
        25,
    )
    assert "Adjusted the reward points of" in describe(audit)
    history = client_for(alice).get("/rewards/points/").content.decode()
    assert "Adjustment by the team" in history and "Gave the talk at the Lyon meetup" in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"member": "nobody", "points": "5", "note": "x"}, "No active member has this username."),
        ({"member": "alice", "points": "0", "note": "x"}, "Enter a number of points other than zero."),
        ({"member": "alice", "points": "5000000", "note": "x"}, "at most 100,000 points"),
        ({"member": "alice", "points": "5", "note": "   "}, "This field is required."),
        ({"member": "alice", "points": "many", "note": "x"}, "Enter a whole number."),
    ],
)
def test_bad_adjustments_are_refused_with_a_reason_and_change_nothing(client_for, moderator, alice, data, message):
    response = client_for(moderator).post(ADJUST, {**data, "key": "abc"})
    assert response.status_code == 400 and message in response.content.decode()
    assert not PointsEntry.objects.exists() and not AuditEntry.objects.filter(action="points_adjust").exists()


def test_only_the_team_may_adjust(client_for, alice):
    response = client_for(alice).post(ADJUST, {"member": "alice", "points": "500", "note": "me", "key": "k"})
    assert response.status_code in (302, 403)
    assert not PointsEntry.objects.exists()


def test_the_share_is_edited_with_the_rules_and_applies_to_new_earnings(client_for, moderator, live, alice, bob):
    from community.forum import actions
    from rewards.cms import RuleProfileViewSet
    from rewards.models import RuleProfile

    profile = RuleProfile.objects.get(is_active=True)
    data = {field: getattr(profile, field) for field in RuleProfileViewSet.form_fields}
    data.update(is_active="on", points_percent=80, description=profile.description or "")
    response = client_for(moderator).post(f"/cms/rewards/rules/edit/{profile.pk}/", data)
    assert response.status_code == 302
    thread = live(
        actions.create_thread,
        alice,
        kind="tip",
        title="Pin a note to the top",
        body="Body text long enough.",
        tags=["sync"],
    )
    live(actions.vote, bob, thread, 1)
    assert points.balance(alice.pk) == 8  # 80 % of the upvote's 10
    page = client_for(alice).get("/rewards/points/").content.decode()
    assert "<strong>80</strong> reward points" in page
