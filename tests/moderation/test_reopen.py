"""Moderators can undo a close-as-duplicate: a button on the thread page, an action, an audit entry."""

import pytest

from community.core.errors import ActionConflict
from community.forum import actions as forum_actions
from community.models import AuditEntry, ThreadLink
from community.moderation import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(alice, bob, moderator, make_thread):
    original = make_thread(alice, title="How do I sync my notes offline at all?")
    copy = make_thread(bob, title="Offline sync of notes: how does it work?")
    actions.close_as_duplicate(moderator, copy, original, reason="Same question")
    copy.refresh_from_db()
    return copy


def test_moderators_see_a_reopen_button_on_a_closed_duplicate(client_for, moderator, bob, duplicate):
    form_action = f'action="/t/{duplicate.pk}/reopen"'
    assert form_action in client_for(moderator).get(duplicate.get_absolute_url()).content.decode()
    assert form_action not in client_for(bob).get(duplicate.get_absolute_url()).content.decode()


def test_reopening_takes_answers_again_and_is_audited(client_for, moderator, alice, duplicate):
    response = client_for(moderator).post(f"/t/{duplicate.pk}/reopen", {"reason": "Not the same after all"})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of is None
    assert not ThreadLink.objects.filter(from_thread=duplicate, kind=ThreadLink.Kind.DUPLICATE).exists()
    entry = AuditEntry.objects.get(action="reopen")
    assert (entry.actor, entry.target_id, entry.reason) == (moderator, duplicate.pk, "Not the same after all")
    answer = forum_actions.post_answer(alice, duplicate, body="Now that it is open again, here is how.")
    assert answer.pk


def test_only_moderators_reopen_and_only_closed_threads(client_for, moderator, bob, alice, make_thread, duplicate):
    assert client_for(bob).post(f"/t/{duplicate.pk}/reopen").status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of_id is not None
    open_thread = make_thread(alice, title="A thread that was never closed")
    assert client_for(moderator).post(f"/t/{open_thread.pk}/reopen").status_code == 409
    with pytest.raises(ActionConflict):
        actions.reopen_thread(moderator, open_thread)
