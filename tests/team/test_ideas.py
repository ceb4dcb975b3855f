"""The ideas board: a third kind of thread, votes, staff statuses with explanations, notifications, filters."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.core import errors as core_errors
from community.forum import actions
from community.models import IdeaStatus, IdeaStatusChange, Notification, Thread
from community.notifications import actions as notifications_actions
from community.team import actions as team_actions

pytestmark = pytest.mark.django_db


def idea(author, title="Dark mode for the editor", tags=("editor",)):
    return actions.create_thread(
        author, kind="idea", title=title, body="It would be easier on the eyes at night.", tags=list(tags)
    )


def test_the_ask_form_offers_ideas(client_for, alice):
    c = client_for(alice)
    form = c.get("/ask/?kind=idea").content.decode()
    assert 'value="idea"' in form and "Idea" in form
    response = c.post(
        "/ask/",
        {
            "kind": "idea",
            "title": "Export notes to PDF please",
            "body": "A PDF export would help me share notes.",
            "tags": "export",
        },
    )
    assert response.status_code == 302
    thread = Thread.objects.get(title="Export notes to PDF please")
    assert thread.kind == "idea" and thread.idea_status == IdeaStatus.NEW
    page = c.get(thread.get_absolute_url()).content.decode()
    assert "kind-idea" in page and "Status: New" in page and "Accept" not in page


def test_ideas_have_no_accepted_answers(alice, bob):
    thread = idea(alice)
    reply = actions.post_answer(bob, thread, body="Yes please, I want this too.")
    with pytest.raises(core_errors.ActionConflict):
        actions.accept_answer(alice, reply)


def test_thread_lists_filter_ideas(client, alice):
    idea(alice)
    actions.create_thread(
        alice, kind="tip", title="A tip that is not an idea", body="Body text long enough.", tags=["sync"]
    )
    page = client.get("/threads/?kind=idea").content.decode()
    assert "Dark mode for the editor" in page and "A tip that is not an idea" not in page and "<h1>Ideas</h1>" in page
    assert "Dark mode" in client.get("/threads/").content.decode()
    assert "Dark mode" not in client.get("/threads/unanswered/").content.decode()  # only questions wait for answers


def test_board_sorted_by_votes_and_filtered(client, client_for, alice, make_member, moderator):
    low, high, done = (
        idea(alice, "A small idea for sync", ("sync",)),
        idea(alice, "A popular idea for the editor"),
        idea(alice, "An idea already done here"),
    )
    for i in range(3):
        actions.vote(make_member(f"fan{i}"), high, 1)
    actions.vote(make_member("fan9"), low, 1)
    team_actions.set_idea_status(moderator, done, status="done", explanation="Shipped in 5.2.")
    page = client.get("/ideas/").content.decode()
    assert page.index("A popular idea") < page.index("A small idea") < page.index("An idea already done")
    only_done = client.get("/ideas/?status=done").content.decode()
    assert "An idea already done" in only_done and "A popular idea" not in only_done
    assert "Shipped in 5.2." in only_done
    open_only = client.get("/ideas/?status=open").content.decode()
    assert "An idea already done" not in open_only and "A popular idea" in open_only
    sync = client.get("/ideas/?tag=sync").content.decode()
    assert "A small idea" in sync and "A popular idea" not in sync
    assert client.get("/ideas/?status=maybe").status_code == 400
    assert client.get("/ideas/?sort=random").status_code == 400
    assert client.get("/ideas/?tag=no-such-tag").status_code == 404
    # Members vote from the board with the same buttons and privileges.
    voter = make_member("voter")
    board = client_for(voter).get("/ideas/").content.decode()
    assert f'action="/thread/{high.pk}/vote"' in board
    newcomer = make_member("newcomer", reputation=1)
    assert client_for(newcomer).post(f"/thread/{low.pk}/vote", {"value": "1"}).status_code == 403


def test_only_staff_set_a_status_with_an_explanation(client_for, alice, bob, moderator):
    thread = idea(alice)
    url = f"/t/{thread.pk}/status"
    assert client_for(bob).post(url, {"status": "planned", "explanation": "Soon."}).status_code == 403
    assert client_for(alice).post(url, {"status": "planned", "explanation": "Soon."}).status_code == 403
    mod = client_for(moderator)
    assert mod.post(url, {"status": "shipped", "explanation": "x"}).status_code == 400
    assert mod.post(url, {"status": "planned", "explanation": ""}).status_code == 400  # say why
    assert mod.post(url, {"status": "planned", "explanation": "We start in May."}).status_code == 302
    assert mod.post(url, {"status": "planned", "explanation": "We start in May."}).status_code == 409
    thread.refresh_from_db()
    assert (thread.idea_status, thread.idea_status_note) == ("planned", "We start in May.")
    assert list(IdeaStatusChange.objects.values_list("previous_status", "status")) == [("new", "planned")]
    page = client_for(bob).get(thread.get_absolute_url()).content.decode()
    assert "Status: Planned" in page and "We start in May." in page and "Change the status" not in page
    assert "Change the status" in mod.get(thread.get_absolute_url()).content.decode()
    question = actions.create_thread(
        alice, kind="question", title="Not an idea at all", body="Body text long enough.", tags=["sync"]
    )
    assert mod.post(f"/t/{question.pk}/status", {"status": "planned", "explanation": "x"}).status_code == 409


def test_voters_followers_and_author_hear_of_status_changes(live, alice, bob, make_member, moderator, mailoutbox):
    thread = live(idea, alice)
    downvoter, follower, bystander = make_member("grumpy"), make_member("follower"), make_member("bystander")
    live(actions.vote, bob, thread, 1)
    live(actions.vote, downvoter, thread, -1)
    live(notifications_actions.follow, follower, thread=thread)
    mailoutbox.clear()
    live(team_actions.set_idea_status, moderator, thread, status="under_review", explanation="We are looking at it.")
    told = set(Notification.objects.filter(kind="idea_status").values_list("recipient__username", flat=True))
    assert told == {"alice", "bob", "grumpy", "follower"}
    assert len(mailoutbox) == 4 and "Under review" in mailoutbox[0].subject
    assert "We are looking at it." in mailoutbox[0].body
    assert not Notification.objects.filter(recipient=bystander).exists()


def test_board_queries_do_not_grow(client_for, alice, bob):
    c = client_for(bob)
    idea(alice, "The first idea on the board")
    c.get("/ideas/")
    with CaptureQueriesContext(connection) as few:
        c.get("/ideas/")
    for i in range(30):
        idea(alice, f"Another idea number {i}", ("editor", "sync", f"tag{i % 3}"))
    with CaptureQueriesContext(connection) as many:
        assert c.get("/ideas/").status_code == 200
    assert len(few) == len(many) <= 12
