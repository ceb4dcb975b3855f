"""The member's reward points page: private, their balance, how points are earned, the history in constant queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.forum import actions
from rewards.actions import points
from rewards.models import Perk, PointsEntry, Redemption, RuleProfile
from rewards.rules import forget_active_profile

POINTS = "/rewards/points/"
P = PointsEntry.Reason


@pytest.fixture
def asked(live, make_member, alice):
    return live(
        actions.create_thread,
        alice,
        kind="question",
        title="How do I merge two notebooks?",
        body="Body text long enough.",
        tags=["sync"],
        at=timezone.now() - timedelta(days=3),
    )


def test_the_page_is_for_members_only(client):
    assert reverse("rewards:points") == POINTS
    response = client.get(POINTS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_member_sees_their_balance_how_points_are_earned_and_each_change(
    live, client_for, make_member, alice, bob, asked, moderator
):
    RuleProfile.objects.filter(is_active=True).update(points_percent=60)
    forget_active_profile()
    answer = live(actions.post_answer, bob, asked, body="Drag one notebook onto the other one.")
    live(actions.vote, alice, answer, 1)  # +10 reputation → 6 points
    live(actions.accept_answer, alice, answer)  # +15 → 9
    perk = Perk.objects.create(title="Guildhall sticker pack", slug="stickers", description="Stickers.", cost=5)
    redemption = Redemption.objects.create(member=bob, perk=perk, cost=5, idempotency_key="k")
    points.spend(bob.pk, 5, redemption_id=redemption.pk)
    page = client_for(bob).get(POINTS).content.decode()
    assert "Your reward points" in page
    assert '<span class="points-number">10</span>' in page  # 6 + 9 − 5
    assert "<strong>60</strong> reward points" in page  # the share, from the rules in force
    assert "+10 reputation" in page and "+6 points" in page  # an upvote on an answer, worth it under these rules
    assert "Answer upvoted" in page and "Answer accepted" in page
    assert f'href="{answer.get_absolute_url()}"' in page and "How do I merge two notebooks?" in page
    assert "Spent on a reward" in page and reverse("rewards:redemption", args=[redemption.pk]) in page
    assert page.index("Spent on a reward") < page.index("Answer accepted") < page.index("Answer upvoted")
    live(actions.hide_post, moderator, answer)
    page = client_for(bob).get(POINTS).content.decode()
    assert "Post deleted" in page and "a deleted post" in page
    assert "How do I merge two notebooks?" not in page  # the hidden answer is not linked
    other = client_for(alice).get(POINTS).content.decode()  # alice sees her own (the +2 acceptor's point), not bob's
    assert "Spent on a reward" not in other and '<span class="points-number">1</span>' not in other


def test_a_negative_balance_says_nothing_can_be_redeemed_until_it_is_earned_back(live, client_for, bob, alice, asked):
    answer = live(actions.post_answer, bob, asked, body="Drag one notebook onto the other one.")
    live(actions.vote, alice, answer, 1)
    perk = Perk.objects.create(title="Sticker", slug="sticker", description="Stickers.", cost=5)
    redemption = Redemption.objects.create(member=bob, perk=perk, cost=5, idempotency_key="k")
    points.spend(bob.pk, 5, redemption_id=redemption.pk)
    live(actions.vote, alice, answer, 0)
    page = client_for(bob).get(POINTS).content.decode()
    assert "points-number is-negative" in page and "−5" not in page  # the balance as a number: -5
    assert "Your balance is -5 points" in page
    assert "You cannot redeem a reward until your balance is above zero again: earn 6 more points." in page
    assert "Vote undone or changed" in page and '<td class="loss">-5</td>' in page


def test_the_history_pages_in_constant_queries(
    live, client_for, make_member, bob, alice, asked, django_assert_max_num_queries
):
    answer = live(actions.post_answer, bob, asked, body="Drag one notebook onto the other one.")
    live(actions.vote, alice, answer, 1)
    c = client_for(bob)
    c.get(POINTS)  # warm the member's cached standing
    with django_assert_max_num_queries(14) as one:
        assert c.get(POINTS).status_code == 200
    perk = Perk.objects.create(title="Sticker", slug="sticker", description="Stickers.", cost=1)
    for i in range(15):
        voter = make_member(f"fan{i}")
        thread = live(
            actions.create_thread,
            bob,
            kind="tip",
            title=f"Bob's tip number {i} about notebooks",
            body="Body text long enough.",
            tags=["sync"],
            at=timezone.now() - timedelta(days=3, minutes=i),
        )
        live(actions.vote, voter, thread, 1)
        redemption = Redemption.objects.create(member=bob, perk=perk, cost=1, idempotency_key=f"k{i}")
        points.spend(bob.pk, 1, redemption_id=redemption.pk)
    points.credit(
        bob.pk, 3, reason=P.ADJUSTMENT, origin="points-adjust:1", event_key="adj:1", note="Thanks for the meetup"
    )
    c.get(POINTS)
    with django_assert_max_num_queries(14) as many:
        page = c.get(POINTS).content.decode()
    assert "Bob&#x27;s tip number 14 about notebooks" in page and "Thanks for the meetup" in page
    assert len(many.captured_queries) == len(one.captured_queries)  # posts, perks: the same queries for 1 or 30
    older = c.get(POINTS, {"page": 2}).content.decode()
    assert "Answer upvoted" in older  # the first entry, on the second page
    assert c.get(POINTS, {"page": "nope"}).status_code == 200


def test_the_members_own_reputation_page_and_their_menu_link_to_their_points(client_for, client, alice, bob):
    points.credit(alice.pk, 12, reason=P.ADJUSTMENT, origin="points-adjust:1", event_key="adj")
    own = client_for(alice).get(f"/members/{alice.username}/reputation/").content.decode()
    assert f'<a class="rep-card-points" href="{POINTS}">12 reward points</a>' in own
    other = client_for(alice).get(f"/members/{bob.username}/reputation/").content.decode()
    assert "rep-card-points" not in other  # bob's points are his own business
    assert f'<li><a href="{POINTS}">Your reward points</a></li>' in other  # alice's own, in her account menu
    assert POINTS not in client.get(f"/members/{alice.username}/reputation/").content.decode()
