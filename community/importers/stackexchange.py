"""Import one site folder of the public Stack Exchange data dump.

The dump has one XML file per table, one ``<row …/>`` per record with the
columns as attributes. We read Users, Posts, Comments, Votes, PostLinks and
Tags (Badges belong to the rewards app) and write:

============  =====================================================  ==============
dump          Guildhall                                              ImportRecord
============  =====================================================  ==============
Users         ``Member`` (user -1 "Community" → one inactive          ``user``
              ``community`` member shared by every site)
(no owner)    one inactive member per ``OwnerDisplayName``           ``ghost``
Posts (1)     ``Thread(kind="question")`` + tags + revision 1        ``question``
Posts (2)     ``Answer`` + revision 1                                ``answer``
Comments      ``Comment`` (on the thread, or on the answer)          ``comment``
Votes 2 / 3   ``Vote`` by an inactive placeholder ``se-voter-<n>``   ``vote``
Votes 1       ``Thread.accepted_answer`` / ``accepted_at``           —
Votes 8 / 9   ``Bounty`` (start: offerer + amount; close: answer)    ``bounty``
PostLinks     ``ThreadLink`` (1 → related, 3 → duplicate)            ``link``
Posts (2)     ``ThreadLink`` (answered: the accepted answer's links  —
              to the site's questions or answers)
============  =====================================================  ==============

Everything is read first (streaming ``iterparse``; a malformed file stops
the import before anything is written), then written in batches inside one
transaction. Counters are recounted from the rows at the end, then the
rewards rules replay every vote, accept and bounty
(``rewards.api.recompute``).
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.parsers.expat import ErrorString

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify
from markdownify import markdownify
from tqdm import tqdm

from community.core.rendering import render_comment, sanitize_html
from community.core.validators import TAG_RE
from community.forum.counters import recount_threads
from community.forum.models import (
    Answer,
    Bounty,
    Comment,
    Member,
    Revision,
    Tag,
    TaggedThread,
    TagSynonym,
    Thread,
    ThreadLink,
    Vote,
)
from community.importers import DumpError
from community.importers.models import ImportRecord
from community.team import experts
from rewards import api as rewards_api

DEFAULT_RULES = "Stack Exchange 2016"
BATCH = 500
COMMUNITY_ID = -1
COMMUNITY_EMAIL = "community@stackexchange.invalid"
VOTER_PREFIX = "se-voter-"
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{3,30}$")
FALLBACK_TAG = "untagged"
MICROSECONDS_PER_DAY = 86_400_000_000
IMPORTED_BOUNTY_DAYS = timedelta(days=7)  # how long a Stack Exchange bounty runs

# The dump's files: (name, required). PostHistory.xml is not read; Badges.xml goes to rewards.
FILES = {
    "users": ("Users.xml", True),
    "posts": ("Posts.xml", True),
    "comments": ("Comments.xml", False),
    "votes": ("Votes.xml", False),
    "links": ("PostLinks.xml", False),
    "tags": ("Tags.xml", False),
    "badges": ("Badges.xml", False),
}


# --- reading ------------------------------------------------------------------


class Row(dict):
    """One ``<row>``'s attributes, knowing where it came from for error messages."""

    __slots__ = ("file", "number")

    def where(self) -> str:
        row_id = self.get("Id")
        return f"{self.file}: row Id={row_id}" if row_id is not None else f"{self.file}: row {self.number}"

    def fail(self, message: str):
        raise DumpError(f"{self.where()}: {message}")

    def int(self, key: str) -> int:
        value = self.get(key)
        if value is None:
            self.fail(f"the {key} attribute is missing")
        try:
            return int(value)
        except ValueError:
            self.fail(f"{key}={value!r} is not a whole number")

    def opt_int(self, key: str) -> int | None:
        return self.int(key) if self.get(key) not in (None, "") else None

    def date(self, key: str) -> datetime:
        value = self.get(key)
        if not value:
            self.fail(f"the {key} attribute is missing")
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail(f"{key}={value!r} is not a date (expected e.g. 2014-01-21T20:26:05.383)")
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)

    def opt_date(self, key: str) -> datetime | None:
        return self.date(key) if self.get(key) else None


