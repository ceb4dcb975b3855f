"""Search benchmark: index N generated threads into Elasticsearch, then time typical searches.

    python scripts/bench_search.py [--docs 100000] [--queries 600]   (needs ELASTICSEARCH_URL)

The corpus: titles from templates over 30 topics, bodies and answers drawn Zipf-like from a 6,000-word
vocabulary plus the thread's own topic words (so a two-topic query matches a few percent of threads, as on
a real forum), 200 tags, skewed votes, 45% accepted, log-normal reputations, three years of dates.

Indexing goes through ``ElasticBackend.reindex`` — the bulk path of ``manage.py search_reindex`` (versioned
index, create operations, alias swap) — fed with generated documents instead of database rows, so the
figure is Elasticsearch's indexing throughput plus our client code, not the database's. Latency is measured
around ``search.api.search`` / ``search.api.similar`` (query building, function_score ranking, highlights,
facets, suggestions, JSON parsing), i.e. what the search page pays, and around the thread titles of search as
you type (``search.suggest``: the part that grows with the threads; its tags and members are database reads,
and this script has no community database). The bench index is deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from search import api  # noqa: E402
from search import suggest as suggestions  # noqa: E402
from search.backends import get_backend  # noqa: E402
from search.query import normalise_title  # noqa: E402

TOPICS = ["sync", "offline", "export", "pdf", "calendar", "android", "ios", "windows", "linux", "backup", "share",
          "notebook", "attachment", "theme", "editor", "search", "tags", "plugin", "markdown", "login", "password",
          "widget", "reminder", "template", "import", "print", "table", "image", "audio", "web clipper"]
VERBS = ["fails", "stops", "is slow", "crashes", "does not work", "keeps spinning", "duplicates notes", "loses data"]
ASKS = ["How do I", "Can I", "Why does", "Is there a way to", "What is the best way to"]
ACTIONS = ["sync", "export", "share", "back up", "print", "import", "encrypt", "restore", "move", "tag"]
FILLER = ("the a my when after before with without on in for about every since again still only also because "
          "device phone laptop tablet account settings folder version update button menu screen file files note "
          "notes page pages list lists team work home travel morning night week month year quick small large "
          "first second last new old fast slow easy hard simple clean manual automatic default custom").split()
FRENCH = ["vélo", "vélos", "été", "hiver", "carnet", "synchronisation", "réglages", "téléphone", "fichier"]
TAGS = TOPICS[:20] + [f"topic-{i}" for i in range(180)]

QUERIES = ["sync offline", "export pdf", "calendar android", '"web clipper"', "tag:sync crashes", "backup is:question",
           "share notebook team", "vélos", "attachment fails", "theme editor settings", "is:unanswered login",
           "how do I print a table", "markdown tables", "plugin reminder", "synk ofline"]
SIMILAR = [("Sync stops on my Android phone", ""), ("How do I export a notebook as PDF?", "It fails with an error"),
           ("Calendar reminders are late", "")]
# Search as you type: what the header box sends while these are typed, a request per character from the second on.
TYPED = ["sync stops", "export pdf", "calendar reminders", "how do i print", "android crashes", "web clipper",
         "markdown table", "offline", "backup fails after the update", "password", "can i share notebook", "theme",
         "why does import", "plugin", "widget keeps spinning", "attachment", "is there a way to restore", "linux",
         "template", "audio"]
PREFIXES = [text[:n] for text in TYPED for n in range(2, len(text) + 1) if not text[:n].endswith(" ")]


def vocabulary(rng, size=6000):
    """Common words first, then invented rarer ones; drawn with Zipf-like weights (rank^-1.1), like real text."""
    words = FILLER + [f"{rng.choice('bcdfgklmnprstvz')}{rng.choice('aeiou')}{rng.choice('bcdfgklmnprstvz')}"
                      f"{rng.choice('aeiou')}{rng.choice(['', 'n', 'r', 's', 'tion', 'ing', 'er'])}{i}"
                      for i in range(size)]
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(words))]
    return words, weights


def generate(n: int, seed: int = 42):
    rng = random.Random(seed)
    now = timezone.now()
    words_pool, weights = vocabulary(rng)
    for i in range(1, n + 1):
        topic, other = rng.choice(TOPICS), rng.choice(TOPICS)
        if rng.random() < 0.5:
            title = f"{rng.choice(ASKS)} {rng.choice(ACTIONS)} {topic} {rng.choice(['notes', 'files', 'pages'])} on {other}?"
        else:
            title = f"{topic.capitalize()} {rng.choice(VERBS)} {rng.choice(['after the update', 'on ' + other, 'every morning', 'with large files'])}"
        words = rng.choices(words_pool, weights, k=rng.randint(40, 120)) + [topic, other] * rng.randint(1, 3)
        if rng.random() < 0.05:
            words += rng.sample(FRENCH, 3)
        rng.shuffle(words)
        answer_words = rng.choices(words_pool, weights, k=rng.randint(0, 200))
        if answer_words:
            answer_words += [topic] * rng.randint(0, 2) + ([rng.choice(TOPICS)] if rng.random() < 0.3 else [])
        answers = " ".join(answer_words)
        score = int(rng.paretovariate(1.5)) - 1 - (rng.random() < 0.08) * rng.randint(1, 5)
        accepted = rng.random() < 0.45
        created = now - timedelta(days=rng.random() * 1100)
        activity = created + timedelta(days=rng.random() * 60)
        yield {
            "doc_type": "thread", "object_id": i, "kind": "tip" if rng.random() < 0.15 else "question",
            "title": title, "title_key": normalise_title(title), "body": " ".join(words), "answers": answers,
            "tags": sorted({topic if topic in TAGS else "sync", rng.choice(TAGS), rng.choice(TAGS)}),
            "author": f"member{rng.randint(1, 5000)}", "author_name": f"Member {rng.randint(1, 5000)}",
            "author_id": rng.randint(1, 5000), "score": score, "votes_up": max(score, 0),
            "answer_count": rng.randint(0, 6) if answers else 0, "accepted": accepted,
            "author_reputation": int(rng.lognormvariate(4, 1.5)) + 1, "created": created,
            "last_activity": min(activity, now), "url": f"/t/{i}/bench/",
        }


def batches(it, size):
    batch = []
    for doc in it:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    if not settings.ELASTICSEARCH_URL:
        sys.exit("ELASTICSEARCH_URL is not set (run `make bench`, which starts Elasticsearch)")
    settings.SEARCH = {**settings.SEARCH, "INDEX_PREFIX": f"bench-{uuid.uuid4().hex[:6]}-", "TIMEOUT": 60}
    # The index settings read the moderators' search synonyms (search.documents.index_body) and "tag:" filters read
    # the tag synonyms (community.forum.synonyms): the database needs its tables, though the documents are generated.
    call_command("migrate", verbosity=0)
    backend = get_backend()
    print(f"Elasticsearch at {settings.ELASTICSEARCH_URL}; generating {args.docs:,} threads", flush=True)

    done = [0]

    def progress(n):
        done[0] += n
        if done[0] % 20_000 < n:
            print(f"  indexed {done[0]:,}", flush=True)

    try:
        started = time.perf_counter()
        backend.reindex("threads", batches(generate(args.docs), args.batch), progress=progress, chunk_size=args.batch)
        index_seconds = time.perf_counter() - started
        backend.client.indices.forcemerge(index=backend.alias("threads"), max_num_segments=5)
        backend.refresh()
        count = backend.client.count(index=backend.alias("threads"))["count"]
        assert count == args.docs, count

        for q in QUERIES * 3:  # warm-up: JIT, caches
            api.search(q)
        timings: dict[str, list[float]] = {}
        all_search = []
        for i in range(args.queries):
            q = QUERIES[i % len(QUERIES)]
            t = time.perf_counter()
            results = api.search(q, page=1 + (i % 3 == 2))
            elapsed = (time.perf_counter() - t) * 1000
            timings.setdefault(q, []).append(elapsed)
            all_search.append(elapsed)
            if not results.total and q != "synk ofline":
                print(f"  note: no hit for {q!r}", flush=True)
        similar = []
        for i in range(max(60, args.queries // 5)):
            title, body = SIMILAR[i % len(SIMILAR)]
            t = time.perf_counter()
            api.similar(title, body)
            similar.append((time.perf_counter() - t) * 1000)

        for prefix in PREFIXES[:40]:  # warm-up
            suggestions.suggest(prefix, tags=0, members=0)
        typed = []
        for i in range(max(300, len(PREFIXES))):
            prefix = PREFIXES[i % len(PREFIXES)]
            t = time.perf_counter()
            # The titles part of api.suggest (Elasticsearch); tags and members are two LIMITed database reads.
            suggestions.suggest(prefix, tags=0, members=0)
            typed.append((time.perf_counter() - t) * 1000)

        print()
        print(f"Indexing: {args.docs:,} threads in {index_seconds:.1f} s = {args.docs / index_seconds:,.0f} docs/s "
              f"(bulk batches of {args.batch}, through the search_reindex path)")
        print(f"Search (api.search: ranking + highlights + facets + suggestions), {len(all_search)} queries: "
              f"p50 {statistics.median(all_search):.1f} ms, p95 {percentile(all_search, 95):.1f} ms, "
              f"max {max(all_search):.1f} ms")
        print(f"Similar (api.similar), {len(similar)} calls: p50 {statistics.median(similar):.1f} ms, "
              f"p95 {percentile(similar, 95):.1f} ms")
        print(f"Suggest as you type (titles, bool_prefix), {len(typed)} prefixes: p50 {statistics.median(typed):.1f} ms, "
              f"p95 {percentile(typed, 95):.1f} ms, max {max(typed):.1f} ms")
        print("Per query (p50 / p95 ms, hits):")
        for q, values in timings.items():
            total = api.search(q).total
            print(f"  {q:28} {statistics.median(values):6.1f} / {percentile(values, 95):6.1f}   {total:>7,}")
    finally:
        backend.drop_all()


if __name__ == "__main__":
    main()
