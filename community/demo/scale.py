"""A community of a chosen size, written straight into the database: the scale benchmark's and tests' fixture.

This is **not** a path members take. No action runs, no domain event is emitted, no notification e-mail is
due: rows are planned in Python from one seed and written with bulk SQL (``COPY`` on PostgreSQL, executemany
on SQLite), because 100,000 threads through ``community.forum.actions`` would take hours. What actions keep
consistent is made consistent here instead, with the same meaning:

- the thread and answer counters (``score``, ``answer_count``, ``comment_count``), ``first_answer_at`` /
  ``first_answer_seconds``, ``last_activity_at`` and accepted answers are computed while planning, with the
  rules of ``community.forum.counters`` (hidden answers and comments do not count; every vote does);
- the tag links' copies of their thread's sort keys come from the database triggers (migration 0014);
- the reputation ledger and totals are rebuilt by ``manage.py rewards_recompute``, the search documents by
  ``manage.py search_reindex`` (whichever backend is configured), the tags' stored experts by
  ``manage.py community_refresh_experts``, all called at the end.

Badges are not awarded: the live handlers award them and ``rewards_recompute`` does not.

Shapes: tags Zipf-distributed (about 100 at S, 1,000 at L), 1 to 4 per thread; members' activity
Zipf-distributed too (a few members write most answers, as on real sites); about 1.5 votes per post, 90 %
up; 40 % of questions accepted; about 0.5 comments per post; 80 % questions, 12 % tips, 8 % ideas; dates
spread over three years with more activity lately; 2 % of threads and 3 % of answers hidden. Titles and
bodies come from a small vocabulary in which ``COMMON_WORD`` is in most threads and ``RARE_WORD`` in
about one in a thousand, so database search has both kinds of query to answer.

Deterministic: the same seed and size give the same community, whose history ends on the day it is built
(so "this week" on leaderboards and KPIs has activity). Idempotent: a marker member (``MARKER``, inactive)
is written last with the size in its bio; a second run finds it and does nothing. The rows go in in one
transaction, so an interrupted run leaves either nothing or all the rows, and the next run finishes the
remaining steps (recompute, reindex) before writing the marker.
"""

from __future__ import annotations

import bisect
import html
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import TextIO

from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils.text import slugify
from tqdm import tqdm

from community.forum.models import Answer, Comment, Member, Tag, TaggedThread, Thread, Vote
from community.notifications.models import Notification

SEED = 20261130
USERNAME_PREFIX = "sc"  # sc00000 … : member 0 is the most active one
MARKER = "scale-built"
COMMON_WORD = "backup"  # in most threads' bodies
RARE_WORD = "zeppelin"  # in about one thread in a thousand
YEARS = 3
CHUNK = 2_000  # threads planned and written at a time: memory stays flat whatever the size
BIG_THREAD_ANSWERS = 60  # thread 1 (the oldest) has this many answers: the "thread page with many answers"


@dataclass(frozen=True)
class Size:
    threads: int
    answers: int
    members: int

    def __post_init__(self):
        if self.threads < 1 or self.members < 2 or self.answers < 0:
            raise ValueError("A scale community needs at least 1 thread, 2 members and no negative count.")

    @property
    def tags(self) -> int:
        """About 100 tags at 2,000 threads, 1,000 at 100,000: a vocabulary grows more slowly than its corpus."""
        return max(5, round(100 * (self.threads / 2_000) ** 0.59))

    def describe(self) -> str:
        return f"threads={self.threads} answers={self.answers} members={self.members}"


SIZES = {
    "S": Size(threads=2_000, answers=10_000, members=200),
    "M": Size(threads=20_000, answers=100_000, members=2_000),
    "L": Size(threads=100_000, answers=500_000, members=10_000),
}


class ScaleError(Exception):
    """The database cannot take this scale community (it holds another one): a message for the operator."""


@dataclass
class Summary:
    size: Size
    built: bool  # False: the marker was there, nothing was done
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)  # step -> seconds
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows written

    def line(self) -> str:
        if not self.built:
            return f"The scale community ({self.size.describe()}) is already there; nothing to do."
        rows = ", ".join(f"{n:,} {name}" for name, n in self.rows.items())
        steps = ", ".join(f"{name} {s:.1f} s" for name, s in self.steps.items())
        return f"Scale community built in {self.seconds:.1f} s: {rows} ({steps})."


