"""Expert finding per tag (the tag page's "who knows this") and routing of unanswered questions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from community.forum import actions
from community.models import ExpertRequest, Notification, NotificationSettings, Tag
from community.team import experts, routing

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
def record(make_member):
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
