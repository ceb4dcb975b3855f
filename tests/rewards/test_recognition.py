"""Badges, leaderboards, reputation profiles, serial voting and the rewards CMS."""

import re
from datetime import UTC, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community.forum import actions
from rewards import api
from rewards.models import Award, Badge, LedgerEntry, RuleProfile, SerialVotingCase, Visit

pytestmark = pytest.mark.django_db


def badges_of(member):
    return sorted(Award.objects.filter(member=member).values_list("badge__slug", flat=True))


def test_there_are_at_least_15_badges_in_three_tiers(client):
    assert Badge.objects.count() >= 15
    assert set(Badge.objects.values_list("tier", flat=True)) == {1, 2, 3}
    page = client.get("/badges/").content.decode()
    assert "Nice Answer" in page and "Enthusiast" in page and "per tag" in page


def test_first_question_answer_accept_vote_and_edit_badges(live, make_member):
    asker, helper = make_member("asker"), make_member("helper")
    question = live(
        actions.create_thread,
        asker,
        kind="question",
        title="A first question here",
        body="Body text long enough.",
        tags=["sync"],
    )
    answer = live(actions.post_answer, helper, question, body="A first answer here, with detail.")
    live(actions.vote, asker, answer, 1)
    live(actions.vote, helper, question, -1)
    live(actions.accept_answer, asker, answer)
    live(actions.edit_answer, helper, answer, body="A first answer here, improved.")
    assert badges_of(asker) == ["curious", "scholar", "supporter"]
    assert badges_of(helper) == ["critic", "editor", "helper", "solver"]


def test_badges_are_awarded_once(live, make_member):
    asker = make_member("asker")
    for i in range(2):
        live(
            actions.create_thread,
            asker,
            kind="question",
            title=f"Question number {i} here",
            body="Body text long enough.",
            tags=["sync"],
        )
    assert Award.objects.filter(member=asker, badge__slug="curious").count() == 1


def test_score_badges_and_self_learner(live, make_member):
    author = make_member("author")
    crowd = [make_member(f"fan{i}") for i in range(10)]
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="I will answer this myself",
        body="Body text long enough.",
        tags=["sync"],
    )
    answer = live(actions.post_answer, author, question, body="My own answer to it, in detail.")
    for fan in crowd:
        live(actions.vote, fan, answer, 1)
        live(actions.vote, fan, question, 1)
    assert {"nice-answer", "nice-question", "self-learner"} <= set(badges_of(author))
    assert "good-answer" not in badges_of(author)


def test_popular_tip(live, make_member):
    author = make_member("author")
    tip = live(
        actions.create_thread,
        author,
        kind="tip",
        title="A tip everyone loves",
        body="Body text long enough.",
        tags=["sync"],
    )
    for i in range(10):
        live(actions.vote, make_member(f"fan{i}"), tip, 1)
    assert "popular-tip" in badges_of(author)


def test_tag_badge_from_score_and_answers_in_one_tag(live, make_member, settings):
    from rewards import badges

    badges.TAG_BADGES[0] = (4, 2, "tag-bronze", "Tag bronze", Badge.Tier.BRONZE)  # small numbers for the test
    try:
        expert, asker = make_member("expert"), make_member("asker")
        fans = [make_member(f"fan{i}") for i in range(2)]
        for i in range(2):
            q = live(
                actions.create_thread,
                asker,
                kind="question",
                title=f"Sync question number {i}",
                body="Body text long enough.",
                tags=["sync"],
            )
            a = live(actions.post_answer, expert, q, body="Expert answer text with detail.")
            for fan in fans:
                live(actions.vote, fan, a, 1)
        award = Award.objects.get(member=expert, badge__slug="tag-bronze")
        assert award.tag.name == "sync"
    finally:
        badges.TAG_BADGES[0] = (100, 20, "tag-bronze", "Tag bronze", Badge.Tier.BRONZE)


def test_enthusiast_after_visits_on_n_days(client_for, make_member, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "ENTHUSIAST_DAYS": 3}
    member = make_member("regular")
    today = timezone.now().date()
    Visit.objects.bulk_create([Visit(member=member, day=today - timedelta(days=d)) for d in (1, 2)])
    client_for(member).get("/threads/")
    assert "enthusiast" in badges_of(member)


def test_member_is_notified_of_an_award_once(live, client_for, make_member):
    asker = make_member("asker")
    live(
        actions.create_thread,
        asker,
        kind="question",
        title="Notify me of my badge",
        body="Body text long enough.",
        tags=["sync"],
    )
    client = client_for(asker)
    assert "You earned the" in client.get("/threads/").content.decode()
    # Rendering writes nothing: the banner stays until the member says they have seen it (a POST)…
    assert "You earned the" in client.get("/threads/").content.decode()
    assert Award.objects.filter(member=asker, seen=False).exists()
    assert client.post(reverse("rewards:awards_seen"), {"next": "/threads/"})["Location"] == "/threads/"
    assert "You earned the" not in client.get("/threads/").content.decode()
    assert not Award.objects.filter(member=asker, seen=False).exists()


