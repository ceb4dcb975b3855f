"""The community team's KPIs, each one a query over indexed columns (never a Python loop over rows).

Definitions (also in docs/community-team.md):

- **Questions**: visible questions asked in the period (tips and ideas are not questions).
- **Time to first answer**: from the question to the first visible answer by someone other than the asker
  (``Thread.first_answer_seconds``, kept by the actions that post, hide and restore answers).
- **Median / p90**: over the period's questions that have a first answer, interpolated between the two
  nearest values like PostgreSQL's ``percentile_cont`` (two ``ORDER BY … LIMIT 2 OFFSET k`` queries on the
  indexed column, so the same on SQLite and PostgreSQL).
- **Answered within 1 h / 3 h / 24 h** (cumulative) and **later** (after 24 h), as shares of all the period's
  questions; the rest are **unanswered**. Measured now: a question asked an hour ago may still be answered. The
  page's table splits them into buckets (within 1 h, 1–3 h, 3–24 h, after 24 h, not yet), each row that bucket's
  questions and share, with the cumulative share in a column of its own.
- **Accepted**: the share of the period's questions with an accepted answer.
- **Active members**: members who posted a question, tip, idea, answer or comment in the period.
- **New members**: members who joined in the period.
- **Top contributors**: the period's answers per member — accepted first, then answers, then score.
- **The recognition programme** (``rewards.api``, defined in rewards/programme_kpis.py): reward points earned
  (net of clawbacks) and spent (net of refunds) per calendar month, redemptions per perk and status, and the
  median time from a redemption to the team's approval and to its fulfilment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import dateformat, timezone
from django.utils.translation import get_language, gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from community.core import charts
from community.forum.models import Answer, Comment, Member, Thread
from config import page_cache
from rewards import api as rewards_api

PRESETS = {"7": _("Last 7 days"), "30": _("Last 30 days"), "90": _("Last 90 days"), "365": _("Last 12 months")}
DEFAULT_PRESET = "30"
MAX_DAYS = 366
HOUR = 3600
BUCKETS = (("1h", HOUR, "1 h"), ("3h", 3 * HOUR, "3 h"), ("24h", 24 * HOUR, "24 h"))  # labels unused


@dataclass(frozen=True)
class Period:
    start: datetime  # inclusive
    end: datetime  # exclusive
    label: str  # in the language of the request that parsed it (a preset's is lazy)
    preset: str | None = None

    @property
    def first_day(self) -> date:
        return self.start.astimezone(UTC).date()

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(microseconds=1)).astimezone(UTC).date()

    @property
    def days(self) -> list[date]:
        n = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=i) for i in range(n)]

    def query(self) -> str:
        if self.preset:
            return f"days={self.preset}"
        return f"start={self.first_day.isoformat()}&end={self.last_day.isoformat()}"


def _parse_day(value: str, name: str) -> date:
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        message = (
            gettext("Give the start date as YYYY-MM-DD (e.g. 2025-03-31).")
            if name == "start"
            else gettext("Give the end date as YYYY-MM-DD (e.g. 2025-03-31).")
        )
        raise ValidationError({name: message}) from None
    if day.year < 2000:
        raise ValidationError({name: gettext("Dates before 2000 are not supported.")})
    return day


def parse_period(params, now=None) -> Period:
    """A preset (``days=7|30|90|365``) or ``start``/``end`` dates (inclusive, UTC). ValidationError if wrong."""
    now = now or timezone.now()
    if params.get("start") or params.get("end"):
        start = _parse_day(params.get("start", ""), "start")
        end = _parse_day(params.get("end", ""), "end")
        if end < start:
            raise ValidationError({"end": gettext("The end date is before the start date.")})
        if (end - start).days + 1 > MAX_DAYS:
            raise ValidationError({"end": gettext("Choose at most %(days)s days.") % {"days": MAX_DAYS}})
        if start > now.date():
            raise ValidationError({"start": gettext("The period starts in the future.")})
        start_at = datetime.combine(start, time.min, tzinfo=UTC)
        end_at = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
        # Translators: Django's date format (the ``date`` filter's letters) of a KPI period's first and last
        # days; French: "j M Y" (10 mars 2025).
        day_format = pgettext("KPI period day", "M j, Y")
        # Translators: a KPI period from its first to its last day, both included.
        label = pgettext("KPI period", "%(start)s – %(end)s") % {
            "start": dateformat.format(start, day_format),
            "end": dateformat.format(end, day_format),
        }
        return Period(start_at, end_at, label)
    preset = params.get("days") or DEFAULT_PRESET
    if preset not in PRESETS:
        raise ValidationError(
            {
                "days": gettext("Choose a period of %(presets)s days, or start and end dates.")
                % {"presets": ", ".join(PRESETS)}
            }
        )
    return Period(now - timedelta(days=int(preset)), now, PRESETS[preset], preset)


@dataclass
class Contributor:
    member: Member
    answers: int
    accepted: int
    score: int


@dataclass
class DayRow:
    day: date
    questions: int = 0
    within_1h: int = 0
    within_3h: int = 0
    within_24h: int = 0
    later: int = 0
    unanswered: int = 0
    accepted: int = 0
    new_members: int = 0


@dataclass
class Kpis:
    period: Period
    questions: int
    answered: int
    within: dict[str, int]  # cumulative: "1h", "3h", "24h"
    accepted: int
    median_seconds: float | None
    p90_seconds: float | None
    active_members: int
    new_members: int
    per_day: list[DayRow] = field(default_factory=list)
    unanswered_threads: list[Thread] = field(default_factory=list)
    top_contributors: list[Contributor] = field(default_factory=list)

    @property
    def unanswered(self) -> int:
        return self.questions - self.answered

    @property
    def later(self) -> int:
        return self.answered - self.within["24h"]

    def share(self, count: int) -> float | None:
        return round(100 * count / self.questions, 1) if self.questions else None

    @property
    def shares(self) -> dict[str, float | None]:
        return {
            **{key: self.share(self.within[key]) for key, _, _ in BUCKETS},
            "later": self.share(self.later),
            "unanswered": self.share(self.unanswered),
            "accepted": self.share(self.accepted),
        }

    @property
    def questions_per_day(self) -> float:
        days = max(len(self.period.days), 1)
        return round(self.questions / days, 1)


def questions_in(period: Period):
    return Thread.objects.filter(
        kind=Thread.Kind.QUESTION, is_deleted=False, created_at__gte=period.start, created_at__lt=period.end
    )


def _counts():
    return {
        "questions": Count("pk"),
        "answered": Count("pk", filter=Q(first_answer_seconds__isnull=False)),
        **{f"within_{key}": Count("pk", filter=Q(first_answer_seconds__lte=limit)) for key, limit, _ in BUCKETS},
        "accepted": Count("pk", filter=Q(accepted_answer__isnull=False)),
    }


def percentile(answered_qs, n: int, p: float) -> float | None:
    """The p-th percentile (0…1) of first-answer seconds, interpolated like ``percentile_cont``."""
    if n <= 0:
        return None
    position = p * (n - 1)
    low = math.floor(position)
    values = list(
        answered_qs.order_by("first_answer_seconds", "pk").values_list("first_answer_seconds", flat=True)[low : low + 2]
    )
    if not values:
        return None
    high = values[1] if len(values) > 1 else values[0]
    return values[0] + (high - values[0]) * (position - low)


def per_day(period: Period) -> list[DayRow]:
    """One row per UTC day of the period (zero days included): two grouped queries."""
    rows = {day: DayRow(day) for day in period.days}
    grouped = questions_in(period).annotate(day=TruncDate("created_at")).order_by().values("day").annotate(**_counts())
    for g in grouped:
        row = rows.get(g["day"])
        if row is None:
            continue
        row.questions, row.accepted = g["questions"], g["accepted"]
        row.within_1h, row.within_3h, row.within_24h = g["within_1h"], g["within_3h"], g["within_24h"]
        row.later = g["answered"] - g["within_24h"]
        row.unanswered = g["questions"] - g["answered"]
    joined = (
        Member.objects.filter(date_joined__gte=period.start, date_joined__lt=period.end)
        .annotate(day=TruncDate("date_joined"))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
    )
    for g in joined:
        if g["day"] in rows:
            rows[g["day"]].new_members = g["n"]
    return list(rows.values())


def active_authors(period: Period):
    """The active members who posted in the period, as a queryset (``active_members`` counts it).

    The authors come from three range scans on the posts' ``created_at`` indexes (comments: an index on
    ``created_at, author`` that answers without the table), merged by UNION, so the cost follows the period's
    posts. Asking each member whether they posted (three EXISTS per member) read every comment at 200,000.
    """
    window = {"created_at__gte": period.start, "created_at__lt": period.end}
    authors = (
        Thread.objects.filter(**window)
        .order_by()
        .values("author_id")
        .union(
            Answer.objects.filter(**window).order_by().values("author_id"),
            Comment.objects.filter(**window).order_by().values("author_id"),
        )
    )
    return Member.objects.filter(pk__in=authors, is_active=True).order_by()


def active_members(period: Period) -> int:
    return active_authors(period).count()


def unanswered_threads(period: Period, limit: int = 15) -> list[Thread]:
    """The period's questions still waiting for a first answer, oldest first."""
    return list(
        questions_in(period)
        .filter(first_answer_at__isnull=True)
        .select_related("author")
        .order_by("created_at", "pk")[:limit]
    )


