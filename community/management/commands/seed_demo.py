"""``manage.py seed_demo``: a believable community around one imaginary product.

Members are created with ``Member.objects.create_user`` and announced with
``actions.member_joined``; every thread, answer, comment, vote and accepted
answer goes through ``community.forum.actions`` with a backdated ``at=``, so the
denormalised counters and the domain events are exactly what real use would
have produced.

The plan (who posts what, when) is computed first by :func:`build_plan`, a pure
function of a seed and "now", from the material in ``community.demo.content``
(English) and ``community.demo.content_fr`` (French): a French topic is asked,
answered and commented on by French-speaking members, with French fragments, and
French-speaking members read the site in French (``Member.language``).
Then it is played in chronological order, one transaction per week of history:
the rewards app pays reputation when a transaction commits, and votes and
comments on others' posts are privileges earned with reputation, so the
history has to be lived week by week. A step whose planned member has not earned
the privilege yet is taken by one who has (the Lumen staff members are
moderators, who always may). Running the command again when the demo members
exist does nothing.
"""

from __future__ import annotations

import math
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from tqdm import tqdm

from community.demo import content, content_fr
from community.forum import actions
from community.forum.models import Answer, Comment, Member, Tag, Thread, Vote
from config.tasks import gathered
from rewards import api as rewards_api

# --- filling templates -------------------------------------------------------------

MODERATORS_GROUP = "Moderators"  # created by community migration 0004

# The languages the demo community writes in, each with its material (the same names in both modules).
VOICES = {"en": content, "fr": content_fr}
TEAM = content.TEAM | content_fr.TEAM  # Lumen's staff, moderators
USERNAMES = [m[0] for m in content.MEMBERS + content_fr.MEMBERS]

_SLOT_RE = re.compile(r"\{(\w+)\}")
SLOT_NAMES = {
    key for voice in VOICES.values() for entries in voice.POOLS.values() for entry in entries for key in entry
} | {"version", "asker"}


def fill(text: str, values: dict[str, str]) -> str | None:
    """Replace known ``{slot}`` names; None if a slot the template needs has no value."""
    for _ in range(3):  # slot values may themselves contain slots ({mod} inside an answer)
        new = _SLOT_RE.sub(lambda m: values.get(m[1], m[0]), text)
        if new == text:
            break
        text = new
    if any(m[1] in SLOT_NAMES and m[1] not in values for m in _SLOT_RE.finditer(text)):
        return None
    return text


# --- the plan ----------------------------------------------------------------------


@dataclass
class MemberPlan:
    username: str
    display_name: str
    bio: str
    activity: int
    joined: datetime
    writes: tuple[str, ...] = ("en",)  # the languages they post in
    language: str = ""  # Member.language: the site's language for them ("" the browser's)
    reads: list[str] = field(default_factory=list)  # Member.reads_languages ([]: their own language)

    def reads_language(self, language: str) -> bool:
        return language in (self.reads or self.writes)

    @property
    def email(self) -> str:
        return f"{self.username}@{content.DEMO_EMAIL_DOMAIN}"


@dataclass
class Op:
    """One step inside a thread, played in ``at`` order.

    kind: "answer" (answer=index of the new answer), "comment", "vote", "accept";
    answer=None means the thread itself. A vote or a comment by someone who has not
    yet earned the privilege is given to a member who has (see Command._by).
    """

    at: datetime
    kind: str
    actor: str
    answer: int | None = None
    body: str = ""
    value: int = 0
    needs: Op | None = field(default=None, repr=False, compare=False)  # skipped if that step was skipped


@dataclass
class ThreadPlan:
    kind: str
    title: str
    body: str
    tags: list[str]
    author: str
    at: datetime
    topic: str
    language: str = "en"  # the language it is written in (the forum detects it again from the text)
    ops: list[Op] = field(default_factory=list)


@dataclass
class Plan:
    members: list[MemberPlan]
    threads: list[ThreadPlan]


def _minutes(rng: random.Random, median: float, sigma: float = 1.2, low: float = 2.0) -> timedelta:
    """A log-normal delay: most replies come fast, some take days."""
    return timedelta(minutes=max(low, math.exp(rng.gauss(math.log(median), sigma))))


