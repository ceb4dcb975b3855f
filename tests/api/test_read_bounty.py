"""GET /api/v1/threads/{id} carries the question's open bounty, as the question page shows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from community.bounties import actions as bounties
from community.forum import actions

pytestmark = pytest.mark.django_db


def _question(asker, title):
    return actions.create_thread(
        asker,
        kind="question",
        title=title,
        body="Recurring events created on my phone never reach the desktop app. What am I missing?",
        tags=["sync"],
        at=timezone.now() - timedelta(days=3),
    )


def test_a_question_with_an_open_bounty_says_how_much_by_whom_and_until_when(client, live, make_member):
    asker = make_member("asker", display_name="Ada Asker", reputation=300)
    with_bounty = _question(asker, "Why does my calendar sync skip recurring events?")
    without = _question(asker, "Why does the widget stay blank after an update?")
    bounty = live(bounties.offer_bounty, asker, with_bounty, 100)
    body = client.get(f"/api/v1/threads/{with_bounty.pk}").json()
    assert body["bounty"]["amount"] == 100
    assert body["bounty"]["offered_by"]["username"] == "asker"
    assert body["bounty"]["offered_by"]["reputation"] == 200  # the 100 are spent
    assert body["bounty"]["ends_at"].startswith(bounty.ends_at.date().isoformat())
    assert client.get(f"/api/v1/threads/{without.pk}").json()["bounty"] is None
