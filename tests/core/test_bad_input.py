"""Bad input gets a clear message and a 4xx, never a 500, and nothing is half-saved.

Voting twice, voting on one's own post and accepting on someone else's
question are covered in forum/test_votes.py and forum/test_accept.py; Markdown scripts
and javascript: links in forum/test_threads.py.
"""

import pytest

from community.models import Answer, Comment, Revision, Tag, Thread, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def asker(client_for, alice):
    return client_for(alice)


def _ask(client, **overrides):
    data = {
        "kind": "question",
        "title": "A perfectly normal title",
        "body": "A perfectly normal body text.",
        "tags": "sync",
    }
    data.update(overrides)
    return client.post("/ask/", data)


def _nothing_saved():
    assert not Thread.objects.exists() and not Revision.objects.exists() and not Tag.objects.exists()


def test_empty_title(asker):
    response = _ask(asker, title="")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    _nothing_saved()


def test_too_short_title(asker):
    response = _ask(asker, title="   help   ")
    assert response.status_code == 400
    assert "at least 10 characters" in response.content.decode()
    _nothing_saved()


def test_ten_thousand_character_title(asker):
    response = _ask(asker, title="x" * 10_000)
    assert response.status_code == 400
    assert "at most 150 characters; yours has 10000" in response.content.decode()
    _nothing_saved()


def test_twenty_tags(asker):
    response = _ask(asker, tags=" ".join(f"tag{i}" for i in range(20)))
    assert response.status_code == 400
    assert "Use at most 5 tags; you gave 20." in response.content.decode()
    _nothing_saved()


def test_no_tag(asker):
    response = _ask(asker, tags="  ")
    assert response.status_code == 400
    _nothing_saved()


@pytest.mark.parametrize("bad", ["c++<script>", "-leading-dash", "x" * 40, "emoji🙂", "semi;colon"])
def test_tags_with_invalid_characters(asker, bad):
    response = _ask(asker, tags=f"sync {bad}")
    assert response.status_code == 400
    assert "Tags use lower-case letters" in response.content.decode()
    _nothing_saved()


def test_upper_case_tags_are_lowered_not_refused(asker):
    assert _ask(asker, tags="Sync IOS").status_code == 302
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["ios", "sync"]


def test_the_member_keeps_what_they_typed_after_an_error(asker):
    page = _ask(asker, title="short", body="My long and careful explanation.").content.decode()
    assert "My long and careful explanation." in page


def test_unknown_kind(asker):
    response = _ask(asker, kind="poll")
    assert response.status_code == 400
    _nothing_saved()


def test_empty_answer(client_for, alice, bob, make_thread):
    thread = make_thread(alice)
    response = client_for(bob).post(f"/t/{thread.pk}/answer", {"body": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Answer.objects.exists()
    thread.refresh_from_db()
    assert thread.answer_count == 0


def test_overlong_comment(client_for, alice, bob, make_thread):
    thread = make_thread(alice)
    response = client_for(bob).post(f"/thread/{thread.pk}/comment", {"body": "y" * 700})
    assert response.status_code == 400
    assert "at most 600 characters" in response.content.decode()
    assert not Comment.objects.exists()


def test_posting_while_logged_out(client, alice, make_thread):
    thread = make_thread(alice)
    for url, data in [
        (
            "/ask/",
            {"kind": "question", "title": "Anonymous question title", "body": "Anonymous body text.", "tags": "sync"},
        ),
        (f"/t/{thread.pk}/answer", {"body": "Anonymous answer text here."}),
        (f"/thread/{thread.pk}/comment", {"body": "anonymous comment"}),
        (f"/thread/{thread.pk}/vote", {"value": "1"}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    assert (
        Thread.objects.count() == 1
        and not Answer.objects.exists()
        and not Comment.objects.exists()
        and not Vote.objects.exists()
    )


def test_editing_someone_elses_post(client_for, alice, bob, make_thread, make_answer):
    thread = make_thread(alice)
    answer = make_answer(alice, thread)
    intruder = client_for(bob)
    assert intruder.get(f"/t/{thread.pk}/edit").status_code == 403
    response = intruder.post(
        f"/t/{thread.pk}/edit", {"title": "Hijacked title here", "body": "Hijacked body text.", "tags": "spam"}
    )
    assert response.status_code == 403
    assert "only edit your own posts" in response.content.decode()
    assert intruder.post(f"/a/{answer.pk}/edit", {"body": "Hijacked answer text."}).status_code == 403
    assert intruder.post(f"/answer/{answer.pk}/delete").status_code == 403
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert (
        thread.title == "How do I sync my notes offline?" and "Hijacked" not in answer.body_md and not answer.is_deleted
    )
    assert Revision.objects.count() == 2


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/t/999999/whatever/"),
        ("get", "/t/999999/edit"),
        ("post", "/t/999999/answer"),
        ("post", "/a/999999/accept"),
        ("post", "/answer/999999/vote"),
        ("post", "/thread/999999/comment"),
        ("post", "/comment/999999/delete"),
        ("get", "/thread/999999/revisions"),
        ("get", "/members/nobody-here/"),
        ("get", "/tags/no-such-tag/"),
        ("post", "/poll/1/vote/"),
    ],
)
def test_unknown_ids_are_404(client_for, bob, method, url):
    response = getattr(client_for(bob), method)(url, {"value": "1", "body": "some text here"})
    assert response.status_code == 404


def test_garbage_vote_value(client_for, alice, bob, make_thread):
    thread = make_thread(alice)
    response = client_for(bob).post(f"/thread/{thread.pk}/vote", {"value": "+100"})
    assert response.status_code == 400
    assert "A vote is up, down or undo." in response.content.decode()
    thread.refresh_from_db()
    assert thread.score == 0


def test_undoing_a_vote_that_does_not_exist(client_for, alice, bob, make_thread):
    thread = make_thread(alice)
    assert client_for(bob).post(f"/thread/{thread.pk}/vote", {"value": "0"}).status_code == 409


def test_non_numeric_page_numbers_fall_back_to_a_page(client):
    assert client.get("/threads/?page=abc").status_code == 200
    assert client.get("/threads/?page=99999").status_code == 200


def test_unknown_sort_falls_back_to_active(client):
    assert client.get("/threads/bogus/").status_code == 200


def test_get_on_a_post_only_url_is_405(client_for, alice, bob, make_thread):
    thread = make_thread(alice)
    assert client_for(bob).get(f"/thread/{thread.pk}/vote").status_code == 405