def _weighted(rng: random.Random, weights: list[float]) -> int:
    return rng.choices(range(len(weights)), weights=weights)[0]


class _Planner:
    def __init__(self, now: datetime, seed: int):
        self.rng = random.Random(seed)
        self.now = now
        self.start = now - timedelta(days=content.HISTORY_DAYS)
        self.span = self.now - self.start
        self.members: list[MemberPlan] = []
        self.by_name: dict[str, MemberPlan] = {}
        self.titles: set[str] = set()
        self.variant_queues: dict[str, list[int]] = {}

    # -- members

    def plan_members(self) -> None:
        self._plan_members(content.MEMBERS, founders=12, language="en")
        self._plan_members(content_fr.MEMBERS, founders=content_fr.FOUNDERS, language="fr")

    def _plan_members(self, listed: list[tuple], *, founders: int, language: str) -> None:
        rng, total = self.rng, len(listed)
        for i, (username, name, bio, activity) in enumerate(listed):
            if i < founders:  # there before the demo's history starts
                joined = self.start - timedelta(days=rng.uniform(15, 160))
            else:
                frac = (i - founders + rng.uniform(0, 1)) / (total - founders)
                joined = self.start + self.span * (0.03 + 0.87 * frac)
            joined = joined.replace(microsecond=0)
            member = MemberPlan(username, name, bio, activity, joined)
            if language == "fr":
                member.writes, member.language = ("fr",), "fr"
                member.reads = ["en", "fr"] if username in content_fr.READS_ENGLISH else ["fr"]
            elif username in content_fr.WRITES_BOTH:  # French-speaking members of the English list
                member.writes, member.language, member.reads = ("en", "fr"), "fr", ["en", "fr"]
            self.members.append(member)
            self.by_name[username] = member

    def pick(self, at: datetime, *, exclude=(), role: str = "post", language: str = "en") -> str | None:
        """A member who had joined before ``at``, weighted by how active they are, who writes ``language``
        (for a vote: who reads it)."""
        candidates, weights = [], []
        cutoff = at - timedelta(hours=6)
        for m in self.members:
            if m.joined >= cutoff or m.username in exclude:
                continue
            if not (m.reads_language(language) if role == "vote" else language in m.writes):
                continue
            weight = m.activity**1.6
            if m.username in TEAM:  # staff help, but the community is the members'
                weight *= {"answer": 0.8, "ask": 0.1}.get(role, 0.45)
            candidates.append(m.username)
            weights.append(weight)
        if not candidates:
            return None
        return self.rng.choices(candidates, weights=weights)[0]

    def version_at(self, at: datetime) -> str:
        frac = (at - self.start) / self.span
        index = min(len(content.VERSIONS) - 1, max(0, int(frac * len(content.VERSIONS))))
        return content.VERSIONS[index]

    # -- thread dates

    def schedule(self) -> list[tuple[datetime, dict, str, dict | None, str]]:
        """Every thread to write: (created at, topic, kind, fixed pool entry, language)."""
        rng = self.rng
        free: list[tuple[dict, str, dict | None, str]] = []
        fixed: list[tuple[datetime, dict, str, dict | None, str]] = []
        for language, voice in VOICES.items():
            for kind, topics in (("question", voice.QUESTIONS), ("tip", voice.TIPS)):
                self._schedule_topics(topics, kind, language, free, fixed)
        # The community grows: more threads in recent months than at the start.
        begin, usable = self.start + timedelta(days=2), self.span - timedelta(days=2, hours=3)
        times = sorted(begin + usable * (rng.random() ** 0.75) for _ in free)
        rng.shuffle(free)
        planned = [(at, *item) for at, item in zip(times, free, strict=True)] + fixed
        planned = [(at.replace(microsecond=0), *rest) for at, *rest in planned]
        planned.sort(key=lambda item: item[0])
        return planned

    def _schedule_topics(self, topics: list[dict], kind: str, language: str, free: list, fixed: list) -> None:
        rng, voice = self.rng, VOICES[language]
        for topic in topics:
            unique = topic.get("unique")
            if unique:
                entries = list(voice.POOLS[unique])
                if "series_author" not in topic:
                    rng.shuffle(entries)
                entries = entries[: topic.get("uses", len(entries))]
            else:
                entries = [None] * topic.get("uses", 1)
            if "every_days" in topic:
                # A series: one post every so often, in order, starting some time in the past.
                every = timedelta(days=topic["every_days"])
                latest = self.now - every * len(entries) - timedelta(days=2)
                first = self.start + timedelta(days=10) + (latest - self.start - timedelta(days=10)) * rng.random()
                for i, entry in enumerate(entries):
                    at = first + every * i + timedelta(hours=rng.uniform(-20, 20))
                    fixed.append((at, topic, kind, entry, language))
            else:
                free.extend((topic, kind, entry, language) for entry in entries)

    # -- one thread

    def _variants(self, topic: dict) -> list[dict]:
        return topic.get("variants") or [topic]

    def _next_variant(self, topic: dict) -> int:
        """Variants take turns, so every way a problem comes up gets asked."""
        queue = self.variant_queues.setdefault(topic["key"], [])
        if not queue:
            queue.extend(self.rng.sample(range(len(self._variants(topic))), len(self._variants(topic))))
        return queue.pop(0)

    @staticmethod
    def _merged(topic: dict, variant: dict, name: str) -> list:
        """A variant's own items, then the topic's (which fit every variant)."""
        items = list(variant.get(name, []))
        if variant is not topic:
            items += list(topic.get(name, []))
        return items

    def plan_thread(self, at: datetime, topic: dict, kind: str, entry: dict | None, language: str = "en") -> ThreadPlan:
        rng, voice = self.rng, VOICES[language]
        author = topic.get("series_author") or topic.get("author")
        if not author or self.by_name[author].joined >= at:
            author = self.pick(at, role="ask" if kind == "question" else "post", language=language)
        variants = self._variants(topic)
        preferred = self._next_variant(topic)
        values: dict[str, str] = {}
        title = variant = None
        for attempt in range(300):
            variant = variants[preferred if attempt < 100 else rng.randrange(len(variants))]
            values = {"version": self.version_at(at), "asker": self.first_name(author)}
            for slot in topic.get("slots", []):
                values.update(entry if slot == topic.get("unique") else rng.choice(voice.POOLS[slot]))
            candidate = fill(rng.choice(variant["titles"]), values)
            if candidate and candidate not in self.titles:
                title = candidate
                break
        if title is None:
            raise CommandError(f"Could not make a unique title for topic {topic['key']!r}; add titles or slots.")
        self.titles.add(title)

        bodies = variant.get("bodies") or topic["bodies"]
        body = None
        for _ in range(20):
            body = fill(rng.choice(bodies), values)
            if body:
                break
        assert body, topic["key"]
        nature = topic.get("nature", "trouble")
        if kind == "question":
            closers = voice.QUESTION_CLOSERS + (voice.TROUBLE_CLOSERS if nature == "trouble" else [])
            parts = [rng.choice(voice.QUESTION_OPENERS), body]
            if nature == "trouble" and values["version"] not in body and rng.random() < 0.5:
                parts.append(fill(rng.choice(voice.ENV_LINES), values) or fill(voice.ENV_LINES[-1], values))
            parts.append(rng.choice(closers))
            body = "\n\n".join(p for p in parts if p)

        tags: list[str] = []
        for tag in self._merged(topic, variant, "tags"):
            name = fill(tag, values)
            if name and name not in tags:
                tags.append(name)
        thread = ThreadPlan(
            kind=kind,
            title=title,
            body=body,
            tags=tags[:5],
            author=author,
            at=at,
            topic=topic["key"],
            language=language,
        )
        if kind == "question":
            self.plan_answers(thread, self._merged(topic, variant, "answers"), nature, values)
            self.plan_question_comments(thread, self._merged(topic, variant, "comments"), nature, values)
        else:
            self.plan_replies(thread, topic, values)
            self.plan_tip_comments(thread, values)
        self.plan_votes(thread, None, thread.at, thread.author, quality=2 if kind == "tip" else 1)
        return thread

    def first_name(self, username: str) -> str:
        return self.by_name[username].display_name.split()[0]

    def _ok(self, at: datetime) -> bool:
        return at < self.now - timedelta(minutes=1)

    def plan_answers(self, thread: ThreadPlan, topic_answers: list[str], nature: str, values: dict) -> None:
        rng, voice, language = self.rng, VOICES[thread.language], thread.language
        good = [text for text in (fill(a, values) for a in topic_answers) if text]
        rng.shuffle(good)
        generic = [(q, fill(text, values)) for q, text in voice.GENERIC_ANSWERS[nature]]
        generic = [(q, text) for q, text in generic if text]
        rng.shuffle(generic)
        # At most one all-purpose answer per thread: more reads like answers to another question.
        generic = generic[:1]
        wanted = _weighted(rng, [10, 24, 26, 18, 11, 7, 4])
        self_answer = wanted > 0 and rng.random() < 0.07 and good
        answers: list[tuple[int, str, str, datetime]] = []  # (quality, author, body, at)
        answered_by = {thread.author}
        for i in range(wanted):
            if self_answer and i == wanted - 1 and good:
                at = thread.at + _minutes(rng, 60 * 30, 0.8, low=90)
                body = rng.choice(voice.SELF_ANSWER_PREFIXES) + good.pop(0)
                author, quality = thread.author, 1
            else:
                at = thread.at + _minutes(rng, 240, 1.4)
                if good and (not generic or rng.random() < 0.75):
                    quality, body = 1, good.pop(0)
                elif generic:
                    quality, body = generic.pop(0)
                else:
                    break
                # Staff answer with the real thing, not with the all-purpose replies.
                author = self.pick(
                    at, exclude=answered_by | (TEAM if quality < 1 else set()), role="answer", language=language
                )
                if author is not None and quality >= 0 and body[:1].isalpha():
                    answer_values = {**values, "asker": self.first_name(thread.author)}
                    opener = fill(rng.choice(voice.ANSWER_OPENERS), answer_values) or ""
                    body = opener + body + "\n\n" + rng.choice(voice.ANSWER_CLOSERS)
            if author is None or not self._ok(at):
                continue
            answered_by.add(author)
            answers.append((quality, author, body, at))
        answers.sort(key=lambda a: a[3])

        accepted = None
        if answers and rng.random() < 0.5:
            ranked = sorted(range(len(answers)), key=lambda i: (-answers[i][0], answers[i][3]))
            choices = [i for i in ranked if answers[i][0] >= 0]
            if choices:
                accepted = choices[0] if rng.random() < 0.8 else rng.choice(choices)
                accept_at = answers[accepted][3] + _minutes(rng, 60 * 10, 1.2, low=5)
                if not self._ok(accept_at):
                    accepted = None

        for index, (quality, author, body, at) in enumerate(answers):
            thread.ops.append(Op(at=at, kind="answer", actor=author, answer=index, body=body))
            is_accepted = index == accepted
            self.plan_votes(thread, index, at, author, quality=quality + (2 if is_accepted else 0))
            self.plan_answer_comments(thread, index, at, author, quality, values)
            if is_accepted:
                thread.ops.append(Op(at=accept_at, kind="accept", actor=thread.author, answer=index))
                if author != thread.author and rng.random() < 0.5:
                    self._comment(
                        thread,
                        index,
                        accept_at + timedelta(minutes=rng.randint(1, 20)),
                        thread.author,
                        rng.choice(voice.ASKER_THANKS),
                    )
            elif author != thread.author and quality >= 0 and rng.random() < 0.15:
                self._comment(thread, index, at + _minutes(rng, 120), thread.author, rng.choice(voice.ASKER_NOT_YET))

    def plan_replies(self, thread: ThreadPlan, topic: dict, values: dict) -> None:
        rng, voice = self.rng, VOICES[thread.language]
        pool = [fill(r, values) for r in topic.get("replies", [])] + list(voice.GENERIC_REPLIES)
        pool = [text for text in pool if text]
        rng.shuffle(pool)
        wanted = _weighted(rng, [25, 30, 25, 12, 8])
        replied = {thread.author} | TEAM
        replies = []
        for body in pool[:wanted]:
            at = thread.at + _minutes(rng, 60 * 8, 1.5)
            author = self.pick(at, exclude=replied, language=thread.language)
            if author is None or not self._ok(at):
                continue
            replied.add(author)
            replies.append((author, body, at))
        replies.sort(key=lambda r: r[2])
        for index, (author, body, at) in enumerate(replies):
            thread.ops.append(Op(at=at, kind="answer", actor=author, answer=index, body=body))
            self.plan_votes(thread, index, at, author, quality=1)
            if rng.random() < 0.25:  # the tip's author thanks them
                self._comment(
                    thread, index, at + _minutes(rng, 180), thread.author, rng.choice(voice.TIP_AUTHOR_THANKS)
                )

    def plan_question_comments(self, thread: ThreadPlan, topic_comments: list, nature: str, values: dict) -> None:
        rng, voice = self.rng, VOICES[thread.language]
        pool = [c if isinstance(c, tuple) else (c, None) for c in topic_comments + voice.QUESTION_COMMENTS[nature]]
        rng.shuffle(pool)
        for text, reply in pool[: _weighted(rng, [50, 32, 14, 4])]:
            at = thread.at + _minutes(rng, 90, 1.3)
            author = self.pick(at, exclude={thread.author}, language=thread.language)
            text = fill(text, values)
            asked = self._comment(thread, None, at, author, text) if author and text else None
            reply = fill(reply, values) if reply and asked else None
            if reply and rng.random() < 0.6:
                self._comment(thread, None, at + _minutes(rng, 50), thread.author, reply, needs=asked)

    def plan_tip_comments(self, thread: ThreadPlan, values: dict) -> None:
        rng, voice = self.rng, VOICES[thread.language]
        for text in rng.sample(voice.TIP_COMMENTS, _weighted(rng, [60, 30, 10])):
            at = thread.at + _minutes(rng, 120, 1.3)
            author = self.pick(at, exclude={thread.author}, language=thread.language)
            if author:
                self._comment(thread, None, at, author, text)

    def plan_answer_comments(
        self, thread: ThreadPlan, index: int, at: datetime, author: str, quality: int, values: dict
    ) -> None:
        rng, voice = self.rng, VOICES[thread.language]
        kind = "good" if quality >= 1 else "so-so" if quality == 0 else "weak"
        pool = [text for text in (fill(c, values) for c in voice.ANSWER_COMMENTS[kind]) if text]
        weights = [70, 25, 5] if kind != "weak" else [40, 60]
        for body in rng.sample(pool, min(len(pool), _weighted(rng, weights))):
            when = at + _minutes(rng, 180, 1.3)
            commenter = self.pick(when, exclude={author}, language=thread.language)
            if commenter:
                self._comment(thread, index, when, commenter, body)

    def _comment(
        self, thread: ThreadPlan, answer: int | None, at: datetime, author: str, body: str, needs: Op | None = None
    ) -> Op | None:
        if not self._ok(at):
            return None
        op = Op(at=at, kind="comment", actor=author, answer=answer, body=body, needs=needs)
        thread.ops.append(op)
        return op

    def plan_votes(self, thread: ThreadPlan, answer: int | None, posted: datetime, author: str, quality: int) -> None:
        """quality: -1 not an answer, 0 so-so, 1 good, 2 a tip, 3 an accepted answer."""
        rng = self.rng
        mean, down = {-1: (1.0, 0.65), 0: (0.8, 0.15), 1: (1.8, 0.06), 2: (3.8, 0.04), 3: (3.5, 0.02)}[min(quality, 3)]
        if answer is None and thread.kind == "question":
            mean, down = 2.2, 0.09
        wanted = min(25, int(rng.expovariate(1 / mean) + rng.random()))
        voted = {author}
        for _ in range(wanted):
            at = posted + _minutes(rng, 60 * 20, 1.5, low=3)
            voter = self.pick(at, exclude=voted, role="vote", language=thread.language)
            if voter is None or not self._ok(at):
                continue
            voted.add(voter)
            value = -1 if rng.random() < down else 1
            thread.ops.append(Op(at=at, kind="vote", actor=voter, answer=answer, value=value))


