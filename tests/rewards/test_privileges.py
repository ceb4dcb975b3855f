"""Privileges: enforced inside community's actions through rewards.api, explained to members."""

import pytest

from community.forum import actions
from community.models import Answer, Comment, Thread, Vote
from rewards import api
from rewards.models import RuleProfile
from rewards.privileges import PRIVILEGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def newbie(make_member):
    return make_member("newbie", reputation=1)


@pytest.fixture
def question(alice, make_thread):
    return make_thread(alice)


def test_upvote_needs_15(client_for, newbie, question):
    response = client_for(newbie).post(f"/thread/{question.pk}/vote", {"value": "1"})
    assert response.status_code == 403
    assert "You need 15 reputation to upvote; you have 1." in response.content.decode()
    assert not Vote.objects.exists()


def test_downvote_needs_125(client_for, make_member, question):
    member = make_member("middling", reputation=40)
    response = client_for(member).post(f"/thread/{question.pk}/vote", {"value": "-1"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json()["error"] == "You need 125 reputation to downvote; you have 40."
    assert client_for(member).post(f"/thread/{question.pk}/vote", {"value": "1"}).status_code == 302


def test_thread_page_tells_a_member_what_they_lack(client_for, newbie, question):
    page = client_for(newbie).get(question.get_absolute_url()).content.decode()
    assert 'title="You need 15 reputation to upvote; you have 1."' in page
    assert "You need 50 reputation to comment on other members&#x27; posts; you have 1." in page


def test_comment_everywhere_needs_50_but_own_posts_are_always_open(client_for, newbie, alice, question, make_answer):
    client = client_for(newbie)
    assert client.post(f"/thread/{question.pk}/comment", {"body": "hello there"}).status_code == 403
    own = actions.create_thread(
        newbie, kind="question", title="The newbie asks something", body="Body text long enough.", tags=["sync"]
    )
    answer = make_answer(alice, own)
    assert client.post(f"/thread/{own.pk}/comment", {"body": "on my own question"}).status_code == 302
    assert client.post(f"/answer/{answer.pk}/comment", {"body": "on an answer to my question"}).status_code == 302
    assert Comment.objects.count() == 2


def test_editing_others_posts_needs_2000(client_for, make_member, question):
    steward = make_member("steward", reputation=2000)
    response = client_for(make_member("regular", reputation=1999)).post(
        f"/t/{question.pk}/edit",
        {"title": "An improved title for it", "body": "An improved body text.", "tags": "sync"},
    )
    assert response.status_code == 403
    assert "You need 2000 reputation to edit other members&#x27; posts; you have 1999." in response.content.decode()
    response = client_for(steward).post(
        f"/t/{question.pk}/edit",
        {"title": "An improved title for it", "body": "An improved body text.", "tags": "sync"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "An improved title for it"
    assert question.revisions.last().editor == steward


def test_new_members_may_put_at_most_two_links_in_a_post(client_for, newbie):
    body = "See [a](https://a.example) and [b](https://b.example) and [c](https://c.example) for details."
    response = client_for(newbie).post(
        "/ask/", {"kind": "question", "title": "A post with three links", "body": body, "tags": "sync"}
    )
    assert response.status_code == 400
    assert "New members can put at most 2 links in a post; yours has 3." in response.content.decode()
    assert not Thread.objects.exists()
    two = "See [a](https://a.example) and [b](https://b.example) for details."
    assert (
        client_for(newbie)
        .post("/ask/", {"kind": "question", "title": "A post with two links", "body": two, "tags": "sync"})
        .status_code
        == 302
    )


def test_link_limit_applies_to_answers_too(client_for, newbie, question):
    body = " ".join(f"[l{i}](https://x{i}.example)" for i in range(3))
    assert client_for(newbie).post(f"/t/{question.pk}/answer", {"body": body}).status_code == 400
    assert not Answer.objects.exists()


def test_moderators_are_exempt(client_for, make_member, question):
    mod = make_member("newmod", staff=True, reputation=1)
    assert client_for(mod).post(f"/thread/{question.pk}/vote", {"value": "-1"}).status_code == 302


def test_thresholds_are_editable(client_for, newbie, question):
    profile = RuleProfile.objects.get(is_active=True)
    profile.privilege_upvote = 1
    profile.save()
    assert client_for(newbie).post(f"/thread/{question.pk}/vote", {"value": "1"}).status_code == 302


def test_privileges_page_explains_thresholds_and_my_standing(client, client_for, make_member):
    page = client.get("/privileges/").content.decode()
    for text in ["Upvote", "Downvote", "125", "2000", "at most 2 links"]:
        assert text in page
    mine = client_for(make_member("someone", reputation=60)).get("/privileges/").content.decode()
    assert "You need 125 reputation to downvote; you have 60." in mine
    assert "✓ You have this privilege." in mine


def test_reading_the_rules_never_creates_a_profile(db):
    from django.core.cache import cache

    from rewards.models import RuleProfile
    from rewards.rules import active_profile

    RuleProfile.objects.all().delete()
    cache.clear()
    profile = active_profile()
    assert profile.pk is None and profile.answer_upvote == RuleProfile._meta.get_field("answer_upvote").default
    assert RuleProfile.objects.count() == 0


def test_an_administrator_and_a_moderator_hold_every_privilege_by_role(client_for, make_member):
    """An administrator without reputation was told "you need 15 reputation to upvote; you have 1"."""
    by_role = [p for p in PRIVILEGES if not p.spends_reputation]
    admin = make_member("root", superuser=True, reputation=1)
    page = client_for(admin).get("/privileges/").content.decode()
    assert "Administrator" in page and "every privilege, by your role" in page
    assert page.count("✓ You have this privilege through your role.") == len(by_role)
    assert "your reputation" not in page

    moderator = make_member("keeper", staff=True, reputation=1)
    page = client_for(moderator).get("/privileges/").content.decode()
    assert "Moderator" in page and "Administrator" not in page
    assert page.count("✓ You have this privilege through your role.") == len(by_role)
    # Offering a bounty spends the moderator's own reputation: the role does not give it.
    assert "You need 75 reputation to offer bounties; you have 1." in page
    assert not api.can(moderator, "offer_bounty") and api.can(moderator, "downvote")


def test_a_new_member_sees_their_reputation_and_a_visitor_is_invited_to_log_in(client, client_for, make_member):
    page = client_for(make_member("fresh", reputation=1)).get("/privileges/").content.decode()
    assert '<span class="rep-number">1</span>' in page and "through your role" not in page
    assert "You need 15 reputation to upvote; you have 1." in page
    assert "✓ You have this privilege." not in page

    visitor = client.get("/privileges/").content.decode()
    assert "rep-card" not in visitor and "; you have" not in visitor
    assert 'href="/accounts/login/">Log in</a> to see where you stand' in visitor


def test_an_administrator_reads_their_role_in_french(client_for, make_member):
    admin = make_member("racine", superuser=True, reputation=1, language="fr")
    page = client_for(admin).get("/privileges/").content.decode()
    assert "Administrateur" in page and "vous avez 1" not in page
