"""The moderators' CMS at /cms/: listings, search, edit, hide/restore, access, query budget."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.forum import actions
from community.models import Answer, Comment, Revision, Thread

LISTINGS = ["community_threads", "community_answers", "community_comments"]


def url(viewset: str, view: str, *args) -> str:
    return reverse(f"{viewset}:{view}", args=args)


def row_for(html: str, text: str) -> str:
    """The listing's table row that contains ``text``."""
    rows = [chunk for chunk in html.split("<tr") if text in chunk]
    assert rows, f"no row contains {text!r}"
    return rows[0]


@pytest.fixture
def cms_moderator(moderator):
    """A staff member in the Moderators group (what the migration sets up)."""
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return moderator


@pytest.fixture
def mod_client(client_for, cms_moderator):
    return client_for(cms_moderator)


@pytest.fixture
def thread(make_thread, alice):
    return make_thread(alice, title="How do I sync my notes offline?")


@pytest.fixture
def answer(make_answer, bob, thread):
    return make_answer(bob, thread)


# --- access and listings ----------------------------------------------------------


def test_migration_creates_moderators_group_with_admin_and_post_permissions(db):
    group = Group.objects.get(name="Moderators")
    perms = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert "wagtailadmin.access_admin" in perms
    for model in ("thread", "answer", "comment"):
        assert f"community.view_{model}" in perms
        assert f"community.change_{model}" in perms


def test_community_menu_is_shown_to_moderators(mod_client):
    response = mod_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Community" in content
    for viewset in LISTINGS:
        assert url(viewset, "index") in content


def test_moderator_opens_each_listing_and_sees_deleted_posts_marked(
    mod_client, cms_moderator, make_thread, alice, bob, answer
):
    gone = make_thread(alice, title="An old duplicate question about syncing")
    actions.hide_post(cms_moderator, gone)
    actions.post_comment(bob, thread=answer.thread, answer=answer, body="Works for me on Android too.")

    for viewset in LISTINGS:
        response = mod_client.get(url(viewset, "index"))
        assert response.status_code == 200, viewset

    html = mod_client.get(url("community_threads", "index")).content.decode()
    deleted_row = row_for(html, "An old duplicate question about syncing")
    assert "Deleted" in deleted_row
    assert cms_moderator.username in deleted_row  # who hid it
    assert "Visible" in row_for(html, "How do I sync my notes offline?")
    assert gone.get_absolute_url() in deleted_row  # "View on site"
    assert url("community_threads", "restore", gone.pk) in deleted_row
    assert url("community_threads", "hide", gone.pk) not in deleted_row

    comments = mod_client.get(url("community_comments", "index")).content.decode()
    assert "Works for me on Android too." in comments


def test_listing_filters_on_deleted_and_kind(mod_client, cms_moderator, make_thread, alice):
    make_thread(alice, title="Visible question about exports")
    tip = make_thread(alice, kind="tip", title="A handy tip about keyboard shortcuts")
    gone = make_thread(alice, title="Hidden question about printing")
    actions.hide_post(cms_moderator, gone)

    deleted_only = mod_client.get(url("community_threads", "index"), {"is_deleted": "true"}).content.decode()
    assert "Hidden question about printing" in deleted_only
    assert "Visible question about exports" not in deleted_only

    tips = mod_client.get(url("community_threads", "index"), {"kind": "tip"}).content.decode()
    assert tip.title in tips
    assert "Visible question about exports" not in tips


def test_search_finds_a_thread_by_a_word_of_its_title_and_excludes_others(mod_client, make_thread, alice, bob):
    make_thread(alice, title="Pineapple export fails on Windows")
    make_thread(bob, title="Dark mode colours look washed out")

    html = mod_client.get(url("community_threads", "index"), {"q": "pineapple"}).content.decode()
    assert "Pineapple export fails on Windows" in html
    assert "Dark mode colours look washed out" not in html

    # The results-only view (used while typing) searches too, and by author username.
    html = mod_client.get(url("community_threads", "index_results"), {"q": "bob"}).content.decode()
    assert "Dark mode colours look washed out" in html
    assert "Pineapple export fails on Windows" not in html


def test_no_add_or_hard_delete_in_the_cms(mod_client, thread):
    html = mod_client.get(url("community_threads", "index")).content.decode()
    assert "/cms/community/threads/new/" not in html
    assert mod_client.get("/cms/community/threads/new/").status_code == 404
    assert mod_client.get(f"/cms/community/threads/delete/{thread.pk}/").status_code == 404


# --- edit ----------------------------------------------------------------------


