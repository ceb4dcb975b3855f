"""Drafts: saved on the server, restored on return, discarded, private to their member, bounded, and gone once
what they held is posted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.composer.models import Draft
from community.forum import actions as forum_actions

pytestmark = pytest.mark.django_db

BODY = "I travel a lot and need my notes without a connection. What works?"


def save(client, **fields):
    data = {"purpose": "question", "object_id": "0", "title": "", "body": "", "tags": "", "language": "", **fields}
    return client.post("/drafts/", data, HTTP_ACCEPT="application/json")


def test_a_saved_draft_comes_back_in_the_form_with_a_note(client_for, alice):
    c = client_for(alice)
    assert save(c, title="Offline sync on Android", body="Half a thought", tags="sync").status_code == 200
    html = c.get("/ask/question/").content.decode()
    assert "Draft restored from" in html and 'value="Offline sync on Android"' in html and "Half a thought" in html
    assert c.get("/ask/tip/").content.decode().count("Half a thought") == 0  # each kind has its own draft


def test_saving_again_overwrites_the_same_draft(client_for, alice):
    c = client_for(alice)
    save(c, body="first")
    save(c, body="second")
    assert list(Draft.objects.values_list("body", flat=True)) == ["second"]


def test_without_javascript_save_draft_keeps_what_was_typed_and_returns_to_the_form(client_for, alice):
    c = client_for(alice)
    response = c.post(
        "/drafts/",
        {
            "purpose": "tip",
            "object_id": "0",
            "title": "Export everything",
            "body": "Use File",
            "tags": "export",
            "next": "/ask/tip/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/ask/tip/"
    page = c.get("/ask/tip/").content.decode()
    assert "Your draft is saved" in page and "Use File" in page


def test_save_draft_never_redirects_off_site(client_for, alice):
    response = client_for(alice).post("/drafts/", {"purpose": "tip", "body": "x", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/ask/"


def test_discarding_drops_the_draft(client_for, alice):
    c = client_for(alice)
    save(c, body="never mind")
    response = c.post("/drafts/discard", {"purpose": "question", "object_id": "0", "next": "/ask/question/"})
    assert response.status_code == 302 and not Draft.objects.exists()
    assert "Draft restored" not in c.get("/ask/question/").content.decode()


def test_a_draft_is_its_members_only(client_for, alice, bob):
    as_alice, as_bob = client_for(alice), client_for(bob)
    save(as_alice, body="Alice's secret plan")
    # Bob reads his own (none), and his save makes his own row: Alice's is untouched.
    assert as_bob.get("/drafts/", {"purpose": "question", "object_id": "0"}).json() == {"draft": None}
    assert "secret plan" not in as_bob.get("/ask/question/").content.decode()
    save(as_bob, body="Bob's words")
    as_bob.post("/drafts/discard", {"purpose": "question", "object_id": "0"})
    assert Draft.objects.get(member=alice).body == "Alice's secret plan"
    assert as_alice.get("/drafts/", {"purpose": "question", "object_id": "0"}).json()["draft"]["body"] == (
        "Alice's secret plan"
    )


def test_visitors_have_no_drafts(client):
    assert client.post("/drafts/", {"purpose": "question", "body": "x"}).status_code == 302  # to log in
    assert not Draft.objects.exists()


def test_a_draft_longer_than_a_post_is_refused_whole(client_for, alice, settings):
    response = save(client_for(alice), body="x" * (settings.GUILDHALL["BODY_MAX"] + 1))
    assert response.status_code == 400 and "longer than a post may be" in response.json()["error"]
    assert not Draft.objects.exists()


def test_a_member_keeps_a_bounded_number_of_drafts_oldest_dropped_first(client_for, alice, make_thread, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "MAX_DRAFTS": 3}
    c = client_for(alice)
    threads = [make_thread(alice, title=f"Question number {i} of four") for i in range(4)]
    for thread in threads:
        assert save(c, purpose="answer", object_id=str(thread.pk), body=f"answer {thread.pk}").status_code == 200
    kept = set(Draft.objects.values_list("object_id", flat=True))
    assert kept == {t.pk for t in threads[1:]}


def test_drafts_only_for_what_one_may_write(client_for, alice, bob, make_thread, make_answer):
    thread = make_thread(alice)
    answer = make_answer(alice, thread)
    as_bob = client_for(bob)  # 200 reputation: may not edit others' posts
    assert save(as_bob, purpose="edit-thread", object_id=str(thread.pk), body="mine now").status_code == 403
    assert save(as_bob, purpose="edit-answer", object_id=str(answer.pk), body="mine now").status_code == 403
    assert save(as_bob, purpose="answer", object_id="999999", body="to nothing").status_code == 400
    assert save(as_bob, purpose="poem", body="roses").status_code == 400
    assert not Draft.objects.exists()


def test_posting_the_thread_deletes_its_draft(client_for, alice, django_capture_on_commit_callbacks):
    c = client_for(alice)
    save(c, purpose="question", body="draft of it")
    save(c, purpose="tip", body="another draft")
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post("/ask/question/", {"title": "How do I sync my notes offline?", "body": BODY, "tags": "sync"})
    assert response.status_code == 302
    assert list(Draft.objects.values_list("purpose", flat=True)) == ["tip"]


def test_posting_an_answer_and_saving_edits_delete_their_drafts(
    client_for, alice, bob, make_thread, make_answer, django_capture_on_commit_callbacks
):
    thread = make_thread(alice)
    as_bob = client_for(bob)
    save(as_bob, purpose="answer", object_id=str(thread.pk), body="half an answer")
    with django_capture_on_commit_callbacks(execute=True):
        answer = forum_actions.post_answer(bob, thread, body="Turn on offline mode in Settings, it keeps a copy.")
    assert not Draft.objects.exists()

    save(as_bob, purpose="edit-answer", object_id=str(answer.pk), body="edited words")
    html = as_bob.get(f"/a/{answer.pk}/edit").content.decode()
    assert "Draft restored from" in html and "edited words" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = as_bob.post(f"/a/{answer.pk}/edit", {"body": "Turn on offline mode in Settings → Sync, then wait."})
    assert response.status_code == 302 and not Draft.objects.exists()

    as_alice = client_for(alice)
    save(as_alice, purpose="edit-thread", object_id=str(thread.pk), title="Sync offline?", body="new body text")
    assert "new body text" in as_alice.get(f"/t/{thread.pk}/edit").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        as_alice.post(
            f"/t/{thread.pk}/edit",
            {"title": "How do I sync my notes offline?", "body": BODY + " Edited.", "tags": "sync"},
        )
    assert not Draft.objects.exists()


def test_an_answer_draft_saved_without_javascript_comes_back_on_its_own_page(client_for, alice, bob, make_thread):
    thread = make_thread(alice)
    as_bob = client_for(bob)
    response = as_bob.post("/drafts/", {"purpose": "answer", "object_id": str(thread.pk), "body": "Try offline mode"})
    assert response.status_code == 302 and response["Location"] == f"/t/{thread.pk}/write"
    html = as_bob.get(response["Location"]).content.decode()
    assert "Try offline mode" in html and f'action="/t/{thread.pk}/answer"' in html
    # The thread page itself is shared by every reader: no one's draft in it.
    assert "Try offline mode" not in client_for(alice).get(thread.get_absolute_url()).content.decode()


def test_a_restored_draft_costs_no_extra_query(client_for, alice):
    c = client_for(alice)
    c.get("/ask/question/")
    with CaptureQueriesContext(connection) as without:
        c.get("/ask/question/")
    save(c, title="Offline sync on Android", body="Half a thought", tags="sync")
    with CaptureQueriesContext(connection) as with_draft:
        assert "Half a thought" in c.get("/ask/question/").content.decode()
    assert len(with_draft) == len(without)


def test_the_thread_pages_answer_form_is_a_composer_without_anyones_draft(client_for, alice, bob, make_thread):
    thread = make_thread(alice)
    html = client_for(bob).get(thread.get_absolute_url()).content.decode()
    assert 'data-draft-url="/drafts/"' in html and 'name="purpose" value="answer"' in html
    assert f'name="object_id" value="{thread.pk}"' in html and "Save draft" in html
