"""The shared chart geometry (community/core/charts.py): bins, the y scale, the x labels, the bars.

Pure functions over numbers and dates: no database. The pages that draw these charts are tested with real rows in
tests/rewards/test_reputation_chart.py and tests/team/test_kpi_charts.py.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from community.core import charts
from community.core.charts import Bin


def test_a_short_range_is_drawn_in_days_and_a_longer_one_in_weeks():
    first = date(2026, 3, 1)
    assert charts.unit_for(first, first + timedelta(days=44)) == "day"  # 45 days
    assert charts.unit_for(first, first + timedelta(days=45)) == "week"  # 46 days
    assert charts.unit_for(first, first + timedelta(days=364)) == "week"


def test_weeks_run_monday_to_sunday_cut_to_the_range():
    bins = charts.make_bins(date(2025, 1, 1), date(2025, 1, 20), "week")  # a Wednesday to a Monday
    assert bins == [
        Bin(date(2025, 1, 1), date(2025, 1, 5)),
        Bin(date(2025, 1, 6), date(2025, 1, 12)),
        Bin(date(2025, 1, 13), date(2025, 1, 19)),
        Bin(date(2025, 1, 20), date(2025, 1, 20)),
    ]
    assert [b.days for b in bins] == [5, 7, 7, 1]
    # A year of weeks: 53 bars, never 365.
    assert len(charts.make_bins(date(2025, 12, 3), date(2026, 12, 2), "week")) == 53
    assert len(charts.make_bins(date(2026, 11, 19), date(2026, 12, 2), "day")) == 14


def test_each_bin_sums_its_days():
    bins = charts.make_bins(date(2025, 1, 1), date(2025, 1, 20), "week")
    by_day = {date(2025, 1, 2): 10, date(2025, 1, 5): -2, date(2025, 1, 6): 15, date(2025, 1, 20): 3}
    assert charts.sum_by_bin(bins, by_day) == [8, 15, 0, 3]


@pytest.mark.parametrize(
    "values, low, high, step, ticks",
    [
        ([10], 0, 10, 5, [0, 5, 10]),  # a newcomer's lone upvote
        ([1], 0, 1, 1, [0, 1]),
        ([2, 1], 0, 2, 1, [0, 1, 2]),
        ([517], 0, 600, 200, [0, 200, 400, 600]),
        ([140, -30], -50, 150, 50, [-50, 0, 50, 100, 150]),
        ([140, -4], -4, 150, 50, [0, 50, 100, 150]),  # a small loss keeps its own depth, not a quarter of the plot
        ([0, 0], 0, 1, 1, [0, 1]),
        ([7], 0, 8, 2, [0, 2, 4, 6, 8]),
        ([1234], 0, 1500, 500, [0, 500, 1000, 1500]),
    ],
)
def test_the_y_scale_has_round_steps_that_hold_every_value(values, low, high, step, ticks):
    scale = charts.nice_scale(values)
    assert (scale.low, scale.high, scale.step) == (low, high, step)
    assert scale.ticks == ticks


def test_bins_are_labelled_with_their_days_and_the_year():
    with translation.override("en"):
        assert charts.bin_label(Bin(date(2026, 3, 2), date(2026, 3, 8))) == "Mar 2 – Mar 8, 2026"
        assert charts.bin_label(Bin(date(2025, 12, 29), date(2026, 1, 4))) == "Dec 29, 2025 – Jan 4, 2026"
        assert charts.bin_label(Bin(date(2026, 3, 5), date(2026, 3, 5))) == "Mar 5, 2026"
    with translation.override("fr"):
        assert charts.bin_label(Bin(date(2026, 3, 2), date(2026, 3, 8))) == "2 mars – 8 mars 2026"


def test_a_year_of_weeks_is_labelled_by_month_with_the_year_where_it_changes():
    with translation.override("en"):
        ticks = charts.time_ticks(date(2025, 12, 1), date(2026, 12, 6), "week")
    assert [t.label for t in ticks] == [
        "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]  # fmt: skip
    # The year under the first month and under January: never "Nov 30 … Nov 30".
    assert [(t.label, t.year) for t in ticks if t.year] == [("Dec", "2025"), ("Jan", "2026")]
    # A phone shows every third month, and writes the year under its own first label and where it changes.
    narrow = [t for t in ticks if t.narrow]
    assert [(t.label, t.narrow_year) for t in narrow] == [
        ("Dec", "2025"), ("Mar", "2026"), ("Jun", ""), ("Sep", ""), ("Dec", ""),
    ]  # fmt: skip
    assert ticks[0].x == "0" and not ticks[0].centred  # at the first of the month, the axis's first day


def test_days_are_labelled_back_from_the_last_day():
    with translation.override("en"):
        ticks = charts.time_ticks(date(2026, 11, 19), date(2026, 12, 2), "day")
    assert [t.label for t in ticks] == ["Nov 20", "Nov 22", "Nov 24", "Nov 26", "Nov 28", "Nov 30", "Dec 2"]
    assert ticks[0].year == "2026" and all(not t.year for t in ticks[1:])
    assert [t.label for t in ticks if t.narrow] == ["Nov 20", "Nov 24", "Nov 28", "Dec 2"]
    assert all(t.centred for t in ticks)


def test_bars_stand_in_equal_slots_from_zero():
    bins = charts.make_bins(date(2025, 1, 1), date(2025, 1, 19), "week")  # 5 days, then two whole weeks
    chart = charts.draw(bins, "week", [[(10, "gain")], [(-4, "loss")], [(0, "gain")]], ["a", "b", "c"])
    # Three slots of 7 days each (the axis starts on the first bin's Monday, Dec 30): one third of the width each.
    assert [bar.x for bar in chart.bars] == ["4.667", "38", "71.333"]
    assert {bar.w for bar in chart.bars} == {"24"}  # a third less the gaps on each side (14 % of the slot each)
    gain, loss, empty = chart.bars
    zero = float(chart.zero_y)
    assert gain.segments[0].css == "gain" and float(gain.segments[0].y) + float(gain.segments[0].h) == zero
    assert loss.segments[0].css == "loss" and float(loss.segments[0].y) == zero
    assert empty.segments == ()
    assert [g.label for g in chart.gridlines] == ["−5", "0", "5", "10"]  # a loss of more than half a step
    assert [g.zero for g in chart.gridlines] == [False, True, False, False]


def test_a_tiny_value_beside_a_big_one_still_shows():
    bins = charts.make_bins(date(2026, 3, 1), date(2026, 3, 2), "day")
    chart = charts.draw(bins, "day", [[(1000, "gain")], [(1, "gain")]], ["a", "b"])
    assert float(chart.bars[1].segments[0].h) >= 2


def test_coordinates_stay_svg_numbers_in_french_and_labels_follow_the_language():
    bins = charts.make_bins(date(2026, 3, 1), date(2026, 3, 3), "day")
    with translation.override("fr"):
        chart = charts.draw(bins, "day", [[(1200, "gain")], [(-300, "loss")], [(600, "gain")]], ["a", "b", "c"])
        assert charts.signed(-300) == "−300"
    for bar in chart.bars:
        assert "," not in bar.x + bar.w + "".join(s.y + s.h for s in bar.segments)
    labels = [g.label for g in chart.gridlines]
    assert labels[-1].replace("\u202f", " ").replace("\xa0", " ") == "1 500"  # French groups thousands
    assert "−500" in labels or labels[0] == "0"
