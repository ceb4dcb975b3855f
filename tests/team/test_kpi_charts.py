"""The KPI page's charts and tables on real rows: questions per week for 12 months with month labels and their
year, a y scale with values, the response table one bucket per row, and top contributors that follow the chosen
period (they once said "this week" whatever the period)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from community.forum import actions

pytestmark = pytest.mark.django_db

URL = "/cms/community-team/kpis/"


def ask(author, at, title):
    return actions.create_thread(
        author, kind="question", title=title, body="Body text long enough to pass.", tags=["sync"], at=at
    )


def answer(author, thread, at):
    return actions.post_answer(author, thread, body="An answer long enough to pass.", at=at)


def at(y, m, d, h=9):
    return datetime(y, m, d, h, 0, tzinfo=UTC)


def page(client, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_twelve_months_are_drawn_in_weeks_labelled_by_month_and_year(client_for, moderator, make_member):
    asker, helper = make_member("asker"), make_member("helper")
    for i, when in enumerate([at(2025, 3, 4), at(2025, 3, 6), at(2025, 3, 6, 15), at(2025, 8, 20)]):
        thread = ask(asker, when, f"Question number {i} of the year")
        if i < 2:
            answer(helper, thread, when + timedelta(hours=2))
    html = page(client_for(moderator), "start=2024-12-01&end=2025-11-30")
    assert "Questions per week" in html
    # Weeks, not days: one bar for the three questions of the week of March 3, two of them answered within 24 h.
    assert "<title>Mar 4 – Mar 9, 2025: 3 questions, 2 answered within 24 h</title>" not in html  # a week is whole
    assert "<title>Mar 3 – Mar 9, 2025: 3 questions, 2 answered within 24 h</title>" in html
    assert "<title>Aug 18 – Aug 24, 2025: 1 question, 0 answered within 24 h</title>" in html
    assert html.count('<g class="bar">') == 2
    # Month labels with the year where it changes — never "Nov 30 … Nov 30".
    labels = re.findall(
        r'class="x-label">([A-Z][a-z]{2})(?:<tspan[^>]*class="tick-year year-wide">(\d{4})</tspan>)?', html
    )
    assert labels[:3] == [("Dec", "2024"), ("Jan", "2025"), ("Feb", "")]
    assert [m for m, _y in labels] == [
        "Dec",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
    ]
    assert not [label for label in re.findall(r'class="x-label">([^<]+)', html) if label[-1].isdigit()]
    # A y scale with values up to the busiest week.
    assert re.findall(r'class="y-label">([^<]+)</text>', html) == ["0", "1", "2", "3"]
    # The figures as a table, one row per week of the period (Dec 1, 2024 is a Sunday: a one-day first week).
    table = re.search(r'<table class="chart-table">.*?</table>', html, re.S).group(0)
    assert table.count('<th scope="row">') == 53
    assert '<th scope="row">Dec 1, 2024</th><td>0</td><td>0</td>' in table
    assert '<th scope="row">Mar 3 – Mar 9, 2025</th><td>3</td><td>2</td>' in table
    assert re.search(
        r'role="img" aria-label="Questions per week, Dec 1, 2024 – Nov 30, 2025: 4 in all, 2 answered', html
    )


def test_a_week_is_drawn_in_days(client_for, moderator, make_member):
    asker = make_member("asker")
    ask(asker, at(2025, 3, 11), "A question of the week")
    html = page(client_for(moderator), "start=2025-03-10&end=2025-03-16")
    assert "Questions per day" in html
    assert "<title>Mar 11, 2025: 1 question, 0 answered within 24 h</title>" in html
    labels = re.findall(r'class="x-label">([^<]+)', html)
    assert labels == ["Mar 10", "Mar 11", "Mar 12", "Mar 13", "Mar 14", "Mar 15", "Mar 16"]
    assert 'class="tick-year year-wide">2025</tspan>' in html


@pytest.fixture
def buckets(make_member):
    """Eight questions answered after 10 min, 30 min, 2 h, 5 h, 30 h, 50 h, and two never."""
    asker, helper = make_member("asker"), make_member("helper")
    delays = [timedelta(minutes=10), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=5)]
    delays += [timedelta(hours=30), timedelta(hours=50), None, None]
    for i, delay in enumerate(delays):
        asked = at(2025, 3, 10 + i // 4, i % 4)
        thread = ask(asker, asked, f"Question number {i} about sync")
        if delay is not None:
            answer(helper, thread, asked + delay)
    return asker, helper


def test_the_response_table_gives_each_bucket_its_own_figures(client_for, moderator, buckets):
    html = page(client_for(moderator), "start=2025-03-10&end=2025-03-16")
    table = re.search(r'<table class="listing kpi-table kpi-response-table">.*?</table>', html, re.S).group(0)
    rows = re.findall(
        r'<tr><th scope="row">(?:<span class="swatch [^"]+"></span> )?([^<]+)</th><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>',
        table,
    )
    nbsp = "&nbsp;%"
    assert rows == [
        ("within 1 h", "2", "25.0" + nbsp, "25.0" + nbsp),
        ("1–3 h", "1", "12.5" + nbsp, "37.5" + nbsp),  # its own question, not the 3 answered within 3 h
        ("3–24 h", "1", "12.5" + nbsp, "50.0" + nbsp),
        ("after 24 h", "2", "25.0" + nbsp, "75.0" + nbsp),
        ("unanswered", "2", "25.0" + nbsp, "100.0" + nbsp),
        ("All questions", "8", "100" + nbsp, ""),
    ]
    assert sum(int(count) for _label, count, _share, _cumulative in rows[:-1]) == 8
    assert "Cumulative share" in table


def test_top_contributors_follow_the_chosen_period(client_for, moderator, buckets, make_member):
    asker, helper = buckets
    recent = make_member("recent")
    now = datetime.now(UTC)
    fresh = ask(asker, now - timedelta(days=1), "A question of this week")
    answer(recent, fresh, now - timedelta(hours=3))
    c = client_for(moderator)

    def top(query):
        html = page(c, query)
        section = re.search(r'<section class="kpi-section" aria-labelledby="kpi-top">.*?</section>', html, re.S)
        return section.group(0)

    march = top("start=2025-03-10&end=2025-03-16")
    assert "Top contributors — Mar 10, 2025 – Mar 16, 2025" in march
    assert helper.public_name in march and recent.public_name not in march
    assert re.search(rf"{re.escape(helper.public_name)}</a></td><td>0</td><td>6</td>", march)
    week = top("days=7")
    assert "Top contributors — Last 7 days" in week
    assert recent.public_name in week and helper.public_name not in week
    empty = top("start=2025-04-01&end=2025-04-07")
    assert "No answers in this period." in empty
