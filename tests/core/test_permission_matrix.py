"""Who may do what: anonymous, new member, trusted member, moderator, administrator × every protected action."""

import pytest
from django.test import Client

from community.moderation import actions

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "new", "trusted", "moderator", "admin"]

# action: the roles allowed (anonymous visitors are always sent to log in)
MATRIX = {
    "ask": {"new", "trusted", "moderator", "admin"},
    "answer": {"new", "trusted", "moderator", "admin"},
    "upvote": {"trusted", "moderator", "admin"},
    "downvote": {"trusted", "moderator", "admin"},
    "comment_elsewhere": {"trusted", "moderator", "admin"},
    "flag": {"trusted", "moderator", "admin"},
    "accept_on_others_question": set(),
    "edit_others_post": {"moderator", "admin"},
    "delete_others_post": {"moderator", "admin"},
    "restore": {"moderator", "admin"},
    "cms_posts": {"moderator", "admin"},
    "cms_review": {"moderator", "admin"},
    "cms_rules": {"moderator", "admin"},
    "cms_ledger": {"moderator", "admin"},
    "suspend_member": {"moderator", "admin"},
}


@pytest.fixture
def world(make_member, make_thread, make_answer):
    owner = make_member("owner")
    thread = make_thread(owner, title="A thread owned by someone else")
    answer = make_answer(make_member("answerer"), thread)
    hidden = make_thread(owner, title="A thread that a moderator hid")
    actions.moderate_hide(make_member("somemod", staff=True), hidden, reason="test")
    return {"owner": owner, "thread": thread, "answer": answer, "hidden": hidden}


def client_as(role, make_member) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    member = {
        "new": lambda: make_member("newbie", reputation=1),
        "trusted": lambda: make_member("trusted", reputation=200),
        "moderator": lambda: make_member("moderator", staff=True, reputation=1),
        "admin": lambda: make_member("admin", superuser=True, reputation=1),
    }[role]()
    client.force_login(member)
    return client


def perform(action, client, w):
    t, a = w["thread"], w["answer"]
    return {
        "ask": lambda: client.post(
            "/ask/",
            {"kind": "question", "title": "A brand new question", "body": "Body text long enough.", "tags": "sync"},
        ),
        "answer": lambda: client.post(f"/t/{t.pk}/answer", {"body": "An answer from this role."}),
        "upvote": lambda: client.post(f"/thread/{t.pk}/vote", {"value": "1"}),
        "downvote": lambda: client.post(f"/thread/{t.pk}/vote", {"value": "-1"}),
        "comment_elsewhere": lambda: client.post(f"/answer/{a.pk}/comment", {"body": "a comment from this role"}),
        "flag": lambda: client.post(f"/answer/{a.pk}/flag", {"reason": "off_topic"}),
        "accept_on_others_question": lambda: client.post(f"/a/{a.pk}/accept"),
        "edit_others_post": lambda: client.post(
            f"/t/{t.pk}/edit",
            {"title": "An edited title for it", "body": "Edited body text, long enough.", "tags": "sync"},
        ),
        "delete_others_post": lambda: client.post(f"/answer/{a.pk}/delete"),
        "restore": lambda: client.post(f"/thread/{w['hidden'].pk}/restore"),
        "cms_posts": lambda: client.get("/cms/community/threads/"),
        "cms_review": lambda: client.get("/cms/review/"),
        "cms_rules": lambda: client.get("/cms/rewards/rules/"),
        "cms_ledger": lambda: client.get("/cms/rewards/ledger/"),
        "suspend_member": lambda: client.post(
            f"/cms/review/suspend/{w['owner'].username}/", {"days": 1, "reason": "test"}
        ),
    }[action]()


def sent_to_login(response) -> bool:
    return response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_permission_matrix(action, role, world, make_member):
    response = perform(action, client_as(role, make_member), world)
    if role == "anonymous":
        assert sent_to_login(response), f"{action}: anonymous got {response.status_code}"
    elif role in MATRIX[action]:
        assert response.status_code in (200, 302) and not sent_to_login(response), (
            f"{action} as {role}: {response.status_code}"
        )
    else:
        assert response.status_code in (403, 409) or sent_to_login(response), (
            f"{action} as {role} allowed: {response.status_code}"
        )
