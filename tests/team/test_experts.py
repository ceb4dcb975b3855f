"""Expert finding per tag (the tag page's "who knows this") and routing of unanswered questions.

The ranking is stored (``TagExpert``) and kept by the events' refresh task: posts here are made with their
events delivered (``live``), as after a real commit.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from community.forum import actions
from community.models import Answer, ExpertRequest, Notification, NotificationSettings, Tag
from community.moderation import actions as moderation
from community.team import experts, routing, tasks
from community.team.models import TagExpert

pytestmark = pytest.mark.django_db


def answered(asker, helper, *, tag="sync", accepted=False, days_ago=1, votes=()):
    at = timezone.now() - timedelta(days=days_ago)
    thread = actions.create_thread(
        asker, kind="question", title=f"A question about {tag} here", body="Body text long enough.", tags=[tag], at=at
    )
    answer = actions.post_answer(helper, thread, body="An answer long enough to pass.", at=at + timedelta(hours=1))
    for voter in votes:
        actions.vote(voter, answer, 1)
    if accepted:
        actions.accept_answer(asker, answer)
    return answer


@pytest.fixture
def record(make_member, live):
    with live():
        return _record(make_member)


def _record(make_member):
    asker = make_member("asker")
    ace, steady, old, newbie = make_member("ace"), make_member("steady"), make_member("oldtimer"), make_member("newbie")
    voters = [make_member(f"voter{i}") for i in range(3)]
    answered(asker, ace, accepted=True)
    answered(asker, ace, accepted=True, votes=voters)
    for _ in range(3):
        answered(asker, steady, votes=voters[:2])  # (1 + 2) × 2 each = 18
    answered(asker, old, accepted=True, days_ago=800)  # (1 + 10) × 0.5 = 5.5: too old to count
    answered(asker, newbie)  # 2 points
    answered(asker, ace, tag="billing", accepted=True)
    return {"asker": asker, "ace": ace, "steady": steady, "old": old, "newbie": newbie}


def test_experts_ranked_by_accepted_score_and_recency(record):
    sync = Tag.objects.get(name="sync")
    rows = experts.expertise(sync.pk)
    assert [(r.member_id, r.accepted, r.answers) for r in rows] == [
        (record["ace"].pk, 2, 2),
        (record["steady"].pk, 0, 3),
    ]
    assert rows[0].points == (1 + 10) * 2 + (1 + 3 + 10) * 2
    assert rows[1].points == 18


def test_tag_page_shows_who_knows_this(client, record):
    page = client.get("/tags/sync/").content.decode()
    assert "Who knows this" in page
    assert page.index(">ace<") < page.index(">steady<")
    assert "oldtimer" not in page and "newbie" not in page
    assert "2 accepted" in page


def test_unanswered_questions_go_to_a_few_experts_after_the_delay(live, record, make_member, settings, mailoutbox):
    settings.GUILDHALL = {**settings.GUILDHALL, "EXPERTS_PER_QUESTION": 1, "EXPERT_ROUTING_DELAY_HOURS": 2}
    asker = make_member("someone")
    fresh = actions.create_thread(
        asker, kind="question", title="A fresh sync question", body="Body text long enough.", tags=["sync"]
    )
    waiting = actions.create_thread(
        asker,
        kind="question",
        title="A waiting sync question",
        body="Body text long enough.",
        tags=["sync"],
        at=timezone.now() - timedelta(hours=3),
    )
    with_answer = actions.create_thread(
        asker,
        kind="question",
        title="An answered sync question",
        body="Body text long enough.",
        tags=["sync"],
        at=timezone.now() - timedelta(hours=3),
    )
    actions.post_answer(record["newbie"], with_answer, body="An answer long enough to pass.")
    mailoutbox.clear()

    def call():
        live(call_command, "community_route_questions", verbosity=0)

    call()
    assert list(ExpertRequest.objects.values_list("thread_id", "expert__username")) == [(waiting.pk, "ace")]
    note = Notification.objects.get(kind="expert_request")
    assert note.recipient == record["ace"] and note.thread_id == waiting.pk
    assert len(mailoutbox) == 1 and "has no answer yet" in mailoutbox[0].subject
    call()
    assert ExpertRequest.objects.count() == 1  # nobody is asked twice
    assert not ExpertRequest.objects.filter(thread__in=[fresh, with_answer]).exists()


def test_daily_limit_opt_out_and_never_the_asker(record, make_member, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "EXPERTS_PER_QUESTION": 3, "EXPERT_REQUESTS_PER_DAY": 2}
    NotificationSettings.objects.create(member=record["steady"], expert_requests=False)
    waiting = []
    for i in range(3):
        waiting.append(
            actions.create_thread(
                make_member(),
                kind="question",
                title=f"Waiting sync question {i}",
                body="Body text long enough.",
                tags=["sync"],
                at=timezone.now() - timedelta(hours=5, minutes=i),
            )
        )
    own = actions.create_thread(
        record["ace"],
        kind="question",
        title="Ace asks about sync",
        body="Body text long enough.",
        tags=["sync"],
        at=timezone.now() - timedelta(hours=6),
    )
    result = routing.route_unanswered()
    asked = list(ExpertRequest.objects.values_list("thread_id", "expert__username"))
    assert all(name == "ace" for _, name in asked)  # steady opted out
    assert len(asked) == 2  # ace's daily limit
    assert own.pk not in [t for t, _ in asked]  # never asked about their own question
    assert result.routed == 2


def test_opt_out_is_in_the_settings_page(client_for, record):
    page = client_for(record["ace"]).get("/settings/notifications/").content.decode()
    assert "Ask me about unanswered questions" in page


def test_route_command_rejects_bad_options():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("community_route_questions", "--delay-hours", "-1", verbosity=0)


# --- the stored ranking follows the events -------------------------------------------------------------------


def ranked(tag="sync") -> list[tuple[str, float]]:
    """The stored ranking of ``tag``: (username, points), best first."""
    tag_id = Tag.objects.get(name=tag).pk
    return [(row.member.username, row.points) for row in experts.stored_ranking(tag_id)]


def from_source(tag="sync") -> list[tuple]:
    tag_id = Tag.objects.get(name=tag).pk
    return [
        (r.member_id, r.answers, r.accepted, r.score, round(r.points, 6)) for r in experts.ranking_from_source(tag_id)
    ]


def stored(tag="sync") -> list[tuple]:
    tag_id = Tag.objects.get(name=tag).pk
    return [
        (r.member_id, r.answers, r.accepted, r.score, round(r.points, 6))
        for r in TagExpert.objects.filter(tag_id=tag_id).order_by("rank")
    ]


def test_the_ranking_is_stored_in_rank_order_equal_to_the_answers_sum(record):
    assert ranked() == [("ace", 50.0), ("steady", 18.0)]
    assert ranked("billing") == [("ace", 22.0)]
    assert stored() == from_source() and stored("billing") == from_source("billing")
    assert list(TagExpert.objects.filter(tag__name="sync").order_by("rank").values_list("rank", flat=True)) == [1, 2]


def test_an_accepted_answer_brings_a_member_in_and_hiding_it_takes_them_out(record, live, moderator):
    newbie_answer = Answer.objects.get(author=record["newbie"])
    live(actions.accept_answer, record["asker"], newbie_answer)
    assert ranked() == [("ace", 50.0), ("newbie", 22.0), ("steady", 18.0)]
    live(actions.hide_post, moderator, newbie_answer)
    assert ranked() == [("ace", 50.0), ("steady", 18.0)]
    live(actions.restore_post, moderator, newbie_answer)
    assert ranked() == [("ace", 50.0), ("steady", 18.0)]  # restored, but no longer accepted (hiding unaccepts)
    live(actions.accept_answer, record["asker"], Answer.objects.get(pk=newbie_answer.pk))
    assert ranked()[1] == ("newbie", 22.0)
    live(actions.accept_answer, record["asker"], Answer.objects.get(pk=newbie_answer.pk))  # accepting again un-accepts
    assert "newbie" not in dict(ranked())


def test_votes_reorder_the_experts(record, live, make_member):
    steady_answers = list(Answer.objects.filter(author=record["steady"]).order_by("pk"))
    for i in range(6):
        live(actions.vote, make_member(f"fan{i}"), steady_answers[0], 1)
    # (1 + 2 + 6) × 2 + 2 × (1 + 2) × 2 = 30: still behind ace's 50; six more put steady ahead
    assert ranked() == [("ace", 50.0), ("steady", 30.0)]
    for i in range(6, 18):
        live(actions.vote, make_member(f"fan{i}"), steady_answers[1], 1)
    assert ranked() == [("steady", 54.0), ("ace", 50.0)]
    assert stored() == from_source()


def test_hiding_the_question_removes_its_answers_and_self_answers_never_count(record, live, moderator, make_member):
    asker = record["asker"]
    fans = [make_member(f"fan{i}") for i in range(6)]
    live(answered, asker, asker, tag="sync", votes=fans)  # (1 + 6) × 2 = 14 points, were it not their own question
    assert "asker" not in dict(ranked())
    thread = Answer.objects.filter(author=record["steady"]).order_by("pk").first().thread
    live(actions.hide_post, moderator, thread)
    assert ranked() == [("ace", 50.0), ("steady", 12.0)]
    live(actions.restore_post, moderator, thread)
    assert ranked() == [("ace", 50.0), ("steady", 18.0)]


def test_retagging_a_question_moves_its_answers_between_tags(record, live):
    thread = Answer.objects.filter(author=record["ace"], thread__tags__name="sync", score=0).get().thread  # 22 points
    live(actions.edit_thread, record["asker"], thread, title=thread.title, body=thread.body_md, tags=["billing"])
    assert ranked() == [("ace", 28.0), ("steady", 18.0)]
    assert ranked("billing") == [("ace", 22.0 + 22.0)]
    assert stored() == from_source() and stored("billing") == from_source("billing")


def test_merging_tags_ranks_the_merged_answers_under_the_target(record, live, moderator):
    live(moderation.merge_tags, moderator, Tag.objects.get(name="billing"), Tag.objects.get(name="sync"))
    assert ranked() == [("ace", 72.0), ("steady", 18.0)]
    assert not TagExpert.objects.exclude(tag__name="sync").exists()


def test_a_burst_enqueues_one_refresh_and_a_change_after_it_started_enqueues_again(record, live, make_member):
    sync = Tag.objects.get(name="sync")
    cache.add(tasks.due_key(sync.pk), 1)  # a refresh of the tag is already waiting in the queue
    newbie_answer = Answer.objects.get(author=record["newbie"])
    live(actions.accept_answer, record["asker"], newbie_answer)
    assert "newbie" not in dict(ranked())  # not enqueued twice: the waiting task will see it
    tasks.refresh_experts.enqueue([sync.pk])  # the worker reaches it
    assert ranked()[1] == ("newbie", 22.0)
    assert cache.get(tasks.due_key(sync.pk)) is None  # the task cleared its mark first
    live(actions.vote, make_member("late"), newbie_answer, 1)  # a change after it started: enqueued again
    assert ranked()[1] == ("newbie", 24.0)


def test_the_anonymous_tag_page_shows_the_new_expert_on_the_next_request(client, record, live):
    assert client.get("/tags/sync/")["X-Page-Cache"] == "miss"
    client.get("/tags/sync/")  # the cold cache had no clock yet: this render is the one stored
    page = client.get("/tags/sync/")
    assert page["X-Page-Cache"] == "hit" and ">newbie<" not in page.content.decode()
    live(actions.accept_answer, record["asker"], Answer.objects.get(author=record["newbie"]))
    page = client.get("/tags/sync/").content.decode()
    assert page.index(">ace<") < page.index(">newbie<") < page.index(">steady<")


def test_a_refresh_alone_makes_the_cached_tag_page_stale(client, record, live):
    """In production the refresh finishes in the worker, after the event's own page-cache bump: the tag page
    and the experts' cached list must follow the rewritten rows, not the event."""
    client.get("/tags/sync/")
    client.get("/tags/sync/")
    assert client.get("/tags/sync/")["X-Page-Cache"] == "hit"
    Answer.objects.filter(author=record["newbie"]).update(score=9)  # no event: (1 + 9) × 2 = 20 points
    assert client.get("/tags/sync/")["X-Page-Cache"] == "hit"
    live(experts.refresh_tag_experts, [Tag.objects.get(name="sync").pk])  # its page-cache bump comes on commit
    response = client.get("/tags/sync/")
    assert response["X-Page-Cache"] == "miss" and ">newbie<" in response.content.decode()