def test_opening_ones_reputation_page_marks_new_badges_seen(live, client_for, make_member):
    asker = make_member("asker")
    live(
        actions.create_thread,
        asker,
        kind="question",
        title="Notify me of my badge",
        body="Body text long enough.",
        tags=["sync"],
    )
    client = client_for(asker)
    assert "You earned the" in client.get("/threads/").content.decode()
    client.get(reverse("rewards:profile", args=[asker.username]))
    assert "You earned the" not in client.get("/threads/").content.decode()


def test_the_banner_offers_a_way_to_dismiss_it(live, client_for, make_member):
    asker = make_member("asker")
    live(
        actions.create_thread,
        asker,
        kind="question",
        title="Notify me of my badge",
        body="Body text long enough.",
        tags=["sync"],
    )
    page = client_for(asker).get("/threads/").content.decode()
    assert f'action="{reverse("rewards:awards_seen")}"' in page


def test_leaderboards_by_period_and_tag(live, client, make_member):
    old_timer, newcomer, voter = (
        make_member("oldtimer", reputation=1),
        make_member("newcomer", reputation=1),
        make_member("voter"),
    )
    long_ago = timezone.now() - timedelta(days=200)
    q1 = live(
        actions.create_thread,
        old_timer,
        kind="question",
        title="An old sync question",
        body="Body text long enough.",
        tags=["sync"],
        at=long_ago,
    )
    live(actions.vote, voter, q1, 1, at=long_ago)
    q2 = live(
        actions.create_thread,
        newcomer,
        kind="question",
        title="A new export question",
        body="Body text long enough.",
        tags=["export"],
    )
    live(actions.vote, voter, q2, 1)
    week = client.get("/leaderboard/?period=week").content.decode()
    assert "newcomer" in week and "oldtimer" not in week
    year = client.get("/leaderboard/?period=year").content.decode()
    assert year.index("newcomer") > 0 and "oldtimer" in year
    sync = client.get("/leaderboard/?period=all&tag=sync").content.decode()
    assert "oldtimer" in sync and "newcomer" not in sync
    unknown = client.get("/leaderboard/?tag=no-such-tag")  # a typo is not a 404 page: see test_leaderboard_tags.py
    assert unknown.status_code == 200 and "No tag is called “no-such-tag”" in unknown.content.decode()
    assert client.get("/leaderboard/?period=bogus").status_code == 200


def test_leaderboard_queries_are_constant(client, make_member, live, django_assert_max_num_queries):
    voter = make_member("voter")
    for i in range(30):
        author = make_member(f"author{i}", reputation=1)
        q = live(
            actions.create_thread,
            author,
            kind="question",
            title=f"Question from author {i}",
            body="Body text long enough.",
            tags=["sync"],
        )
        live(actions.vote, voter, q, 1)
    for url in ["/leaderboard/?period=week", "/leaderboard/?period=all", "/leaderboard/?period=month&tag=sync"]:
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200


def test_reputation_profile_shows_total_level_badges_chart_and_ledger(live, client, make_member):
    author, voter = make_member("author", reputation=1), make_member("voter")
    question = live(
        actions.create_thread,
        author,
        kind="question",
        title="Profile worthy question",
        body="Body text long enough.",
        tags=["sync"],
    )
    live(actions.vote, voter, question, 1)
    page = client.get("/members/author/reputation/").content.decode()
    assert '<span class="rep-number">11</span>' in page
    assert "Curious" in page  # a badge
    assert "<svg" in page and "<rect" in page  # the history chart: today's bar, labelled with the day and points
    today = timezone.now().astimezone(UTC)
    assert f"<title>{today:%b} {today.day}, {today.year}: +10</title><rect" in page
    assert "Question upvoted" in page and question.get_absolute_url() in page  # the ledger links to the post
    assert re.search(
        r"@author<span class=\"flair\"[^>]*>.*?</span></span> · Member", page
    )  # 11 reputation: past post links (10), not yet upvote (15)
    assert client.get("/members/nobody/reputation/").status_code == 404


