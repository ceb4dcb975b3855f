"""Request throttles (issue "Security hardening", point 4; config/throttle.py): per member and per address, in
the shared cache, a readable 429 that keeps what the member typed, limits shown on the privileges page."""

import pytest
from django.test import Client

from community.forum.models import Comment, Vote

LIMITS = {
    "search": {"member": 3, "address": 5},
    "similar": {"member": 3, "address": 5},
    "vote": {"member": 2, "address": 4},
    "comment": {"member": 2, "address": 4},
    "flag": {"member": 2, "address": 4},
    "follow": {"member": 2, "address": 4},
    "preview": {"member": 2, "address": 4},
}


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "THROTTLES": LIMITS}
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def threads(alice, make_thread):
    return [make_thread(alice, title=f"How do I sync my notes offline, case {i}?") for i in range(5)]


def test_votes_past_the_members_limit_get_a_429_and_count_nothing(client_for, bob, threads):
    as_bob = client_for(bob)
    for thread in threads[:2]:
        assert as_bob.post(f"/thread/{thread.pk}/vote", {"value": "1"}).status_code in (200, 302)
    response = as_bob.post(f"/thread/{threads[2].pk}/vote", {"value": "1"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert "at most 2 votes a minute" in response.json()["error"]
    assert Vote.objects.count() == 2


def test_a_throttled_comment_keeps_what_the_member_wrote(client_for, bob, threads):
    as_bob = client_for(bob)
    for i in range(2):
        as_bob.post(f"/thread/{threads[0].pk}/comment", {"body": f"Which app version, {i}?"})
    response = as_bob.post(f"/thread/{threads[0].pk}/comment", {"body": "My carefully written third comment."})
    assert response.status_code == 429
    page = response.content.decode()
    assert "at most 2 comments a minute" in page
    assert "My carefully written third comment.</textarea>" in page
    assert Comment.objects.count() == 2


def test_visitors_searches_are_limited_per_address(threads):
    visitor = Client()
    for i in range(5):
        assert visitor.get(f"/search/?q=sync+{i}").status_code == 200
    assert visitor.get("/search/?q=sync+again").status_code == 429
    for i in range(5):  # similar questions count apart: typing a title is not searching
        assert visitor.get(f"/search/similar/?title=sync+notes+{i}").status_code == 200
    response = Client().get("/search/similar/?title=sync+notes+offline", HTTP_ACCEPT="application/json")
    assert response.status_code == 429 and "look-ups of similar questions" in response.json()["error"]


def test_behind_the_proxy_each_visitor_has_their_own_allowance(settings, threads):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for visitor in ("203.0.113.7", "198.51.100.9"):
        for i in range(5):
            response = Client().get(f"/search/?q=notes+{i}", HTTP_X_FORWARDED_FOR=visitor)
            assert response.status_code == 200, visitor
    assert Client().get("/search/?q=notes", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429


def test_one_members_pace_does_not_hold_back_another(client_for, bob, make_member, threads):
    as_bob, as_carol = client_for(bob), client_for(make_member("carol"))
    for thread in threads[:2]:
        as_bob.post(f"/t/{thread.pk}/follow", {"follow": "1"})
    assert as_bob.post(f"/t/{threads[2].pk}/follow", {"follow": "1"}).status_code == 429
    assert as_carol.post(f"/t/{threads[2].pk}/follow", {"follow": "1"}).status_code == 302


@pytest.mark.django_db
def test_the_privileges_page_shows_the_limits(client):
    page = client.get("/privileges/").content.decode()
    assert "moderators too, can make each minute at most 2 votes, 2 comments, 2 flags, 2 follows, 3 searches" in page
