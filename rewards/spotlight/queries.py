"""The shortlist the team picks from, and what pages show of the picks.

A member's month is four figures, each counted inside the month (in the site's time zone):

- **accepted**: their answers accepted that month (by someone else: a self-accept earns nothing, as on Stack
  Exchange);
- **score**: the net votes their visible posts received that month (ups minus downs);
- **flags**: the flags they raised that moderators upheld that month;
- **tips**: the visible tips they posted that month.

``WEIGHTS`` combines them into one number for the rank; it is the one place the weights live (the CMS prints
them under the table). A tag's shortlist counts the same figures on the threads carrying the tag.

The shortlist is one SQL statement whatever the size of the community: the four sources are selected with the
ORM, put end to end (``UNION ALL``), summed per member, filtered (active, not suspended, not already named
that month) and cut to ``limit`` rows by the database; a second query fetches those members.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Answer, Flag, Member, Tag, TaggedThread, Thread, Vote
from config import page_cache
from rewards.actions.spotlight import SPOTLIGHT_TAG
from rewards.models import Recognition

# What one unit of each figure is worth in the combined rank: an accepted answer as much as on the reputation
# ledger (15), a net vote received 10 (an upvote's reputation), an upheld flag 5 (care for the place, smaller
# than content), a tip 10 (a post nobody asked for; its votes count again in the score).
WEIGHTS = {"accepted": 15, "score": 10, "flags": 5, "tips": 10}
FIGURES = tuple(WEIGHTS)
SHORTLIST_SIZE = 20
# The home page shows the team's latest picks while they are recent: the last two complete months (a pick is
# usually published in the first days of the next month) and the current one.
SHOWN_FOR_MONTHS = 2

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


# --- months -----------------------------------------------------------------------------------------------


def this_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + (month.month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def last_complete_month(today: date | None = None) -> date:
    """The default month of the shortlist: the one before the current one."""
    return add_months(this_month(today), -1)


def parse_month(text: str | None, *, default: date | None = None) -> date:
    """``YYYY-MM`` (the CMS's month field) as the month's first day; empty: ``default`` (the last complete
    month). A month that has not begun yet cannot be ranked or named."""
    text = (text or "").strip()
    if not text:
        return default or last_complete_month()
    match = _MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise ValidationError(_("Choose a month as year and month, for example 2026-10."))
    month = date(int(match.group(1)), int(match.group(2)), 1)
    if month > this_month():
        raise ValidationError(_("This month has not begun yet: choose the current month or an earlier one."))
    return month


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, in the site's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(month, time.min, tzinfo=zone)
    end = datetime.combine(add_months(month, 1), time.min, tzinfo=zone)
    return start, end


def days_in(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


# --- the shortlist ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One row of the shortlist."""

    rank: int
    member: Member
    accepted: int
    score: int
    flags: int
    tips: int
    points: int  # the combined figure the rank orders by (``WEIGHTS``)


def _columns(member: str, **figures) -> dict:
    """The same five columns for every source: the member, then the four figures (1, a vote's value, or 0)."""
    zero = Value(0, output_field=IntegerField())
    return {"m": F(member), **{f"n_{name}": figures.get(name, zero) for name in FIGURES}}


def _sources(start: datetime, end: datetime, tag_id: int | None) -> list:
    """The four sources of the month as querysets of (member, accepted, score, flags, tips) rows."""
    one = Value(1, output_field=IntegerField())
    in_tag = TaggedThread.objects.filter(tag_id=tag_id).values("content_object_id") if tag_id is not None else None

    accepted = Answer.objects.filter(
        is_deleted=False,
        is_accepted=True,
        thread__is_deleted=False,
        thread__accepted_at__gte=start,
        thread__accepted_at__lt=end,
    ).exclude(author_id=F("thread__author_id"))
    thread_votes = Vote.objects.filter(
        thread__isnull=False, thread__is_deleted=False, created_at__gte=start, created_at__lt=end
    )
    answer_votes = Vote.objects.filter(
        answer__isnull=False,
        answer__is_deleted=False,
        answer__thread__is_deleted=False,
        created_at__gte=start,
        created_at__lt=end,
    )
    flags = Flag.objects.filter(status=Flag.Status.UPHELD, resolved_at__gte=start, resolved_at__lt=end)
    tips = Thread.objects.filter(kind=Thread.Kind.TIP, is_deleted=False, created_at__gte=start, created_at__lt=end)
    if in_tag is not None:
        accepted = accepted.filter(thread_id__in=in_tag)
        thread_votes = thread_votes.filter(thread_id__in=in_tag)
        answer_votes = answer_votes.filter(answer__thread_id__in=in_tag)
        flags = flags.filter(
            Q(thread_id__in=in_tag) | Q(answer__thread_id__in=in_tag) | Q(comment__thread_id__in=in_tag)
        )
        tips = tips.filter(pk__in=in_tag)
    names = ("m", *(f"n_{name}" for name in FIGURES))
    return [
        accepted.annotate(**_columns("author_id", accepted=one)).values_list(*names),
        thread_votes.annotate(**_columns("thread__author_id", score=F("value"))).values_list(*names),
        answer_votes.annotate(**_columns("answer__author_id", score=F("value"))).values_list(*names),
        flags.annotate(**_columns("flagger_id", flags=one)).values_list(*names),
        tips.annotate(**_columns("author_id", tips=one)).values_list(*names),
    ]


def shortlist(month: date, *, tag=None, limit: int = SHORTLIST_SIZE, now: datetime | None = None) -> list[Candidate]:
    """The month's contributors, best first (in a tag's threads when ``tag`` is given): two queries."""
    start, end = month_bounds(month)
    db = router.db_for_read(Member)
    connection = connections[db]
    q = connection.ops.quote_name
    parts, params = [], []
    for queryset in _sources(start, end, tag.pk if tag is not None else None):
        sql, part_params = queryset.order_by().query.get_compiler(using=db).as_sql()
        parts.append(sql)
        params.extend(part_params)
    sums = {name: f"SUM(u.{q('n_' + name)})" for name in FIGURES}
    combined = " + ".join(f"{WEIGHTS[name]} * {sums[name]}" for name in FIGURES)
    member_table, recognition_table = q(Member._meta.db_table), q(Recognition._meta.db_table)
    sql = (
        f"SELECT u.{q('m')}, {', '.join(sums.values())}, {combined} "
        f"FROM ({' UNION ALL '.join(parts)}) u "
        f"INNER JOIN {member_table} who ON who.{q('id')} = u.{q('m')} "
        f"WHERE who.{q('is_active')} = %s "
        f"AND (who.{q('suspended_until')} IS NULL OR who.{q('suspended_until')} <= %s) "
        f"AND who.{q('id')} NOT IN (SELECT r.{q('member_id')} FROM {recognition_table} r WHERE r.{q('month')} = %s) "
        f"GROUP BY u.{q('m')} "
        f"HAVING {combined} > 0 "
        f"ORDER BY {combined} DESC, {sums['accepted']} DESC, {sums['score']} DESC, u.{q('m')} "
        f"LIMIT %s"
    )
    params += [True, now or timezone.now(), month, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    members = Member.objects.using(db).in_bulk([row[0] for row in rows])
    return [
        Candidate(
            rank=rank,
            member=members[row[0]],
            accepted=int(row[1] or 0),
            score=int(row[2] or 0),
            flags=int(row[3] or 0),
            tips=int(row[4] or 0),
            points=int(row[5] or 0),
        )
        for rank, row in enumerate(rows, start=1)
        if row[0] in members
    ]


# --- the picks -----------------------------------------------------------------------------------------------


def picks_of_month(month: date) -> list[Recognition]:
    """Everyone named for ``month``: the member of the month first, then the champions by tag name."""
    rows = Recognition.objects.filter(month=month).select_related("member", "tag")
    return sorted(rows, key=lambda r: (r.kind != Recognition.Kind.MEMBER_OF_THE_MONTH, r.tag.name if r.tag else ""))


def past_recognitions():
    """Every recognition, newest month first, with its member, tag and the team member who chose it."""
    return Recognition.objects.select_related("member", "tag", "chosen_by").order_by("-month", "kind", "tag__name")


@dataclass(frozen=True)
class Spotlight:
    """What the home page shows: a month's member of the month (if named) and its tag champions."""

    month: date
    member_of_the_month: Recognition | None
    champions: list[Recognition]


def current_spotlight(today: date | None = None) -> Spotlight | None:
    """The latest month the team named someone for, if recent (``SHOWN_FOR_MONTHS``): one query."""
    oldest = add_months(this_month(today), -SHOWN_FOR_MONTHS)
    rows = list(
        Recognition.objects.filter(
            month=Subquery(
                Recognition.objects.filter(month__gte=oldest, member__is_active=True)
                .order_by("-month")
                .values("month")[:1]
            ),
            member__is_active=True,
        )
        .select_related("member", "tag")
        .order_by("kind", "tag__name")
    )
    if not rows:
        return None
    month = rows[0].month
    named = [r for r in rows if r.kind == Recognition.Kind.MEMBER_OF_THE_MONTH]
    return Spotlight(
        month=month,
        member_of_the_month=named[0] if named else None,
        champions=[r for r in rows if r.kind == Recognition.Kind.TAG_CHAMPION],
    )


def remembered_spotlight() -> Spotlight | None:
    """``current_spotlight()`` from the shared cache while no pick is published and the named members' rows stand
    still (their names show): the home page's panel costs no query once stored."""
    month = this_month()

    def build():
        spotlight = current_spotlight()
        rows = [] if spotlight is None else [spotlight.member_of_the_month, *spotlight.champions]
        return spotlight, [SPOTLIGHT_TAG, *sorted({page_cache.member_tag(r.member_id) for r in rows if r})]

    return page_cache.remember(f"rewards:spotlight:{month.isoformat()}", build)[0]


def recognitions_of(member) -> list[Recognition]:
    """A member's recognitions, newest first, with their tags: one query, then kept in the shared cache under the
    member's page-cache version (a publication bumps it, with the badge it grants)."""
    if member is None or not getattr(member, "pk", None):
        return []
    member_id = member.pk

    def build():
        rows = Recognition.objects.filter(member_id=member_id).select_related("tag").order_by("-month", "kind")
        return list(rows), [page_cache.member_tag(member_id)]

    return page_cache.remember(f"rewards:recognitions:{member_id}", build)[0]


def tags_to_champion(month: date, limit: int = 60):
    """The tags offered in the CMS's tag picker: the most used, each with its champion for ``month`` if named."""
    champion = Recognition.objects.filter(
        kind=Recognition.Kind.TAG_CHAMPION, month=month, tag_id=OuterRef("pk")
    ).values("member__username")[:1]
    return list(
        Tag.objects.filter(thread_count__gt=0)
        .annotate(champion=Subquery(champion))
        .order_by("-thread_count", "name")[:limit]
    )
