"""Shared fixtures of the data-rights tests: a member with a bit of everything, archives in a temporary var dir."""

from __future__ import annotations

import pytest

from community.forum import actions
from community.notifications import actions as notification_actions
from community.notifications.inbox import DEFAULT_EMAIL


@pytest.fixture
def var_dir(settings, tmp_path):
    """Archives are written under GUILDHALL_VAR_DIR: a fresh one per test."""
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def zephyr(make_member):
    """A member whose name and address appear nowhere else, so a search for them finds only their data."""
    return make_member("zephyrine", display_name="Zephyrine Quill", bio="Barista in Lyon, tea at home.")


@pytest.fixture
def zephyr_activity(zephyr, bob, make_thread, make_answer, live):
    """Zephyrine asks, comments, votes, follows and is notified; Bob answers and votes on her question."""
    thread = live(make_thread, zephyr, title="How do I descale a lever espresso machine?", tags=("coffee",))
    answer = live(make_answer, bob, thread, "Citric acid, one tablespoon per litre, then rinse twice.")
    comment = live(actions.post_comment, zephyr, thread=thread, answer=answer, body="Worked a treat, thanks!")
    live(actions.vote, zephyr, answer, 1)
    live(actions.vote, bob, thread, 1)
    tag = thread.tags.get(name="coffee")
    live(notification_actions.follow, zephyr, tag=tag)
    email = {**DEFAULT_EMAIL, "answer": "daily"}
    live(notification_actions.update_notification_settings, zephyr, email=email, expert_requests=False)
    return {"thread": thread, "answer": answer, "comment": comment, "tag": tag}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): …`` delivers the block's events and tasks as after a real commit (like ``live``,
    without waiting for the search index: these tests read no search results)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
