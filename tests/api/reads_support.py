"""What the API read tests share: a small community built once per module (``built_once_per_module``: one
transaction every test nests in, rolled back after the module), and the helpers that read the API."""

from __future__ import annotations

import json
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.forum import actions
from community.models import Member
from rewards import api as rewards_api

START = timezone.now() - timedelta(days=30)


def member(username: str, *, staff: bool = False, reputation: int = 200) -> Member:
    made = Member.objects.create_user(username=username, email=f"{username}@example.com", password="x" * 12)
    EmailAddress.objects.create(user=made, email=made.email, verified=True, primary=True)
    if staff:
        made.groups.add(Group.objects.get(name="Moderators"))
    rewards_api.adjust(made, reputation - 1, note="starting reputation for a test")
    return made


def thread(author, n: int, *, kind="question", tags=("sync",), language="en", title=None):
    """Thread number ``n``: created ``n`` hours after START, so the lists' order is known."""
    return actions.create_thread(
        author,
        kind=kind,
        title=title or f"How do I keep notebook number {n} in sync offline?",
        body=f"I travel a lot and need notebook {n} without a connection. What works best for you?",
        tags=list(tags),
        language=language,
        at=START + timedelta(hours=n),
    )


def api_get(client, url, **headers):
    """(response, body as data); problem documents included."""
    response = client.get(url, **headers)
    body = json.loads(response.content) if response.content else None
    return response, body


def counted(client, url, **headers) -> tuple[int, dict]:
    """(number of SQL queries, body) of one GET answered without the page cache."""
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.content[:300])
    return len(ctx.captured_queries), json.loads(response.content)


def walk(client, url) -> list[dict]:
    """Every row of a cursor-paginated list, following ``next`` to the end."""
    rows = []
    while url:
        response, body = api_get(client, url)
        assert response.status_code == 200, body
        rows += body["results"]
        url = body["next"]
    return rows