def contributions(period: Period):
    """The period's answers per author, best first, on an index range of ``Answer.created_at``.

    Accepted is the answer's own ``is_accepted`` (kept by database triggers), and answers in hidden threads are
    left out by excluding the period's hidden threads — a small set, found from the period's answers — rather than
    by joining every answer to its thread: PostgreSQL hashed all 100,000 visible threads for that join (43 ms
    at L; tests/team/test_kpis_scale_more.py EXPLAINs it).
    """
    window = {"created_at__gte": period.start, "created_at__lt": period.end}
    hidden_threads = Thread.objects.filter(
        is_deleted=True, pk__in=Answer.objects.filter(**window).values("thread_id")
    ).values("pk")
    return (
        Answer.objects.filter(**window, is_deleted=False)
        .exclude(thread_id__in=hidden_threads)
        .order_by()
        .values("author_id")
        # COUNT(*), not COUNT(id): the period's range is then read from answer_created_idx alone.
        .annotate(answers=Count("*"), accepted=Count("is_accepted", filter=Q(is_accepted=True)), score=Sum("score"))
        .order_by("-accepted", "-answers", "-score", "author_id")
    )


def top_contributors(period: Period, limit: int = 10) -> list[Contributor]:
    """The period's best answerers (the dashboard's chosen period, whatever its length)."""
    rows = list(contributions(period)[:limit])
    members = Member.objects.in_bulk([r["author_id"] for r in rows])
    return [
        Contributor(members[r["author_id"]], r["answers"], r["accepted"], r["score"] or 0)
        for r in rows
        if r["author_id"] in members
    ]


