"""The reputation profile's chart: points per day or per week, from the member's own history.

Bins follow the member's history (``community.core.charts`` draws them): a member whose first points of the year
are recent sees days (at least the last two weeks, so a lone entry stands as one clear bar in a frame of days, not
a pixel in a year); a longer history is drawn in calendar weeks from the week of its first points, up to a year.
Everything here is arithmetic on ``queries.history()``'s days: no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext, pgettext

from community.core import charts

SHORTEST_DAYS = 14  # a recent history is shown over at least this many days


@dataclass(frozen=True)
class ReputationChart:
    chart: charts.BarChart
    unit: str  # "day" or "week"
    first: date
    last: date
    total: int
    best: tuple[str, int]  # the best bin's label and points
    single: tuple[str, str] | None  # ("Mar 5, 2026", "+10") when all the points came on one day
    summary: str  # one sentence: the SVG's text alternative and the line above it
    head: tuple[str, str]
    rows: list[tuple[str, list[str]]]


def reputation_chart(points_by_day: list[tuple[date, int]]) -> ReputationChart | None:
    """The chart of ``points_by_day`` (``queries.history()``: every day to today, zeros included), or None when no
    day of it moved the member's reputation."""
    moved = [(day, points) for day, points in points_by_day if points]
    if not moved:
        return None
    last = points_by_day[-1][0]
    first_points = moved[0][0]
    unit = charts.unit_for(first_points, last)
    first = min(first_points, last - timedelta(days=SHORTEST_DAYS - 1)) if unit == "day" else first_points
    bins = charts.make_bins(first, last, unit)
    values = charts.sum_by_bin(bins, dict(moved))
    labels = [charts.bin_label(b) for b in bins]
    # Translators: a bar's tooltip on the reputation chart: a day or a week, and the points won or lost then,
    # e.g. "Mar 2 – Mar 8, 2026: +45".
    title = gettext("%(when)s: %(points)s")
    drawn = charts.draw(
        bins,
        unit,
        [[(v, "gain" if v > 0 else "loss")] for v in values],
        [title % {"when": label, "points": charts.signed(v)} for label, v in zip(labels, values, strict=True)],
    )
    best_at = max(range(len(values)), key=lambda i: (values[i], i))
    total = sum(values)
    period = charts.range_label(first, last)
    if unit == "day":
        summary = gettext("%(period)s: %(total)s points in all; best day %(best)s (%(when)s).")
        head = (pgettext("chart table heading", "Day"), gettext("Points"))
    else:
        summary = gettext("%(period)s: %(total)s points in all; best week %(best)s (%(when)s).")
        head = (pgettext("chart table heading", "Week"), gettext("Points"))
    summary = summary % {
        "period": period,
        "total": charts.signed(total),
        "best": charts.signed(values[best_at]),
        "when": labels[best_at],
    }
    return ReputationChart(
        chart=drawn,
        unit=unit,
        first=first,
        last=last,
        total=total,
        best=(labels[best_at], values[best_at]),
        single=(charts.day_label(moved[0][0]), charts.signed(moved[0][1])) if len(moved) == 1 else None,
        summary=summary,
        head=head,
        rows=[(label, [charts.signed(v)]) for label, v in zip(labels, values, strict=True)],
    )
