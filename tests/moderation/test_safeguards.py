"""Moderation screens that prevent mistakes: confirmations, the flag's duplicate pre-filled, queue counts in the
CMS, an audit log in words with one entry per act, and review queues that show posts, not their Markdown."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.forum import actions as forum_actions
from community.models import AuditEntry, Member, ReviewTask
from community.moderation import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(alice, make_thread):
    return make_thread(alice, title="Notes vanish after the update", body="It **really** happened twice.")


@pytest.fixture
def original(bob, make_thread):
    return make_thread(
        bob, title="Notes disappeared after updating", body="Same here: my notes vanished after the update."
    )


@pytest.fixture
def flagged(post, original, make_member):
    """An open flag saying the post duplicates ``original``, and its review task."""
    flagger = make_member("flagger", reputation=500)
    actions.flag_post(flagger, post, reason="duplicate", duplicate_of=original)
    return ReviewTask.objects.get(queue=ReviewTask.Queue.FLAGS, thread=post, answer=None, comment=None)


@pytest.fixture
def cms(client_for, moderator):
    return client_for(moderator)


def decide(cms, task, **data):
    return cms.post(reverse("community_review_action", args=[task.pk]), data)


# --- confirmations --------------------------------------------------------------------------------------


DECISIONS = {
    "hide": ({"decision": "hide", "reason": "Off-topic"}, "Yes, hide it"),
    "lock": ({"decision": "lock", "reason": "Heated"}, "Yes, lock the thread"),
    "suspend": ({"decision": "suspend", "reason": "Spam again", "days": "3"}, "Yes, suspend the author"),
}


def _acted(post, decision) -> bool:
    post.refresh_from_db()
    alice = Member.objects.get(pk=post.author_id)
    return {
        "hide": post.is_deleted,
        "lock": post.is_locked,
        "duplicate": post.duplicate_of_id is not None,
        "suspend": alice.suspended_until is not None,
    }[decision]


@pytest.mark.parametrize("decision", ["hide", "lock", "suspend", "duplicate"])
def test_a_review_decision_asks_first_and_a_post_without_confirmation_changes_nothing(
    cms, flagged, post, original, decision
):
    data, button = DECISIONS.get(decision) or ({"decision": "duplicate", "original": str(original.pk)}, "")
    page = decide(cms, flagged, **data)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="confirmed" value="1"' in html and "No, go back" in html
    if button:
        assert button in html
    else:  # the duplicate's confirmation names both threads
        assert "Yes, close as a duplicate" in html and original.title in html and post.title in html
    assert not _acted(post, decision)
    assert not AuditEntry.objects.exists()
    flagged.refresh_from_db()
    assert flagged.status == ReviewTask.Status.OPEN

    done = decide(cms, flagged, **data, confirmed="1")
    assert done.status_code == 302
    assert _acted(post, decision)


def test_a_suspension_without_a_reason_is_refused_before_the_confirmation(cms, flagged, post):
    response = decide(cms, flagged, decision="suspend", days="3")
    assert response.status_code == 302
    assert Member.objects.get(pk=post.author_id).suspended_until is None


def test_the_cms_hide_of_a_post_needs_its_confirmation(cms, post):
    hide_url = reverse("community_threads:hide", args=[post.pk])
    page = cms.post(hide_url)  # no "confirmed": the confirmation page again
    assert page.status_code == 200 and "Yes, hide this thread" in page.content.decode()
    post.refresh_from_db()
    assert not post.is_deleted
    cms.post(hide_url, {"confirmed": "1"})
    post.refresh_from_db()
    assert post.is_deleted
    # One record: the audit log's (no Wagtail log entry beside it), and the author is told.
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["hide"]


def test_the_suspend_screen_asks_before_suspending(cms, alice):
    url = reverse("community_suspend", args=[alice.username])
    page = cms.post(url, {"days": "5", "reason": "Spam links"})
    html = page.content.decode()
    assert page.status_code == 200 and "Yes, suspend this member" in html and "for 5 days" in html
    assert Member.objects.get(pk=alice.pk).suspended_until is None
    cms.post(url, {"days": "5", "reason": "Spam links", "confirmed": "1"})
    assert Member.objects.get(pk=alice.pk).suspended_until is not None


# --- the flag's original, pre-filled ----------------------------------------------------------------------


def test_the_duplicate_field_starts_with_the_original_the_flag_named(cms, flagged, original):
    html = cms.get(reverse("community_review_queue", args=["flags"])).content.decode()
    field = re.search(rf'<input id="original-{flagged.pk}"[^>]*>', html).group(0)
    assert f'value="{original.pk}"' in field
    assert f"From the flag: “{original.title}”" in html


# --- the post as members read it ------------------------------------------------------------------------


def test_review_queues_show_the_post_rendered_never_its_markdown(cms, flagged):
    html = cms.get(reverse("community_review_queue", args=["flags"])).content.decode()
    assert "<strong>really</strong>" in html
    assert "**really**" not in html


def test_a_suggested_edit_is_shown_rendered(cms, post, make_member):
    editor = make_member("editor")
    actions.suggest_edit(editor, post, title=post.title, body="Now with a *fix*: restart twice.", tags="sync")
    html = cms.get(reverse("community_review_queue", args=["suggested_edits"])).content.decode()
    assert "<em>fix</em>" in html and "*fix*" not in html


# --- queue counts -----------------------------------------------------------------------------------------


def _sidebar_labels(html: str) -> list[str]:
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    return re.findall(r'"label": "([^"]*)"', props.group(1))


def test_dashboard_and_sidebar_count_what_waits_in_each_queue(
    cms, flagged, moderator, django_capture_on_commit_callbacks
):
    home = cms.get(reverse("wagtailadmin_home")).content.decode()
    assert "Waiting for moderators" in home
    panel = home[home.index("Waiting for moderators") :]
    assert re.search(r'queue-panel-count is-waiting">1</span><span>Flagged posts', panel)
    labels = _sidebar_labels(home)
    assert "Flagged posts (1)" in labels and any(label.startswith("Review queues (") for label in labels)

    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_review(moderator, flagged, "dismiss")
    labels = _sidebar_labels(cms.get(reverse("wagtailadmin_home")).content.decode())
    assert "Flagged posts (0)" in labels  # handled: the cached counts were forgotten


def test_queue_counts_cost_no_query_once_cached(cms, flagged, django_assert_num_queries):
    from community.moderation.queries import open_counts

    assert open_counts()["flags"] == 1
    with django_assert_num_queries(0):
        assert open_counts()["flags"] == 1


# --- the audit log ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "decision, extra",
    [("lock", {}), ("duplicate", {"original": "ORIGINAL"}), ("hide", {}), ("approve", {}), ("dismiss", {})],
)
def test_one_review_decision_makes_exactly_one_audit_entry(cms, flagged, original, decision, extra):
    extra = {k: str(original.pk) if v == "ORIGINAL" else v for k, v in extra.items()}
    response = decide(cms, flagged, decision=decision, reason="Checked", confirmed="1", **extra)
    assert response.status_code == 302
    assert AuditEntry.objects.count() == 1


def test_the_audit_log_reads_in_sentences_with_links_and_no_codes(cms, flagged, post, original, bob, alice):
    decide(cms, flagged, decision="duplicate", original=str(original.pk), confirmed="1")
    answer = forum_actions.post_answer(alice, original, body="Try the sync button, then restart the app.")
    actions.moderate_hide(Member.objects.get(username="mod"), answer, reason="Spam")
    html = cms.get(reverse("community_audit:index")).content.decode()
    duplicate_url = reverse("community:thread_short", args=[original.pk])
    assert "Closed" in html and f'<a href="{duplicate_url}">“{original.title}”</a>' in html
    assert "Hid an answer by" in html and f"#answer-{answer.pk}" in html and ">alice</a>" in html
    table = html[html.index("<table") : html.index("</table>")]  # the filter's option values are codes
    for code in ("close_duplicate", ">hide<", "review_approve", "thread #", "answer #"):
        assert code not in table
    entry = AuditEntry.objects.get(action="close_duplicate")
    assert entry.reason == ""  # no English sentence stored as the moderator's reason
    inspect = cms.get(reverse("community_audit:inspect", args=[entry.pk])).content.decode()
    assert "as a duplicate of" in inspect and "close_duplicate" not in inspect


def test_the_audit_log_speaks_french(cms, flagged, post, moderator):
    from wagtail.users.models import UserProfile

    decide(cms, flagged, decision="lock", reason="", confirmed="1")
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "fr"
    profile.save()
    html = cms.get(reverse("community_audit:index")).content.decode()
    assert (
        f'A verrouillé la discussion <a href="{reverse("community:thread_short", args=[post.pk])}">« {post.title} »</a>'
        in html.replace("\u00a0", " ")
    )


def test_the_old_doubles_and_english_reasons_are_rewritten_by_the_migration(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("community.migrations.0028_moderation_polish")
    AuditEntry.objects.create(action="lock", target_type="thread", target_id=1, reason="Heated")
    AuditEntry.objects.create(action="review_approve", target_type="thread", target_id=1, reason="lock: Heated")
    AuditEntry.objects.create(action="suspend", target_type="member", reason="3 days: Spam again")
    migration.words_not_codes(apps, None)
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "reason")) == [
        ("lock", "Heated"),
        ("suspend", "Spam again"),
    ]
    assert AuditEntry.objects.get(action="suspend").details == {"days": 3}
    json.dumps(list(AuditEntry.objects.values_list("details", flat=True)))


def test_a_moderator_hiding_a_post_on_the_site_confirms_first(client_for, moderator, post, alice):
    client = client_for(moderator)
    page = client.post(f"/thread/{post.pk}/delete")
    assert page.status_code == 200 and "Yes, hide it" in page.content.decode()
    post.refresh_from_db()
    assert not post.is_deleted
    assert client.post(f"/thread/{post.pk}/delete", {"confirmed": "1"}).status_code == 302
    post.refresh_from_db()
    assert post.is_deleted
    # The author deleting their own post is not asked twice.
    own = forum_actions.create_thread(
        alice, kind="question", title="My own question to delete", body="Some words long enough.", tags=["sync"]
    )
    assert client_for(alice).post(f"/thread/{own.pk}/delete").status_code == 302
    own.refresh_from_db()
    assert own.is_deleted


def test_the_flags_queue_runs_the_same_queries_for_one_post_of_each_kind_or_many(
    cms, make_member, make_thread, make_answer
):
    """Its tasks join their posts; the posts' authors and threads come in a query each (a wider join cost
    PostgreSQL more to plan than to run): as many queries for three flagged posts as for fifteen."""
    flagger = make_member("flagger", reputation=500)
    queue = reverse("community_review_queue", args=["flags"])

    def flag_one_of_each(n: int) -> None:
        thread = make_thread(make_member(f"asker{n}"), title=f"Flagged question number {n} about sync")
        answer = make_answer(make_member(f"answerer{n}"), thread)
        comment = forum_actions.post_comment(make_member(f"commenter{n}"), thread=thread, answer=answer, body="Hm.")
        for target in (thread, answer, comment):
            actions.flag_post(flagger, target, reason="rude")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            page = cms.get(queue)
        assert page.status_code == 200
        return len(ctx.captured_queries)

    flag_one_of_each(0)
    queries()  # warm what the CMS keeps
    few = queries()
    for n in range(1, 5):
        flag_one_of_each(n)
    page = cms.get(queue).content.decode()
    assert "Flagged question number 4 about sync" in page
    assert queries() == few
