"""The reputation profile's chart, on real ledger rows spread over the year: bins that follow the member's history
(weeks for a long one, days for a recent one), a y scale with values, x labels with the year, its figures as a
table, and a newcomer's single entry shown as one clear bar with a sentence rather than a lone pixel."""

from __future__ import annotations

import re
from datetime import UTC, date, timedelta

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.forum import actions
from rewards import actions as rewards_actions

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.now().astimezone(UTC).date()


def earn(member, points: int, days_ago: int) -> None:
    """A real ledger entry (a moderator's adjustment) ``days_ago`` days back, its events delivered as after a commit
    (the profile keeps its body while the member's version stands still)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        rewards_actions.adjust(member, points, note="for the chart", at=timezone.now() - timedelta(days=days_ago))


def day(d: date) -> str:
    return f"{d:%b} {d.day}, {d.year}"  # the charts' English format: "Mar 5, 2026"


def week_of(d: date, last: date) -> tuple[date, date]:
    return d - timedelta(days=d.weekday()), min(d + timedelta(days=6 - d.weekday()), last)


def week_label(start: date, end: date) -> str:
    if start.year == end.year:
        return f"{start:%b} {start.day} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def profile(client, member) -> str:
    page = client.get(f"/members/{member.username}/reputation/")
    assert page.status_code == 200
    return page.content.decode()


def test_a_long_history_is_drawn_in_weeks_with_a_scale_and_the_year(client, make_member):
    member = make_member("veteran", reputation=1)
    earn(member, 40, 300)
    earn(member, 25, 300)  # the same day: one bar of +65
    earn(member, 120, 100)
    earn(member, -3, 20)
    earn(member, 7, 0)
    html = profile(client, member)
    now = today()
    first = now - timedelta(days=300)
    assert "Points per week" in html
    # The first week starts on the first points (a partial week says which days it holds); each week sums its days.
    first_week = (first, week_of(first, now)[1])
    assert f"<title>{week_label(*first_week)}: +65</title>" in html
    assert f"<title>{week_label(*week_of(now - timedelta(days=100), now))}: +120</title>" in html
    loss = re.search(
        rf"<title>{re.escape(week_label(*week_of(now - timedelta(days=20), now)))}: −3</title><rect [^>]*>", html
    )
    assert loss and 'class="loss"' in loss.group(0)
    # One bar per week with points (four weeks here), never a bar per day.
    assert html.count('<g class="bar">') == 4
    # A y scale of round values up to the best week (120 → 0, 50, 100, 150).
    assert re.findall(r'class="y-label">([^<]+)</text>', html) == ["0", "50", "100", "150"]
    # Month labels, the year under the first one.
    monday = first - timedelta(days=first.weekday())
    first_month = monday if monday.day == 1 else date(monday.year + monday.month // 12, monday.month % 12 + 1, 1)
    assert re.search(
        rf'class="x-label">{first_month:%b}<tspan [^>]*class="tick-year year-wide">{first_month.year}</tspan>', html
    )
    # A text alternative and the figures as a table: every week from the first points to this one.
    weeks = (now - timedelta(days=now.weekday()) - monday).days // 7 + 1
    table = re.search(r'<table class="chart-table">.*?</table>', html, re.S).group(0)
    assert table.count('<th scope="row">') == weeks
    assert f'<th scope="row">{week_label(*first_week)}</th><td>+65</td>' in table
    assert re.search(r'role="img" aria-label="[^"]*: \+189 points in all; best week \+120 ', html)
    assert "First points on" not in html


def test_a_newcomers_single_entry_is_one_clear_bar_and_a_sentence(live, client, make_member):
    newcomer, voter = make_member("newcomer", reputation=1), make_member("voter")
    question = live(
        actions.create_thread,
        newcomer,
        kind="question",
        title="How do I export one notebook?",
        body="Body text long enough.",
        tags=["sync"],
    )
    live(actions.vote, voter, question, 1)
    html = profile(client, newcomer)
    now = today()
    assert f"First points on {day(now)}: <strong>+10</strong>." in html
    assert "Points per day" in html
    # The last two weeks in days: one bar, as tall as the plot (its scale tops at 10), at the right end.
    assert html.count('<g class="bar">') == 1
    bar = re.search(
        r'<g class="bar"><title>([^<]+)</title><rect x="([\d.]+)%" y="([\d.]+)" width="([\d.]+)%" height="([\d.]+)"',
        html,
    )
    assert bar.group(1) == f"{day(now)}: +10"
    assert float(bar.group(2)) > 90 and float(bar.group(4)) > 5 and float(bar.group(5)) == 160
    assert re.findall(r'class="y-label">([^<]+)</text>', html) == ["0", "5", "10"]
    assert f'text-anchor="middle" class="x-label">{now:%b} {now.day}</text>' in html or (
        f'class="x-label">{now:%b} {now.day}<tspan' in html
    )
    table = re.search(r'<table class="chart-table">.*?</table>', html, re.S).group(0)
    assert table.count('<th scope="row">') == 14


def test_a_recent_history_is_drawn_in_days(client, make_member):
    member = make_member("recent", reputation=1)
    earn(member, 10, 30)
    earn(member, 5, 2)
    earn(member, 5, 2)
    html = profile(client, member)
    now = today()
    assert "Points per day" in html and "First points on" not in html
    assert f"<title>{day(now - timedelta(days=2))}: +10</title>" in html
    table = re.search(r'<table class="chart-table">.*?</table>', html, re.S).group(0)
    assert table.count('<th scope="row">') == 31  # from the first points to today
    assert re.search(r'aria-label="[^"]*: \+20 points in all; best day \+10 ', html)


def test_a_member_without_points_this_year_sees_a_sentence_not_an_empty_chart(client, make_member):
    member = make_member("quiet", reputation=1)
    html = profile(client, member)
    assert "No reputation earned in the last year yet." in html
    assert "bar-chart-svg" not in html


def test_the_chart_is_readable_in_french(client, make_member):
    member = make_member("lucie", reputation=1)
    earn(member, 1200, 200)
    earn(member, 300, 10)
    html = client.get(f"/members/{member.username}/reputation/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Points par semaine" in html
    # Coordinates stay SVG numbers; values are grouped the French way.
    assert not re.search(r'<rect x="[\d]+,', html)
    labels = [
        label.replace("\u202f", " ").replace("\xa0", " ")
        for label in re.findall(r'class="y-label">([^<]+)</text>', html)
    ]
    assert labels == ["0", "500", "1 000", "1 500"]


def test_the_profile_runs_as_many_queries_for_a_year_of_points_as_for_one(client_for, make_member):
    viewer = make_member("viewer")
    newcomer, veteran = make_member("one", reputation=1), make_member("many", reputation=1)
    earn(newcomer, 10, 0)
    for days_ago in range(0, 360, 3):
        earn(veteran, 10, days_ago)
    c = client_for(viewer)
    counts = []
    for member in (newcomer, veteran):
        profile(c, member)  # warm the shared caches (standing, flair)
        with CaptureQueriesContext(connection) as queries:
            profile(c, member)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_kept_chart_shows_new_points_at_once_and_each_members_own(client, make_member):
    """The chart is drawn once per process for each year of daily points ({% memo %}): a new entry is another
    key, and two members with other histories never share a drawing."""
    member, other = make_member("kept", reputation=1), make_member("other", reputation=1)
    earn(member, 10, 3)
    earn(other, 7, 3)
    assert re.search(r'aria-label="[^"]*: \+10 points in all', profile(client, member))
    assert re.search(r'aria-label="[^"]*: \+7 points in all', profile(client, other))
    earn(member, 5, 0)
    html = profile(client, member)
    assert re.search(r'aria-label="[^"]*: \+15 points in all', html)
    assert f"<title>{day(today())}: +5</title>" in html
