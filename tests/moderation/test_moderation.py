"""Flags, review queues, moderator actions, rate limits, honeypot and the audit log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.core import events
from community.forum import actions as forum_actions
from community.models import AuditEntry, Flag, Member, ReviewTask, SuggestedEdit, Tag, Thread, ThreadLink
from community.moderation import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(alice, make_thread):
    return make_thread(alice, title="A post that people may flag")


def _flag(client, model, pk, reason="spam", **extra):
    return client.post(f"/{model}/{pk}/flag", {"reason": reason, **extra})


def test_member_with_privilege_flags_and_it_lands_in_the_queue(client_for, bob, post):
    response = _flag(client_for(bob), "thread", post.pk, "off_topic", note="Not about Lumen")
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.flagger, flag.reason, flag.note, flag.status) == (bob, "off_topic", "Not about Lumen", "open")
    assert ReviewTask.objects.filter(queue="flags", thread=post, status="open").count() == 1


def test_flag_needs_the_privilege(client_for, make_member, post):
    response = _flag(client_for(make_member("newbie", reputation=1)), "thread", post.pk)
    assert response.status_code == 403
    assert "You need 15 reputation to flag posts; you have 1." in response.content.decode()
    assert not Flag.objects.exists()


def test_flagging_twice_or_ones_own_post_is_refused(client_for, alice, bob, post):
    assert _flag(client_for(bob), "thread", post.pk).status_code == 302
    assert _flag(client_for(bob), "thread", post.pk).status_code == 409
    assert _flag(client_for(alice), "thread", post.pk).status_code == 409
    assert Flag.objects.count() == 1


def test_duplicate_flag_needs_an_original(client_for, alice, bob, post, make_thread):
    original = make_thread(alice, title="The original question on this")
    assert _flag(client_for(bob), "thread", post.pk, "duplicate").status_code == 400
    assert (
        _flag(
            client_for(bob), "thread", post.pk, "duplicate", duplicate_of=f"http://x/t/{original.pk}/slug/"
        ).status_code
        == 302
    )
    assert Flag.objects.get().duplicate_of == original


def test_enough_spam_flags_from_trusted_members_hide_until_reviewed(client_for, make_member, post):
    for i in range(2):
        _flag(client_for(make_member(f"trusted{i}")), "thread", post.pk, "spam")
    _flag(client_for(make_member("untrusted", reputation=14)), "thread", post.pk, "rude")  # refused: no privilege
    post.refresh_from_db()
    assert not post.is_deleted
    _flag(client_for(make_member("trusted2")), "thread", post.pk, "rude")
    post.refresh_from_db()
    assert post.is_deleted
    assert AuditEntry.objects.get(action="auto_hide").target_id == post.pk


def test_moderator_reviews_a_flag_hide_and_restore(client_for, moderator, bob, post):
    _flag(client_for(bob), "thread", post.pk)
    task = ReviewTask.objects.get(queue="flags")
    mod = client_for(moderator)
    page = mod.get("/cms/review/").content.decode()
    assert post.title in page and "Spam" in page
    mod.post(f"/cms/review/task/{task.pk}/", {"decision": "hide", "reason": "Advertising", "confirmed": "1"})
    post.refresh_from_db()
    task.refresh_from_db()
    assert post.is_deleted and task.status == "done" and Flag.objects.get().status == "upheld"
    actions.moderate_restore(moderator, post, reason="On second thoughts it is fine")
    post.refresh_from_db()
    assert not post.is_deleted
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "reason")) == [
        ("hide", "Advertising"),
        ("restore", "On second thoughts it is fine"),
    ]


def test_dismissing_flags(client_for, moderator, bob, post):
    _flag(client_for(bob), "thread", post.pk)
    task = ReviewTask.objects.get(queue="flags")
    client_for(moderator).post(f"/cms/review/task/{task.pk}/", {"decision": "dismiss"})
    assert Flag.objects.get().status == "dismissed"
    post.refresh_from_db()
    assert not post.is_deleted


def test_affected_member_is_told_with_the_reason(moderator, alice, post, django_capture_on_commit_callbacks):
    told = []
    events.subscribe(events.MemberModerated, told.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            actions.moderate_hide(moderator, post, reason="Please keep it on topic")
    finally:
        events.unsubscribe(events.MemberModerated, told.append)
    assert [(e.member_id, e.action, e.reason) for e in told] == [(alice.pk, "hide", "Please keep it on topic")]


def test_first_posts_and_late_answers_are_queued(client_for, make_member, alice, make_thread):
    newbie = make_member("newbie", reputation=1)
    client_for(newbie).post(
        "/ask/",
        {"kind": "question", "title": "My very first question here", "body": "Body text long enough.", "tags": "sync"},
    )
    assert ReviewTask.objects.filter(queue="first_posts").count() == 1
    old = forum_actions.create_thread(
        alice,
        kind="question",
        title="An old question from long ago",
        body="Body text long enough.",
        tags=["sync"],
        at=timezone.now() - timedelta(days=90),
    )
    forum_actions.post_answer(make_member("veteran"), old, body="A late answer, but a good one.")
    veteran_task = ReviewTask.objects.get(queue="first_posts", answer__author__username="veteran")
    assert veteran_task  # a veteran's first post is still a first post
    forum_actions.post_answer(
        make_member("another"),
        make_thread(alice, title="A fresh question this week"),
        body="Another first answer here.",
    )
    forum_actions.post_answer(Member.objects.get(username="another"), old, body="And a late answer to the old one.")
    assert ReviewTask.objects.filter(queue="late_answers").count() == 1


def test_lock_blocks_answers_comments_and_votes(client_for, moderator, bob, post):
    actions.lock_thread(moderator, post, reason="Heated")
    client = client_for(bob)
    assert client.post(f"/t/{post.pk}/answer", {"body": "An answer to a locked thread."}).status_code == 409
    assert client.post(f"/thread/{post.pk}/comment", {"body": "a comment"}).status_code == 409
    assert client.post(f"/thread/{post.pk}/vote", {"value": "1"}).status_code == 409
    assert "locked this thread" in client.get(post.get_absolute_url()).content.decode()


def test_close_as_duplicate_links_the_original(client_for, moderator, bob, alice, post, make_thread):
    original = make_thread(alice, title="The original about flags")
    task = actions.flag_post(bob, post, reason="duplicate", duplicate_of=original)
    review_task = ReviewTask.objects.get(queue="flags")
    client_for(moderator).post(
        f"/cms/review/task/{review_task.pk}/", {"decision": "duplicate", "original": str(original.pk), "confirmed": "1"}
    )
    post.refresh_from_db()
    assert post.duplicate_of == original
    assert ThreadLink.objects.filter(from_thread=post, to_thread=original, kind="duplicate").exists()
    page = client_for(bob).get(post.get_absolute_url()).content.decode()
    assert "closed as a duplicate" in page and original.get_absolute_url() in page
    assert client_for(bob).post(f"/t/{post.pk}/answer", {"body": "Answering a closed duplicate."}).status_code == 409
    assert task.pk


def test_merge_tags(client_for, moderator, alice, make_thread):
    make_thread(alice, title="Tagged with the misspelling", tags=("synch",))
    both = make_thread(alice, title="Tagged with both spellings", tags=("synch", "sync"))
    response = client_for(moderator).post("/cms/review/merge-tags/", {"source": "synch", "target": "sync"})
    assert response.status_code == 302
    assert not Tag.objects.filter(name="synch").exists()
    assert Thread.objects.filter(tags__name="sync").count() == 2
    assert [t.name for t in both.tags.all()] == ["sync"]
    entry = AuditEntry.objects.get(action="merge_tags")
    assert entry.details == {"source": "synch", "target": "sync"} and entry.reason == ""


def test_merging_tags_keeps_followers(moderator, alice, bob, make_thread):
    from community.models import Follow

    make_thread(alice, title="Tagged with the misspelling", tags=("synch",))
    make_thread(alice, title="Tagged with the right spelling", tags=("sync",))
    Follow.objects.create(member=bob, tag=Tag.objects.get(name="synch"))
    Follow.objects.create(member=alice, tag=Tag.objects.get(name="synch"))
    Follow.objects.create(member=alice, tag=Tag.objects.get(name="sync"))
    actions.merge_tags(moderator, Tag.objects.get(name="synch"), Tag.objects.get(name="sync"))
    assert sorted(Follow.objects.filter(tag__name="sync").values_list("member__username", flat=True)) == [
        "alice",
        "bob",
    ]


def test_suspension_blocks_posting_and_says_why(client_for, moderator, bob, post):
    response = client_for(moderator).post(
        "/cms/review/suspend/bob/", {"days": 3, "reason": "Repeated spam", "confirmed": "1"}
    )
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.is_suspended
    response = client_for(bob).post(f"/t/{post.pk}/answer", {"body": "I am suspended but trying."})
    assert (
        response.status_code == 403
        and "suspended until" in response.content.decode()
        and "Repeated spam" in response.content.decode()
    )
    client_for(moderator).post("/cms/review/suspend/bob/", {"days": 0, "reason": ""})
    bob.refresh_from_db()
    assert not bob.is_suspended


def test_a_moderator_suspending_another_moderator_gets_a_403_with_the_reason(client_for, moderator, make_member):
    other = make_member("other-mod", staff=True)
    as_moderator = client_for(moderator)
    screen = as_moderator.get(f"/cms/review/suspend/{other.username}/")
    assert screen.status_code == 403 and "Only an administrator can suspend a moderator." in screen.content.decode()
    response = as_moderator.post(f"/cms/review/suspend/{other.username}/", {"days": 3, "reason": "A quarrel"})
    assert response.status_code == 403
    assert "Only an administrator can suspend a moderator." in response.content.decode()
    other.refresh_from_db()
    assert not other.is_suspended
    admin = make_member("admin", superuser=True)
    response = client_for(admin).post(
        f"/cms/review/suspend/{other.username}/", {"days": 3, "reason": "Agreed", "confirmed": "1"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.is_suspended


def test_a_suspension_whose_notice_fails_is_not_half_saved(monkeypatch, moderator, bob):
    """The suspension, its audit entry and the member's notice are one transaction."""
    from community.core.models import AuditEntry
    from community.moderation import actions as moderation_actions

    def broken_notice(entry):
        raise RuntimeError("the notice could not be written")

    monkeypatch.setattr(moderation_actions, "tell_member", broken_notice)
    with pytest.raises(RuntimeError):
        moderation_actions.suspend_member(moderator, bob, days=3, reason="Repeated spam")
    bob.refresh_from_db()
    assert not bob.is_suspended and not AuditEntry.objects.filter(action="suspend").exists()