def compute(period: Period, *, details: bool = True, unanswered_limit: int = 15) -> Kpis:
    """Every KPI of the period in a constant number of queries (about ten)."""
    questions = questions_in(period)
    totals = questions.aggregate(**_counts())
    answered_qs = questions.filter(first_answer_seconds__isnull=False)
    n = totals["answered"]
    kpis = Kpis(
        period=period,
        questions=totals["questions"],
        answered=n,
        within={key: totals[f"within_{key}"] for key, _, _ in BUCKETS},
        accepted=totals["accepted"],
        median_seconds=percentile(answered_qs, n, 0.5),
        p90_seconds=percentile(answered_qs, n, 0.9),
        active_members=active_members(period),
        new_members=Member.objects.filter(date_joined__gte=period.start, date_joined__lt=period.end).count(),
    )
    if details:
        kpis.per_day = per_day(period)
        kpis.unanswered_threads = unanswered_threads(period, unanswered_limit)
        kpis.top_contributors = top_contributors(period)
    return kpis


# How long the dashboard keeps its figures at most: a preset period ends "now", which moves on.
KEPT_SECONDS = 60


def kept(period: Period, *, details: bool = True) -> tuple[Kpis, Programme | None]:
    """``compute(period)`` and, with ``details``, ``programme(period)``, kept in the shared cache while the
    community stands still (``page_cache.remember``: every post, vote, hide, new member, redemption and erasure
    is an event that bumps ``content``), and at most ``KEPT_SECONDS``. Each team member's view of the dashboard
    read the period's posts again: a month of answers and comments at 100,000 threads is 34,000 index entries
    hashed twice. Kept per language (a custom period's label is worded in it). The CSV export computes afresh."""
    key = f"team-kpis:{period.query()}:{int(details)}:{get_language()}"

    def build():
        return (compute(period, details=details), programme(period) if details else None), [page_cache.CONTENT]

    value, _versions = page_cache.remember(key, build, seconds=KEPT_SECONDS)
    return value


