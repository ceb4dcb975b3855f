"""Bounty fixtures: a question old enough to take a bounty, members with and without the reputation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.forum import actions


@pytest.fixture
def asker(make_member):
    return make_member("asker", display_name="Ada Asker", reputation=300)


@pytest.fixture
def answerer(make_member):
    return make_member("answerer", display_name="Ann Answerer", reputation=10)


@pytest.fixture
def question(asker):
    """A question asked three days ago: old enough for a bounty (the rules say two days)."""
    return actions.create_thread(
        asker,
        kind="question",
        title="Why does my calendar sync skip recurring events?",
        body="Recurring events created on my phone never reach the desktop app. What am I missing?",
        tags=["sync"],
        at=timezone.now() - timedelta(days=3),
    )