def read_rows(folder: Path, name: str, *, required: bool, progress: bool) -> list[Row]:
    """Every ``<row>`` of ``folder/name``; ``DumpError`` naming the file, line and column if it is malformed."""
    path = folder / name
    if not path.is_file():
        if required:
            raise DumpError(f"{name}: not found in {folder}")
        return []
    try:
        return _read_rows(path, name, progress)
    except OSError as exc:
        raise DumpError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def _read_rows(path: Path, name: str, progress: bool) -> list[Row]:
    rows: list[Row] = []
    size = path.stat().st_size
    with (
        open(path, "rb") as fh,
        tqdm(total=size, unit="B", unit_scale=True, desc=f"Reading {name}", disable=not progress, leave=False) as bar,
    ):
        try:
            root = None
            for event, element in ET.iterparse(fh, events=("start", "end")):
                if event == "start":
                    if root is None:
                        root = element
                    continue
                if element.tag != "row":
                    continue
                row = Row(element.attrib)
                row.file, row.number = name, len(rows) + 1
                rows.append(row)
                root.clear()  # keep memory flat: the attributes are copied
                if len(rows) % 2000 == 0:
                    bar.update(fh.tell() - bar.n)
        except ET.ParseError as exc:
            line, column = exc.position
            reason = ErrorString(exc.code) if exc.code else str(exc)
            where = f"line {line}, column {column + 1}"
            after = f" (after row Id={rows[-1].get('Id')})" if rows else ""
            raise DumpError(f"{name}: malformed XML at {where}{after}: {reason}") from None
        bar.update(size - bar.n)
    return rows


# --- conversions ----------------------------------------------------------------


def html_to_line(html: str, limit: int) -> str:
    """HTML → one line of plain text, at most ``limit`` characters (cut with an ellipsis)."""
    if not html:
        return ""
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    return truncate(text, limit)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def html_to_markdown(clean_html: str) -> str:
    """Sanitised HTML → Markdown for the editor and the revision history."""
    if not clean_html.strip():
        return ""
    text = markdownify(clean_html, heading_style="ATX", bullets="-", code_language="")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def tag_names(raw: str, limit: int) -> list[str]:
    """``"<a><b>"`` → valid lower-case Guildhall tag names (1 to ``limit``)."""
    names: list[str] = []
    for tag in re.findall(r"<([^<>]+)>", raw or ""):
        name = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode().strip().lower()
        name = re.sub(r"[^a-z0-9.+#-]+", "-", name)
        name = name.lstrip(".+#-")[:35].rstrip("-")
        if name and TAG_RE.match(name) and name not in names:
            names.append(name)
    return names[:limit] or [FALLBACK_TAG]


def unique_username(name: str, suffix: str, taken: set[str]) -> str:
    """A free username from a display name: ``^[A-Za-z0-9_.-]{3,30}$``; ``-<suffix>`` added when needed."""
    base = slugify(name).strip("-_")

    def candidates():
        if len(base) >= 3:
            yield base[:30]
        stem = base[: 29 - len(suffix)].rstrip("-_") or "user"
        yield f"{stem}-{suffix}"
        for n in range(2, 1000):
            yield f"{stem[: 28 - len(suffix) - len(str(n))]}-{suffix}-{n}"

    for candidate in candidates():
        if USERNAME_RE.match(candidate) and candidate.lower() not in taken:
            taken.add(candidate.lower())
            return candidate
    raise DumpError(f"no free username for {name!r}")  # pragma: no cover - a thousand collisions


def vote_time(row: Row) -> datetime:
    """Vote dates are day-only: add the vote Id as microseconds for a stable order inside the day."""
    day = row.date("CreationDate").replace(hour=0, minute=0, second=0, microsecond=0)
    return day + timedelta(microseconds=row.int("Id") % MICROSECONDS_PER_DAY)


def only_changed(objects: list, fields: list[str], queryset) -> list:
    """The objects whose ``fields`` differ from their row in ``queryset`` (a re-run rewrites only those)."""
    if not objects:
        return []
    attnames = [queryset.model._meta.get_field(name).attname for name in fields]
    current = {row[0]: row[1:] for row in queryset.values_list("pk", *attnames).iterator()}
    return [obj for obj in objects if current.get(obj.pk) != tuple(getattr(obj, a) for a in attnames)]


def name_hash(name: str) -> int:
    return int.from_bytes(hashlib.sha1(name.encode()).digest()[:7], "big")


# --- the import -------------------------------------------------------------------


@dataclass
class Report:
    source: str
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seen: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0
    replayed_with: str | None = None

    def summary(self) -> str:
        kinds = ["user", "question", "answer", "comment", "vote", "bounty", "link", "badge"]
        parts = []
        for kind in kinds:
            noun = "bounties" if kind == "bounty" else kind + "s"
            parts.append(
                f"{self.seen.get(kind, 0):,} {noun} ({self.created.get(kind, 0):,} new, "
                f"{self.updated.get(kind, 0):,} changed)"
            )
        text = f"Imported {self.source} in {self.seconds:.1f} s: " + ", ".join(parts) + "."
        if self.skipped:
            text += " Skipped: " + ", ".join(f"{n:,} {why}" for why, n in sorted(self.skipped.items())) + "."
        if self.replayed_with:
            text += f" Reputation replayed with the rules “{self.replayed_with}”."
        return text


