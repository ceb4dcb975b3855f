"""Bar charts over time, drawn on the server as SVG: time bins, a y scale of round values, x labels with the year.

Why it lives here: the reputation profile (rewards) and the team's KPI page (community.team) draw the same kind of
chart, and ``community.core`` is the one place both may import (docs/architecture.md). Pure Python over numbers
the callers already have: no query, no template (``templates/community/core/_bar_chart.html`` draws a
``BarChart``).

How the drawing stays readable at every width: the SVG has no ``viewBox``. Bars and x labels sit at *percentages*
of its width and at *pixels* of its height, so a phone squeezes the bars but never the text (a scaled viewBox made
the labels 6 px high at 390 px). The y labels hang in the SVG's left padding (``.bar-chart svg`` in site.css and
kpis.css). Labels a narrow screen has no room for carry ``narrow=False`` and are hidden there by CSS; the year is
written under the first label of each screen and wherever the year changes, so every axis names its year.

Coordinates are strings written here ("12.5"): a number rendered by a template is localised ("12,5" in French),
which is not SVG.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import dateformat, formats
from django.utils.translation import pgettext, pgettext_lazy

DAILY_UP_TO = 45  # days: a longer range is drawn in weeks (53 bars for a year, not 365 one-pixel ones)
PLOT_TOP = 10  # px above the highest gridline, for its label
PLOT_HEIGHT = 160  # px from the highest gridline to the lowest
AXIS_HEIGHT = 38  # px under the plot: a label and, under it, the year
BAR_GAP = 0.14  # of a bar's slot, left empty on each side

# The charts' own formats (context "chart date format"): short month names in every language, so that a week's
# label stays on one line ("Mar 2 – Mar 8, 2026", « 2 mars – 8 mars 2026 », « 20 nov. »).
# Translators: a day on a chart, in the format of Django's "date" filter: "Mar 5, 2026"; French "j N Y" (5 mars
# 2026, 20 nov. 2026).
DAY = pgettext_lazy("chart date format", "M j, Y")
# Translators: a day without the year on a chart, in the format of Django's "date" filter: "Mar 5"; French "j N".
DAY_NO_YEAR = pgettext_lazy("chart date format", "M j")
# Translators: a month's short name alone under a chart, in the format of Django's "date" filter: "Mar"; French
# "N" (mars, juil.).
MONTH = pgettext_lazy("chart date format", "M")


@dataclass(frozen=True)
class Bin:
    """Days ``start`` to ``end`` (both included) counted together; one bar."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def unit_for(first: date, last: date) -> str:
    """ "day" for a range of up to ``DAILY_UP_TO`` days, else "week"."""
    return "day" if (last - first).days + 1 <= DAILY_UP_TO else "week"


def make_bins(first: date, last: date, unit: str) -> list[Bin]:
    """The range's days, one bin each, or its calendar weeks (Monday to Sunday) cut to the range: a first or last
    week may hold fewer days, and its label says which."""
    if unit == "day":
        return [Bin(first + timedelta(days=i), first + timedelta(days=i)) for i in range((last - first).days + 1)]
    bins = []
    start = first
    while start <= last:
        end = min(monday(start) + timedelta(days=6), last)
        bins.append(Bin(start, end))
        start = end + timedelta(days=1)
    return bins


def sum_by_bin(bins: Sequence[Bin], by_day: Mapping[date, int]) -> list[int]:
    """Each bin's total of ``by_day`` (days missing count 0)."""
    return [sum(by_day.get(b.start + timedelta(days=i), 0) for i in range(b.days)) for b in bins]


@dataclass(frozen=True)
class Scale:
    """The y axis: from ``low`` to ``high`` in steps of ``step``, every step a gridline with its value."""

    low: int
    high: int
    step: int

    @property
    def ticks(self) -> list[int]:
        return list(range(math.ceil(self.low / self.step) * self.step, self.high + 1, self.step))