# --- the vocabulary -------------------------------------------------------------------

FIRST_NAMES = (
    "Ada Bilal Chen Dara Elif Femi Greta Hugo Ines Jonas Kofi Lena Mateo Nadia Omar Priya Quinn Rosa Sami Tomas "
    "Uma Viktor Wen Xavier Yara Zane"
).split()
LAST_NAMES = (
    "Okafor Lindqvist Moreau Tanaka Silva Novak Haddad Kowalski Nguyen Fischer Costa Ibrahim Larsen Petrov "
    "Romero Sato Walsh Yilmaz Brennan Duval"
).split()
VERBS = "sync restore export import share encrypt rename merge archive recover migrate schedule".split()
OBJECTS = (
    "notes notebooks attachments tags templates reminders folders drafts photos tables calendars checklists"
).split()
PLACES = "android iphone windows macos linux the web app the tablet the desktop app the browser extension".split(" ")
WORDS = (
    "settings account device offline cloud server folder file version update error message screen button "
    "option menu password login storage space limit copy history setting toggle phone laptop network wifi "
    "battery speed slow fast missing duplicate conflict local remote shared team workspace page editor "
    "search filter sort label colour theme font image link table list reminder calendar week"
).split()
RARE_WORDS = [RARE_WORD, "quokka", "marzipan", "obsidian", "vellum", "kraken", "saffron", "zither"]
TITLE_FORMS = {
    "question": ("How do I {verb} my {obj} on {place}?", "Why can't I {verb} {obj} from {place}?",
                           "{Obj} do not {verb} after the update on {place}", "Can I {verb} {obj} with a {word}?"),
    "tip": ("Tip: {verb} your {obj} in one step on {place}", "A faster way to {verb} {obj}"),
    "idea": ("Let us {verb} {obj} from {place}", "Idea: a {word} to {verb} {obj}"),
}  # fmt: skip
IDEA_STATUSES = ["new", "new", "new", "under_review", "planned", "in_progress", "done", "declined"]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _body(rng: random.Random, sentences: int, *, common: bool, rare: str | None) -> str:
    parts = [_sentence(rng, rng.randint(7, 14)) for _ in range(sentences)]
    if common:
        parts.insert(rng.randrange(len(parts) + 1), f"I keep a {COMMON_WORD} of everything first.")
    if rare:
        parts.append(f"It started after I named a folder {rare}.")
    return " ".join(parts)


def _paragraph_html(text: str) -> str:
    """What the Markdown renderer makes of one plain paragraph."""
    return f"<p>{html.escape(text, quote=False)}</p>"


# --- planning --------------------------------------------------------------------------


def _zipf_cumulative(n: int, exponent: float) -> list[float]:
    return list(accumulate(1 / (rank + 1) ** exponent for rank in range(n)))


def _pick(rng: random.Random, cumulative: list[float], upto: int) -> int:
    """An index below ``upto`` drawn with the Zipf weights (a prefix of ``cumulative``)."""
    return bisect.bisect_right(cumulative, rng.random() * cumulative[upto - 1], 0, upto - 1)


@dataclass
class _Ids:
    """The next primary key of each table: rows are written with their ids, so children can point at them."""

    member: int
    tag: int
    thread: int
    answer: int
    comment: int


