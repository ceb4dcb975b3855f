"""A long inbox's pager ("page 1 of 1,358") counts the member's notifications at most once a minute
(``config.pagination.KeptCountPaginator``); its lines, and the unread view's count, are read live."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Notification
from config import pagination

pytestmark = pytest.mark.django_db


def _inbox(client, query: str = "") -> tuple[int, int, str]:
    """(how many times the page counted all the member's notifications, their unread ones, the page)."""
    with CaptureQueriesContext(connection) as run:
        response = client.get(f"/inbox/{query}")
    assert response.status_code == 200
    counts = [
        q["sql"]
        for q in run.captured_queries
        if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "community_notification"')
    ]
    unread = sum('"read_at" IS NULL' in sql for sql in counts)
    return len(counts) - unread, unread, response.content.decode()


def _notify(member, actor, thread, n: int) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=member, actor=actor, thread=thread, kind="answer", event_key=f"length-{i}")
        for i in range(n)
    )


def test_a_long_inbox_counts_its_notifications_once_a_minute(monkeypatch, client_for, alice, bob, make_thread):
    monkeypatch.setattr(pagination, "KEEP_FROM", 30)
    _notify(alice, bob, make_thread(bob, title="A thread bob answers again and again"), 30)
    reader = client_for(alice)
    assert _inbox(reader)[0] == 1
    counted, _unread, html = _inbox(reader)
    assert counted == 0 and "Page 1 of 2" in html
    # The unread view's pager counts every time (reading changes it); the header's unread count is kept apart.
    assert [_inbox(reader, "?show=unread")[1] for _ in range(2)] == [1, 1]


def test_a_short_inbox_is_counted_on_every_page(client_for, alice, bob, make_thread):
    _notify(alice, bob, make_thread(bob, title="A thread bob answers now and then"), 3)
    reader = client_for(alice)
    assert [_inbox(reader)[0] for _ in range(2)] == [1, 1]