def nice_scale(values: Iterable[int], intervals: int = 4) -> Scale:
    """A scale of whole, round steps (1, 2 or 5 × a power of ten) that holds every value and zero, in about
    ``intervals`` steps: 0–10 by 5 for a lone 10; 0–600 by 200 for a best week of 517; −50–150 by 50 for −30 and
    140. A loss smaller than half a step keeps its own depth (−4 to 150), rather than a quarter of the chart."""
    values = list(values)
    high = max([0, *values])
    low = min([0, *values])
    raw = (high - low) / intervals
    step = 1
    if raw > 1:
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    top = math.ceil(high / step) * step
    bottom = math.floor(low / step) * step if low < -step / 2 else low
    if top == bottom:  # nothing but zeros: one step above
        top = bottom + step
    return Scale(bottom, top, step)


def number(value: int) -> str:
    """An integer with the language's grouping and a true minus sign: "1,200", « 1 200 », "−50"."""
    text = formats.number_format(abs(value), force_grouping=True)
    return f"−{text}" if value < 0 else text


def signed(value: int) -> str:
    """ "+45", "−3", "0" (points won or lost)."""
    return f"+{number(value)}" if value > 0 else number(value)


def day_label(day: date) -> str:
    return dateformat.format(day, str(DAY))


def bin_label(b: Bin) -> str:
    """ "Mar 5, 2026" for a day; "Mar 2 – Mar 8, 2026" for a week (a year on each side when it changes)."""
    if b.days == 1:
        return day_label(b.start)
    if b.start.year == b.end.year:
        start = dateformat.format(b.start, str(DAY_NO_YEAR))
    else:
        start = day_label(b.start)
    # Translators: a chart's bar or table row covering several days, from its first to its last day.
    return pgettext("date range", "%(start)s – %(end)s") % {"start": start, "end": day_label(b.end)}


def range_label(first: date, last: date) -> str:
    return pgettext("date range", "%(start)s – %(end)s") % {"start": day_label(first), "end": day_label(last)}


@dataclass(frozen=True)
class Segment:
    y: str
    h: str
    css: str


@dataclass(frozen=True)
class Bar:
    x: str  # % of the plot's width
    w: str  # %
    segments: tuple[Segment, ...]
    title: str  # the tooltip: what the bar stands for, with its figures


@dataclass(frozen=True)
class Gridline:
    y: str  # px
    label: str
    zero: bool


@dataclass(frozen=True)
class Tick:
    x: str  # % of the plot's width
    label: str
    year: str  # written under the label on wide screens ("" for none)
    narrow_year: str  # written under it on narrow screens
    narrow: bool  # also shown on narrow screens
    centred: bool  # in the middle of a bar (days); else at a boundary (the first of a month, a Monday)

    @property
    def anchor(self) -> str:
        """Where the text hangs from its place: centred under a day; right of a boundary, or left of one near the
        right edge, so the last month's name stays inside the chart at 390 px."""
        if self.centred:
            return "middle"
        return "end" if float(self.x) > 93 else "start"


@dataclass(frozen=True)
class BarChart:
    unit: str  # "day" or "week"
    bins: tuple[Bin, ...]
    bars: tuple[Bar, ...]
    gridlines: tuple[Gridline, ...]
    ticks: tuple[Tick, ...]
    scale: Scale
    height: int  # px, the SVG's
    axis_y: str  # px, the baseline of the x labels
    zero_y: str  # px
    tick_top: str  # px, the top of a tick mark (the plot's bottom)
    tick_bottom: str  # px