def test_the_daily_command_rebuilds_drifted_rows_and_follows_the_calendar(record):
    sync = Tag.objects.get(name="sync")
    TagExpert.objects.filter(member=record["steady"]).delete()
    TagExpert.objects.filter(member=record["ace"], tag=sync).update(points=1, rank=7, answers=99)
    TagExpert.objects.create(
        tag=sync, member=record["newbie"], rank=3, answers=1, accepted=0, score=0, points=2, computed_at=timezone.now()
    )
    assert stored() != from_source()
    call_command("community_refresh_experts", verbosity=0)
    assert stored() == from_source() and ranked() == [("ace", 50.0), ("steady", 18.0)]
    # Half a year on, this quarter's answers weigh 1 instead of 2: only the daily run notices.
    Answer.objects.exclude(author=record["old"]).update(created_at=timezone.now() - timedelta(days=200))
    assert ranked() == [("ace", 50.0), ("steady", 18.0)]
    call_command("community_refresh_experts", verbosity=0)
    assert ranked() == [("ace", 25.0)]  # steady: 3 × 3 × 1 = 9, under EXPERT_MIN_POINTS
    assert stored() == from_source() and stored("billing") == from_source("billing")


def test_the_recount_command_rebuilds_the_experts_too(record):
    TagExpert.objects.all().delete()
    call_command("community_recount", verbosity=0)
    assert ranked() == [("ace", 50.0), ("steady", 18.0)] and stored("billing") == from_source("billing")


def test_routing_reads_the_stored_ranking(record):
    sync, billing = Tag.objects.get(name="sync"), Tag.objects.get(name="billing")
    assert [(r.member_id, r.tag_id, r.points) for r in experts.experts_for_tags([sync.pk, billing.pk])] == [
        (record["ace"].pk, sync.pk, 50.0),
        (record["steady"].pk, sync.pk, 18.0),
    ]
    TagExpert.objects.filter(member=record["ace"]).delete()  # what is stored is what routing offers
    assert [r.member_id for r in experts.experts_for_tags([sync.pk, billing.pk])] == [record["steady"].pk]
