"""API writes (issue 16, point 1 "Write"): asking, answering and commenting through the site's own actions — the
same rows as the site's forms, the site's refusals word for word as problem documents, bad input a 4xx with
nothing written, 201 with the post and a Location."""

import pytest
from django.test import Client

from community.forum.models import Answer, Comment, Revision, Thread
from community.moderation import actions as moderation_actions
from rewards import api as rewards_api
from tests.api.writes_support import Api, as_token, assert_problem

QUESTION = {
    "title": "How do I sync my notebooks without a connection?",
    "body": "I travel a lot and need my notebooks on the plane. What do you use for offline sync?",
    "tags": ["sync", "offline"],
}


def _thread_columns(thread):
    return (
        thread.kind,
        thread.title,
        thread.body_md,
        thread.body_html,
        thread.language,
        thread.idea_status,
        sorted(thread.tags.names()),
        list(Revision.objects.filter(thread=thread).values_list("number", "title", "tags", "body_md")),
    )


def test_asking_makes_the_same_thread_as_the_site_and_answers_201_with_location(client_for, alice):
    site = client_for(alice).post("/ask/idea/", {**QUESTION, "tags": "sync offline", "language": ""})
    assert site.status_code == 302
    response = as_token(alice).post("threads/", {**QUESTION, "kind": "idea"})
    assert response.status_code == 201, response.content
    by_site, by_api = Thread.objects.order_by("pk")
    assert _thread_columns(by_api) == _thread_columns(by_site)
    assert by_api.author == alice and by_api.idea_status == "new"
    assert response["Location"] == f"http://testserver/api/v1/threads/{by_api.pk}"
    body = response.data
    assert (body["id"], body["kind"], body["title"]) == (by_api.pk, "idea", QUESTION["title"])
    assert body["author"]["username"] == "alice" and body["tags"] == ["offline", "sync"]
    assert body["answers"] == [] and body["url"].endswith(by_api.get_absolute_url())
    assert Api().get(response["Location"].removeprefix("http://testserver")).data["id"] == by_api.pk


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"title": "Sync?"}, "Please write a title of at least 10 characters."),
        ({"tags": ["a", "b", "c", "d", "e", "f"]}, "Use at most 5 tags; you gave 6."),
        ({"tags": []}, "Add at least one tag, so people who know the topic find your post."),
        ({"body": "Too short."}, "Please write at least 20 characters."),
        ({"language": "tlh"}, "Choose one of the site’s languages."),
    ],
)
def test_the_sites_rules_refuse_with_the_sites_sentence_and_write_nothing(alice, change, detail):
    response = as_token(alice).post("threads/", {**QUESTION, "kind": "question", **change})
    assert_problem(response, 400, detail)
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {**QUESTION, "kind": "rant"},
        {"kind": "question", "title": "No body or tags here"},
        {**QUESTION, "kind": "question", "tags": "sync offline"},
        {**QUESTION, "kind": "question", "title": "x" * 10_001},
        [],
    ],
)
def test_malformed_input_is_a_422_problem_naming_the_field_and_writes_nothing(alice, payload):
    response = as_token(alice).post("threads/", payload)
    body = assert_problem(response, 422)
    assert body["detail"].startswith("The request is not valid")
    assert not Thread.objects.exists()


