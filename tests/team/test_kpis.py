"""Community KPIs: exact figures on crafted data with known times, the dashboard, CSV, panel, access, queries."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.forum import actions
from community.models import Member
from community.team import kpis

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
DAY1 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def ask(author, at, title="A question about sync", kind="question"):
    return actions.create_thread(
        author, kind=kind, title=title, body="Body text long enough to pass.", tags=["sync"], at=at
    )


def answer(author, thread, at):
    return actions.post_answer(author, thread, body="An answer long enough to pass.", at=at)


@pytest.fixture
def crafted(make_member):
    """Eight questions on two days with first answers after 10 min, 30 min, 2 h, 5 h, 30 h, 50 h, none, none."""
    asker, helper, other = make_member("asker"), make_member("helper"), make_member("other")
    delays = [
        timedelta(minutes=10),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=5),
        timedelta(hours=30),
        timedelta(hours=50),
        None,
        None,
    ]
    threads = []
    for i, delay in enumerate(delays):
        asked = DAY1 + timedelta(days=i // 4, hours=i % 4)  # 4 on March 10, 4 on March 11
        thread = ask(asker, asked, title=f"Question number {i} about sync")
        if i == 0:
            answer(asker, thread, asked + timedelta(minutes=1))  # the asker's own answer is not a response
        if delay is not None:
            answer(helper, thread, asked + delay)
            answer(other, thread, asked + delay + timedelta(hours=1))  # later answers change nothing
        threads.append(thread)
    actions.accept_answer(asker, threads[0].answers.filter(author=helper).get())
    actions.accept_answer(asker, threads[3].answers.filter(author=helper).get())
    ask(asker, DAY1, title="A tip is not a question", kind="tip")  # tips are not counted
    return {"threads": threads, "asker": asker, "helper": helper}


def period(start="2025-03-10", end="2025-03-16"):
    return kpis.parse_period({"start": start, "end": end}, now=NOW)


def test_figures_on_crafted_data(crafted):
    k = kpis.compute(period())
    assert k.questions == 8
    assert k.answered == 6
    assert k.within == {"1h": 2, "3h": 3, "24h": 4}
    assert k.later == 2 and k.unanswered == 2
    assert k.accepted == 2
    # Response times in minutes: 10, 30, 120, 300, 1800, 3000 → median (120+300)/2 = 210 min; p90 at 0.9*5 = 4.5 → 2400 min.
    assert k.median_seconds == 210 * 60
    assert k.p90_seconds == 2400 * 60
    assert k.shares == {"1h": 25.0, "3h": 37.5, "24h": 50.0, "later": 25.0, "unanswered": 25.0, "accepted": 25.0}
    assert [t.title for t in k.unanswered_threads] == ["Question number 6 about sync", "Question number 7 about sync"]
    by_day = {r.day.isoformat(): r for r in k.per_day}
    assert len(k.per_day) == 7
    assert (by_day["2025-03-10"].questions, by_day["2025-03-10"].within_1h, by_day["2025-03-10"].within_24h) == (
        4,
        2,
        4,
    )
    assert (by_day["2025-03-11"].questions, by_day["2025-03-11"].later, by_day["2025-03-11"].unanswered) == (4, 2, 2)
    assert by_day["2025-03-12"].questions == 0


def test_first_answer_follows_hidden_and_restored_answers(crafted, moderator):
    thread = crafted["threads"][1]
    first = thread.answers.filter(author=crafted["helper"]).get()
    actions.hide_post(moderator, first)
    thread.refresh_from_db()
    assert thread.first_answer_seconds == 90 * 60  # the other member's answer, an hour later
    actions.restore_post(moderator, first)
    thread.refresh_from_db()
    assert thread.first_answer_seconds == 30 * 60


def test_recount_rebuilds_first_answers(crafted):
    from community.models import Thread

    Thread.objects.update(first_answer_at=None, first_answer_seconds=None)
    from django.core.management import call_command

    call_command("community_recount", verbosity=0)
    assert kpis.compute(period()).median_seconds == 210 * 60


def test_members_figures(crafted, make_member):
    late = make_member("latecomer")
    Member.objects.filter(pk=late.pk).update(date_joined=DAY1 + timedelta(days=2))
    Member.objects.exclude(pk=late.pk).update(date_joined=DAY1 - timedelta(days=30))
    k = kpis.compute(period())
    assert k.new_members == 1
    assert k.active_members == 3  # asker, helper, other posted in the period; the latecomer did not
    assert {r.day.isoformat(): r.new_members for r in k.per_day}["2025-03-12"] == 1


def test_top_contributors_this_week(make_member):
    asker, a, b = make_member("asker"), make_member("ann"), make_member("ben")
    now = datetime.now(UTC)
    for i in range(3):
        t = ask(asker, now - timedelta(days=1), title=f"Recent question {i} here")
        answer(b, t, now - timedelta(hours=20 - i))
        if i == 0:
            actions.accept_answer(asker, answer(a, t, now - timedelta(hours=10)))
    old = ask(asker, now - timedelta(days=20), title="An old question here")
    answer(a, old, now - timedelta(days=19))
    top = kpis.top_contributors(kpis.parse_period({"days": "7"}))
    assert [(c.member.username, c.accepted, c.answers) for c in top] == [("ann", 1, 1), ("ben", 0, 3)]
    month = kpis.top_contributors(kpis.parse_period({"days": "30"}))  # the old answer counts over 30 days
    assert [(c.member.username, c.accepted, c.answers) for c in month] == [("ann", 1, 2), ("ben", 0, 3)]


def test_parse_period_and_bad_input():
    assert kpis.parse_period({}, now=NOW).preset == "30"
    p = period("2025-03-01", "2025-03-01")
    assert (p.start.isoformat(), p.end.isoformat()) == ("2025-03-01T00:00:00+00:00", "2025-03-02T00:00:00+00:00")
    for bad in (
        {"days": "8"},
        {"start": "2025-13-01", "end": "2025-03-01"},
        {"start": "2025-03-05", "end": "2025-03-01"},
        {"start": "2020-01-01", "end": "2025-03-01"},
        {"start": "x"},
    ):
        with pytest.raises(Exception) as exc:
            kpis.parse_period(bad, now=NOW)
        assert exc.type.__name__ == "ValidationError"


def test_duration_formatting():
    assert [kpis.duration(s) for s in (None, 42, 600, 3600, 3 * 3600 + 600, 50 * 3600)] == [
        "—",
        "42 s",
        "10 min",
        "1 h",
        "3 h 10 min",
        "2 d 2 h",
    ]


# --- the pages ------------------------------------------------------------------------------


def test_dashboard_shows_the_figures_and_charts(client_for, moderator, crafted):
    page = client_for(moderator).get("/cms/community-team/kpis/?start=2025-03-10&end=2025-03-16")
    assert page.status_code == 200
    html = page.content.decode()
    assert "3 h 30 min" in html  # the median
    assert "1 d 16 h" in html  # p90 = 2400 min
    assert "Question number 6 about sync" in html
    assert "<svg" in html and "guildhall/kpis.css" in html
    assert "cdn" not in html.lower()


def test_csv_exports(client_for, moderator, crafted):
    c = client_for(moderator)
    daily = c.get("/cms/community-team/kpis/export.csv?start=2025-03-10&end=2025-03-16&report=daily")
    assert daily.status_code == 200 and daily["Content-Type"].startswith("text/csv")
    assert "attachment" in daily["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(daily.content.decode())))
    assert rows[0] == kpis.CSV_DAILY_HEADER
    assert rows[1] == ["2025-03-10", "4", "2", "3", "4", "0", "0", "2", "0"]
    assert len(rows) == 8
    summary = dict(
        csv.reader(
            io.StringIO(
                c.get(
                    "/cms/community-team/kpis/export.csv?start=2025-03-10&end=2025-03-16&report=summary"
                ).content.decode()
            )
        )
    )
    assert summary["median_first_answer_seconds"] == str(210 * 60)
    assert summary["share_answered_within_24h_pct"] == "50.0"
    assert c.get("/cms/community-team/kpis/export.csv?report=weird").status_code == 400


def test_bad_period_is_a_400(client_for, moderator):
    c = client_for(moderator)
    assert c.get("/cms/community-team/kpis/?days=13").status_code == 400
    assert c.get("/cms/community-team/kpis/?start=2025-02-30&end=2025-03-01").status_code == 400
    assert c.get("/cms/community-team/kpis/export.csv?start=nope").status_code == 400


def test_only_moderators_see_the_dashboard(client, client_for, make_member, moderator):
    from django.contrib.auth.models import Permission

    member = make_member("member")
    assert client_for(member).get("/cms/community-team/kpis/").status_code in (302, 403)
    # Wagtail admin access alone (an editor) is not enough: the team is the moderators.
    editor = make_member("editor", staff=False)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    c = client_for(editor)
    for url in ("/cms/community-team/kpis/", "/cms/community-team/kpis/export.csv", "/cms/community-team/watch/"):
        refused = c.get(url)  # Wagtail turns PermissionDenied into "no permission" and a redirect to the admin home
        assert refused.status_code == 302 and refused["Location"] == "/cms/", url
    assert "Community: the last 7 days" not in c.get("/cms/").content.decode()
    assert client.get("/cms/community-team/kpis/").status_code == 302
    home = client_for(moderator).get("/cms/").content.decode()
    assert "Community: the last 7 days" in home and "Open the KPI dashboard" in home


def test_dashboard_queries_do_not_grow_with_rows(client_for, moderator, make_member):
    c = client_for(moderator)
    asker, helper = make_member("asker"), make_member("helper")
    now = datetime.now(UTC)

    def add(n):
        for i in range(n):
            t = ask(asker, now - timedelta(days=2, minutes=i), title=f"Question {i} for the dashboard")
            if i % 2:
                answer(helper, t, now - timedelta(days=1, minutes=i))

    add(2)
    c.get("/cms/community-team/kpis/")
    cache.clear()  # the figures computed, not the ones kept (kpis.kept)
    with CaptureQueriesContext(connection) as few:
        assert c.get("/cms/community-team/kpis/").status_code == 200
    add(40)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert c.get("/cms/community-team/kpis/").status_code == 200
    assert len(few) == len(many)


def test_kept_figures_follow_every_event_at_once(client_for, moderator, make_member, live):
    """The dashboard keeps its figures while nothing happens (``kpis.kept``): a question, an answer, a member who
    joins and a hidden question each show on the next view."""
    c = client_for(moderator)
    asker, helper = make_member("asker"), make_member("helper")

    def figures():
        page = c.get("/cms/community-team/kpis/?days=7")
        assert page.status_code == 200
        k = page.context["k"]
        return k.questions, k.answered, k.new_members

    before = figures()
    with CaptureQueriesContext(connection) as kept:
        assert figures() == before
    assert not [q for q in kept.captured_queries if "first_answer_seconds" in q["sql"]]  # kept, not computed
    question = live(
        actions.create_thread,
        asker,
        kind="question",
        title="Where are my tags?",
        body="They vanished after sync.",
        tags=["sync"],
    )
    assert figures() == (before[0] + 1, before[1], before[2])
    live(actions.post_answer, helper, question, body="Open Settings, then Tags, then Show all.")
    assert figures() == (before[0] + 1, before[1] + 1, before[2])
    live(actions.member_joined, make_member("newcomer"))
    assert figures()[2] == before[2] + 1
    live(actions.hide_post, moderator, question)
    assert figures()[0] == before[0]
