"""API flags and follows: the site's actions, privilege and throttles; following is idempotent."""

from community.moderation.models import Flag, ReviewTask
from community.notifications.models import Follow
from rewards import api as rewards_api
from tests.api.writes_support import as_token, assert_problem


def test_flags_on_threads_answers_and_comments_make_the_sites_rows(
    client_for, alice, bob, make_member, make_thread, make_answer
):
    thread = make_thread(alice)
    answer = make_answer(alice, thread)
    from community.forum import actions

    comment = actions.post_comment(alice, thread=thread, body="Anyone?")
    carol = make_member("carol")
    assert (
        client_for(carol).post(f"/thread/{thread.pk}/flag", {"reason": "off_topic", "note": "Not ours"}).status_code
        == 302
    )
    api = as_token(bob)
    on_thread = api.post(f"threads/{thread.pk}/flags", {"reason": "off_topic", "note": "Not ours"})
    assert on_thread.status_code == 201
    assert on_thread.data["target"] == "thread" and on_thread.data["status"] == "open"
    assert api.post(f"answers/{answer.pk}/flags", {"reason": "spam"}).data["target"] == "answer"
    assert api.post(f"comments/{comment.pk}/flags", {"reason": "rude"}).data["target_id"] == comment.pk
    site_flag, api_flag = Flag.objects.filter(thread=thread, answer=None, comment=None).order_by("pk")
    assert (api_flag.reason, api_flag.note, api_flag.status) == (site_flag.reason, site_flag.note, site_flag.status)
    assert Flag.objects.filter(flagger=bob).count() == 3
    assert ReviewTask.objects.filter(queue=ReviewTask.Queue.FLAGS).exists()


def test_flags_are_refused_with_the_sites_sentences(alice, bob, make_member, make_thread):
    thread = make_thread(alice)
    original = make_thread(alice, title="How do I sync my notebooks offline, the original?")
    api = as_token(bob)
    assert_problem(
        api.post(f"threads/{thread.pk}/flags", {"reason": "duplicate"}),
        400,
        "Give the number or the link of the thread this duplicates.",
    )
    assert (
        api.post(f"threads/{thread.pk}/flags", {"reason": "duplicate", "duplicate_of": original.pk}).status_code == 201
    )
    assert_problem(
        api.post(f"threads/{thread.pk}/flags", {"reason": "spam"}),
        409,
        "You have already flagged this post; moderators will look at it.",
    )
    assert_problem(
        as_token(alice).post(f"threads/{thread.pk}/flags", {"reason": "spam"}),
        409,
        "You cannot flag your own post; edit or delete it instead.",
    )
    newcomer = make_member("newcomer", reputation=1)
    body = assert_problem(
        as_token(newcomer).post(f"threads/{thread.pk}/flags", {"reason": "spam"}),
        403,
        rewards_api.refusal(newcomer, "flag"),
    )
    assert "privileges_url" in body
    assert_problem(api.post(f"threads/{original.pk}/flags", {"reason": "because"}), 422)
    assert_problem(api.post(f"threads/{original.pk}/flags", {"reason": "spam", "note": "x" * 301}), 422)
    assert Flag.objects.count() == 1


def test_following_threads_and_tags_is_idempotent(alice, bob, make_thread):
    thread = make_thread(alice)
    api = as_token(bob)
    assert api.put(f"threads/{thread.pk}/follow").data == {"following": True}
    assert api.put(f"threads/{thread.pk}/follow").data == {"following": True}
    assert Follow.objects.filter(member=bob, thread=thread).count() == 1
    assert api.put("tags/Sync/follow").data == {"following": True}
    assert Follow.objects.filter(member=bob, tag__slug="sync").count() == 1
    assert api.delete(f"threads/{thread.pk}/follow").data == {"following": False}
    assert api.delete(f"threads/{thread.pk}/follow").data == {"following": False}
    assert api.delete("tags/sync/follow").data == {"following": False}
    assert not Follow.objects.filter(member=bob).exists()
    assert_problem(api.put("tags/no-such-tag/follow"), 404)
    assert_problem(as_token(bob, "read").put(f"threads/{thread.pk}/follow"), 403)


def test_follows_share_the_sites_per_minute_limit(client_for, alice, bob, make_thread, settings):
    settings.GUILDHALL = {
        **settings.GUILDHALL,
        "THROTTLES": {**settings.GUILDHALL["THROTTLES"], "follow": {"member": 2, "address": 10}},
    }
    thread = make_thread(alice)
    assert client_for(bob).post(f"/t/{thread.pk}/follow", {"follow": "1"}).status_code == 302
    api = as_token(bob)
    assert api.delete(f"threads/{thread.pk}/follow").status_code == 200
    assert_problem(
        api.put(f"threads/{thread.pk}/follow"),
        429,
        "You are going faster than people do: at most 2 follows a minute. Wait a minute and try again.",
    )
    assert not Follow.objects.exists()
