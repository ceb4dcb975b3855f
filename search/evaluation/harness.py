"""The evaluation: a Stack Exchange dump's duplicate links and judged queries, put to this site's search.

Duplicates: for every thread that moderators closed as a duplicate of another (``ThreadLink.Kind.DUPLICATE``),
``similar()`` is asked what its asker typed (title, body, tags, language), and the rank of the original among the
suggestions is recorded. Each pair is evaluated leave-one-out: the query thread's own duplicate links, the links
its accepted answer makes (``ThreadLink.Kind.ANSWERED``) and its ``duplicate_of`` are removed and the threads they
pointed at re-indexed before the query, and the query thread is never a candidate, so no figure comes from the
answer already being in the index. Everything else the site recorded (other threads closed as duplicates of the
same original, other accepted answers linking to it) stays: that is what the site would know.

Judged queries: ``search()`` of each query of ``tests/data/search_judgements.json``; nDCG@10 of the threads it
returns against the graded relevant questions (Stack Exchange post ids, grades 1-3).

The dump is imported once (``manage.py import_stackexchange``) and the index rebuilt from the database first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation

from search import api, breaker, conf, pipeline
from search.backends import get_backend
from search.evaluation import metrics

SUGGESTIONS = 10  # similar() is scored on its first 10 suggestions (the page shows 5: recall@5)
RESULTS = 10  # search() is scored on its first page's first 10 results (nDCG@10)
REPLAY_RULES = "Stack Exchange 2016"  # the reputation rules of dumps from before 2019 (the ranking reads it)


@dataclass
class PairResult:
    """One duplicate pair: the thread closed as a duplicate (its Stack Exchange post id and title), the original,
    and where ``similar()`` ranked the original (None: not in the first ``SUGGESTIONS``)."""

    duplicate: int
    original: int
    title: str
    rank: int | None


@dataclass
class QueryResult:
    query: str
    ndcg: float
    found: list[int] = field(default_factory=list)  # Stack Exchange post ids of the threads returned, in order


@dataclass
class Report:
    backend: str  # "SQLite FTS5", "PostgreSQL full-text", "Elasticsearch"
    pairs: list[PairResult] = field(default_factory=list)
    queries: list[QueryResult] = field(default_factory=list)

    def recall_at(self, k: int) -> int:
        return metrics.recall_at([p.rank for p in self.pairs], k)

    @property
    def mrr(self) -> float:
        return metrics.mean_reciprocal_rank([p.rank for p in self.pairs])

    @property
    def ndcg(self) -> float:
        return sum(q.ndcg for q in self.queries) / len(self.queries) if self.queries else 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Report:
        data = json.loads(text)
        return cls(
            backend=data["backend"],
            pairs=[PairResult(**p) for p in data["pairs"]],
            queries=[QueryResult(**q) for q in data["queries"]],
        )


@dataclass(frozen=True)
class Judgement:
    query: str
    grades: dict[int, int]  # Stack Exchange post id -> grade (3: what was asked, 2: answers it, 1: helps)
    language: str = "en"


def backend_label() -> str:
    if conf.uses_elasticsearch():
        return "Elasticsearch"
    return {"sqlite": "SQLite FTS5", "postgresql": "PostgreSQL full-text"}.get(connection.vendor, connection.vendor)


def load_judgements(path: Path) -> tuple[str, list[Judgement]]:
    """The judged queries file: ``{"source": ..., "queries": [{"query", "language", "relevant": {id: grade}}]}``."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    judgements = [
        Judgement(
            query=q["query"],
            grades={int(post): int(grade) for post, grade in q["relevant"].items()},
            language=q.get("language", "en"),
        )
        for q in data["queries"]
    ]
    return data["source"], judgements


def ensure_imported(folder: Path) -> str:
    """Import the dump at ``folder`` unless it was imported already; return its source name."""
    from community.models import ImportRecord

    source = Path(folder).name
    if not ImportRecord.objects.filter(source=source, kind="question").exists():
        call_command("import_stackexchange", str(folder), rules=REPLAY_RULES, verbosity=0)
    return source


