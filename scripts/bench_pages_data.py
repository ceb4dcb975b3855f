"""The page benchmark's community, made through the project's own actions (`make bench`, issue "Page speed").

200 members, 2,000 questions, 10,000 answers, 102 tags and about 14,500 votes, deterministic (one seed, fixed
dates) and idempotent: a database that already holds it is left as it is. One question carries 30 answers (the
thread page measured). Members get reputation enough for every privilege but editing others' posts, so the
actions take the path members take, rate limits included.

    DJANGO_SETTINGS_MODULE=config.settings python scripts/bench_pages_data.py   # prints JSON facts
"""

from __future__ import annotations

import json
import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib import auth  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from tqdm import tqdm  # noqa: E402

from community.forum import actions  # noqa: E402
from community.models import Thread, Vote  # noqa: E402
from config.tasks import gathered  # noqa: E402
from rewards import api as rewards_api  # noqa: E402
from search import api as search_api  # noqa: E402

MEMBERS, QUESTIONS, ANSWERS, TAGS, VOTES = 200, 2_000, 10_000, 102, 14_453
BIG_THREAD_ANSWERS = 30
PREFIX = "pb"  # page-bench usernames: pb000 … pb199
START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
WORDS = (
    "yeast hops malt lager ale stout porter wheat barley kettle mash boil ferment bottle keg carbonation "
    "gravity hydrometer sanitiser airlock temperature cellar dry-hop bitterness aroma clarity haze water "
    "chloride sulphate crystal roast pilsner saison brett sour lactose oats rye harvest cask conditioning"
).split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def _body(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(f"{_sentence(rng, 14)}. {_sentence(rng, 10)}, {_sentence(rng, 8).lower()}." for _ in range(paragraphs))


def members() -> list:
    Member = get_user_model()
    made = []
    for i in range(MEMBERS):
        username = f"{PREFIX}{i:03d}"
        # No password (the benchmark logs in with a session it makes): hashing 200 passwords would take a minute.
        member = Member.objects.create_user(username=username, email=f"{username}@bench.invalid",
                                            password=None, display_name=f"Bench Member {i}")
        EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
        actions.member_joined(member)
        rewards_api.adjust(member, 499, note="page benchmark starting reputation")
        made.append(member)
    return made


def build() -> None:
    rng = random.Random(20261130)
    tags = [f"topic-{i:03d}" for i in range(TAGS)]
    weights = [1 / (rank + 1) for rank in range(TAGS)]  # Zipf: a few tags carry most threads
    with search_api.deferred_indexing(), gathered():  # indexed and ranked once, at the end
        people = members()
        questions, answers = [], []
        per_question = [ANSWERS // QUESTIONS] * QUESTIONS
        per_question[0] = BIG_THREAD_ANSWERS
        spare = sum(per_question) - ANSWERS
        for i in range(1, QUESTIONS):
            if spare <= 0:
                break
            take = min(spare, per_question[i])
            per_question[i] -= take
            spare -= take
        at = START
        for q in tqdm(range(QUESTIONS), desc="questions and answers", unit="q"):
            at += timedelta(minutes=7)
            author_index = rng.randrange(MEMBERS)
            author = people[author_index]
            chosen = sorted(set(rng.choices(tags, weights, k=rng.randint(1, 3))))
            with transaction.atomic():
                thread = actions.create_thread(
                    author, kind="question", title=f"{_sentence(rng, 6)} question {q}?", body=_body(rng, 2),
                    tags=chosen, at=at,
                )
                questions.append(thread)
                for a in range(per_question[q]):
                    replier = people[(author_index + 1 + rng.randrange(MEMBERS - 1)) % MEMBERS]  # never the asker
                    answers.append(actions.post_answer(replier, thread, body=_body(rng, 2),
                                                       at=at + timedelta(minutes=10 + a)))
        posts = questions + answers
        cast = set()
        with tqdm(total=VOTES, desc="votes", unit="vote") as bar:
            while len(cast) < VOTES:
                post = posts[rng.randrange(len(posts))]
                voter = people[rng.randrange(MEMBERS)]
                if voter.pk == post.author_id or (voter.pk, post.pk, type(post).__name__) in cast:
                    continue
                cast.add((voter.pk, post.pk, type(post).__name__))
                actions.vote(voter, post, 1 if rng.random() < 0.9 else -1,
                             at=START + timedelta(days=rng.randrange(1, 300)))
                bar.update()


def facts() -> dict:
    Member = get_user_model()
    big = Thread.objects.filter(title__endswith="question 0?").get()
    member = Member.objects.get(username=f"{PREFIX}000")
    session = SessionStore()
    session[auth.SESSION_KEY] = str(member.pk)
    session[auth.BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[auth.HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    return {
        "thread": big.get_absolute_url(),
        "tag": "/tags/topic-000/",  # the most used tag (Zipf rank 1)
        "profile": f"/members/{member.username}/reputation/",
        "member_session": session.session_key,
    }


if __name__ == "__main__":
    if not Thread.objects.filter(author__username__startswith=PREFIX).exists():
        build()
    elif Vote.objects.filter(voter__username__startswith=PREFIX).count() < VOTES:  # the build's last step
        sys.exit("This database holds a page-benchmark community that an interrupted build left incomplete: "
                 "drop the database (or var/bench-pages/bench.sqlite3) and run the benchmark again.")
    print(json.dumps(facts()))