class _Planner:
    """Plans the community thread by thread, in creation order, from one seeded random generator."""

    def __init__(self, size: Size, seed: int, end: datetime, ids: _Ids):
        self.size, self.rng, self.end, self.ids = size, random.Random(seed), end, ids
        self.start = end - timedelta(days=365 * YEARS)
        self.span = (end - self.start).total_seconds()
        # Members join over the history, the most active first; 5 % are there from the start.
        self.joined = [self._at(max(0.0, (i / size.members - 0.05) / 0.95) ** 1.25) for i in range(size.members)]
        self.member_activity = _zipf_cumulative(size.members, 0.9)
        self.tag_popularity = _zipf_cumulative(size.tags, 1.0)
        self.answers_per_thread = self._allocate_answers()
        accepted_share = 0.4 / max(0.01, self._answered_question_share())
        self.accept_chance = min(1.0, accepted_share)

    def _at(self, fraction: float) -> datetime:
        return self.start + timedelta(seconds=self.span * fraction)

    def _allocate_answers(self) -> list[int]:
        """Answers per thread, summing exactly to the size: log-normal popularity, one very long thread."""
        rng = random.Random(self.rng.random())
        threads, answers = self.size.threads, self.size.answers
        counts = [0] * threads
        big = min(BIG_THREAD_ANSWERS, answers)
        counts[0] = big
        if threads > 1 and answers > big:
            weights = list(accumulate(math.exp(rng.gauss(0, 0.9)) for _ in range(threads - 1)))
            for index in rng.choices(range(1, threads), cum_weights=weights, k=answers - big):
                counts[index] += 1
        elif threads == 1:
            counts[0] = answers
        return counts

    def _answered_question_share(self) -> float:
        return sum(1 for n in self.answers_per_thread if n) / len(self.answers_per_thread) * 0.95

    def members_by(self, at: datetime) -> int:
        """How many members had joined at ``at`` (at least two, so every post can have another voter)."""
        return max(2, bisect.bisect_right(self.joined, at))

    def author(self, at: datetime, *, not_member: int | None = None) -> int:
        upto = self.members_by(at)
        while True:
            index = _pick(self.rng, self.member_activity, upto)
            if index != not_member:
                return index

    def later(self, at: datetime, median_minutes: float) -> datetime:
        """A log-normal delay after ``at`` (most replies come fast, some take days), never after the end."""
        delay = timedelta(minutes=max(1.0, math.exp(self.rng.gauss(math.log(median_minutes), 1.3))))
        return min(at + delay, self.end - timedelta(seconds=1))

    def thread_at(self, index: int) -> datetime:
        """More threads lately: a community grows."""
        return self._at(((index + 0.5) / self.size.threads) ** 0.8)


@dataclass
class _Rows:
    """One chunk's rows, by table, ready for the writer."""

    threads: list[tuple] = field(default_factory=list)
    answers: list[tuple] = field(default_factory=list)
    comments: list[tuple] = field(default_factory=list)
    votes: list[tuple] = field(default_factory=list)
    links: list[tuple] = field(default_factory=list)
    notifications: list[tuple] = field(default_factory=list)


THREAD_FIELDS = [
    "id", "kind", "title", "slug", "body_md", "body_html", "author", "created_at", "last_activity_at", "score",
    "answer_count", "comment_count", "accepted_answer", "accepted_at", "is_locked", "first_answer_at",
    "first_answer_seconds", "idea_status", "idea_status_note", "idea_status_at", "is_deleted", "deleted_at",
]  # fmt: skip
ANSWER_FIELDS = [
    "id", "thread", "author", "body_md", "body_html", "created_at", "score", "comment_count", "is_deleted",
    "deleted_at",
]  # fmt: skip
COMMENT_FIELDS = ["id", "thread", "answer", "author", "body", "body_html", "created_at", "is_deleted", "deleted_at"]
VOTE_FIELDS = ["voter", "thread", "answer", "value", "created_at"]
# The copies of the thread's columns are the triggers' job (and they overwrite these); NOT NULL needs them here.
LINK_FIELDS = ["tag", "content_object", *TaggedThread.COPIED.values()]
NOTIFICATION_FIELDS = ["recipient", "kind", "actor", "thread", "answer", "detail", "event_key", "created_at",
                       "read_at", "email_due"]  # fmt: skip