def test_a_body_that_is_not_json_is_refused(alice):
    api = as_token(alice)
    response = api.client.post(
        "/api/v1/threads/", data="kind=question&title=hello", content_type="application/json", **api.headers
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Thread.objects.exists()


def test_new_members_hit_the_sites_posting_limit_with_its_sentence(make_member):
    newcomer = make_member("newcomer", reputation=1)
    api = as_token(newcomer)
    for n in range(3):
        assert (
            api.post("threads/", {**QUESTION, "kind": "question", "title": f"{QUESTION['title']} {n}"}).status_code
            == 201
        )
    refused = api.post("threads/", {**QUESTION, "kind": "question", "title": "One post too many for an hour"})
    detail = assert_problem(refused, 429, "New members can post 3 times an hour. Please wait about …")["detail"]
    assert "minute" in detail and refused["Retry-After"]
    assert Thread.objects.count() == 3


def test_visitors_and_bad_tokens_write_nothing(db):
    assert_problem(Api().post("threads/", {**QUESTION, "kind": "question"}), 401)
    assert_problem(Api("gh_forged").post("threads/", {**QUESTION, "kind": "question"}), 401)
    assert not Thread.objects.exists()


# --- answers -----------------------------------------------------------------------------------------------------


def test_answering_makes_the_same_rows_as_the_site(client_for, alice, bob, make_thread):
    first, second = make_thread(alice), make_thread(alice, title="How do I sync my notes on a plane?")
    body = "Turn on offline mode in Settings → Sync: it keeps a local copy of every notebook."
    assert client_for(bob).post(f"/t/{first.pk}/answer", {"body": body}).status_code == 302
    response = as_token(bob).post(f"threads/{second.pk}/answers", {"body": body})
    assert response.status_code == 201
    by_site, by_api = Answer.objects.order_by("pk")
    assert (by_api.thread, by_api.author, by_api.body_md, by_api.body_html) == (
        second,
        bob,
        by_site.body_md,
        by_site.body_html,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.answer_count == second.answer_count == 1
    assert Revision.objects.filter(answer=by_api).count() == 1
    assert response["Location"] == f"http://testserver/api/v1/threads/{second.pk}"
    assert response.data["id"] == by_api.pk and response.data["author"]["username"] == "bob"
    assert response.data["url"].endswith(f"#answer-{by_api.pk}")


def test_answers_are_refused_where_the_site_refuses_them(alice, bob, moderator, make_thread):
    thread = make_thread(alice)
    moderation_actions.lock_thread(moderator, thread, locked=True, reason="Heated")
    api = as_token(bob)
    body = {"body": "Turn on offline mode in Settings → Sync: it keeps a local copy."}
    assert_problem(
        api.post(f"threads/{thread.pk}/answers", body),
        409,
        "This thread is locked by a moderator: it takes no new answers.",
    )
    assert_problem(api.post("threads/999999/answers", body), 404)
    open_thread = make_thread(alice, title="How do I sync my notes on a plane?")
    assert_problem(
        api.post(f"threads/{open_thread.pk}/answers", {"body": "short"}), 400, "Please write at least 20 characters."
    )
    assert not Answer.objects.exists()


# --- comments ----------------------------------------------------------------------------------------------------


def test_commenting_on_a_thread_and_an_answer_makes_the_sites_rows(client_for, alice, bob, make_thread, make_answer):
    thread = make_thread(alice)
    answer = make_answer(bob, thread)
    assert (
        client_for(bob).post(f"/thread/{thread.pk}/comment", {"body": "Which app version do you use?"}).status_code
        == 302
    )
    api = as_token(bob)
    on_thread = api.post(f"threads/{thread.pk}/comments", {"body": "Which app version do you use?"})
    on_answer = api.post(f"answers/{answer.pk}/comments", {"body": "It works on Android 14 too."})
    assert on_thread.status_code == on_answer.status_code == 201
    by_site, api_thread, api_answer = Comment.objects.order_by("pk")
    assert (api_thread.thread, api_thread.answer, api_thread.body, api_thread.body_html) == (
        thread,
        None,
        by_site.body,
        by_site.body_html,
    )
    assert (api_answer.thread, api_answer.answer) == (thread, answer)
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert (thread.comment_count, answer.comment_count) == (2, 1)
    assert on_answer.data["id"] == api_answer.pk and on_answer.data["url"].endswith(f"#comment-{api_answer.pk}")
    assert on_thread["Location"] == f"http://testserver/api/v1/threads/{thread.pk}"


def test_commenting_elsewhere_needs_the_privilege_with_the_sites_sentence(alice, make_member, make_thread):
    thread = make_thread(alice)
    newcomer = make_member("newcomer", reputation=1)
    refused = as_token(newcomer).post(f"threads/{thread.pk}/comments", {"body": "Me too!"})
    body = assert_problem(refused, 403, rewards_api.refusal(newcomer, "comment_everywhere"))
    assert body["privileges_url"] == "http://testserver/privileges/"
    assert not Comment.objects.exists()
    own = make_thread(newcomer, title="How do I sync my own notes offline?")
    assert as_token(newcomer).post(f"threads/{own.pk}/comments", {"body": "Solved it, see below."}).status_code == 201


def test_comments_share_the_sites_per_minute_limit(client_for, alice, bob, make_thread, settings):
    settings.GUILDHALL = {
        **settings.GUILDHALL,
        "THROTTLES": {**settings.GUILDHALL["THROTTLES"], "comment": {"member": 2, "address": 10}},
    }
    thread = make_thread(alice)
    assert client_for(bob).post(f"/thread/{thread.pk}/comment", {"body": "From the site."}).status_code == 302
    api = as_token(bob)
    assert api.post(f"threads/{thread.pk}/comments", {"body": "From the API."}).status_code == 201
    refused = api.post(f"threads/{thread.pk}/comments", {"body": "One too many."})
    assert_problem(
        refused,
        429,
        "You are going faster than people do: at most 2 comments a minute. Wait a minute and try again.",
    )
    assert Comment.objects.count() == 2


def test_a_comment_too_long_or_empty_is_refused(alice, bob, make_thread):
    thread = make_thread(alice)
    api = as_token(bob)
    assert_problem(api.post(f"threads/{thread.pk}/comments", {"body": " "}), 400, "Comments cannot be empty.")
    assert_problem(
        api.post(f"threads/{thread.pk}/comments", {"body": "x" * 700}),
        400,
        "Comments are at most 600 characters; yours has 700.",
    )
    assert_problem(api.post(f"threads/{thread.pk}/comments", {"text": "wrong field"}), 422)
    assert not Comment.objects.exists()


def test_a_session_of_the_sites_own_javascript_can_write(client_for, alice, make_thread, bob):
    thread = make_thread(alice)
    session = Api(client=client_for(bob))  # Django's test client skips CSRF checks: test_tokens checks them
    assert session.post(f"threads/{thread.pk}/comments", {"body": "Posted by the page's script."}).status_code == 201
    assert Client().get("/api/v1/me").status_code == 401