def test_suggested_edit_is_applied_only_after_approval(client_for, make_member, moderator, post):
    helper = make_member("helper", reputation=100)
    response = client_for(helper).post(
        f"/thread/{post.pk}/suggest-edit",
        {"title": "A clearer title for the post", "body": "A clearer body text.", "tags": "sync"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "A post that people may flag"
    task = ReviewTask.objects.get(queue="suggested_edits")
    client_for(moderator).post(f"/cms/review/task/{task.pk}/", {"decision": "approve"})
    post.refresh_from_db()
    assert post.title == "A clearer title for the post"
    assert post.revisions.last().editor == helper
    assert SuggestedEdit.objects.get().status == "approved"


def test_rate_limit_answers_429_and_keeps_the_text(client_for, make_member):
    newbie = make_member("newbie", reputation=1)
    client = client_for(newbie)
    for i in range(3):
        assert (
            client.post(
                "/ask/",
                {
                    "kind": "question",
                    "title": f"Question number {i} today",
                    "body": "Body text long enough.",
                    "tags": "sync",
                },
            ).status_code
            == 302
        )
    response = client.post(
        "/ask/",
        {
            "kind": "question",
            "title": "One question too many",
            "body": "My carefully written fourth question.",
            "tags": "sync",
        },
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "New members can post 3 times an hour" in page and "My carefully written fourth question." in page
    assert Thread.objects.count() == 3


def test_rate_limits_are_shown_on_the_privileges_page(client):
    assert "3 posts an hour" in client.get("/privileges/").content.decode()


def test_honeypot_turns_bots_away(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "bot@example.com",
            "username": "botty",
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 200 and "Sign-up refused" in response.content.decode()
    assert not Member.objects.filter(username="botty").exists()


def test_audit_log_is_browsable_and_filterable(client_for, moderator, alice, post):
    actions.lock_thread(moderator, post, reason="Cooling down")
    actions.suspend_member(moderator, alice, days=1, reason="Cooling down too")
    client = client_for(moderator)
    page = client.get("/cms/review/audit/?action=lock").content.decode()
    assert "Cooling down" in page and "Cooling down too" not in page
    assert client_for(alice).get("/cms/review/audit/").status_code != 200


def test_review_queue_is_for_moderators_only(client_for, bob):
    assert client_for(bob).get("/cms/review/").status_code != 200


def test_thread_page_offers_flag_and_suggest_edit_to_whom_they_apply(client_for, make_member, moderator, post):
    trusted = client_for(make_member("trusted", reputation=200)).get(post.get_absolute_url()).content.decode()
    assert 'class="flag-form"' in trusted and f"/thread/{post.pk}/suggest-edit" in trusted
    newbie = client_for(make_member("newbie", reputation=1)).get(post.get_absolute_url()).content.decode()
    assert 'class="flag-form"' not in newbie
    steward = client_for(make_member("steward", reputation=2000)).get(post.get_absolute_url()).content.decode()
    assert f"/t/{post.pk}/edit" in steward and "suggest-edit" not in steward


def test_the_member_finds_the_decision_and_reason_in_the_inbox(
    client_for, moderator, alice, post, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        actions.lock_thread(moderator, post, reason="The discussion went off the rails")
    page = client_for(alice).get("/inbox/").content.decode()
    assert "A moderator locked your thread" in page and "The discussion went off the rails" in page
    assert any("The discussion went off the rails" in m.body for m in mail.outbox)