# --- the recognition programme: points and redemptions (read through rewards.api) -------------------------------


@dataclass
class Programme:
    months: list[dict]  # {"month": first day, "label": "November 2026", "earned": n, "spent": n}
    by_perk: list[dict]  # {"perk": title, "total": n, "pending": n, "approved": n, "rejected": n, "fulfilled": n}
    approval: str  # median time to approval, worded ("2 d 4 h", "—")
    approvals: int
    fulfilment: str
    fulfilments: int

    @property
    def earned(self) -> int:
        return sum(m["earned"] for m in self.months)

    @property
    def spent(self) -> int:
        return sum(m["spent"] for m in self.months)


def programme(period: Period) -> Programme:
    """The programme's figures for the period, in five queries."""
    times = rewards_api.fulfilment_times(period.start, period.end)
    months = rewards_api.points_per_month(period.start, period.end)
    for row in months:
        row["label"] = dateformat.format(row["month"], pgettext("KPI table: a month", "F Y"))
    return Programme(
        months=months,
        by_perk=rewards_api.redemptions_by_perk(period.start, period.end),
        approval=duration(times["approval_seconds"]),
        approvals=times["approvals"],
        fulfilment=duration(times["fulfilment_seconds"]),
        fulfilments=times["fulfilments"],
    )


# --- presentation -----------------------------------------------------------------------------


