"""The team's recognition: the shortlist's ranking, and what publishing a member of the month or a tag's
champion does (badge, reward points, notification, audit entry) or refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation

from community.core.errors import ActionConflict
from community.forum import actions as forum
from community.models import AuditEntry, Flag, Notification, ReviewTask, Tag, Vote
from community.moderation import actions as moderation
from community.notifications.models import describe
from rewards.actions import points as points_actions
from rewards.actions.spotlight import publish_recognition
from rewards.models import Award, PointsEntry, Recognition, Reputation, RuleProfile
from rewards.spotlight import queries

MONTH = Recognition.Kind.MEMBER_OF_THE_MONTH
CHAMPION = Recognition.Kind.TAG_CHAMPION


@pytest.fixture
def month():
    """The month the rows below are written in (the shortlist may rank the current month)."""
    return queries.this_month()


@pytest.fixture
def team(moderator):
    return moderator


def _answered_and_accepted(asker, answerer, *, tags=("sync",), title="How do I sync my notes offline?"):
    thread = forum.create_thread(
        asker, kind="question", title=title, body="A question body long enough.", tags=list(tags)
    )
    answer = forum.post_answer(answerer, thread, body="Turn on offline mode in Settings; it keeps a local copy.")
    forum.accept_answer(asker, answer)
    return thread, answer


def _upheld_flag(flagger, moderator, post):
    moderation.flag_post(flagger, post, reason=Flag.Reason.SPAM)
    task = ReviewTask.objects.get(queue=ReviewTask.Queue.FLAGS, status=ReviewTask.Status.OPEN)
    moderation.review(moderator, task, "hide")


def _figures(rows):
    return [(row.member.username, row.accepted, row.score, row.flags, row.tips, row.points) for row in rows]


# --- the shortlist ------------------------------------------------------------------------------------------


def test_the_shortlist_ranks_the_months_contributions_by_the_documented_weights(make_member, moderator, month):
    asker, carol, dave, erin, voters = (
        make_member("asker"),
        make_member("carol"),
        make_member("dave"),
        make_member("erin"),
        [make_member(f"voter{i}") for i in range(4)],
    )
    # carol: two answers accepted (2 × 15 = 30)
    _answered_and_accepted(asker, carol, title="First question about syncing notes")
    _answered_and_accepted(asker, carol, title="Second question about syncing notes")
    # dave: an answer with four upvotes and nothing accepted (4 × 10 = 40)
    thread = forum.create_thread(
        asker,
        kind="question",
        title="Third question about notes",
        body="A body that is long enough to post.",
        tags=["sync"],
    )
    answer = forum.post_answer(dave, thread, body="An answer that many people found useful indeed.")
    for voter in voters:
        forum.vote(voter, answer, 1)
    # erin: one tip (10) and one flag moderators upheld (5)
    forum.create_thread(
        erin,
        kind="tip",
        title="Export your notes before travelling",
        body="A tip body that is long enough to post.",
        tags=["sync"],
    )
    spam = forum.create_thread(
        asker,
        kind="question",
        title="Buy cheap watches here now",
        body="Spam body that is long enough to post.",
        tags=["sync"],
    )
    _upheld_flag(erin, moderator, spam)

    rows = queries.shortlist(month)

    assert _figures(rows)[:3] == [
        ("dave", 0, 4, 0, 0, 4 * queries.WEIGHTS["score"]),
        ("carol", 2, 0, 0, 0, 2 * queries.WEIGHTS["accepted"]),
        ("erin", 0, 0, 1, 1, queries.WEIGHTS["flags"] + queries.WEIGHTS["tips"]),
    ]
    assert [row.rank for row in rows[:3]] == [1, 2, 3]
    assert "voter0" not in [row.member.username for row in rows]  # voting earns nothing here


def test_net_votes_count_downvotes_and_only_the_month(make_member, month):
    author, up, down = make_member("author"), make_member("up"), make_member("down", reputation=500)
    thread = forum.create_thread(
        author,
        kind="tip",
        title="A tip about shortcuts in the editor",
        body="A body that is long enough to post.",
        tags=["sync"],
    )
    forum.vote(up, thread, 1)
    forum.vote(down, thread, -1)
    assert _figures(queries.shortlist(month)) == [("author", 0, 0, 0, 1, queries.WEIGHTS["tips"])]  # +1 −1 = 0

    # The tip and a vote of the month before do not count in this month.
    last_month = queries.month_bounds(month)[0] - timedelta(days=3)
    Vote.objects.filter(voter=down).update(created_at=last_month)
    type(thread).objects.filter(pk=thread.pk).update(created_at=last_month)
    assert _figures(queries.shortlist(month)) == [("author", 0, 1, 0, 0, queries.WEIGHTS["score"])]
    # The month before: a net −1 with one tip is 0 combined, and nobody with nothing to show is shortlisted.
    assert queries.shortlist(queries.add_months(month, -1)) == []


def test_a_self_accepted_answer_earns_nothing(make_member, month):
    alone = make_member("alone")
    _answered_and_accepted(alone, alone)
    assert queries.shortlist(month) == []


def test_closed_suspended_and_already_named_members_are_left_out(make_member, moderator, month):
    asker = make_member("asker")
    named, closed, suspended, kept = (make_member(n) for n in ("named", "closed", "suspended", "kept"))
    for who in (named, closed, suspended, kept):
        _answered_and_accepted(asker, who, title=f"A question answered by {who.username}")
    publish_recognition(
        moderator, kind=CHAMPION, member=named, month=month, citation="Thanks.", tag=Tag.objects.get(slug="sync")
    )
    closed.is_active = False
    closed.save()
    moderation.suspend_member(moderator, suspended, days=3, reason="A cooling-off period.")

    assert [row.member.username for row in queries.shortlist(month)] == ["kept"]


def test_a_tags_shortlist_counts_only_the_tags_threads(make_member, month):
    asker, syncer, biller = make_member("asker"), make_member("syncer"), make_member("biller")
    _answered_and_accepted(asker, syncer, tags=("sync",), title="A question about syncing notes")
    _answered_and_accepted(asker, biller, tags=("billing",), title="A question about my invoice")
    _answered_and_accepted(asker, biller, tags=("billing", "sync"), title="Syncing invoices to my notes")

    sync = Tag.objects.get(slug="sync")
    # A tie (one accepted answer each in "sync") keeps a stable order: the older account first.
    assert _figures(queries.shortlist(month, tag=sync)) == [("syncer", 1, 0, 0, 0, 15), ("biller", 1, 0, 0, 0, 15)]
    billing = Tag.objects.get(slug="billing")
    assert _figures(queries.shortlist(month, tag=billing)) == [("biller", 2, 0, 0, 0, 30)]


def test_the_shortlist_is_two_queries_and_cut_to_its_size(make_member, month, django_assert_num_queries):
    asker = make_member("asker")
    for i in range(5):
        _answered_and_accepted(asker, make_member(f"helper{i}"), title=f"Question number {i} about notes")
    with django_assert_num_queries(2):
        rows = queries.shortlist(month, limit=3)
    assert len(rows) == 3


def test_months_are_parsed_strictly(month):
    assert queries.parse_month("") == queries.last_complete_month()
    assert queries.parse_month(f"{month:%Y-%m}") == month
    for bad in ("2026-13", "October", "2026/10", "1999-01"):
        with pytest.raises(ValidationError):
            queries.parse_month(bad)
    with pytest.raises(ValidationError, match="not begun"):
        queries.parse_month(f"{queries.add_months(month, 1):%Y-%m}")


# --- publishing -----------------------------------------------------------------------------------------------


def test_publishing_grants_the_badge_the_points_the_notice_and_the_audit_entry(
    alice, team, month, live, client_for, mailoutbox
):
    recognition = live(
        publish_recognition, team, kind=MONTH, member=alice, month=month, citation="Answered every sync question."
    )

    award = Award.objects.get(member=alice, badge__slug="member-of-the-month")
    assert recognition.award == award and award.badge.tier == 1  # gold
    assert Reputation.objects.get(pk=alice.pk).gold == 1
    entry = PointsEntry.objects.get(member=alice, reason=PointsEntry.Reason.RECOGNITION)
    assert entry.points == recognition.points == 500 and entry.origin == f"recognition:{recognition.pk}"
    assert points_actions.balance(alice.pk) == 500

    notice = Notification.objects.get(recipient=alice, kind=Notification.Kind.RECOGNITION)
    with translation.override("en"):
        assert describe(notice) == f"The community team named you member of the month for {month:%B %Y}."
        assert notice.get_absolute_url() == "/members/alice/"
    sentence = f"The community team named you member of the month for {month:%B %Y}."
    assert sentence in client_for(alice).get("/inbox/").content.decode()
    assert notice.detail == ""  # the month is data in the event key, not a line under the sentence
    assert [m.subject for m in mailoutbox if alice.email in m.to] == [sentence]  # and by e-mail, at once
    with translation.override("fr"):  # worded when read, in the reader's language: the month too
        assert formats.date_format(month, "YEAR_MONTH_FORMAT") in describe(notice)
        assert str(month.year) in describe(notice) and f"{month:%B}" not in describe(notice).split()

    entry = AuditEntry.objects.get(action="recognition")
    assert entry.actor == team and entry.member == alice and entry.details["recognition_id"] == recognition.pk


def test_a_champion_gets_the_silver_tag_badge_and_the_rules_points(alice, team, month, live):
    RuleProfile.objects.filter(is_active=True).update(tag_champion_points=250)
    from rewards.rules import forget_active_profile

    forget_active_profile()
    sync = Tag.objects.create(name="sync", slug="sync")
    live(publish_recognition, team, kind=CHAMPION, member=alice, month=month, citation="The sync expert.", tag=sync)

    award = Award.objects.get(member=alice, badge__slug="tag-champion")
    assert award.tag == sync and award.badge.tier == 2
    assert points_actions.balance(alice.pk) == 250
    notice = Notification.objects.get(recipient=alice, kind=Notification.Kind.RECOGNITION)
    with translation.override("en"):
        assert describe(notice) == f"The community team named you champion of the tag “sync” for {month:%B %Y}."


def test_named_again_a_member_keeps_one_badge_and_each_month_pays(alice, team, month):
    earlier = queries.add_months(month, -1)
    first = publish_recognition(team, kind=MONTH, member=alice, month=earlier, citation="A first month.")
    second = publish_recognition(team, kind=MONTH, member=alice, month=month, citation="And again.")

    assert Award.objects.filter(member=alice, badge__slug="member-of-the-month").count() == 1
    assert first.award_id == second.award_id is not None
    assert Recognition.objects.filter(member=alice, kind=MONTH).count() == 2
    assert points_actions.balance(alice.pk) == 1000


def test_one_member_of_the_month_per_month_and_one_champion_per_tag(alice, bob, team, month):
    publish_recognition(team, kind=MONTH, member=alice, month=month, citation="First pick.")
    with pytest.raises(ActionConflict, match="already named"):
        publish_recognition(team, kind=MONTH, member=bob, month=month, citation="Second pick.")

    sync, ios = Tag.objects.create(name="sync", slug="sync"), Tag.objects.create(name="ios", slug="ios")
    publish_recognition(team, kind=CHAMPION, member=bob, month=month, citation="Sync.", tag=sync)
    publish_recognition(team, kind=CHAMPION, member=alice, month=month, citation="iOS.", tag=ios)
    with pytest.raises(ActionConflict, match="already has a champion"):
        publish_recognition(team, kind=CHAMPION, member=alice, month=month, citation="Sync too.", tag=sync)
    assert points_actions.balance(bob.pk) == 200  # the refused pick paid nothing

    # The database backs the rule when two of the team publish at once.
    with pytest.raises(IntegrityError), transaction.atomic():
        Recognition.objects.create(kind=MONTH, member=bob, month=month, citation="A race.")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"citation": "   "}, "Write a citation"),
        ({"citation": "x" * 601}, "601 characters"),
        ({"month": "future"}, "not begun"),
        ({"member": "closed"}, "closed"),
        ({"member": "suspended"}, "suspended"),
        ({"kind": CHAMPION}, "Choose the tag"),
        ({"kind": "hero"}, "Choose member of the month or tag champion"),
    ],
)
def test_refusals_say_why_and_write_nothing(make_member, team, month, change, message):
    member = make_member("candidate")
    if change.get("member") == "closed":
        member.is_active = False
        member.save()
    if change.get("member") == "suspended":
        member.suspended_until = timezone.now() + timedelta(days=2)
        member.save()
    kwargs = {"kind": MONTH, "member": member, "month": month, "citation": "Thank you for everything."}
    kwargs.update({k: v for k, v in change.items() if k in ("citation", "kind")})
    if change.get("month") == "future":
        kwargs["month"] = queries.add_months(month, 1)
    with pytest.raises(ValidationError, match=message):
        publish_recognition(team, **kwargs)
    assert not Recognition.objects.exists()
    assert not PointsEntry.objects.filter(reason=PointsEntry.Reason.RECOGNITION).exists()


def test_only_the_team_publishes(alice, bob, month):
    with pytest.raises(PermissionDenied):
        publish_recognition(bob, kind=MONTH, member=alice, month=month, citation="I like Alice.")
    assert not Recognition.objects.exists()