def evaluate(
    source: str,
    judgements: list[Judgement],
    *,
    reindex: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Evaluate the configured backend on the imported ``source``; ``progress(label)`` after each query."""
    tick = progress or (lambda label: None)
    with conf.background_work(), breaker.bypassed():  # an evaluation waits for slow answers rather than skip them
        if reindex:
            api.reindex()
            api.refresh()
        ids = _thread_ids(source)
        report = Report(backend=backend_label())
        for duplicate, original in duplicate_pairs(source):
            report.pairs.append(_leave_one_out(duplicate, original, ids))
            tick("duplicates")
        source_ids = {thread: post for post, thread in ids.items()}
        for judgement in judgements:
            report.queries.append(_judged(judgement, source_ids))
            tick("queries")
    return report


def _thread_ids(source: str) -> dict[int, int]:
    """Stack Exchange question id -> thread id, for the imported ``source``."""
    from community.models import ImportRecord

    return dict(ImportRecord.objects.filter(source=source, kind="question").values_list("source_id", "object_id"))


def duplicate_pairs(source: str) -> list[tuple[int, int]]:
    """(duplicate, original) thread ids of the imported ``source``'s duplicate links."""
    from community.models import ThreadLink

    threads = set(_thread_ids(source).values())
    links = ThreadLink.objects.filter(kind=ThreadLink.Kind.DUPLICATE, from_thread_id__in=threads).order_by(
        "from_thread_id", "to_thread_id"
    )
    return [(f, t) for f, t in links.values_list("from_thread_id", "to_thread_id") if t in threads]


def _leave_one_out(duplicate: int, original: int, ids: dict[int, int]) -> PairResult:
    """Ask ``similar()`` what the duplicate's asker typed, with every record of its closing taken out first."""
    from community.models import Thread, ThreadLink

    thread = Thread.objects.get(pk=duplicate)
    tags = sorted(thread.tags.values_list("name", flat=True))
    # Its closing, and the links its accepted answer makes ("see this thread"): neither exists while it is asked.
    records = ThreadLink.objects.filter(from_thread_id=duplicate, kind__in=pipeline.PHRASING_LINKS)
    touched = sorted({original, *records.values_list("to_thread_id", flat=True)} | _or_empty(thread.duplicate_of_id))
    with transaction.atomic():
        savepoint = transaction.savepoint()
        records.delete()
        Thread.objects.filter(pk=duplicate).update(duplicate_of=None)
        _reindex(touched)
        # Not yet posted, as when its asker typed it: out of the index, so not a candidate (nor the yardstick).
        get_backend().delete("threads", [duplicate], refresh=True)
        hits = api.similar(thread.title, thread.body_md, limit=SUGGESTIONS, language=thread.language, tags=tags)
        transaction.savepoint_rollback(savepoint)
    _reindex([*touched, duplicate])  # the database backend's rows came back with the rollback; Elasticsearch's not
    ranked = [h.id for h in hits if h.doc_type == "thread"]
    source_of = {thread_id: post for post, thread_id in ids.items()}
    return PairResult(
        duplicate=source_of[duplicate],
        original=source_of[original],
        title=thread.title,
        rank=metrics.rank_of(original, ranked),
    )


def _or_empty(value) -> set:
    return {value} if value else set()


def _reindex(thread_ids: list[int]) -> None:
    payloads = pipeline.thread_payloads(thread_ids)
    backend = get_backend()
    backend.upsert("threads", list(payloads.values()), refresh=True)
    backend.delete("threads", [i for i in thread_ids if i not in payloads], refresh=True)


def _judged(judgement: Judgement, source_ids: dict[int, int]) -> QueryResult:
    with translation.override(judgement.language):
        results = api.search(judgement.query, per_page=RESULTS)
    found = [source_ids.get(h.id, 0) for h in results.hits if h.doc_type == "thread"][:RESULTS]
    return QueryResult(query=judgement.query, ndcg=metrics.ndcg_at(found, judgement.grades, RESULTS), found=found)