class _ThreadPlan:
    """One thread with its answers, comments, votes and tags, and the counters they add up to."""

    def __init__(self, planner: _Planner, index: int, rows: _Rows):
        self.p, self.rng, self.rows = planner, planner.rng, rows
        self.id = planner.ids.thread + index
        self.at = planner.thread_at(index)
        self.author = planner.author(self.at)
        roll = self.rng.random()
        self.kind = "question" if roll < 0.8 else "tip" if roll < 0.92 else "idea"
        self.deleted = index > 0 and self.rng.random() < 0.02
        self.last_activity = self.at
        self.comment_count = 0
        self.answers: list[tuple[int, int, datetime, bool]] = []  # id, author, created, deleted
        self._title_and_body(index)
        self._tags()
        self.score = self._votes(thread=self.id, answer=None, author=self.author, at=self.at, extra=0)
        self.comment_count = self._comments(answer=None, at=self.at)
        for _ in range(planner.answers_per_thread[index]):
            self._answer()
        self._accept()
        self._write()

    def _title_and_body(self, index: int) -> None:
        rng = self.rng
        form = rng.choice(TITLE_FORMS[self.kind])
        obj = rng.choice(OBJECTS)
        title = form.format(verb=rng.choice(VERBS), obj=obj, Obj=obj.capitalize(), place=rng.choice(PLACES),
                            word=rng.choice(WORDS))  # fmt: skip
        rare = RARE_WORDS[index % len(RARE_WORDS)] if rng.random() < 0.008 else None
        rare = RARE_WORD if index == 1 else rare  # so that even a small community has one
        self.title = f"{title} ({index + 1})"  # unique, as the community's duplicate check wants
        first = _body(rng, rng.randint(2, 4), common=rng.random() < 0.75, rare=rare)
        second = _body(rng, rng.randint(1, 3), common=False, rare=None)
        self.body_md = f"{first}\n\n{second}"
        self.body_html = f"{_paragraph_html(first)}\n{_paragraph_html(second)}"

    def _tags(self) -> None:
        chosen: set[int] = set()
        wanted = min(self.p.size.tags, self.rng.choice((1, 1, 2, 2, 2, 3, 3, 4)))
        while len(chosen) < wanted:
            chosen.add(_pick(self.rng, self.p.tag_popularity, self.p.size.tags))
        self.tag_indexes = sorted(chosen)

    def _votes(self, *, thread, answer, author: int, at: datetime, extra: int) -> int:
        rng, p = self.rng, self.p
        upto = p.members_by(at)
        wanted = min(upto - 1, round(rng.expovariate(1 / 1.4)) + extra)
        if wanted <= 0:
            return 0
        voters = [v for v in rng.sample(range(upto), min(upto, wanted + 1)) if v != author][:wanted]
        score = 0
        for voter in voters:
            value = 1 if rng.random() < 0.9 else -1
            score += value
            when = p.later(at, 60 * 24)
            self.rows.votes.append((p.ids.member + voter, thread, answer, value, when))
        return score

    def _comments(self, *, answer: int | None, at: datetime) -> int:
        """Comments on the thread (``answer`` None) or an answer; returns how many are visible."""
        rng, p = self.rng, self.p
        visible = 0
        count = 0 if rng.random() < 0.65 else rng.choice((1, 1, 1, 2, 2, 3))
        for _ in range(count):
            when = p.later(at, 180)
            deleted = rng.random() < 0.02
            visible += not deleted
            text = _sentence(rng, rng.randint(5, 12))
            row_id = p.ids.comment
            p.ids.comment += 1
            self.rows.comments.append((row_id, self.id, answer, p.ids.member + p.author(when), text,
                                       html.escape(text, quote=False), when, deleted, when if deleted else None))  # fmt: skip
            if not deleted:
                self.last_activity = max(self.last_activity, when)
        return visible

    def _answer(self) -> None:
        rng, p = self.rng, self.p
        at = p.later(self.at if not self.answers else self.answers[-1][2], 240)
        author = p.author(at, not_member=self.author if rng.random() < 0.97 else None)
        deleted = rng.random() < 0.03
        answer_id = p.ids.answer
        p.ids.answer += 1
        text = _body(rng, rng.randint(2, 5), common=rng.random() < 0.3, rare=None)
        score = self._votes(thread=None, answer=answer_id, author=author, at=at, extra=1 if not self.answers else 0)
        comments = self._comments(answer=answer_id, at=at)
        self.rows.answers.append([answer_id, self.id, p.ids.member + author, text, _paragraph_html(text), at, score,
                                  comments, deleted, at if deleted else None])  # fmt: skip
        self.answers.append((answer_id, author, at, deleted))
        if not deleted:
            self.last_activity = max(self.last_activity, at)

    def _accept(self) -> None:
        self.accepted_id = self.accepted_at = None
        visible = [a for a in self.answers if not a[3]]
        if self.kind != Thread.Kind.QUESTION or not visible or self.rng.random() >= self.p.accept_chance:
            return
        answer_id, _author, at, _deleted = visible[0] if self.rng.random() < 0.6 else self.rng.choice(visible)
        self.accepted_id, self.accepted_at = answer_id, self.p.later(at, 600)
        self.last_activity = max(self.last_activity, self.accepted_at)

    def _write(self) -> None:
        p, rows = self.p, self.rows
        first = next(((at, author) for _id, author, at, deleted in self.answers
                      if not deleted and author != self.author), None)  # fmt: skip
        first_at = first[0] if first else None
        seconds = None if first_at is None else max(0, int((first_at - self.at).total_seconds()))
        idea = self.kind == "idea"
        status = self.rng.choice(IDEA_STATUSES) if idea else ""
        status_at = self.p.later(self.at, 60 * 24 * 7) if status and status != "new" else None
        answer_count = sum(1 for a in self.answers if not a[3])
        rows.threads.append((
            self.id, self.kind, self.title, slugify(self.title)[:80] or "thread", self.body_md, self.body_html,
            p.ids.member + self.author, self.at, self.last_activity, self.score,
            answer_count, self.comment_count, self.accepted_id, self.accepted_at, False,
            first_at, seconds, status, "Thanks, we are looking at it." if status_at else "", status_at,
            self.deleted, self.at if self.deleted else None,
        ))  # fmt: skip
        copies = (self.deleted, self.kind, self.at, self.last_activity, self.score, answer_count)
        rows.links.extend((p.ids.tag + t, self.id, *copies) for t in self.tag_indexes)
        thread_author = p.ids.member + self.author
        for answer_id, author, at, deleted in self.answers:
            if author != self.author and not deleted:
                read = at if at < p.end - timedelta(days=14) else None
                rows.notifications.append((thread_author, "answer", p.ids.member + author, self.id, answer_id,
                                           self.title[:300], f"scale:answer:{answer_id}", at, read, ""))  # fmt: skip