def build_plan(now: datetime, seed: int = content.SEED) -> Plan:
    """Everything the demo will contain, decided up front; the same for the same seed and ``now``."""
    planner = _Planner(now, seed)
    planner.plan_members()
    threads = [planner.plan_thread(*item) for item in planner.schedule()]
    for thread in threads:
        thread.ops.sort(key=lambda op: op.at)  # stable: an answer precedes what happens to it at the same second
    return Plan(members=planner.members, threads=threads)


# --- the command ---------------------------------------------------------------------


class Command(BaseCommand):
    help = "Fill the database with a demo community (members, questions, tips, answers, votes). Safe to rerun."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        demo_members = Member.objects.filter(email__iendswith="@" + content.DEMO_EMAIL_DOMAIN).exclude(
            username=content.ADMIN["username"]
        )
        if demo_members.exists():
            self.stdout.write("The demo content is already there; nothing to do.")
            if verbosity > 0:
                self._summary(demo_members)
                self._credentials(admin_created=None)
            return

        usernames = USERNAMES
        taken = list(Member.objects.filter(username__in=usernames).values_list("username", flat=True))
        if taken:
            raise CommandError(
                "These usernames already belong to accounts that are not demo members: "
                f"{', '.join(sorted(taken))}. Seed an empty database instead."
            )

        started = time.monotonic()
        now = timezone.now().replace(second=0, microsecond=0)
        plan = build_plan(now)
        with transaction.atomic():
            admin_created = self._create_admin(plan)
            self._create_members(plan)
        from search.api import deferred_indexing

        try:
            # The index is built, and the stored rankings recounted, once at the end rather than once per vote.
            with deferred_indexing(), gathered():
                self._play(plan, verbosity)
                from community.demo.care import seed_care

                seed_care(now)  # ideas, follows, two unhappy posts (community care)
                from community.demo.knowledge import seed_knowledge

                seed_knowledge()  # a knowledge article, in English and in its French translation
                from community.demo.brand import seed_brand

                seed_brand()  # the welcome page names Lumen (community.site's CommunityBrand)
                from community.demo.rewards import seed_programme

                seed_programme(now)  # perks, redemptions in every state, bounties, the member of the month
                from community.demo.synonyms import seed_synonyms

                seed_synonyms()  # tag synonyms (md → markdown) and search synonyms (shortcut, hotkey, …)
        except Exception as exc:
            raise CommandError(
                f"Seeding stopped part-way ({exc!r}); the weeks played so far are committed. "
                "Start again from an empty database."
            ) from exc
        # The weeks played before today are the community's history, not news: a demo member's header announces
        # the reputation changes of the last two days only.
        rewards_api.mark_history_seen(now - timedelta(days=2))
        with transaction.atomic():
            for name, description in content.TAGS.items():
                # Tags have no action of their own; only fill in descriptions nobody has written yet.
                Tag.objects.filter(name=name, description="").update(description=description)
        elapsed = time.monotonic() - started

        self.stdout.write(
            self.style.SUCCESS(f"Demo community for {content.PRODUCT['name']} created in {elapsed:.1f} s.")
        )
        if verbosity > 1:
            self.stdout.write(
                f"  {self.replaced} votes/comments went to a member who had the privilege; {self.dropped} found nobody yet."
            )
        if verbosity > 0:
            self._summary(Member.objects.filter(username__in=usernames))
            self._credentials(admin_created=admin_created)

    # -- writing

    def _create_admin(self, plan: Plan) -> bool:
        admin = content.ADMIN
        if Member.objects.filter(username=admin["username"]).exists():
            return False
        from allauth.account.models import EmailAddress

        member = Member.objects.create_superuser(
            username=admin["username"],
            email=admin["email"],
            password=admin["password"],
            display_name=admin["display_name"],
            date_joined=min(m.joined for m in plan.members) - timedelta(days=30),
        )
        EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
        actions.member_joined(member)
        return True

    def _create_members(self, plan: Plan) -> dict[str, Member]:
        from allauth.account.models import EmailAddress

        members: dict[str, Member] = {}
        for m in plan.members:
            # No password here: hashing 45 times would take most of the run. All demo
            # members get the same hash below (a demo, with a published password).
            members[m.username] = Member.objects.create_user(
                username=m.username,
                email=m.email,
                password=None,
                display_name=m.display_name,
                bio=m.bio,
                date_joined=m.joined,
                language=m.language,
                reads_languages=m.reads,
            )
        hashed = make_password(content.DEMO_PASSWORD)
        Member.objects.filter(pk__in=[m.pk for m in members.values()]).update(password=hashed)
        for member in members.values():
            member.password = hashed
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=member, email=member.email, verified=True, primary=True) for member in members.values()]
        )
        # Lumen's own staff moderate the brand's community.
        moderators = Group.objects.filter(name=MODERATORS_GROUP).first()
        if moderators is not None:
            moderators.user_set.add(*(members[u] for u in TEAM))
        Member.objects.filter(username__in=TEAM).update(is_staff=True)
        for member in members.values():
            actions.member_joined(member)
        return members

    def _play(self, plan: Plan, verbosity: int) -> None:
        """Play every step of the plan in time order, one transaction per week of history.

        Committing week by week lets the rewards app turn each week's events into
        reputation before the next week starts, so privileges (upvote, comment
        everywhere, downvote) are earned much the way members really earn them.
        """
        timeline: list[tuple[datetime, int, Op]] = []
        for index, tp in enumerate(plan.threads):
            timeline.append((tp.at, index, Op(at=tp.at, kind="thread", actor=tp.author)))
            timeline.extend((op.at, index, op) for op in tp.ops)
        timeline.sort(key=lambda step: step[0])  # stable: a thread's own steps keep their order

        self.joined = {m.username: m.joined for m in plan.members}
        # Who may stand in, per language: writers for a comment, readers for a vote.
        self.writers = {lang: {m.username for m in plan.members if lang in m.writes} for lang in VOICES}
        self.readers = {lang: {m.username for m in plan.members if m.reads_language(lang)} for lang in VOICES}
        self.stand_in_rng = random.Random(content.SEED + 1)
        self.threads: list[Thread | None] = [None] * len(plan.threads)
        self.answers: list[dict[int, Answer]] = [{} for _ in plan.threads]
        self.voted: dict[tuple[int, int | None], set[str]] = {}
        self.done: set[int] = set()
        self.replaced = self.dropped = 0
        usernames = [m.username for m in plan.members]
        out = getattr(self.stderr, "_out", sys.stderr)  # tqdm needs the raw stream for its \r updates
        with tqdm(total=len(plan.threads), desc="Threads", unit="thread", file=out, disable=verbosity == 0) as bar:
            for _week, steps in groupby(timeline, key=lambda step: step[0].isocalendar()[:2]):
                # Fresh instances each week: reputation and permissions are cached on them.
                members = Member.objects.in_bulk(usernames, field_name="username")
                with transaction.atomic():
                    for _at, index, op in steps:
                        self._step(plan.threads[index], index, op, members)
                        if op.kind == "thread":
                            bar.update(1)

    def _step(self, tp: ThreadPlan, index: int, op: Op, members: dict[str, Member]) -> None:
        if op.needs is not None and id(op.needs) not in self.done:
            return
        thread = self.threads[index]
        actor = members[op.actor]
        if op.kind == "thread":
            self.threads[index] = actions.create_thread(
                actor, kind=tp.kind, title=tp.title, body=tp.body, tags=tp.tags, at=tp.at
            )
            self.voted[(index, None)] = {tp.author}
        elif op.kind == "answer":
            answer = actions.post_answer(actor, thread, body=op.body, at=op.at)
            self.answers[index][op.answer] = answer
            self.voted[(index, op.answer)] = {op.actor}
        else:
            target = self.answers[index].get(op.answer) if op.answer is not None else thread
            if target is None:
                return
            if op.kind == "accept":
                actions.accept_answer(actor, target, at=op.at)
            elif op.kind == "comment":
                answer = target if op.answer is not None else None

                def comment(member):
                    actions.post_comment(member, thread=thread, answer=answer, body=op.body, at=op.at)

                authors = {u for u, m in members.items() if m.pk in (target.author_id, thread.author_id)}
                if not self._by(actor, comment, members, op.at, exclude=authors, among=self.writers[tp.language]):
                    return
            elif op.kind == "vote":
                voted = self.voted[(index, op.answer)]

                def cast(member):
                    actions.vote(member, target, op.value, at=op.at)
                    voted.add(member.username)

                stand_ins = self.readers[tp.language]
                if not self._by(
                    None if op.actor in voted else actor, cast, members, op.at, exclude=voted, among=stand_ins
                ):
                    return
            else:  # pragma: no cover - a planner bug
                raise CommandError(f"Unknown step {op.kind!r}")
        self.done.add(id(op))

    def _by(
        self, actor: Member | None, act, members: dict[str, Member], at: datetime, *, exclude: set[str], among: set[str]
    ) -> bool:
        """Let ``actor`` do ``act``; if they lack the privilege (or there is no actor), let someone who has it.

        Privileges are checked by the actions themselves, so the first try is the
        real thing; stand-ins (``among``: who speaks the thread's language) are tried
        in a seeded order. False if nobody may yet.
        """
        if actor is not None:
            try:
                act(actor)
                return True
            except PermissionDenied:
                pass
        candidates = [
            u
            for u, joined in self.joined.items()
            if joined < at - timedelta(hours=6) and u not in exclude and u in among
        ]
        self.stand_in_rng.shuffle(candidates)
        for username in candidates:
            if actor is not None and username == actor.username:
                continue
            try:
                act(members[username])
            except PermissionDenied:
                continue
            self.replaced += 1
            return True
        self.dropped += 1
        return False

    # -- reporting

    def _summary(self, demo_members) -> None:
        threads = Thread.objects.filter(author__in=demo_members)
        kinds = dict(threads.values_list("kind").annotate(n=Count("pk")).order_by())
        answers = Answer.objects.filter(thread__in=threads)
        votes = Vote.objects.filter(Q(thread__in=threads) | Q(answer__in=answers))
        rows = [
            ("members", demo_members.count()),
            ("threads", threads.count()),
            ("  questions", kinds.get(Thread.Kind.QUESTION, 0)),
            ("  tips", kinds.get(Thread.Kind.TIP, 0)),
            ("  in French", threads.filter(language="fr").count()),
            ("answers and replies", answers.count()),
            ("accepted answers", threads.filter(accepted_answer__isnull=False).count()),
            ("unanswered questions", threads.filter(kind=Thread.Kind.QUESTION, answer_count=0).count()),
            ("comments", Comment.objects.filter(thread__in=threads).count()),
            ("votes", votes.count()),
            ("  up", votes.filter(value=Vote.UP).count()),
            ("  down", votes.filter(value=Vote.DOWN).count()),
            ("tags", Tag.objects.filter(tagged_threads__content_object__in=threads).distinct().count()),
        ]
        width = max(len(label) for label, _ in rows)
        for label, value in rows:
            self.stdout.write(f"  {label:<{width}}  {value:>6}")

    def _credentials(self, admin_created: bool | None) -> None:
        admin = content.ADMIN
        example = content.MEMBERS[0][0]
        self.stdout.write("")
        self.stdout.write("Log in (e-mail and password):")
        self.stdout.write(
            f"  any demo member  <username>@{content.DEMO_EMAIL_DOMAIN} / {content.DEMO_PASSWORD}"
            f"   e.g. {example}@{content.DEMO_EMAIL_DOMAIN}"
        )
        team = ", ".join(f"{u}@{content.DEMO_EMAIL_DOMAIN}" for u in sorted(TEAM))
        self.stdout.write(f"  moderators       {team} (same password)")
        self.stdout.write(
            f"  in French        {content_fr.MEMBERS[0][0]}@{content.DEMO_EMAIL_DOMAIN} and the other French-speaking"
            " members (same password)"
        )
        if admin_created is False:
            self.stdout.write(
                f"  CMS (/cms/)      an '{admin['username']}' account already existed; it was left unchanged"
            )
        else:
            self.stdout.write(
                f"  CMS (/cms/)      {admin['email']} / {admin['password']}  (username {admin['username']})"
            )
