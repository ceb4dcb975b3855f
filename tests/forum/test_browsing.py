"""What a visitor browses: the CMS-edited home page, thread lists, tag pages, member pages."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from community.forum import actions
from community.models import HomePage, Thread

pytestmark = pytest.mark.django_db


def _titles(page: str, titles):
    """The given titles in the order they appear on the page."""
    found = [(page.find(t), t) for t in titles if t in page]
    return [t for _, t in sorted(found)]


def test_home_page_intro_is_editable_in_the_cms_and_lists_threads(client, alice, make_thread):
    home = HomePage.objects.get(locale__language_code="en")
    home.intro = [("heading", "Welcome, Lumen owners"), ("paragraph", "<p>Ask anything about Lumen.</p>")]
    home.save_revision().publish()
    make_thread(alice, title="Newest thread on the home page")
    page = client.get("/").content.decode()
    assert "Welcome, Lumen owners" in page and "Ask anything about Lumen." in page
    assert "Newest thread on the home page" in page


def test_staff_can_open_the_home_page_editor(client_for, make_member):
    admin = make_member("root", superuser=True)
    home = HomePage.objects.get(locale__language_code="en")
    response = client_for(admin).get(f"/cms/pages/{home.pk}/edit/")
    assert response.status_code == 200 and "intro" in response.content.decode()


def test_newest_active_unanswered_and_top(client, alice, bob, make_thread, make_answer):
    now = timezone.now()
    old = actions.create_thread(
        alice,
        kind="question",
        title="Old question with a late answer",
        body="Body text long enough.",
        tags=["sync"],
        at=now - timedelta(days=3),
    )
    mid = actions.create_thread(
        alice,
        kind="question",
        title="Middle question, popular one",
        body="Body text long enough.",
        tags=["sync"],
        at=now - timedelta(days=2),
    )
    new = actions.create_thread(
        alice,
        kind="tip",
        title="Newest tip nobody replied to",
        body="Body text long enough.",
        tags=["sync"],
        at=now - timedelta(days=1),
    )
    make_answer(bob, old)  # bumps activity now
    actions.vote(bob, mid, 1)
    titles = [old.title, mid.title, new.title]
    assert _titles(client.get("/threads/newest/").content.decode(), titles) == [new.title, mid.title, old.title]
    assert _titles(client.get("/threads/active/").content.decode(), titles)[0] == old.title
    assert _titles(client.get("/threads/unanswered/").content.decode(), titles) == [mid.title]
    assert _titles(client.get("/threads/top/").content.decode(), titles)[0] == mid.title
    assert _titles(client.get("/threads/newest/?kind=question").content.decode(), titles) == [mid.title, old.title]


@override_settings(GUILDHALL={**__import__("django.conf").conf.settings.GUILDHALL, "THREADS_PER_PAGE": 2})
def test_lists_are_paginated(client, alice, make_thread):
    for i in range(5):
        make_thread(alice, title=f"Paginated thread number {i}")
    first = client.get("/threads/newest/").content.decode()
    third = client.get("/threads/newest/?page=3").content.decode()
    assert "Page 1 of 3" in first and "Paginated thread number 4" in first and "Paginated thread number 0" not in first
    assert "Paginated thread number 0" in third and 'rel="prev"' in third


def test_tag_page_lists_only_that_tags_threads(client, alice, make_thread):
    make_thread(alice, title="About syncing between devices", tags=["sync"])
    make_thread(alice, title="About exporting to PDF files", tags=["export"])
    page = client.get("/tags/sync/").content.decode()
    assert "About syncing between devices" in page and "About exporting to PDF files" not in page
    tags = client.get("/tags/").content.decode()
    assert 'href="/tags/sync/"' in tags and 'href="/tags/export/"' in tags
    assert 'href="/tags/export/"' not in client.get("/tags/?q=syn").content.decode()


def test_thread_page_orders_answers_accepted_then_score_then_date(
    client, alice, bob, make_member, make_thread, make_answer
):
    carol, dan = make_member("carol"), make_member("dan")
    thread = make_thread(alice)
    first = make_answer(bob, thread, body="First answer, no votes.")
    voted = make_answer(carol, thread, body="Second answer, two votes.")
    accepted = make_answer(dan, thread, body="Third answer, accepted.")
    later = make_answer(bob, thread, body="Fourth answer, no votes.")
    actions.vote(alice, voted, 1)
    actions.vote(dan, voted, 1)
    actions.accept_answer(alice, accepted)
    page = client.get(thread.get_absolute_url()).content.decode()
    order = _titles(page, [first.body_md, voted.body_md, accepted.body_md, later.body_md])
    assert order == [accepted.body_md, voted.body_md, first.body_md, later.body_md]


def test_member_page_lists_their_threads_and_answers(client, alice, bob, make_thread, make_answer):
    thread = make_thread(alice, title="Alice asks about widgets")
    make_answer(bob, thread, body="Bob answers about widgets here.")
    page = client.get("/members/bob/").content.decode()
    assert "Alice asks about widgets" in page  # the thread Bob answered
    assert "Answers</dt><dd>1</dd>" in page.replace("\n", "").replace("  ", "")
    assert "Alice asks about widgets" in client.get("/members/alice/").content.decode()


def test_empty_states_are_friendly(client):
    assert "Nothing here yet" in client.get("/threads/").content.decode()
    assert "No threads yet" in client.get("/").content.decode()
    assert "No tags yet" in client.get("/tags/").content.decode()


def test_pages_work_without_javascript_forms_post_normally(client_for, alice, bob, make_thread):
    thread = make_thread(alice)
    page = client_for(bob).get(thread.get_absolute_url()).content.decode()
    assert f'<form method="post" action="/thread/{thread.pk}/vote">' in page
    assert f'action="/t/{thread.pk}/answer"' in page
    assert Thread.objects.count() == 1


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=99999999999999999999",
        "page=abc",
        "page=",
        "page=last",
        "after=",
        "after=abc",
        "after=1_2",
        "after=99999999999999999999999_1",
        "before=-1_-1",
        "after=1_2_3_4_5",
    ],
)
def test_odd_page_values_never_fail(client, alice, make_thread, query):
    """Numbers and cursors from a stale or forged link give a page or a clear 404, never an error."""
    for i in range(3):
        make_thread(alice, title=f"Odd pages thread number {i}")
    for url in (f"/threads/?{query}", f"/threads/top/?{query}", f"/tags/sync/?{query}", f"/members/alice/?{query}"):
        assert client.get(url).status_code in (200, 404), url
