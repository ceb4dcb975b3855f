"""Threads, answers, comments, revisions and soft deletion, as members see them."""

import pytest

from community.models import Answer, Comment, Revision, Thread


def test_member_asks_a_question_through_the_form(client_for, alice):
    response = client_for(alice).post(
        "/ask/",
        {
            "kind": "question",
            "title": "Why does my export lose images?",
            "body": "Exporting to PDF drops **all** images.",
            "tags": "Export pdf",
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert thread.kind == "question" and thread.author == alice
    assert "<strong>all</strong>" in thread.body_html
    assert sorted(t.name for t in thread.tags.all()) == ["export", "pdf"]
    page = client_for(alice).get(thread.get_absolute_url()).content.decode()
    assert "Why does my export lose images?" in page and 'href="/tags/export/"' in page


def test_member_shares_a_tip(client_for, bob):
    client_for(bob).post(
        "/ask/",
        {
            "kind": "tip",
            "title": "Pin notebooks you need on the plane",
            "body": "Pinned notebooks stay downloaded.",
            "tags": "offline",
        },
    )
    thread = Thread.objects.get()
    assert thread.kind == "tip"
    page = client_for(bob).get("/threads/?kind=tip").content.decode()
    assert "Pin notebooks you need on the plane" in page


def test_markdown_is_rendered_once_on_save_and_sanitised(alice, make_thread):
    thread = make_thread(
        alice, body='Hello <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="boom()">'
    )
    assert "<script" not in thread.body_html
    assert "<a " not in thread.body_html  # the javascript: link is not a link
    assert "<img" not in thread.body_html  # raw HTML is text, never markup
    assert "&lt;script&gt;" in thread.body_html


def test_sanitiser_strips_what_markdown_could_produce(alice, make_thread):
    thread = make_thread(
        alice, body="![x](javascript:alert(1)) and [ok](https://example.com) and <javascript:alert(1)>"
    )
    assert 'src="javascript' not in thread.body_html and 'href="javascript' not in thread.body_html
    assert 'href="https://example.com"' in thread.body_html


def test_links_in_posts_get_nofollow(alice, make_thread):
    thread = make_thread(alice, body="See [the docs](https://example.com/docs) for the details of sync.")
    assert 'rel="nofollow ugc noopener"' in thread.body_html


def test_answer_and_reply_wording(client_for, alice, bob, make_thread):
    question = make_thread(alice)
    tip = make_thread(alice, kind="tip", title="Use tags to group your notes")
    client = client_for(bob)
    client.post(f"/t/{question.pk}/answer", {"body": "Turn on offline mode in the sync settings."})
    client.post(f"/t/{tip.pk}/answer", {"body": "Tried it, works great on Android too."})
    assert "1 answer<" in client.get(question.get_absolute_url()).content.decode()
    assert "1 reply<" in client.get(tip.get_absolute_url()).content.decode()
    question.refresh_from_db()
    assert question.answer_count == 1


def test_comments_on_threads_and_answers_are_plain_text_with_links(client_for, alice, bob, make_thread, make_answer):
    thread = make_thread(alice)
    answer = make_answer(bob, thread)
    client = client_for(alice)
    client.post(f"/thread/{thread.pk}/comment", {"body": "Which app version? <b>see</b> https://example.com/v"})
    client.post(f"/answer/{answer.pk}/comment", {"body": "Thanks, that worked!"})
    on_thread = Comment.objects.get(answer=None)
    assert "&lt;b&gt;" in on_thread.body_html and 'href="https://example.com/v"' in on_thread.body_html
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Thanks, that worked!" in page
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert (thread.comment_count, answer.comment_count) == (1, 1)


def test_author_edits_keep_viewable_revisions(client_for, alice, make_thread):
    thread = make_thread(alice)
    client = client_for(alice)
    response = client.post(
        f"/t/{thread.pk}/edit",
        {
            "title": "How do I sync my notes while offline?",
            "body": "Edited body with more detail.",
            "tags": "sync offline",
            "summary": "clarified",
        },
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.title == "How do I sync my notes while offline?" and thread.edited_at
    revisions = list(Revision.objects.filter(thread=thread).order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[1].editor == alice and revisions[1].summary == "clarified"
    page = client.get(f"/thread/{thread.pk}/revisions").content.decode()
    assert "Revision 1" in page and "Revision 2" in page and "clarified" in page
    assert "I travel a lot and need my notes without a connection" in page  # the old text is kept


def test_answer_edit_keeps_revisions(client_for, alice, bob, make_thread, make_answer):
    answer = make_answer(bob, make_thread(alice))
    client_for(bob).post(f"/a/{answer.pk}/edit", {"body": "Better: pin the notebook, then go offline."})
    answer.refresh_from_db()
    assert "pin the notebook" in answer.body_html
    assert Revision.objects.filter(answer=answer).count() == 2
    assert client_for(bob).get(f"/answer/{answer.pk}/revisions").status_code == 200


def test_soft_deleted_answer_is_hidden_from_members_and_restorable_by_staff(
    client_for, alice, bob, moderator, make_thread, make_answer
):
    thread = make_thread(alice)
    answer = make_answer(bob, thread, body="This answer will be deleted by its author.")
    assert client_for(bob).post(f"/answer/{answer.pk}/delete").status_code == 302
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert answer.is_deleted and thread.answer_count == 0
    assert Answer.objects.filter(pk=answer.pk).exists()  # kept, not destroyed
    assert "deleted by its author" not in client_for(alice).get(thread.get_absolute_url()).content.decode()
    staff_page = client_for(moderator).get(thread.get_absolute_url()).content.decode()
    assert "deleted by its author" in staff_page and "only moderators see this" in staff_page

    assert client_for(bob).post(f"/answer/{answer.pk}/restore").status_code == 403
    assert client_for(moderator).post(f"/answer/{answer.pk}/restore").status_code == 302
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert not answer.is_deleted and thread.answer_count == 1


def test_deleted_thread_is_404_for_members_but_visible_to_staff(client_for, alice, bob, moderator, make_thread):
    thread = make_thread(alice)
    client_for(alice).post(f"/thread/{thread.pk}/delete")
    assert client_for(bob).get(thread.get_absolute_url()).status_code == 404
    assert client_for(moderator).get(thread.get_absolute_url()).status_code == 200
    assert thread.title not in client_for(bob).get("/threads/").content.decode()
    client_for(moderator).post(f"/thread/{thread.pk}/restore")
    assert client_for(bob).get(thread.get_absolute_url()).status_code == 200


def test_comment_deletion_updates_the_count(client_for, alice, bob, make_thread):
    thread = make_thread(alice)
    client_for(bob).post(f"/thread/{thread.pk}/comment", {"body": "A comment I regret."})
    comment = Comment.objects.get()
    client_for(bob).post(f"/comment/{comment.pk}/delete")
    thread.refresh_from_db()
    assert thread.comment_count == 0
    assert "I regret" not in client_for(alice).get(thread.get_absolute_url()).content.decode()


def test_old_slug_redirects_to_the_current_one(client, alice, make_thread):
    thread = make_thread(alice)
    response = client.get(f"/t/{thread.pk}/old-title/")
    assert response.status_code == 301 and response["Location"] == thread.get_absolute_url()


@pytest.mark.django_db
def test_recount_rebuilds_denormalised_counters(alice, bob, make_thread, make_answer):
    from django.core.management import call_command

    from community.forum import actions

    thread = make_thread(alice)
    answer = make_answer(bob, thread)
    actions.vote(bob, thread, 1)
    actions.post_comment(bob, thread=thread, body="nice question")
    Thread.objects.filter(pk=thread.pk).update(score=99, answer_count=7, comment_count=5)
    Answer.objects.filter(pk=answer.pk).update(score=-3)
    call_command("community_recount", verbosity=0)
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert (thread.score, thread.answer_count, thread.comment_count, answer.score) == (1, 1, 1, 0)


def test_dates_show_as_one_time_element_with_the_machine_and_the_human_forms(client, live, alice, bob, settings):
    """Posts and comments show their day, list rows how long ago, each in one <time> whose datetime is the same
    moment in the site's time zone (community/core/templatetags/dates.py)."""
    from datetime import UTC, datetime

    from community.forum import actions

    settings.TIME_ZONE = "Europe/Paris"
    asked = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)  # already March 5 in Paris
    thread = live(
        actions.create_thread, alice, kind="question", title="Why do my dates move?", body="A body that is long enough to post.",
        tags=["dates"], at=asked,
    )  # fmt: skip
    answer = live(
        actions.post_answer,
        bob,
        thread,
        body="Time zones, most likely, or the clock.",
        at=datetime(2026, 3, 6, 8, 0, tzinfo=UTC),
    )
    live(
        actions.post_comment,
        alice,
        thread=thread,
        answer=answer,
        body="Thanks, that was it!",
        at=datetime(2026, 3, 7, 9, 15, tzinfo=UTC),
    )
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'asked <time datetime="2026-03-05T00:30:00+01:00">Mar 5, 2026</time>' in page
    assert 'answered <time datetime="2026-03-06T09:00:00+01:00">Mar 6, 2026</time>' in page
    assert '<time class="muted" datetime="2026-03-07T10:15:00+01:00">Mar 7, 2026</time>' in page
    listing = client.get("/threads/").content.decode()
    assert '<time datetime="2026-03-05T00:30:00+01:00" title="Mar 5, 2026 00:30">' in listing
    assert "ago</time>" in listing