def duration(seconds: float | None) -> str:
    """42 s, 17 min, 3 h 10 min, 2 d 4 h (in the active language: « 2 j 4 h »)."""
    if seconds is None:
        return "—"
    seconds = int(round(seconds))
    if seconds < 60:
        return pgettext("duration", "%(seconds)s s") % {"seconds": seconds}
    minutes = seconds // 60
    if minutes < 60:
        return pgettext("duration", "%(minutes)s min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        if minutes:
            return pgettext("duration", "%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
        return pgettext("duration", "%(hours)s h") % {"hours": hours}
    days, hours = divmod(hours, 24)
    if hours:
        # Translators: days and hours, abbreviated (French: "%(days)s j %(hours)s h").
        return pgettext("duration", "%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    return pgettext("duration", "%(days)s d") % {"days": days}


def questions_chart(rows: list[DayRow]) -> charts.BarChart | None:
    """Questions per day (up to 45 days) or per calendar week, the part answered within 24 h drawn over them; None
    for a period without questions. Weeks for 90 days or 12 months: a year of days was 365 one-pixel bars."""
    if not any(r.questions for r in rows):
        return None
    unit = charts.unit_for(rows[0].day, rows[-1].day)
    bins = charts.make_bins(rows[0].day, rows[-1].day, unit)
    questions = charts.sum_by_bin(bins, {r.day: r.questions for r in rows})
    fast = charts.sum_by_bin(bins, {r.day: r.within_24h for r in rows})
    labels = [charts.bin_label(b) for b in bins]
    titles = [
        # Translators: a bar's tooltip on the KPI chart: a day or a week, its questions and how many of them got a
        # first answer within 24 hours.
        ngettext(
            "%(when)s: %(counter)s question, %(fast)s answered within 24 h",
            "%(when)s: %(counter)s questions, %(fast)s answered within 24 h",
            n,
        )
        % {"when": label, "counter": charts.number(n), "fast": charts.number(f)}
        for label, n, f in zip(labels, questions, fast, strict=True)
    ]
    layers = [[(n, "bar-all"), (f, "bar-fast")] for n, f in zip(questions, fast, strict=True)]
    return charts.draw(bins, unit, layers, titles)


def questions_chart_table(chart: charts.BarChart, rows: list[DayRow]) -> tuple[str, list[str], list[tuple]]:
    """The chart's text alternative (one sentence) and its figures as a table: (sentence, column headings, rows of
    (day or week, [questions, answered within 24 h]))."""
    questions = charts.sum_by_bin(chart.bins, {r.day: r.questions for r in rows})
    fast = charts.sum_by_bin(chart.bins, {r.day: r.within_24h for r in rows})
    labels = [charts.bin_label(b) for b in chart.bins]
    busiest = max(range(len(questions)), key=lambda i: (questions[i], -i))
    figures = {
        "period": charts.range_label(chart.bins[0].start, chart.bins[-1].end),
        "total": charts.number(sum(questions)),
        "fast": charts.number(sum(fast)),
        "best": charts.number(questions[busiest]),
        "when": labels[busiest],
    }
    if chart.unit == "day":
        when = pgettext("chart table heading", "Day")
        sentence = gettext(
            "Questions per day, %(period)s: %(total)s in all, %(fast)s answered within 24 h; busiest day %(when)s "
            "(%(best)s)."
        )
    else:
        when = pgettext("chart table heading", "Week")
        sentence = gettext(
            "Questions per week, %(period)s: %(total)s in all, %(fast)s answered within 24 h; busiest week "
            "%(when)s (%(best)s)."
        )
    head = [when, gettext("Questions"), gettext("Answered within 24 h")]
    body = [(label, [charts.number(n), charts.number(f)]) for label, n, f in zip(labels, questions, fast, strict=True)]
    return sentence % figures, head, body


def response_chart(kpis: Kpis, width: int = 720, height: int = 28) -> list[dict]:
    """The period's questions in five buckets — within 1 h, 1–3 h, 3–24 h, after 24 h, unanswered — each with its
    own count and share (they add up to all the questions) and the cumulative share up to and including it: the
    segments of one stacked bar and the rows of the table under it, so both say the same thing."""
    if not kpis.questions:
        return []
    parts = [
        (pgettext("first answer", "within 1 h"), kpis.within["1h"], "fast"),
        (pgettext("first answer", "1–3 h"), kpis.within["3h"] - kpis.within["1h"], "good"),
        (pgettext("first answer", "3–24 h"), kpis.within["24h"] - kpis.within["3h"], "ok"),
        (pgettext("first answer", "after 24 h"), kpis.later, "slow"),
        (pgettext("first answer", "unanswered"), kpis.unanswered, "none"),
    ]
    x = 0.0
    so_far = 0
    segments = []
    for label, count, css in parts:
        w = width * count / kpis.questions  # drawn only when not 0: the template tests ``count``
        so_far += count
        segments.append(
            {
                "label": label,
                "count": count,
                "share": kpis.share(count),
                "cumulative": kpis.share(so_far),
                "x": charts.coordinate(x),
                "w": charts.coordinate(w),
                "css": css,
                "height": height,
            }
        )
        x += w
    return segments


CSV_DAILY_HEADER = [
    "date",
    "questions",
    "answered_within_1h",
    "answered_within_3h",
    "answered_within_24h",
    "answered_later",
    "unanswered",
    "accepted",
    "new_members",
]


def csv_daily(kpis: Kpis) -> list[list]:
    rows = [CSV_DAILY_HEADER]
    for r in kpis.per_day:
        rows.append(
            [
                r.day.isoformat(),
                r.questions,
                r.within_1h,
                r.within_3h,
                r.within_24h,
                r.later,
                r.unanswered,
                r.accepted,
                r.new_members,
            ]
        )
    return rows


def csv_summary(kpis: Kpis) -> list[list]:
    p = kpis.period
    return [
        ["metric", "value"],
        ["period_start_utc", p.start.isoformat()],
        ["period_end_utc", p.end.isoformat()],
        ["questions", kpis.questions],
        ["questions_per_day", kpis.questions_per_day],
        ["median_first_answer_seconds", "" if kpis.median_seconds is None else round(kpis.median_seconds)],
        ["p90_first_answer_seconds", "" if kpis.p90_seconds is None else round(kpis.p90_seconds)],
        *[
            [f"share_answered_within_{key}_pct", "" if v is None else v]
            for key, v in kpis.shares.items()
            if key in ("1h", "3h", "24h")
        ],
        ["share_answered_later_pct", "" if kpis.shares["later"] is None else kpis.shares["later"]],
        ["share_unanswered_pct", "" if kpis.shares["unanswered"] is None else kpis.shares["unanswered"]],
        ["share_accepted_pct", "" if kpis.shares["accepted"] is None else kpis.shares["accepted"]],
        ["active_members", kpis.active_members],
        ["new_members", kpis.new_members],
    ]