def test_editing_a_thread_records_a_revision_and_renders_markdown(mod_client, cms_moderator, thread):
    edit_url = url("community_threads", "edit", thread.pk)
    page = mod_client.get(edit_url)
    assert page.status_code == 200
    assert "sync" in page.content.decode()  # current tags are pre-filled
    before = Revision.objects.filter(thread=thread).count()

    response = mod_client.post(
        edit_url,
        {
            "title": "How do I sync my notes when offline?",
            "body_md": "I travel a lot and need my notes **without** a connection. What works?",
            "tags": "sync offline",
            "summary": "Clarified the title",
        },
    )

    assert response.status_code == 302
    assert response.url == url("community_threads", "index")
    thread.refresh_from_db()
    assert thread.title == "How do I sync my notes when offline?"
    assert "<strong>without</strong>" in thread.body_html
    assert sorted(thread.tags.names()) == ["offline", "sync"]
    assert Revision.objects.filter(thread=thread).count() == before + 1
    revision = Revision.objects.filter(thread=thread).latest("number")
    assert revision.editor == cms_moderator
    assert revision.summary == "Clarified the title"
    history = mod_client.get(url("community_threads", "history", thread.pk))
    assert history.status_code == 200


def test_invalid_edit_shows_the_actions_errors_and_changes_nothing(mod_client, thread):
    before = Revision.objects.filter(thread=thread).count()
    response = mod_client.post(
        url("community_threads", "edit", thread.pk),
        {"title": "How do I sync my notes offline?", "body_md": "I travel a lot.", "tags": "sync"},
    )
    assert response.status_code == 200
    assert "at least" in response.content.decode()  # the body-length message from actions.clean_body
    thread.refresh_from_db()
    assert thread.body_md.startswith("I travel a lot and need")
    assert Revision.objects.filter(thread=thread).count() == before