class StackExchangeImport:
    def __init__(
        self,
        folder,
        *,
        source: str | None = None,
        rules: str | None = None,
        replay: bool = True,
        progress: bool = False,
    ):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise DumpError(f"{folder}: not a folder (expected one site of the dump, with Users.xml, Posts.xml, …)")
        self.source = source or self.folder.resolve().name
        if len(self.source) > 100:
            raise DumpError("the source name is longer than 100 characters; pass a shorter --source")
        self.rules = rules  # None: replay under the rules already in force
        if rules is not None:
            if rules not in rewards_api.rule_profiles():
                raise DumpError(
                    f"there is no rewards rule profile named {rules!r}; known: {', '.join(rewards_api.rule_profiles())}"
                )
        self.replay = replay
        self.progress = progress
        self.report = Report(self.source)
        self.max_tags = settings.GUILDHALL["MAX_TAGS"]

    # -- driver

    def run(self) -> Report:
        started = time.monotonic()
        data = {
            key: read_rows(self.folder, name, required=required, progress=self.progress)
            for key, (name, required) in FILES.items()
        }
        with transaction.atomic():
            self.taken = {u.lower() for u in Member.objects.values_list("username", flat=True).iterator()}
            self.users = self._import_users(data["users"])
            self.accept_times = self._accept_times(data["votes"])
            self._import_posts(data["posts"], data["tags"])
            self._import_comments(data["comments"])
            self._import_votes(data["votes"])
            self._import_bounties(data["votes"])
            self._import_links(data["links"])
            self._import_answer_links()
            self._import_badges(data["badges"])
            self._recount()
            if self.replay:
                self._replay()
        self.report.seconds = time.monotonic() - started
        return self.report

    # -- ImportRecord helpers

    def _mapping(self, kind: str, model) -> dict[int, int]:
        """source id → local id for rows imported before; records whose row was deleted since are dropped."""
        records = ImportRecord.objects.filter(source=self.source, kind=kind)
        alive = Exists(model.objects.filter(pk=OuterRef("object_id")))
        records.exclude(alive).delete()
        return dict(records.values_list("source_id", "object_id"))

    def _imported_ids(self, kind: str):
        return ImportRecord.objects.filter(source=self.source, kind=kind).values("object_id")

    def _record(self, kind: str, pairs) -> None:
        ImportRecord.objects.bulk_create(
            [ImportRecord(source=self.source, kind=kind, source_id=s, object_id=o) for s, o in pairs],
            batch_size=BATCH,
        )

    def _bar(self, iterable, desc: str, total: int | None = None):
        return tqdm(iterable, desc=desc, total=total, unit="row", disable=not self.progress, leave=False)

    def _create_and_update(self, kind: str, model, new: list, updates: list, fields: list[str]) -> None:
        """``new``: [(source id, unsaved object)]; ``updates``: objects with pk. Creates, records, updates."""
        created = model.objects.bulk_create([obj for _, obj in new], batch_size=BATCH)
        self._record(kind, [(sid, obj.pk) for (sid, _), obj in zip(new, created, strict=True)])
        self.report.seen[kind] += len(new) + len(updates)
        updates = only_changed(updates, fields, model.objects.filter(pk__in=self._imported_ids(kind)))
        if updates:
            model.objects.bulk_update(updates, fields, batch_size=BATCH)
        self.report.created[kind] += len(new)
        self.report.updated[kind] += len(updates)

    # -- members

    def _import_users(self, rows: list[Row]) -> dict[int, int]:
        mapping = self._mapping("user", Member)
        new, updates = [], []
        for row in self._bar(rows, "Members"):
            sid = row.int("Id")
            name = " ".join((row.get("DisplayName") or "").split())[:60]
            bio = html_to_line(row.get("AboutMe", ""), 280)
            joined = row.date("CreationDate")
            if sid == COMMUNITY_ID:  # shared by every imported site: created once, never rewritten
                if sid in mapping:
                    self.report.seen["user"] += 1
                    continue
                member = self._community_member(joined)
                mapping[sid] = member.pk
                self._record("user", [(sid, member.pk)])
                self.report.created["user"] += 1
                self.report.seen["user"] += 1
            elif sid in mapping:
                updates.append(Member(pk=mapping[sid], display_name=name, bio=bio, date_joined=joined))
            else:
                member = Member(
                    username=unique_username(name, str(sid), self.taken),
                    email=f"se-{sid}@{self.source}.invalid",
                    password=make_password(None),
                    display_name=name,
                    bio=bio,
                    date_joined=joined,
                    is_active=True,
                )
                new.append((sid, member))
        self._create_and_update("user", Member, new, updates, ["display_name", "bio", "date_joined"])
        mapping.update({sid: obj.pk for sid, obj in new})
        self.ghosts = self._mapping("ghost", Member)
        return mapping

    def _community_member(self, joined) -> Member:
        """Stack Exchange's background "Community" user: one inactive member for every imported site."""
        member = Member.objects.filter(email=COMMUNITY_EMAIL, is_active=False).order_by("pk").first()
        if member is None:
            member = Member.objects.create(
                username=unique_username("community", "se", self.taken),
                email=COMMUNITY_EMAIL,
                password=make_password(None),
                display_name="Community",
                bio="Stack Exchange's background process; it owns community posts and bounties.",
                date_joined=joined,
                is_active=False,
            )
        return member

    def _author(self, row: Row, id_key: str, name_key: str) -> int:
        """The member for a row's user: mapped by Id, or a ghost for a deleted user named only by display name."""
        sid = row.opt_int(id_key)
        if sid is not None and sid in self.users:
            return self.users[sid]
        name = " ".join((row.get(name_key) or (f"user{sid}" if sid is not None else "deleted user")).split())[:60]
        key = name_hash(name.lower())
        if key not in self.ghosts:
            ghost = Member.objects.create(
                username=unique_username(name, "ghost", self.taken),
                email=f"se-ghost-{key}@{self.source}.invalid",
                password=make_password(None),
                display_name=name,
                is_active=False,
            )
            self.ghosts[key] = ghost.pk
            self._record("ghost", [(key, ghost.pk)])
        return self.ghosts[key]

    # -- posts

    def _accept_times(self, votes: list[Row]) -> dict[int, datetime]:
        """answer source id → when it was accepted (the latest accept vote)."""
        times: dict[int, datetime] = {}
        for row in votes:
            if row.get("VoteTypeId") == "1":
                post, at = row.int("PostId"), vote_time(row)
                if post not in times or at > times[post]:
                    times[post] = at
        return times

    def _import_posts(self, rows: list[Row], tag_rows: list[Row]) -> None:
        questions, answers, excerpts = [], [], {}
        for row in rows:
            kind = row.int("PostTypeId")
            if kind == 1:
                questions.append(row)
            elif kind == 2:
                answers.append(row)
            else:
                if kind == 4:  # tag wiki excerpt: becomes the tag's description
                    excerpts[row.int("Id")] = row.get("Body", "")
                self.report.skipped["tag wikis and other non-Q&A posts"] += 1

        # Questions → threads.
        self.threads = self._mapping("question", Thread)
        fields = [
            "kind",
            "title",
            "slug",
            "body_md",
            "body_html",
            "author",
            "created_at",
            "edited_at",
            "last_activity_at",
        ]
        new, updates, tags_of, revisions = [], [], {}, {}
        # The moderators' tag synonyms apply to imported posts as to posted ones ("js" arrives as "javascript").
        mains = dict(TagSynonym.objects.values_list("synonym", "tag__name"))
        for row in self._bar(questions, "Questions"):
            sid = row.int("Id")
            title = truncate(" ".join((row.get("Title") or "").split()), 150) or f"Question {sid}"
            html = sanitize_html(row.get("Body", ""))
            created = row.date("CreationDate")
            thread = Thread(
                kind=Thread.Kind.QUESTION,
                title=title,
                slug=slugify(title)[:80] or "thread",
                body_md=html_to_markdown(html),
                body_html=html,
                author_id=self._author(row, "OwnerUserId", "OwnerDisplayName"),
                created_at=created,
                edited_at=row.opt_date("LastEditDate"),
                last_activity_at=row.opt_date("LastActivityDate") or created,
            )
            tags_of[sid] = list(dict.fromkeys(mains.get(n, n) for n in tag_names(row.get("Tags", ""), self.max_tags)))
            revisions[sid] = thread
            if sid in self.threads:
                thread.pk = self.threads[sid]
                updates.append(thread)
            else:
                new.append((sid, thread))
        self._create_and_update("question", Thread, new, updates, fields)
        self.threads.update({sid: obj.pk for sid, obj in new})
        self._set_tags({self.threads[sid]: names for sid, names in tags_of.items()}, tag_rows, excerpts)
        self._first_revisions(
            "thread",
            {
                self.threads[sid]: dict(
                    editor_id=t.author_id,
                    created_at=t.created_at,
                    title=t.title,
                    tags=" ".join(tags_of[sid]),
                    body_md=t.body_md,
                )
                for sid, t in revisions.items()
            },
        )

        # Answers.
        self.answers = self._mapping("answer", Answer)
        self.answer_thread: dict[int, int] = {}  # answer source id → thread local id
        new, updates, revisions = [], [], {}
        for row in self._bar(answers, "Answers"):
            sid = row.int("Id")
            parent = row.opt_int("ParentId")
            if parent not in self.threads:
                self.report.skipped["answers whose question is missing"] += 1
                continue
            html = sanitize_html(row.get("Body", ""))
            answer = Answer(
                thread_id=self.threads[parent],
                author_id=self._author(row, "OwnerUserId", "OwnerDisplayName"),
                body_md=html_to_markdown(html),
                body_html=html,
                created_at=row.date("CreationDate"),
                edited_at=row.opt_date("LastEditDate"),
            )
            self.answer_thread[sid] = answer.thread_id
            revisions[sid] = answer
            if sid in self.answers:
                answer.pk = self.answers[sid]
                updates.append(answer)
            else:
                new.append((sid, answer))
        self._create_and_update(
            "answer", Answer, new, updates, ["thread", "author", "body_md", "body_html", "created_at", "edited_at"]
        )
        self.answers.update({sid: obj.pk for sid, obj in new})
        self._first_revisions(
            "answer",
            {
                self.answers[sid]: dict(editor_id=a.author_id, created_at=a.created_at, body_md=a.body_md)
                for sid, a in revisions.items()
            },
        )

        # Accepted answers: the question's AcceptedAnswerId; the date of its accept vote.
        accepted = []
        for row in questions:
            sid, answer_sid = row.int("Id"), row.opt_int("AcceptedAnswerId")
            thread = Thread(pk=self.threads[sid], accepted_answer_id=None, accepted_at=None)
            if answer_sid in self.answers and self.answer_thread.get(answer_sid) == thread.pk:
                thread.accepted_answer_id = self.answers[answer_sid]
                # Accept votes are day-only: never before the answer was written.
                answered = revisions[answer_sid].created_at
                thread.accepted_at = max(self.accept_times.get(answer_sid) or answered, answered)
            elif answer_sid is not None:
                self.report.skipped["accepted answers that are missing"] += 1
            accepted.append(thread)
        # Clear first: an answer accepted on a thread must be free (one-to-one) before it is set again.
        Thread.objects.filter(pk__in=self._imported_ids("question")).update(accepted_answer=None, accepted_at=None)
        Thread.objects.bulk_update(accepted, ["accepted_answer", "accepted_at"], batch_size=BATCH)

    def _set_tags(self, wanted: dict[int, list[str]], tag_rows: list[Row], excerpts: dict[int, str]) -> None:
        """Make each imported thread carry exactly its dump tags (creating tags that are new)."""
        existing = {name.lower(): pk for pk, name in Tag.objects.values_list("pk", "name")}
        for name in sorted({n for names in wanted.values() for n in names} - existing.keys()):
            existing[name] = Tag.objects.create(name=name).pk  # taggit picks a unique slug
        want = {(thread, existing[n]) for thread, names in wanted.items() for n in names}
        have = dict(
            ((t, g), pk)
            for pk, t, g in TaggedThread.objects.filter(
                content_object_id__in=self._imported_ids("question")
            ).values_list("pk", "content_object_id", "tag_id")
        )
        stale = [pk for key, pk in have.items() if key not in want]
        for start in range(0, len(stale), BATCH):
            TaggedThread.objects.filter(pk__in=stale[start : start + BATCH]).delete()
        TaggedThread.objects.bulk_create(
            [TaggedThread(content_object_id=t, tag_id=g) for t, g in sorted(want - have.keys())], batch_size=BATCH
        )
        # Tag descriptions from the tag wiki excerpts, where a moderator has not written one.
        for row in tag_rows:
            names = tag_names(f"<{row.get('TagName', '')}>", 1)
            excerpt = excerpts.get(row.opt_int("ExcerptPostId"))
            if names[0] in existing and names[0] != FALLBACK_TAG and excerpt:
                Tag.objects.filter(pk=existing[names[0]], description="").update(description=html_to_line(excerpt, 300))

    def _first_revisions(self, target: str, posts: dict[int, dict]) -> None:
        """Revision 1 (the original post, by its author) for each imported post; refreshed on a re-run."""
        kind = "question" if target == "thread" else "answer"
        have = dict(
            Revision.objects.filter(number=1, **{f"{target}_id__in": self._imported_ids(kind)}).values_list(
                f"{target}_id", "pk"
            )
        )
        new, updates = [], []
        for post_id, values in posts.items():
            revision = Revision(number=1, summary=f"Imported from {self.source}", **{f"{target}_id": post_id}, **values)
            if post_id in have:
                revision.pk = have[post_id]
                updates.append(revision)
            else:
                new.append(revision)
        Revision.objects.bulk_create(new, batch_size=BATCH)
        fields = ["editor", "created_at", "body_md", "summary"] + (["title", "tags"] if target == "thread" else [])
        updates = only_changed(
            updates, fields, Revision.objects.filter(number=1, **{f"{target}_id__in": self._imported_ids(kind)})
        )
        if updates:
            Revision.objects.bulk_update(updates, fields, batch_size=BATCH)

    def _post(self, source_id: int | None) -> tuple[int, int | None] | None:
        """A post's source id → (thread id, answer id or None), or None if it was not imported."""
        if source_id in self.threads:
            return self.threads[source_id], None
        if source_id in self.answers and source_id in self.answer_thread:
            return self.answer_thread[source_id], self.answers[source_id]
        return None

    # -- comments

    def _import_comments(self, rows: list[Row]) -> None:
        mapping = self._mapping("comment", Comment)
        new, updates = [], []
        for row in self._bar(rows, "Comments"):
            sid = row.int("Id")
            target = self._post(row.opt_int("PostId"))
            if target is None:
                self.report.skipped["comments on posts not imported"] += 1
                continue
            body = truncate(" ".join((row.get("Text") or "").split()), 600)
            if not body:
                self.report.skipped["empty comments"] += 1
                continue
            comment = Comment(
                thread_id=target[0],
                answer_id=target[1],
                author_id=self._author(row, "UserId", "UserDisplayName"),
                body=body,
                body_html=render_comment(body),
                created_at=row.date("CreationDate"),
            )
            if sid in mapping:
                comment.pk = mapping[sid]
                updates.append(comment)
            else:
                new.append((sid, comment))
        self._create_and_update(
            "comment", Comment, new, updates, ["thread", "answer", "author", "body", "body_html", "created_at"]
        )

    # -- votes

    def _voters(self, count: int) -> list[int]:
        """Member ids of the inactive placeholders ``se-voter-1`` … ``se-voter-<count>`` (index 0 = voter 1)."""
        wanted = [f"{VOTER_PREFIX}{n}" for n in range(1, count + 1)]
        found = dict(Member.objects.filter(username__startswith=VOTER_PREFIX).values_list("username", "pk"))
        active = list(
            Member.objects.filter(username__startswith=VOTER_PREFIX, is_active=True).values_list("username", flat=True)[
                :3
            ]
        )
        if active:
            raise DumpError(
                f"the usernames reserved for anonymous voters are taken by active members ({', '.join(active)}); "
                "rename them first"
            )
        missing = [
            Member(
                username=name,
                email=f"{name}@stackexchange.invalid",
                password=make_password(None),
                display_name="Anonymous voter",
                is_active=False,
            )
            for name in wanted
            if name not in found
        ]
        for member in Member.objects.bulk_create(missing, batch_size=BATCH):
            found[member.username] = member.pk
            self.taken.add(member.username.lower())
        return [found[name] for name in wanted]

    def _import_votes(self, rows: list[Row]) -> None:
        mapping = self._mapping("vote", Vote)
        current = {
            pk: (voter, thread, answer)
            for pk, voter, thread, answer in Vote.objects.filter(pk__in=self._imported_ids("vote")).values_list(
                "pk", "voter_id", "thread_id", "answer_id"
            )
        }
        # Slots already taken on each post by votes imported before (kept, so nothing collides).
        used: dict[tuple[int, int | None], set[int]] = defaultdict(set)
        for voter, thread, answer in current.values():
            used[(thread, answer) if answer is None else (None, answer)].add(voter)
        planned = []  # (source id, post key, value, created_at)
        for row in sorted((r for r in rows if r.get("VoteTypeId") in ("2", "3")), key=lambda r: r.int("Id")):
            target = self._post(row.opt_int("PostId"))
            if target is None:
                self.report.skipped["votes on posts not imported"] += 1
                continue
            key = (target[0], None) if target[1] is None else (None, target[1])
            planned.append((row.int("Id"), key, 1 if row["VoteTypeId"] == "2" else -1, vote_time(row)))
        per_post = defaultdict(int)  # votes still to create on each post
        for sid, key, _, _ in planned:
            if not (sid in mapping and mapping[sid] in current):
                per_post[key] += 1
        pool_size = max([n + len(used[key]) for key, n in per_post.items()], default=0)
        voters = self._voters(pool_size) if pool_size else []
        voter_slot = {pk: i for i, pk in enumerate(voters)}
        free_from: dict = defaultdict(int)
        new, updates = [], []
        for sid, key, value, at in self._bar(planned, "Votes"):
            thread_id, answer_id = key
            if sid in mapping and mapping[sid] in current:
                vote = Vote(
                    pk=mapping[sid],
                    voter_id=current[mapping[sid]][0],
                    thread_id=thread_id,
                    answer_id=answer_id,
                    value=value,
                    created_at=at,
                )
                updates.append(vote)
                continue
            # The k-th vote on a post is cast by placeholder k (the first slot nobody holds yet).
            taken = {voter_slot.get(v) for v in used[key]}
            slot = free_from[key]
            while slot in taken:
                slot += 1
            free_from[key] = slot + 1
            used[key].add(voters[slot])
            new.append(
                (sid, Vote(voter_id=voters[slot], thread_id=thread_id, answer_id=answer_id, value=value, created_at=at))
            )
        self._create_and_update("vote", Vote, new, updates, ["thread", "answer", "value", "created_at"])

    # -- bounties

    def _import_bounties(self, rows: list[Row]) -> None:
        mapping = self._mapping("bounty", Bounty)
        open_bounties: dict[int, list[Bounty]] = defaultdict(list)  # thread id → started, not yet closed
        planned: list[tuple[int, Bounty]] = []
        for row in sorted((r for r in rows if r.get("VoteTypeId") in ("8", "9")), key=lambda r: vote_time(r)):
            post = row.opt_int("PostId")
            if row["VoteTypeId"] == "8":
                if post not in self.threads:
                    self.report.skipped["bounties on questions not imported"] += 1
                    continue
                amount = row.opt_int("BountyAmount") or 0
                bounty = Bounty(
                    thread_id=self.threads[post],
                    offered_by_id=self._author(row, "UserId", "UserDisplayName"),
                    amount=amount,
                    created_at=vote_time(row),
                    answer_id=None,
                    awarded_at=None,
                    # Stack Exchange's bounties last 7 days; the dump's votes tell how each ended, so an imported
                    # bounty is closed (never swept by community_bounties_due: its outcome is the site's own).
                    ends_at=vote_time(row) + IMPORTED_BOUNTY_DAYS,
                )
                bounty.closed_at = bounty.ends_at
                open_bounties[bounty.thread_id].append(bounty)
                planned.append((row.int("Id"), bounty))
            else:
                target = self._post(post)
                if target is None or not open_bounties.get(target[0]):
                    self.report.skipped["bounty closes without a start"] += 1
                    continue
                bounty = open_bounties[target[0]].pop(0)
                bounty.closed_at = vote_time(row)
                if target[1] is not None:  # awarded to an answer; a close on the question is an expiry
                    bounty.answer_id = target[1]
                    bounty.awarded_at = vote_time(row)
                    awarded = row.opt_int("BountyAmount")
                    bounty.awarded_amount = awarded if awarded is not None and awarded != bounty.amount else None
        new, updates = [], []
        for sid, bounty in planned:
            if sid in mapping:
                bounty.pk = mapping[sid]
                updates.append(bounty)
            else:
                new.append((sid, bounty))
        self._create_and_update(
            "bounty",
            Bounty,
            new,
            updates,
            [
                "thread",
                "offered_by",
                "amount",
                "created_at",
                "answer",
                "awarded_at",
                "awarded_amount",
                "ends_at",
                "closed_at",
            ],
        )

    # -- links

    def _import_links(self, rows: list[Row]) -> None:
        kinds = {"1": ThreadLink.Kind.RELATED, "3": ThreadLink.Kind.DUPLICATE}
        mapping = self._mapping("link", ThreadLink)
        existing = {
            (f, t, k): pk
            for pk, f, t, k in ThreadLink.objects.filter(from_thread_id__in=self._imported_ids("question")).values_list(
                "pk", "from_thread_id", "to_thread_id", "kind"
            )
        }
        new, updates, same = [], [], []  # same: (source id, key) of a link that already exists
        for row in rows:
            sid = row.int("Id")
            kind = kinds.get(row.get("LinkTypeId"))
            if kind is None:
                self.report.skipped["links of other types"] += 1
                continue
            source, target = self._post(row.opt_int("PostId")), self._post(row.opt_int("RelatedPostId"))
            if source is None or target is None or source[0] == target[0]:
                self.report.skipped["links to posts not imported"] += 1
                continue
            key = (source[0], target[0], kind)
            link = ThreadLink(
                from_thread_id=key[0], to_thread_id=key[1], kind=kind, created_at=row.date("CreationDate")
            )
            if sid in mapping:
                link.pk = mapping[sid]
                updates.append(link)
            elif key in existing:  # the same link twice in the dump, or made by hand before
                same.append((sid, key))
            else:
                new.append((sid, link))
                existing[key] = None
        self._create_and_update("link", ThreadLink, new, updates, ["created_at"])
        for _, link in new:
            existing[(link.from_thread_id, link.to_thread_id, link.kind)] = link.pk
        self._record("link", [(sid, existing[key]) for sid, key in same])

    def _import_answer_links(self) -> None:
        """``ThreadLink.Kind.ANSWERED`` from each imported question to the questions its accepted answer links to
        (``https://<site>/questions/<id>``, ``/q/<id>``, ``/a/<id>``), as ``community.forum.answer_links`` keeps
        them on the site. Derived from the bodies, so rewritten whole on each import."""
        questions = self._imported_ids("question")
        link = re.compile(rf"(?:https?:)?//{re.escape(self.source)}/(?:questions|q|a)/(\d+)", re.IGNORECASE)
        wanted = set()
        accepted = Thread.objects.filter(pk__in=questions, accepted_answer__isnull=False).values_list(
            "pk", "accepted_answer__body_html"
        )
        for thread_id, body in accepted:
            for post in link.findall(body or ""):
                target = self._post(int(post))
                if target is not None and target[0] != thread_id:
                    wanted.add((thread_id, target[0]))
        existing = ThreadLink.objects.filter(from_thread_id__in=questions, kind=ThreadLink.Kind.ANSWERED)
        current = set(existing.values_list("from_thread_id", "to_thread_id"))
        for from_id, to_id in current - wanted:
            existing.filter(from_thread_id=from_id, to_thread_id=to_id).delete()
        ThreadLink.objects.bulk_create(
            [ThreadLink(from_thread_id=f, to_thread_id=t, kind=ThreadLink.Kind.ANSWERED) for f, t in wanted - current],
            batch_size=BATCH,
        )

    # -- badges (rewards owns them; it maps the dump's users through our ImportRecords)

    def _import_badges(self, rows: list[Row]) -> None:
        if not rows:
            return
        members = dict(
            ImportRecord.objects.filter(source=self.source, kind="user").values_list("source_id", "object_id")
        )
        already = set(ImportRecord.objects.filter(source=self.source, kind="badge").values_list("source_id", flat=True))
        result, records = rewards_api.import_badges(self.source, rows, members=members, already=already)
        ImportRecord.objects.bulk_create(
            [ImportRecord(source=self.source, kind="badge", source_id=s, object_id=o) for s, o in records],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        self.report.seen["badge"] = len(rows)
        self.report.created["badge"] = result["awards"]

    # -- counters and reputation

    def _recount(self) -> None:
        ids = sorted(self.threads.values())
        for start in self._bar(range(0, len(ids), BATCH), "Recounting", total=-(-len(ids) // BATCH)):
            recount_threads(ids[start : start + BATCH])
        # Imports send no events: the tags' stored experts are rebuilt from the imported answers here, on fresh
        # planner statistics (a bulk load leaves them describing the empty tables: every tag's sum would then be
        # planned as nested loops over the whole import).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE community_member, community_thread, community_answer, community_taggedthread")
        experts.refresh_all(progress=lambda items, total: self._bar(items, "Ranking experts", total=total))

    def _replay(self) -> None:
        try:
            rewards_api.recompute(self.rules, progress=self.progress)
        except ObjectDoesNotExist as exc:
            if type(exc).__qualname__ != "RuleProfile.DoesNotExist":
                raise
            raise DumpError(f"there is no rewards rule profile named {self.rules!r}") from None
        self.report.replayed_with = rewards_api.active_rule_profile()
        rewards_api.mark_history_seen(timezone.now())  # an imported site's history is not news to its members


def import_site(folder, **options) -> Report:
    """Import one site folder of the dump; see ``StackExchangeImport`` for the options."""
    return StackExchangeImport(folder, **options).run()
