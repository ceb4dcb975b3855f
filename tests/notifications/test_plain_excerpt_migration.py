"""Notifications stored before excerpts were plain text are rewritten by migration 0029: an inbox full of old
notifications stops showing Markdown too."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from community.forum import actions
from community.models import Notification

pytestmark = pytest.mark.django_db

MARKDOWN = "Turn on **offline mode** in [Settings](https://example.com/settings), then run `sync --now`."

migration = importlib.import_module("community.migrations.0029_plain_notification_excerpts")


def test_old_markdown_excerpts_become_the_words_members_read(live, alice, bob):
    question = live(
        actions.create_thread, alice, kind="question", title="How do I sync offline?", body=MARKDOWN, tags=["sync"]
    )
    answer = live(actions.post_answer, bob, question, body=MARKDOWN)
    Notification.objects.filter(answer=answer, comment=None).update(detail=MARKDOWN)
    Notification.objects.create(recipient=alice, kind="idea_status", event_key="idea:1:planned", detail="planned")

    migration.plain_excerpts(apps, None)

    assert Notification.objects.get(answer=answer, comment=None).detail == (
        "Turn on offline mode in Settings, then run sync --now."
    )
    # Rows that are not about a post's words keep theirs.
    assert Notification.objects.get(event_key="idea:1:planned").detail == "planned"