def coordinate(value: float) -> str:
    """A plain number for an SVG attribute, whatever the language: "12.5", never "12,5"."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _px(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def draw(
    bins: Sequence[Bin], unit: str, layers: Sequence[Sequence[tuple[int, str]]], titles: Sequence[str]
) -> BarChart:
    """The chart of ``bins``: bar i draws each ``(value, css class)`` of ``layers[i]`` from zero, in order (a later
    layer on top, e.g. the part of the questions answered within a day over all of them), titled ``titles[i]``.

    Weeks are laid out on whole weeks (the axis runs from the first bin's Monday to the last one's Sunday), so every
    bar has the same width and the first of each month falls at its place."""
    scale = nice_scale(value for layer in layers for value, _css in layer)
    span = scale.high - scale.low

    def y(value: int) -> float:
        return PLOT_TOP + (scale.high - value) / span * PLOT_HEIGHT

    axis_first = bins[0].start if unit == "day" else monday(bins[0].start)
    axis_last = bins[-1].end if unit == "day" else monday(bins[-1].end) + timedelta(days=6)
    axis_days = (axis_last - axis_first).days + 1
    slot_days = 1 if unit == "day" else 7
    slot = slot_days / axis_days * 100
    zero = y(0)
    bars = []
    for b, layer, title in zip(bins, layers, titles, strict=True):
        left = (b.start - axis_first).days // slot_days * slot
        segments = []
        for value, css in layer:
            if not value:
                continue
            top, bottom = sorted((y(value), zero))
            height = max(bottom - top, 2)  # the smallest value still shows
            segments.append(Segment(_px(top if value > 0 else zero), _px(height), css))
        bars.append(
            Bar(coordinate(left + slot * BAR_GAP), coordinate(slot * (1 - 2 * BAR_GAP)), tuple(segments), title)
        )
    gridlines = tuple(Gridline(_px(y(v)), number(v), v == 0) for v in scale.ticks)
    bottom = PLOT_TOP + PLOT_HEIGHT
    return BarChart(
        unit=unit,
        bins=tuple(bins),
        bars=tuple(bars),
        gridlines=gridlines,
        ticks=tuple(time_ticks(axis_first, axis_last, unit)),
        scale=scale,
        height=PLOT_TOP + PLOT_HEIGHT + AXIS_HEIGHT,
        axis_y=_px(bottom + 16),
        zero_y=_px(zero),
        tick_top=_px(bottom),
        tick_bottom=_px(bottom + 4),
    )


def _every(items: list, step: int, *, from_end: bool = False) -> set[int]:
    n = len(items)
    if from_end:
        return {i for i in range(n) if (n - 1 - i) % step == 0}
    return {i for i in range(n) if i % step == 0}


def time_ticks(axis_first: date, axis_last: date, unit: str) -> list[Tick]:
    """The x labels of an axis from ``axis_first`` to ``axis_last`` (both included).

    - days (up to 45): every day, every 2nd or every Monday, counted back from the last day so the latest one is
      labelled ("Mar 5"); half of them on narrow screens;
    - weeks over up to 100 days: every Monday, or every 2nd, labelled with the day;
    - weeks over a longer range: the first of each month ("Mar"), every 2nd or 3rd on narrow screens.
    """
    axis_days = (axis_last - axis_first).days + 1
    if unit == "day":
        days = [axis_first + timedelta(days=i) for i in range(axis_days)]
        if axis_days <= 8:
            wide = _every(days, 1, from_end=True)
        elif axis_days <= 16:
            wide = _every(days, 2, from_end=True)
        else:
            wide = {i for i, d in enumerate(days) if d.weekday() == 0}
        marks = [(i, days[i], (i + 0.5) / axis_days * 100) for i in sorted(wide)]
        fmt, centred = DAY_NO_YEAR, True
    elif axis_days <= 100:
        mondays = [axis_first + timedelta(days=7 * i) for i in range(axis_days // 7)]
        keep = _every(mondays, 1 if len(mondays) <= 8 else 2)
        marks = [(i, mondays[i], 7 * i / axis_days * 100) for i in sorted(keep)]
        fmt, centred = DAY_NO_YEAR, False
    else:
        firsts = []
        month = date(axis_first.year, axis_first.month, 1)
        while month <= axis_last:
            if month >= axis_first:
                firsts.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        keep = _every(firsts, 1 if len(firsts) <= 13 else 2)
        marks = [(i, firsts[i], (firsts[i] - axis_first).days / axis_days * 100) for i in sorted(keep)]
        fmt, centred = MONTH, False
    narrow_step = 1 if len(marks) <= 4 else (2 if len(marks) <= 8 else 3)
    narrow = _every(marks, narrow_step, from_end=unit == "day")
    ticks = []
    last_year = last_narrow_year = None
    for n, (_i, day, x) in enumerate(marks):
        year = "" if day.year == last_year else str(day.year)
        last_year = day.year
        narrow_year = ""
        if n in narrow:
            narrow_year = "" if day.year == last_narrow_year else str(day.year)
            last_narrow_year = day.year
        ticks.append(Tick(coordinate(x), dateformat.format(day, str(fmt)), year, narrow_year, n in narrow, centred))
    return ticks