def test_editing_an_answer_records_a_revision(mod_client, answer):
    response = mod_client.post(
        url("community_answers", "edit", answer.pk),
        {"body_md": "Turn on *offline mode* in Settings → Sync; it keeps a local copy.", "summary": ""},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert "<em>offline mode</em>" in answer.body_html
    assert Revision.objects.filter(answer=answer).count() == 2


def test_comments_are_not_editable_but_can_be_inspected(mod_client, bob, thread):
    comment = actions.post_comment(bob, thread=thread, body="Have you tried the desktop app?")
    assert mod_client.get(url("community_comments", "inspect", comment.pk)).status_code == 200
    assert mod_client.get(f"/cms/community/comments/edit/{comment.pk}/").status_code == 404


# --- hide and restore ----------------------------------------------------------


def test_hide_then_restore_an_answer_flips_is_deleted_and_the_answer_count(mod_client, answer):
    thread = answer.thread
    thread.refresh_from_db()
    assert thread.answer_count == 1
    hide_url = url("community_answers", "hide", answer.pk)

    confirm = mod_client.get(hide_url)
    assert confirm.status_code == 200
    assert "Yes, hide this answer" in confirm.content.decode()

    response = mod_client.post(hide_url, {"confirmed": "1"}, follow=True)
    assert response.redirect_chain[-1] == (url("community_answers", "index"), 302)
    assert "hidden" in response.content.decode()  # the success message
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert answer.is_deleted and answer.deleted_at is not None
    assert thread.answer_count == 0
    assert "Deleted" in row_for(response.content.decode(), url("community_answers", "edit", answer.pk))

    restore_url = url("community_answers", "restore", answer.pk)
    assert mod_client.get(restore_url).status_code == 200
    response = mod_client.post(restore_url, {"confirmed": "1"})
    assert response.status_code == 302
    assert response.url == url("community_answers", "index")
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert not answer.is_deleted
    assert thread.answer_count == 1


def test_hide_redirects_back_to_the_listing_it_came_from(mod_client, thread):
    back = url("community_threads", "index") + "?q=sync"
    response = mod_client.post(
        url("community_threads", "hide", thread.pk) + "?" + urlencode({"next": back}), {"confirmed": "1"}
    )
    assert response.status_code == 302
    assert response.url == back


def test_hiding_twice_is_refused_with_a_message(mod_client, cms_moderator, thread):
    actions.hide_post(cms_moderator, thread)
    response = mod_client.post(url("community_threads", "hide", thread.pk), {"confirmed": "1"}, follow=True)
    assert response.status_code == 200
    assert "already been deleted" in response.content.decode()
    # The confirmation page is skipped too.
    assert mod_client.get(url("community_threads", "hide", thread.pk)).status_code == 302
    # The edit page says so, with a way back.
    edit_page = mod_client.get(url("community_threads", "edit", thread.pk)).content.decode()
    assert "is <strong>deleted</strong>" in edit_page
    assert url("community_threads", "restore", thread.pk) in edit_page


def test_hide_and_restore_a_comment_updates_the_comment_count(mod_client, bob, thread):
    comment = actions.post_comment(bob, thread=thread, body="Have you tried the desktop app?")
    mod_client.post(url("community_comments", "hide", comment.pk), {"confirmed": "1"})
    comment.refresh_from_db()
    thread.refresh_from_db()
    assert comment.is_deleted and thread.comment_count == 0
    mod_client.post(url("community_comments", "restore", comment.pk), {"confirmed": "1"})
    comment.refresh_from_db()
    thread.refresh_from_db()
    assert not comment.is_deleted and thread.comment_count == 1


# --- who may ---------------------------------------------------------------------


def test_a_member_gets_no_access_to_the_cms(client_for, bob, thread, answer):
    member = client_for(bob)
    for viewset in LISTINGS:
        assert member.get(url(viewset, "index")).status_code != 200
    assert member.get(url("community_threads", "edit", thread.pk)).status_code != 200

    response = member.post(url("community_answers", "hide", answer.pk))
    assert response.status_code != 200
    response = member.post(url("community_threads", "hide", thread.pk))
    assert response.status_code != 200
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert not answer.is_deleted and not thread.is_deleted
    assert thread.answer_count == 1


def test_anonymous_visitors_are_sent_to_log_in(client, thread):
    response = client.get(url("community_threads", "index"))
    assert response.status_code == 302
    assert "login" in response.url


def test_moderators_group_membership_is_what_makes_a_moderator(client_for, make_member, thread):
    # The CMS and the public site agree: the group grants moderation, the staff flag alone does not.
    helper = make_member("helper")
    helper.groups.add(Group.objects.get(name="Moderators"))
    helper_client = client_for(helper)
    assert helper_client.get(url("community_threads", "index")).status_code == 200
    assert helper_client.get(url("community_threads", "hide", thread.pk)).status_code == 200
    helper_client.post(url("community_threads", "hide", thread.pk), {"confirmed": "1"})
    thread.refresh_from_db()
    assert thread.is_deleted

    staff_only = make_member("staffonly")
    type(staff_only).objects.filter(pk=staff_only.pk).update(is_staff=True)
    staff_only.refresh_from_db()
    response = client_for(staff_only).post(f"/thread/{thread.pk}/restore")
    assert response.status_code == 403
    thread.refresh_from_db()
    assert thread.is_deleted


@pytest.mark.parametrize(
    "viewset,view",
    [
        ("community_threads", "edit"),
        ("community_threads", "hide"),
        ("community_threads", "restore"),
        ("community_threads", "inspect"),
        ("community_answers", "edit"),
        ("community_answers", "hide"),
        ("community_comments", "restore"),
        ("community_comments", "inspect"),
    ],
)
def test_unknown_ids_give_404(mod_client, viewset, view):
    assert mod_client.get(url(viewset, view, 999999)).status_code == 404
    if view in ("hide", "restore"):
        assert mod_client.post(url(viewset, view, 999999)).status_code == 404


# --- query budget ------------------------------------------------------------------


def _count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_listings_run_a_constant_number_of_queries(mod_client, cms_moderator, make_member, make_thread, make_answer):
    authors = [make_member() for _ in range(3)]
    first = make_thread(authors[0], title="Thread number zero about syncing")
    reply = make_answer(authors[1], first)
    actions.post_comment(authors[2], thread=first, answer=reply, body="A comment on the answer.")
    for viewset in LISTINGS:
        _count_queries(mod_client, url(viewset, "index"))  # warm caches (content types, etc.)
    small = {viewset: _count_queries(mod_client, url(viewset, "index")) for viewset in LISTINGS}

    for i in range(1, 30):
        author = make_member()
        t = make_thread(author, title=f"Thread number {i} about syncing", kind="tip" if i % 2 else "question")
        a = make_answer(authors[i % 3], t)
        c = actions.post_comment(author, thread=t, answer=a if i % 2 else None, body=f"Comment {i} here.")
        if i % 3 == 0:
            actions.hide_post(cms_moderator, t)
            actions.hide_post(cms_moderator, c)
    assert Thread.objects.count() == 30 and Answer.objects.count() == 30 and Comment.objects.count() == 30

    for viewset in LISTINGS:
        big = _count_queries(mod_client, url(viewset, "index"))
        assert big == small[viewset], f"{viewset}: {small[viewset]} queries for 1 row, {big} for 30"
        assert big <= 15, f"{viewset}: {big} queries"
    # Searching and filtering keep to the budget too.
    assert _count_queries(mod_client, url("community_threads", "index") + "?q=syncing&is_deleted=false") <= 15
