"""Each inbox line is drawn once per process for what it shows (``{% memo %}`` in the inbox template), so a line
read once must still change with everything it shows: read or not, the actor's name, the thread's title, the post
gone since. Each step reads the same inbox again in the same process."""

from __future__ import annotations

import pytest

from community.forum import actions
from community.models import Notification
from community.notifications import actions as notification_actions

pytestmark = pytest.mark.django_db


def _line(client) -> str:
    page = client.get("/inbox/")
    assert page.status_code == 200
    return page.content.decode().split('<li class="inbox-item kind-answer', 1)[1].split("</li>", 1)[0]


def test_a_line_read_once_shows_each_later_change(live, client_for, alice, bob, moderator, make_thread):
    question = live(make_thread, alice, title="How do I sync my notes offline?")
    answer = live(actions.post_answer, bob, question, body="Settings → Sync → Offline keeps every note local.")
    reader = client_for(alice)
    line = _line(reader)
    assert "How do I sync my notes offline?" in line and "unread-dot" in line and "is-unread" in line

    live(notification_actions.read_notification, alice, Notification.objects.get(recipient=alice, kind="answer"))
    line = _line(reader)
    assert "unread-dot" not in line and "is-unread" not in line

    with live():
        bob.display_name = "Robert Tables"
        bob.save(update_fields=["display_name"])
    line = _line(reader)
    assert "<strong>Robert Tables</strong>" in line and ">RT<" in line  # the sentence and the avatar's initials

    live(
        actions.edit_thread,
        alice,
        question,
        title="How do I keep my notes offline?",
        body=question.body_md,
        tags=["sync"],
    )
    assert "How do I keep my notes offline?" in _line(reader)

    live(actions.hide_post, moderator, answer)
    assert "This answer has since been deleted." in _line(reader)