def test_serial_voting_is_detected_reversed_and_listed(live, make_member, client_for):
    target, fan, normal = make_member("target", reputation=1), make_member("fan"), make_member("normal")
    threads = [
        live(
            actions.create_thread,
            target,
            kind="question",
            title=f"Target question number {i}",
            body="Body text long enough.",
            tags=["sync"],
            at=timezone.now() - timedelta(days=2, minutes=i),
        )  # posted over time: no rate limit
        for i in range(6)
    ]
    now = timezone.now()
    for i, t in enumerate(threads):
        live(actions.vote, fan, t, 1, at=now - timedelta(minutes=30 - i))
    live(actions.vote, normal, threads[0], 1)
    live(actions.vote, normal, threads[1], 1)
    assert api.reputation(target) == 1 + 80
    call_command("rewards_detect_serial_votes", verbosity=0)
    assert api.reputation(target) == 1 + 20  # the fan's 6 votes reversed, the normal votes kept
    case = SerialVotingCase.objects.get()
    assert (case.voter, case.author, case.vote_count, case.points_reversed) == (fan, target, 6, -60)
    assert LedgerEntry.objects.filter(member=target, reason="voting_corrected").count() == 6
    call_command("rewards_detect_serial_votes", verbosity=0)  # nothing twice
    assert SerialVotingCase.objects.count() == 1 and api.reputation(target) == 21
    call_command("rewards_recompute", verbosity=0)  # a rebuild keeps the correction
    assert api.reputation(target) == 21
    page = client_for(target).get("/members/target/reputation/").content.decode()
    assert "Voting corrected" in page
    moderator = make_member("mod", staff=True)
    assert "fan" in client_for(moderator).get("/cms/rewards/serial-voting/").content.decode()


def test_a_normal_spread_of_votes_is_left_alone(live, make_member):
    target = make_member("target", reputation=1)
    fans = [make_member(f"fan{i}") for i in range(6)]
    threads = [
        live(
            actions.create_thread,
            target,
            kind="question",
            title=f"Target question number {i}",
            body="Body text long enough.",
            tags=["sync"],
            at=timezone.now() - timedelta(days=2, minutes=i),
        )  # posted over time: no rate limit
        for i in range(6)
    ]
    now = timezone.now()
    for i, fan in enumerate(fans):  # six voters, one vote each
        live(actions.vote, fan, threads[i], 1, at=now - timedelta(minutes=i))
    slow = fans[0]
    for i, t in enumerate(threads[1:4]):  # three more from one fan: 4 in a day, below the threshold of 5
        live(actions.vote, slow, t, 1, at=now - timedelta(hours=3 * i))
    call_command("rewards_detect_serial_votes", verbosity=0)
    assert not SerialVotingCase.objects.exists()
    assert api.reputation(target) == 1 + 90


def test_moderators_edit_rules_in_the_cms_and_activation_is_exclusive(client_for, make_member):
    moderator = make_member("mod", staff=True)
    client = client_for(moderator)
    profile = RuleProfile.objects.get(name="Stack Exchange 2016")
    assert client.get("/cms/rewards/rules/").status_code == 200
    data = {
        f: getattr(profile, f)
        for f in [
            "name",
            "description",
            "question_upvote",
            "tip_upvote",
            "answer_upvote",
            "post_downvoted",
            "answer_downvote_cost",
            "accept_author",
            "accept_acceptor",
            "article_published",
            "daily_vote_cap",
            "privilege_upvote",
            "privilege_comment_everywhere",
            "privilege_downvote",
            "privilege_edit_others",
            "privilege_post_links",
            "new_member_max_links",
            "privilege_flag",
            "spam_flags_to_hide",
            "privilege_promote",
            "points_percent",
            "bounty_min_reputation",
            "bounty_min_amount",
            "bounty_max_amount",
            "bounty_min_question_age_days",
            "bounty_days",
            "bounty_auto_min_score",
            "member_of_the_month_points",
            "tag_champion_points",
        ]
    }
    data["is_active"] = "on"
    data["answer_upvote"] = 12
    response = client.post(f"/cms/rewards/rules/edit/{profile.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(RuleProfile.objects.filter(is_active=True).values_list("name", "answer_upvote")) == [
        ("Stack Exchange 2016", 12)
    ]
    assert client_for(make_member("plain")).get("/cms/rewards/rules/").status_code != 200


def test_ideas_earn_like_tips_and_their_own_first_badge(live, make_member):
    author, voter = make_member("author", reputation=1), make_member("voter")
    idea = live(
        actions.create_thread,
        author,
        kind="idea",
        title="Let me pin notes to the top",
        body="Body text long enough.",
        tags=["sync"],
    )
    live(actions.vote, voter, idea, 1)
    assert api.reputation(author) == 1 + RuleProfile.objects.get(is_active=True).tip_upvote
    assert badges_of(author) == ["visionary"]
    assert LedgerEntry.objects.get(member=author).get_reason_display() == "Idea upvoted"


def test_badges_for_long_past_events_carry_their_date_and_no_notice(live, make_member):
    author = make_member("author")
    long_ago = timezone.now() - timedelta(days=100)
    live(
        actions.create_thread,
        author,
        kind="question",
        title="Asked a long time ago",
        body="Body text long enough.",
        tags=["sync"],
        at=long_ago,
    )
    award = Award.objects.get(member=author, badge__slug="curious")
    assert award.awarded_at == long_ago and award.seen