# --- writing -----------------------------------------------------------------------------


def _columns(model: type[models.Model], names: list[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


def _write(model: type[models.Model], names: list[str], rows: Iterable[tuple]) -> int:
    """COPY on PostgreSQL (the fast path for millions), executemany elsewhere."""
    rows = list(rows)
    if not rows:
        return 0
    table, columns = model._meta.db_table, _columns(model, names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            rows = [tuple(_sqlite_value(v) for v in row) for row in rows]
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)
    return len(rows)


def _sqlite_value(value):
    """Datetimes as Django itself stores them in SQLite (naive UTC text), so comparisons stay right."""
    return connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def _reset_sequences(models_written: Iterable[type[models.Model]]) -> None:
    """Rows went in with their ids: the next ``INSERT`` by the site must not collide with them."""
    if connection.vendor != "postgresql":
        return  # SQLite's rowid follows the largest id by itself
    with connection.cursor() as cursor:
        for model in models_written:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def _members(size: Size, planner: _Planner) -> list[tuple]:
    rng = random.Random(SEED + 1)
    rows = []
    for i in range(size.members):
        username = f"{USERNAME_PREFIX}{i:05d}"
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        rows.append((planner.ids.member + i, username, f"{username}@scale.invalid", "!", name, "", False, False,
                     True, planner.joined[i], "", "", "", None))  # fmt: skip
    return rows


MEMBER_FIELDS = [
    "id", "username", "email", "password", "display_name", "bio", "is_superuser", "is_staff", "is_active",
    "date_joined", "first_name", "last_name", "suspension_reason", "suspended_until",
]  # fmt: skip


def _tags(size: Size, first_id: int) -> list[tuple]:
    return [(first_id + t, f"topic-{t:04d}", f"topic-{t:04d}", f"Threads about topic {t}.") for t in range(size.tags)]


def _end_of_history() -> datetime:
    now = datetime.now(UTC)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def write_rows(size: Size, *, seed: int = SEED, progress: bool = False, out: TextIO | None = None) -> dict[str, int]:
    """Every row of the community, in one transaction; returns rows written per table."""
    written = dict.fromkeys(["members", "tags", "threads", "answers", "comments", "votes", "tag links",
                             "notifications"], 0)  # fmt: skip
    with transaction.atomic():
        ids = _Ids(_next_id(Member), _next_id(Tag), _next_id(Thread), _next_id(Answer), _next_id(Comment))
        planner = _Planner(size, seed, _end_of_history(), ids)
        written["members"] = _write(Member, MEMBER_FIELDS, _members(size, planner))
        written["tags"] = _write(Tag, ["id", "name", "slug", "description"], _tags(size, ids.tag))
        with tqdm(total=size.threads, desc="Threads", unit="thread", disable=not progress, file=out) as bar:
            for start in range(0, size.threads, CHUNK):
                rows = _Rows()
                for index in range(start, min(start + CHUNK, size.threads)):
                    _ThreadPlan(planner, index, rows)
                written["threads"] += _write(Thread, THREAD_FIELDS, rows.threads)
                written["answers"] += _write(Answer, ANSWER_FIELDS, rows.answers)
                written["comments"] += _write(Comment, COMMENT_FIELDS, rows.comments)
                written["votes"] += _write(Vote, VOTE_FIELDS, rows.votes)
                written["tag links"] += _write(TaggedThread, LINK_FIELDS, rows.links)
                written["notifications"] += _write(Notification, NOTIFICATION_FIELDS, rows.notifications)
                bar.update(len(rows.threads))
        _reset_sequences([Member, Tag, Thread, Answer, Comment])
    return written


# --- the whole build -----------------------------------------------------------------------


def _scale_members():
    return Member.objects.filter(username__regex=rf"^{USERNAME_PREFIX}[0-9]{{5}}$")


def state(size: Size) -> str:
    """ "built", "rows" (rows there, finishing steps owed) or "empty"; ScaleError if another size is there."""
    marker = Member.objects.filter(username=MARKER).values_list("bio", flat=True).first()
    if marker is not None and marker != size.describe():
        raise ScaleError(f"This database already holds a scale community of another size ({marker}); "
                         "build this one in a fresh database.")  # fmt: skip
    if marker is not None:
        return "built"
    found = _scale_members().count()
    if found and found != size.members:
        raise ScaleError(f"This database already holds {found} scale members, not {size.members}; "
                         "build this size in a fresh database.")  # fmt: skip
    return "rows" if found else "empty"


def build(size: Size, *, seed: int = SEED, progress: bool = False, out: TextIO | None = None) -> Summary:
    """Build the community (or finish an interrupted build); nothing if it is already there."""
    if state(size) == "built":
        return Summary(size=size, built=False)
    summary = Summary(size=size, built=True)
    started = time.monotonic()
    steps: list[tuple[str, Callable[[], object]]] = []
    if state(size) == "empty":
        steps.append(("rows", lambda: summary.rows.update(write_rows(size, seed=seed, progress=progress, out=out))))
    steps += [
        ("analyze", _analyze),
        ("reputation", lambda: call_command("rewards_recompute", verbosity=1 if progress else 0, stdout=out)),
        ("search", lambda: call_command("search_reindex", no_progress=not progress, stdout=out, stderr=out)),
        ("experts", lambda: call_command("community_refresh_experts", verbosity=1 if progress else 0, stdout=out)),
        ("marker", lambda: _mark_built(size)),
    ]
    for name, step in steps:
        began = time.monotonic()
        step()
        summary.steps[name] = time.monotonic() - began
    summary.seconds = time.monotonic() - started
    return summary


def _analyze() -> None:
    """Fresh planner statistics after a bulk load (what autovacuum would do a little later)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _mark_built(size: Size) -> None:
    Member.objects.create(username=MARKER, email="", password="!", is_active=False, bio=size.describe(),
                          display_name="Scale community marker")  # fmt: skip


def iter_sizes(names: Iterable[str]) -> Iterator[tuple[str, Size]]:
    for name in names:
        key = name.strip().upper()
        if key not in SIZES:
            raise ScaleError(f"Unknown size {name!r}: choose among {', '.join(SIZES)}.")
        yield key, SIZES[key]
