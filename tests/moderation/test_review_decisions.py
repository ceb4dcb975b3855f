"""Each review-queue decision is one atomic moderation action: a failure in a later step keeps nothing.

The realistic failure: another moderator closes the review task while this one decides, so closing the task
(the last step) is refused after the lock, duplicate or suspension was written — and all of it is undone.
"""

import pytest

from community.core.errors import ActionConflict
from community.models import AuditEntry, Member, ReviewTask, ThreadLink
from community.moderation import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(alice, make_thread):
    return make_thread(alice, title="A post somebody flagged")


@pytest.fixture
def task(post):
    return ReviewTask.objects.create(queue=ReviewTask.Queue.FLAGS, thread=post)


def _closed_meanwhile(task, moderator):
    ReviewTask.objects.filter(pk=task.pk).update(status=ReviewTask.Status.DONE, resolved_by=moderator)


def _decide_in_cms(client_for, moderator, task, **data):
    return client_for(moderator).post(f"/cms/review/task/{task.pk}/", {"reason": "Reason", "confirmed": "1", **data})


def test_lock_then_a_refused_close_keeps_nothing(client_for, moderator, post, task):
    _closed_meanwhile(task, moderator)
    with pytest.raises(ActionConflict):
        actions.decide_review(moderator, task, "lock", reason="Heated")
    post.refresh_from_db()
    assert not post.is_locked
    assert not AuditEntry.objects.filter(action="lock").exists()
    response = _decide_in_cms(client_for, moderator, task, decision="lock")
    assert response.status_code == 302
    post.refresh_from_db()
    assert not post.is_locked and not AuditEntry.objects.filter(action="lock").exists()


def test_duplicate_then_a_refused_close_keeps_nothing(moderator, alice, make_thread, post, task):
    original = make_thread(alice, title="The original question about this")
    _closed_meanwhile(task, moderator)
    with pytest.raises(ActionConflict):
        actions.decide_review(moderator, task, "duplicate", original=original, reason="Same")
    post.refresh_from_db()
    assert post.duplicate_of_id is None
    assert not ThreadLink.objects.filter(from_thread=post).exists()
    assert not AuditEntry.objects.filter(action="close_duplicate").exists()


def test_suspend_then_a_failing_hide_keeps_nothing(monkeypatch, moderator, alice, post, task):
    def hide_fails(*args, **kwargs):
        raise RuntimeError("the database went away while hiding")

    monkeypatch.setattr(actions, "moderate_hide", hide_fails)
    with pytest.raises(RuntimeError):
        actions.decide_review(moderator, task, "suspend", days=3, reason="Spam again")
    alice = Member.objects.get(pk=alice.pk)
    assert alice.suspended_until is None and alice.suspension_reason == ""
    assert not AuditEntry.objects.filter(action="suspend").exists()
    task.refresh_from_db()
    assert task.status == ReviewTask.Status.OPEN


def test_a_decision_that_succeeds_does_both_steps(moderator, post, task):
    actions.decide_review(moderator, task, "lock", reason="Heated")
    post.refresh_from_db()
    task.refresh_from_db()
    assert post.is_locked and task.status == ReviewTask.Status.DONE
