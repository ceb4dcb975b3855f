"""What the inbox and the notification e-mails show: plain words, not Markdown; a title's own quotation marks nested,
not doubled; a post deleted since, said so instead of a silent landing (community/notifications/)."""

from __future__ import annotations

import pytest
from django.core import mail

from community.forum import actions
from community.models import Notification

pytestmark = pytest.mark.django_db

MARKDOWN = "Turn on **offline mode** in [Settings](https://example.com/settings), then run `sync --now`.\n\n# Done"


@pytest.fixture
def question(live, alice):
    return live(
        actions.create_thread,
        alice,
        kind="question",
        title="How do I sync my notes offline?",
        body="I travel a lot and need my notes without a connection.",
        tags=["sync"],
    )


def _inbox(client) -> str:
    page = client.get("/inbox/")
    assert page.status_code == 200
    return page.content.decode()


# --- raw Markdown ------------------------------------------------------------------------------------------------


def test_the_inbox_shows_the_answer_as_words_not_markdown(live, client_for, alice, bob, question):
    live(actions.post_answer, bob, question, body=MARKDOWN)
    detail = _inbox(client_for(alice)).split('<p class="inbox-detail">', 1)[1].split("</p>", 1)[0]
    assert detail == "Turn on offline mode in Settings, then run sync --now. Done"
    for syntax in ("**", "](", "`", "#"):
        assert syntax not in detail


def test_a_comment_and_a_new_thread_are_excerpted_the_same_way(live, client_for, alice, bob, make_member, question):
    fan = make_member("fan")
    client_for(fan).post("/tags/sync/follow", {"follow": "1"})
    # A comment is plain text with links: its words as shown, characters not entities.
    live(actions.post_comment, bob, thread=question, answer=None, body="Try A & B, see https://example.com/x")
    assert Notification.objects.get(recipient=alice, kind="comment").detail == "Try A & B, see https://example.com/x"
    live(actions.create_thread, bob, kind="tip", title="Pin the notebooks you need", body=MARKDOWN, tags=["sync"])
    assert "**" not in Notification.objects.get(recipient=fan, kind="followed_tag").detail


def test_the_email_carries_the_words_in_both_parts(live, alice, bob, question):
    mail.outbox.clear()
    live(actions.post_answer, bob, question, body=MARKDOWN)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "offline mode in Settings" in part
        assert "**" not in part and "](" not in part and "`" not in part


# --- quotation marks ----------------------------------------------------------------------------------------------


def test_a_quoted_title_is_nested_not_doubled(live, client_for, alice, bob):
    thread = live(
        actions.create_thread,
        alice,
        kind="question",
        title='"Plugin failed to load" after the update on macOS',
        body="Since this morning no plugin loads at all.",
        tags=["plugins"],
    )
    mail.outbox.clear()
    live(actions.post_answer, bob, thread, body="Reinstall the plugin from the gallery.")
    page = _inbox(client_for(alice))
    assert "answered your question “‘Plugin failed to load’ after the update on macOS”" in page
    assert "“&quot;" not in page and '“"' not in page
    assert mail.outbox[0].subject == "bob answered your question “‘Plugin failed to load’ after the update on macOS”"


def test_in_french_the_inner_quotes_are_english_ones_inside_guillemets(live, client_for, alice, bob):
    thread = live(
        actions.create_thread,
        alice,
        kind="question",
        title="« Sync failed » after the update",
        body="Since this morning nothing syncs at all.",
        tags=["sync"],
    )
    live(actions.post_answer, bob, thread, body="Sign out and in again.")
    client = client_for(alice)
    page = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "a répondu à votre question «\u00a0“Sync failed” after the update\u00a0»" in page
    assert "«\u00a0«" not in page


# --- posts deleted since -----------------------------------------------------------------------------------------


def _note(member, kind):
    return Notification.objects.get(recipient=member, kind=kind)


def test_a_deleted_answer_is_said_so_in_the_inbox_and_on_arrival(live, client_for, alice, bob, question):
    answer = live(actions.post_answer, bob, question, body="Turn on offline mode in the settings.")
    live(actions.hide_post, bob, answer)
    client = client_for(alice)
    page = _inbox(client)
    assert "This answer has since been deleted." in page
    assert "Turn on offline mode" not in page  # the deleted answer's words stay hidden
    opened = client.get(f"/inbox/{_note(alice, 'answer').pk}/", follow=True)
    assert opened.status_code == 200
    assert opened.redirect_chain[-1][0] == question.get_absolute_url()  # the thread, no anchor to a missing post
    assert "This answer has been deleted since you were notified: here is its thread." in opened.content.decode()
    assert _note(alice, "answer").read_at is not None


def test_a_deleted_comment_is_said_so_too(live, client_for, alice, bob, question):
    comment = live(actions.post_comment, bob, thread=question, answer=None, body="Which device do you use?")
    live(actions.hide_post, bob, comment)
    client = client_for(alice)
    assert "This comment has since been deleted." in _inbox(client)
    opened = client.get(f"/inbox/{_note(alice, 'comment').pk}/", follow=True)
    assert "This comment has been deleted since you were notified" in opened.content.decode()


def test_a_deleted_thread_sends_the_member_back_to_the_inbox(live, client_for, alice, bob, make_member, question):
    fan = make_member("fan")
    client_for(fan).post(f"/t/{question.pk}/follow", {"follow": "1"})
    live(actions.post_answer, bob, question, body="Turn on offline mode in the settings.")
    live(actions.hide_post, alice, question)
    client = client_for(fan)
    assert "This thread has since been deleted." in _inbox(client)
    opened = client.get(f"/inbox/{_note(fan, 'followed_thread').pk}/", follow=True)
    assert opened.redirect_chain[-1][0] == "/inbox/"
    assert "This thread has been deleted since you were notified, so there is nothing to open." in (
        opened.content.decode()
    )


def test_a_moderator_still_lands_on_the_deleted_answer_told_it_is_deleted(live, client_for, bob, moderator):
    thread = live(
        actions.create_thread,
        moderator,
        kind="question",
        title="Where are the export settings?",
        body="I cannot find them anywhere in the app.",
        tags=["export"],
    )
    answer = live(actions.post_answer, bob, thread, body="Under File, then Export.")
    live(actions.hide_post, bob, answer)
    opened = client_for(moderator).get(f"/inbox/{_note(moderator, 'answer').pk}/")
    assert opened.status_code == 302 and opened["Location"].endswith(f"#answer-{answer.pk}")


def test_a_french_member_is_told_in_french(live, client_for, alice, bob, question):
    answer = live(actions.post_answer, bob, question, body="Turn on offline mode in the settings.")
    live(actions.hide_post, bob, answer)
    client = client_for(alice)
    assert "Cette réponse a été supprimée depuis." in client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    opened = client.get(f"/inbox/{_note(alice, 'answer').pk}/", follow=True, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Cette réponse a été supprimée depuis votre notification" in opened.content.decode()


def test_a_notice_about_a_hidden_thread_opens_on_the_inbox_not_a_404(live, client_for, alice, moderator, question):
    from community.moderation import actions as moderation

    live(moderation.moderate_hide, moderator, question, reason="Spam")
    opened = client_for(alice).get(f"/inbox/{_note(alice, 'moderation').pk}/", follow=True)
    assert opened.status_code == 200 and opened.redirect_chain[-1][0] == "/inbox/"
    assert "The post this notice is about is hidden: only moderators can see it now." in opened.content.decode()
