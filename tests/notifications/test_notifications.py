"""The inbox, follows, mentions, badges, e-mails (immediate and digests) and one-click unsubscribe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.forum import actions
from community.models import Notification, NotificationSettings
from community.notifications import actions as notifications_actions
from community.notifications import emails
from community.notifications import inbox as notifications

pytestmark = pytest.mark.django_db


def kinds(member):
    return sorted(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


@pytest.fixture
def question(live, alice):
    return live(
        actions.create_thread,
        alice,
        kind="question",
        title="How do I sync offline?",
        body="I travel a lot, what works?",
        tags=["sync"],
    )


def test_answer_comment_mention_accept_reach_the_right_people(live, alice, bob, make_member, question):
    carol = make_member("carol")
    answer = live(actions.post_answer, bob, question, body="Use offline mode; @carol knows more about it.")
    assert kinds(alice) == ["answer"]
    assert kinds(carol) == ["mention"]
    assert kinds(bob) == []  # nobody is told about their own action
    live(actions.post_comment, alice, thread=question, answer=answer, body="Thanks @bob, and @nobody-here too")
    assert kinds(bob) == ["comment"]  # the comment's mention of bob is the same event: one notification
    live(actions.accept_answer, alice, answer)
    assert kinds(bob) == ["accepted", "comment"]
    live(actions.edit_answer, bob, answer, body="Use offline mode; @carol knows more about it. Edited.")
    assert kinds(carol) == ["mention"]  # editing does not mention again


def test_mentions_ignore_code_and_emails(live, alice, bob, question):
    live(actions.post_answer, alice, question, body="Write `@bob` in code, or mail me at me@bob.example, then ask.")
    assert kinds(bob) == []
    assert notifications.mentioned_usernames("Hi @bob. And @carol_x!") == ["bob", "carol_x"]


def test_follow_thread_and_tag(live, alice, bob, make_member, question, client_for, django_capture_on_commit_callbacks):
    fan, tagfan = make_member("fan"), make_member("tagfan")
    c = client_for(fan)
    assert c.post(f"/t/{question.pk}/follow", {"follow": "1"}).status_code == 302
    assert c.post(f"/t/{question.pk}/follow", {"follow": "1"}).status_code == 409
    assert c.post(f"/t/{question.pk}/follow", {"follow": "maybe"}).status_code == 400
    assert client_for(tagfan).post("/tags/sync/follow", {"follow": "1"}, HTTP_ACCEPT="application/json").json() == {
        "following": True
    }
    assert client_for(tagfan).post("/tags/no-such-tag/follow", {"follow": "1"}).status_code == 404
    live(actions.post_answer, bob, question, body="An answer long enough to notify followers.")
    assert kinds(fan) == ["followed_thread"]
    live(
        actions.create_thread,
        bob,
        kind="tip",
        title="A tip about sync here",
        body="A body long enough to pass.",
        tags=["sync"],
    )
    assert kinds(tagfan) == ["followed_tag"]
    assert c.post(f"/t/{question.pk}/follow", {"follow": "0"}).status_code == 302
    assert c.post(f"/t/{question.pk}/follow", {"follow": "0"}).status_code == 409
    assert client_for(fan).get(question.get_absolute_url()).content.decode().count(">Follow<") == 1


def test_inbox_lists_marks_read_and_counts(live, alice, bob, question, client_for):
    live(actions.post_answer, bob, question, body="Answer one, long enough to pass.")
    live(actions.post_answer, bob, question, body="Answer two, long enough to pass.")
    notifications_actions.see_badges(alice)  # her Curious badge is tested below
    c = client_for(alice)
    home = c.get("/threads/").content.decode()
    assert 'class="unread-count">2<' in home
    page = c.get("/inbox/").content.decode()
    assert page.count("answered your question") == 2 and "How do I sync offline?" in page
    note = Notification.objects.filter(recipient=alice).first()
    opened = c.get(f"/inbox/{note.pk}/")
    assert opened.status_code == 302 and f"#answer-{note.answer_id}" in opened["Location"]
    assert Notification.objects.get(pk=note.pk).read_at is not None
    assert 'class="unread-count">1<' in c.get("/threads/").content.decode()
    assert "answered your question" in c.get("/inbox/?show=unread").content.decode()
    assert c.post("/inbox/read").status_code == 302
    assert "unread-count" not in c.get("/threads/").content.decode()
    assert "Nothing unread" in c.get("/inbox/?show=unread").content.decode()


def test_members_only_see_their_own_notifications(live, alice, bob, question, client_for, client):
    live(actions.post_answer, bob, question, body="An answer long enough to pass.")
    note = Notification.objects.get(recipient=alice)
    assert client_for(bob).get(f"/inbox/{note.pk}/").status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None
    assert client.get("/inbox/").status_code == 302  # log in first
    assert client.get("/settings/notifications/").status_code == 302
    assert client_for(bob).get("/inbox/read").status_code == 405


def test_badges_appear_in_the_inbox_through_the_rewards_api(live, alice, client_for):
    live(
        actions.create_thread,
        alice,
        kind="question",
        title="My very first question",
        body="Body text long enough.",
        tags=["sync"],
    )
    c = client_for(alice)
    assert 'class="unread-count">1<' in c.get("/threads/").content.decode()  # the Curious badge
    page = c.get("/inbox/").content.decode()
    assert "You earned the <strong>Curious</strong> badge" in page
    assert "unread-count" not in c.get("/threads/").content.decode()  # seen once shown


def test_inbox_queries_do_not_grow(live, alice, make_member, client_for):
    c = client_for(alice)
    thread = live(
        actions.create_thread,
        alice,
        kind="question",
        title="A question with many answers",
        body="Body text long enough.",
        tags=["sync"],
    )

    def answers(n):
        for i in range(n):
            live(actions.post_answer, make_member(), thread, body=f"Answer number {i}, long enough.")

    answers(1)
    c.get("/inbox/")  # shows the Curious badge as new once (a write); then steady state
    c.get("/inbox/")
    with CaptureQueriesContext(connection) as few:
        c.get("/inbox/")
    answers(30)
    c.get("/inbox/")
    with CaptureQueriesContext(connection) as many:
        assert c.get("/inbox/").status_code == 200
    with CaptureQueriesContext(connection) as second_page:
        assert c.get("/inbox/?page=2").status_code == 200
    assert len(few) == len(many) and len(second_page) <= len(many) + 1


# --- e-mail --------------------------------------------------------------------------------------


def test_immediate_email_has_a_one_click_unsubscribe(live, alice, bob, question, client):
    mail.outbox.clear()
    live(actions.post_answer, bob, question, body="An answer long enough to e-mail.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert "answered your question" in message.subject
    link = re.search(r"https?://\S+/unsubscribe/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.alternatives[0][0]
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)  # no login needed: one click
    assert page.status_code == 200 and "You are unsubscribed" in page.content.decode()
    assert notifications.email_modes(NotificationSettings.objects.get(member=alice))["answer"] == "off"
    mail.outbox.clear()
    live(actions.post_answer, bob, question, body="A second answer, long enough.")
    assert mail.outbox == [] and kinds(alice) == ["answer", "answer"]  # the inbox still works
    undo = re.search(r'name="undo" value="([^"]+)"', page.content.decode()).group(1)
    assert client.post("/" + path, {"undo": undo}).status_code == 200
    assert notifications.email_modes(NotificationSettings.objects.get(member=alice))["answer"] == "immediate"


def test_rfc8058_one_click_post_and_bad_tokens(alice, client):
    token = emails.unsubscribe_token(alice.pk, "all")
    response = client.post(f"/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert set(notifications.email_modes(NotificationSettings.objects.get(member=alice)).values()) == {"off"}
    assert client.get(f"/unsubscribe/{token[:-3]}abc/").status_code == 400
    assert client.get(f"/unsubscribe/{emails.unsubscribe_token(alice.pk, 'nonsense')}/").status_code == 400
    assert client.get(f"/unsubscribe/{emails.unsubscribe_token(99999, 'all')}/").status_code == 404
    assert client.post(f"/unsubscribe/{token}/", {"undo": "forged"}).status_code == 400


def test_settings_page_saves_choices_and_rejects_bad_input(alice, client_for):
    c = client_for(alice)
    page = c.get("/settings/notifications/")
    assert page.status_code == 200 and "Answers to my questions" in page.content.decode()
    data = {f"email_{key}": "daily" if key != "answer" else "off" for key in notifications.EMAIL_KIND_KEYS}
    assert c.post("/settings/notifications/", {**data, "expert_requests": ""}).status_code == 302
    row = NotificationSettings.objects.get(member=alice)
    assert notifications.email_modes(row)["answer"] == "off" and row.expert_requests is False
    assert c.post("/settings/notifications/", {**data, "email_badge": "immediate"}).status_code == 400
    assert c.post("/settings/notifications/", {**data, "email_answer": "hourly"}).status_code == 400


def test_only_moderators_are_offered_the_webhook_notice_and_members_keep_its_mode(alice, moderator, client_for):
    """The "webhook endpoint turned off" notice goes to moderators only: a member's settings never offer it, and
    saving their page leaves its stored mode as it was."""
    webhook = str(Notification.Kind.WEBHOOK.label)
    assert webhook not in client_for(alice).get("/settings/notifications/").content.decode()
    assert webhook in client_for(moderator).get("/settings/notifications/").content.decode()
    data = {f"email_{key}": "off" for key in notifications.EMAIL_KIND_KEYS if key != "webhook"}
    assert client_for(alice).post("/settings/notifications/", data).status_code == 302
    modes = notifications.email_modes(NotificationSettings.objects.get(member=alice))
    assert modes["answer"] == "off" and modes["webhook"] == "immediate"


def test_daily_and_weekly_digests(live, alice, bob, make_member, question, client_for):
    c = client_for(alice)
    data = {f"email_{key}": "daily" for key in notifications.EMAIL_KIND_KEYS}
    c.post("/settings/notifications/", {**data, "expert_requests": "on"})
    mail.outbox.clear()
    live(actions.post_answer, bob, question, body="First answer, long enough to digest.")
    answer = live(actions.post_answer, make_member("dan"), question, body="Second answer, long enough.")
    live(actions.post_comment, bob, thread=question, body="A comment on the question itself.")
    assert mail.outbox == []  # nothing right away
    read = Notification.objects.filter(recipient=alice, answer=answer).get()
    notifications_actions.read_notification(alice, read)  # already seen in the inbox: not repeated
    call_command("community_send_digests", "daily", verbosity=0)
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "daily Guildhall digest" in digest.subject and "3 new things" in digest.subject  # 2 unread + the badge
    assert "answered your question" in digest.body and "commented on your post" in digest.body
    assert "Curious" in digest.body  # the badge, set to the daily digest too
    assert "/unsubscribe/" in digest.extra_headers["List-Unsubscribe"]
    call_command("community_send_digests", "daily", verbosity=0)
    assert len(mail.outbox) == 1  # nothing twice
    call_command("community_send_digests", "weekly", verbosity=0)
    weekly = mail.outbox[1:]
    assert sorted(m.to[0] for m in weekly) == [
        "bob@example.com",
        "dan@example.com",
    ]  # their Helper badges, weekly by default
    assert all("Helper" in m.body for m in weekly)  # alice chose daily for everything


def test_unsubscribing_from_a_digest_stops_pending_mail(live, alice, bob, question, client):
    NotificationSettings.objects.create(member=alice, email={"answer": "weekly"})
    live(actions.post_answer, bob, question, body="An answer long enough to digest.")
    assert Notification.objects.get(recipient=alice).email_due == "weekly"
    client.get(f"/unsubscribe/{emails.unsubscribe_token(alice.pk, 'weekly')}/")
    mail.outbox.clear()
    call_command("community_send_digests", "weekly", verbosity=0)
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]  # bob's Helper badge; nothing for alice


def test_replayed_events_notify_once(alice, bob, question):
    from community.core import events

    answer = actions.post_answer(bob, question, body="An answer long enough to replay.")
    event = events.AnswerPosted(answer_id=answer.pk, thread_id=question.pk, author_id=bob.pk, at=timezone.now())
    notifications.on_answer_posted(event)
    notifications.on_answer_posted(event)
    assert kinds(alice) == ["answer"]


def test_inactive_members_are_not_notified(live, alice, bob, question):
    alice.is_active = False
    alice.save()
    live(actions.post_answer, bob, question, body="An answer nobody will be told about.")
    assert kinds(alice) == []


def test_notifications_older_than_the_page_keep_badges_in_order(live, alice, bob, question, client_for, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "NOTIFICATIONS_PER_PAGE": 2}
    for i in range(3):
        live(actions.post_answer, bob, question, body=f"Answer number {i}, long enough.")
    Notification.objects.filter(recipient=alice).update(created_at=timezone.now() - timedelta(days=1))
    c = client_for(alice)
    first = c.get("/inbox/").content.decode()
    second = c.get("/inbox/?page=2").content.decode()
    assert "Curious" in first and "Curious" not in second  # the badge is newer than every notification


def test_unverified_addresses_get_no_email(live, alice, bob, question):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=alice).update(verified=False)
    mail.outbox.clear()
    live(actions.post_answer, bob, question, body="An answer long enough to pass.")
    assert kinds(alice) == ["answer"] and mail.outbox == []


def test_backdated_events_fill_the_inbox_without_email(live, alice, bob, question):
    mail.outbox.clear()
    live(
        actions.post_answer,
        bob,
        question,
        body="An answer from long ago, long enough.",
        at=timezone.now() - timedelta(days=30),
    )
    assert kinds(alice) == ["answer"] and mail.outbox == []
    assert Notification.objects.get(recipient=alice).email_due == ""
