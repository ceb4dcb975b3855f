"""Elasticsearch backend: elasticsearch-dsl documents in versioned indices behind aliases.

- Writes go through the alias (``<prefix>threads``); while ``search_reindex`` builds a new index it is also
  reachable as ``<prefix>threads-next``, and live writes go to both, so nothing written during a rebuild is
  missing after the swap. The rebuild itself uses ``create`` operations: a document a live write already
  put into the new index (necessarily newer) is never overwritten by the older snapshot.
- Reads use match / multi_match / phrase / term / more_like_this queries built from ``ParsedQuery``: what
  members type never reaches Lucene's query parser.
- Every transport failure or 5xx becomes ``SearchUnavailable``, so callers can queue and degrade.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from elasticsearch import ApiError, ConnectionTimeout, Elasticsearch, TransportError, helpers
from elasticsearch_dsl import Search

from search import breaker, conf, connection, ranking, similarity, synonyms
from search.documents import index_body, new_index_name
from search.query import FALLBACK_LANGUAGE, STOP_WORDS, ParsedQuery, parsed_to_query
from search.types import (
    KIND_LABELS,
    STATUS_LABELS,
    Facet,
    Hit,
    SearchMisconfigured,
    SearchResults,
    SearchUnavailable,
    language_facets,
)
from search.vocabulary import fold

logger = logging.getLogger(__name__)

KINDS = ("threads", "pages")
SOURCE_FIELDS = [
    "doc_type",
    "object_id",
    "kind",
    "language",
    "title",
    "url",
    "tags",
    "author",
    "author_name",
    "author_id",
    "score",
    "answer_count",
    "accepted",
    "created",
    "last_activity",
]
HIGHLIGHT = {
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fields": {
        "title": {"number_of_fragments": 0},
        "title.fr": {"number_of_fragments": 0},
        "body": {"fragment_size": 220, "number_of_fragments": 1, "no_match_size": 220},
        "body.fr": {"fragment_size": 220, "number_of_fragments": 1},
        "answers": {"fragment_size": 220, "number_of_fragments": 1},
        "answers.fr": {"fragment_size": 220, "number_of_fragments": 1},
    },
}

STOP_LIST = sorted(STOP_WORDS)
FUZZY_PREFIX = 1  # a typo-forgiving search keeps each word's first letter: most typos are later, and it is faster
TOTAL_HITS_EXACT_UP_TO = 10_000  # beyond, the page says "10,000+ results" (exact counting costs time)

_clients: dict[connection.Connection, Elasticsearch] = {}
_clients_lock = threading.Lock()
_mappings_checked: set[tuple[int, str]] = set()  # (client, alias) whose mapping this process brought up to date


@contextmanager
def unavailable_on_failure():
    """Connection errors, timeouts, 5xx and 429 mean "try later"; other API errors are bugs and propagate.

    Every request goes through the circuit breaker (``search.breaker``): while it is open this raises
    ``SearchUnavailable`` before sending anything, and each outcome tells it whether the cluster is healthy.
    """
    breaker.check()
    try:
        yield
    except ApiError as exc:
        if exc.meta.status >= 500 or exc.meta.status == 429:
            breaker.record_failure(timed_out=False)
            raise SearchUnavailable(f"Elasticsearch answered {exc.meta.status}: {exc.message}") from exc
        breaker.record_success()  # it answered: a refused request says nothing against the cluster
        raise
    except ConnectionTimeout as exc:
        breaker.record_failure(timed_out=True)
        raise SearchUnavailable(f"Elasticsearch did not answer in time: {exc}") from exc
    except TransportError as exc:
        breaker.record_failure(timed_out=False)
        raise SearchUnavailable(f"Elasticsearch is unreachable: {exc.__class__.__name__}: {exc}") from exc
    except helpers.BulkIndexError as exc:
        raise SearchUnavailable(f"Elasticsearch refused {len(exc.errors)} document(s): {exc.errors[:1]}") from exc
    else:
        breaker.record_success()


# How Elasticsearch words "this cluster has no such analysis component": an unknown type in a component's
# definition, or a name an analyzer lists that nothing defines or registers.
MISSING_COMPONENT = [
    re.compile(r"Unknown (?P<kind>filter|char_filter|tokenizer|analyzer) type \[(?P<name>[^\]]+)\]"),
    re.compile(r"failed to find (?P<kind>filter|char_filter|tokenizer) under name \[(?P<name>[^\]]+)\]"),
    re.compile(
        r"failed to find global (?P<kind>token filter|char_filter|tokenizer|analyzer) under \[(?P<name>[^\]]+)\]"
    ),
]
COMPONENT_KINDS = {
    "filter": "token filter",
    "token filter": "token filter",
    "char_filter": "character filter",
    "tokenizer": "tokenizer",
    "analyzer": "analyzer",
}


def create_index(client: Elasticsearch, name: str, body: dict) -> None:
    """Create index ``name`` from ``body``; settings the cluster cannot take become one clear error.

    A cluster without a stock analysis component (e.g. a distribution lacking the analysis-common module)
    refuses our settings with a 400 deep inside the response: ``SearchMisconfigured`` says which component
    and what to do, so commands print it and the sync path logs it and keeps the updates queued.
    """
    try:
        client.indices.create(index=name, **body)
    except ApiError as exc:
        if "resource_already_exists" in str(exc):
            raise
        reasons = _error_reasons(exc.body)
        where = ", ".join(node.base_url for node in client.transport.node_pool.all())
        for missing in (pattern.search(reason) for reason in reasons for pattern in MISSING_COMPONENT):
            if missing:
                raise SearchMisconfigured(
                    f"Elasticsearch at {where} has no `{missing['name']}` {COMPONENT_KINDS[missing['kind']]} "
                    f"(the analysis-common module), which Guildhall's index settings use. Use a standard "
                    f"Elasticsearch 8 distribution or Elastic Cloud; see docs/search.md."
                ) from exc
        if exc.meta.status == 400 or "illegal_argument_exception" in str(exc.body):
            raise SearchMisconfigured(
                f"Elasticsearch at {where} refused Guildhall's index settings: {reasons[-1] if reasons else exc}. "
                f"See docs/search.md."
            ) from exc
        raise


def _error_reasons(body) -> list[str]:
    """Every ``reason`` of an Elasticsearch error body, outermost first (the cause chain and root causes)."""
    reasons: list[str] = []
    error = body.get("error") if isinstance(body, dict) else None
    while isinstance(error, dict):
        reasons.extend(str(cause.get("reason") or "") for cause in error.get("root_cause", []) or [])
        reasons.append(str(error.get("reason") or ""))
        error = error.get("caused_by")
    return [r for r in reasons if r and r != "None"]


SWAP_GRACE_SECONDS = 1.0  # how long an old index outlives the alias swap


class ElasticBackend:
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch):
        # Per use, not per cached client: a member's search gets the short TIMEOUT, the worker and operators'
        # commands (conf.background_work) the longer BULK_TIMEOUT. options() shares the connection pool.
        self.client = client.options(request_timeout=conf.request_timeout())

    @classmethod
    def for_url(cls, url: str) -> ElasticBackend:
        target = connection.from_settings(url)  # URL list or cloud id, API key, CA certs
        with _clients_lock:
            client = _clients.get(target)
            if client is None:
                client = connection.make_client(
                    target, request_timeout=float(conf.option("TIMEOUT")), max_retries=0, retry_on_timeout=False
                )
                _clients[target] = client
        return cls(client)

    # --- health -------------------------------------------------------------

    def health(self) -> str:
        """The cluster's status for ``/readyz``; red, unreachable or a tripped breaker is unavailable."""
        with unavailable_on_failure():
            status = self.client.cluster.health().body.get("status", "unknown")
        if status == "red":
            raise SearchUnavailable("the Elasticsearch cluster is red: some indices have no active primary")
        return f"Elasticsearch cluster {status}"

    # --- indices ------------------------------------------------------------

    def alias(self, kind: str) -> str:
        return conf.alias(kind)

    def indices_behind(self, alias: str) -> list[str]:
        with unavailable_on_failure():
            if not self.client.indices.exists_alias(name=alias):
                return []
            return sorted(self.client.indices.get_alias(name=alias).body)

    def ensure_index(self, kind: str) -> None:
        """Create the first index of ``kind`` and its alias if there is none (idempotent, race-safe)."""
        alias = self.alias(kind)
        with unavailable_on_failure():
            if self.client.indices.exists_alias(name=alias):
                self._add_new_fields(kind, alias)
                return
            first = f"{alias}-v0"
            try:
                create_index(self.client, first, index_body(kind))
            except ApiError as exc:
                if exc.meta.status != 400 or "resource_already_exists" not in str(exc):
                    raise
            self.client.indices.put_alias(index=first, name=alias)

    def _add_new_fields(self, kind: str, alias: str) -> None:
        """Give an index made by an older release the fields added since (once per process and alias).

        New fields (such as ``language``) can join a live mapping: without them, the first document carrying one
        would map it dynamically, as text, and the facets aggregating it would fail until ``search_reindex``.
        Documents indexed before keep lacking the field until they are indexed again (``search_reindex``); a
        change the live mapping cannot take (another analyzer) is logged, and needs ``search_reindex``.
        """
        key = (id(self.client.transport), alias)
        if key in _mappings_checked:
            return
        properties = index_body(kind)["mappings"]["properties"]
        try:
            self.client.indices.put_mapping(index=alias, properties=properties)
        except ApiError as exc:
            if exc.meta.status >= 500 or exc.meta.status == 429:
                raise  # unavailable_on_failure (the caller's) makes it SearchUnavailable: tried again next time
            logger.warning("The %s index needs `manage.py search_reindex` for its new mapping: %s", alias, exc)
        _mappings_checked.add(key)

    def live_synonym_rules(self) -> dict[str, list[str]]:
        """The synonym rules each alias's index searches with now (``search.synonyms``), by kind; a kind without an
        index is left out. What ``search.tasks.apply_search_synonyms`` compares with the current sets."""
        from search.documents import SYNONYM_FILTER

        rules = {}
        with unavailable_on_failure():
            for kind in KINDS:
                for index in self.indices_behind(self.alias(kind)):
                    settings = self.client.indices.get_settings(index=index)[index]["settings"]["index"]
                    definition = settings.get("analysis", {}).get("filter", {}).get(SYNONYM_FILTER, {})
                    rules[kind] = list(definition.get("synonyms", []))
        return rules

    def write_targets(self, kind: str) -> list[str]:
        """The alias, plus the index being rebuilt if a reindex is running."""
        alias = self.alias(kind)
        self.ensure_index(kind)
        with unavailable_on_failure():
            building = self.client.indices.exists_alias(name=f"{alias}-next")
        return [alias, f"{alias}-next"] if building else [alias]

    def drop_all(self) -> None:
        """Delete every index behind our aliases (tests, and ``search_reindex --drop``)."""
        with unavailable_on_failure():
            for kind in KINDS:
                for name in (self.alias(kind), f"{self.alias(kind)}-next"):
                    for index in self.indices_behind(name):
                        self.client.indices.delete(index=index, ignore_unavailable=True)

    def refresh(self) -> None:
        with unavailable_on_failure():
            for kind in KINDS:
                if self.client.indices.exists_alias(name=self.alias(kind)):
                    self.client.indices.refresh(index=self.alias(kind))

    # --- writes -------------------------------------------------------------

    def upsert(self, kind: str, payloads: list[dict], *, refresh: bool = False) -> None:
        if not payloads:
            return
        targets = self.write_targets(kind)
        actions = [
            {"_op_type": "index", "_index": target, "_id": str(p["object_id"]), "_source": p}
            for target in targets
            for p in payloads
        ]
        with unavailable_on_failure():
            helpers.bulk(self.client, actions, refresh=refresh, max_retries=0)

    def delete(self, kind: str, ids: Iterable[int], *, refresh: bool = False) -> None:
        ids = list(ids)
        if not ids:
            return
        targets = self.write_targets(kind)
        actions = [{"_op_type": "delete", "_index": t, "_id": str(i)} for t in targets for i in ids]
        with unavailable_on_failure():
            _ok, errors = helpers.bulk(self.client, actions, refresh=refresh, raise_on_error=False, max_retries=0)
        real = [e for e in errors if e.get("delete", {}).get("status") != 404]
        if real:
            raise SearchUnavailable(f"Elasticsearch refused deletions: {real[:1]}")

    def delete_from_new_index(self, index: str, ids: list[int]) -> None:
        """Take threads hidden during a rebuild out of the index about to be swapped in (best effort)."""
        helpers.bulk(
            self.client,
            [{"_op_type": "delete", "_index": index, "_id": str(i)} for i in ids],
            raise_on_error=False,
        )

    def update_author(self, member_id: int, *, author_name: str, reputation: int) -> None:
        from community.models import Thread

        alias = self.alias("threads")
        self.ensure_index("threads")
        doc = {"author_name": author_name, "author_reputation": reputation}
        ids = Thread.objects.filter(author_id=member_id, is_deleted=False).values_list("pk", flat=True)
        actions = ({"_op_type": "update", "_index": alias, "_id": str(pk), "doc": doc} for pk in ids.iterator())
        with unavailable_on_failure():
            _ok, errors = helpers.bulk(self.client, actions, raise_on_error=False, max_retries=0)
        real = [e for e in errors if e.get("update", {}).get("status") != 404]
        if real:
            raise SearchUnavailable(f"Elasticsearch refused updates: {real[:1]}")

    # --- zero-downtime rebuild --------------------------------------------------

    def reindex(
        self,
        kind: str,
        batches: Iterable[list[dict]],
        *,
        progress: Callable[[int], None] | None = None,
        before_swap: Callable[[str], None] | None = None,
        keep_old: bool = False,
        chunk_size: int = 500,
    ) -> str:
        """Build a new index from ``batches``, then point the alias at it in one atomic alias update.

        Searches keep using the old index until the swap; ``before_swap(new_index)`` runs just before it.
        """
        alias = self.alias(kind)
        building = f"{alias}-next"
        new = new_index_name(alias)
        body = index_body(kind)
        body["settings"] = {**body.get("settings", {}), "refresh_interval": "-1"}
        with unavailable_on_failure():
            for stale in self.indices_behind(building):  # an earlier rebuild that died half-way
                self.client.indices.delete(index=stale, ignore_unavailable=True)
            create_index(self.client, new, body)
            self.client.indices.put_alias(index=new, name=building)
        try:
            for batch in batches:
                actions = [
                    {"_op_type": "create", "_index": new, "_id": str(p["object_id"]), "_source": p} for p in batch
                ]
                with unavailable_on_failure():
                    _ok, errors = helpers.bulk(
                        self.client, actions, chunk_size=chunk_size, raise_on_error=False, max_retries=2
                    )
                # 409: a live write already put a newer version of that document into the new index.
                real = [e for e in errors if e.get("create", {}).get("status") != 409]
                if real:
                    raise SearchUnavailable(f"Elasticsearch refused documents: {real[:1]}")
                if progress:
                    progress(len(batch))
            with unavailable_on_failure():
                self.client.indices.put_settings(index=new, settings={"index": {"refresh_interval": "1s"}})
                self.client.indices.refresh(index=new)
            if before_swap:
                before_swap(new)
            old = self.indices_behind(alias)
            swap = [{"remove": {"index": name, "alias": alias}} for name in old]
            swap += [{"add": {"index": new, "alias": alias}}, {"remove": {"index": new, "alias": building}}]
            with unavailable_on_failure():
                self.client.indices.update_aliases(actions=swap)
        except BaseException:
            with unavailable_on_failure():
                self.client.indices.delete(index=new, ignore_unavailable=True)
            raise
        if not keep_old and old:
            # Searches that resolved the alias just before the swap may still be running on the old index;
            # deleting it under them fails their shards. Let them finish first.
            time.sleep(SWAP_GRACE_SECONDS)
            with unavailable_on_failure():
                for name in old:
                    self.client.indices.delete(index=name, ignore_unavailable=True)
        return new

    def page_documents(self) -> Iterable[list[dict]]:
        """The knowledge pages currently indexed (a rebuild copies them: they have no database source yet)."""
        alias = self.alias("pages")
        if not self.indices_behind(alias):
            return
        batch: list[dict] = []
        with unavailable_on_failure():
            for hit in helpers.scan(self.client, index=alias, query={"query": {"match_all": {}}}):
                batch.append(hit["_source"])
                if len(batch) >= 500:
                    yield batch
                    batch = []
        if batch:
            yield batch

    # --- reads --------------------------------------------------------------

    def _execute(self, indices: list[str], body: dict) -> dict:
        search = Search(using=self.client, index=indices).update_from_dict(body)
        search = search.params(ignore_unavailable=True, allow_no_indices=True)
        try:
            with unavailable_on_failure():
                return search.execute().to_dict()
        except ApiError as exc:
            # Our query builder should never produce a rejected query; if it does, it is a bug to log loudly,
            # and the member gets the "search unavailable" page rather than a server error.
            logger.exception("Elasticsearch rejected a search: %s", body)
            raise SearchUnavailable(f"Elasticsearch rejected the search ({exc.meta.status})") from exc

    def search(self, parsed: ParsedQuery, *, page: int, per_page: int, sort: str) -> SearchResults:
        """A page of results, with "Did you mean …?" from the term suggester (the query's words in no document,
        replaced by the nearest indexed ones). A search whose words match nothing is sent again with every word
        forgiven a typo or two (``_forgiving_query``): "recieve" finds "receive", « bierre » « bière »."""
        query, order = _ranked(_base_query(parsed), parsed, sort)
        body = {
            "query": query,
            "sort": order,
            "from": (page - 1) * per_page,
            "size": per_page,
            "_source": SOURCE_FIELDS,
            "track_total_hits": TOTAL_HITS_EXACT_UP_TO,
            "aggs": {
                "tags": {"terms": {"field": "tags", "size": 12}},
                "kind": {"terms": {"field": "kind", "size": 5}},
                # Documents indexed before they carried a language count as the fallback's (every thread was).
                "language": {"terms": {"field": "language", "size": 10, "missing": FALLBACK_LANGUAGE}},
                "status": {"filters": {"filters": _status_filters()}},
            },
        }
        if parsed.has_text:
            body["highlight"] = HIGHLIGHT
        if parsed.terms:
            body["suggest"] = {
                "spell": {
                    "text": parsed.text,
                    "term": {"field": "spell", "suggest_mode": "missing", "min_word_length": 3, "size": 3},
                }
            }
        raw = self._execute([self.alias("threads"), self.alias("pages")], body)
        suggestion = _suggestion(raw.get("suggest", {}).get("spell", []), parsed)
        showing_suggestion = False
        if parsed.terms and not raw["hits"]["total"]["value"]:
            body["query"] = _ranked(_forgiving_query(parsed), parsed, sort)[0]
            body.pop("suggest", None)
            forgiven = self._execute([self.alias("threads"), self.alias("pages")], body)
            if forgiven["hits"]["total"]["value"]:
                raw, showing_suggestion = forgiven, suggestion is not None
        hits = [_hit(h) for h in raw["hits"]["hits"]]
        aggs = raw.get("aggregations", {})
        return SearchResults(
            parsed=parsed,
            hits=hits,
            total=raw["hits"]["total"]["value"],
            total_is_lower_bound=raw["hits"]["total"].get("relation") == "gte",
            page=page,
            per_page=per_page,
            sort=sort,
            facets=_facets(aggs, parsed),
            suggestion=suggestion,
            showing_suggestion=showing_suggestion,
            backend=self.name,
        )

    def similar(
        self, title: str, body: str, *, limit: int, language: str = FALLBACK_LANGUAGE, tags: list[str] = ()
    ) -> list[Hit]:
        """Threads like the one being written in ``language``: its words analysed in that language first, and the
        threads written in it preferred (``SAME_LANGUAGE``). Its title is matched against titles and the titles of
        the threads closed as their duplicates (``DUPLICATE_TITLES``), in both analyses; title and body against
        titles, bodies and answers. The ``SIMILAR_POOL`` best are re-ranked by title similarity and shared
        ``tags`` (``search.similarity``), as on the database backend."""
        like_all = f"{title}\n{body[:3000]}".strip()
        own = ranking.analysis_of(language)
        in_order = sorted(ranking.ANALYSED, key=lambda a: a != own)
        title_fields = [ranking.TEXT_FIELDS["TITLE"][a] for a in in_order]
        duplicate_fields = [f"duplicate_titles.{a}" if a != "en" else "duplicate_titles" for a in in_order]
        text_fields = [ranking.TEXT_FIELDS[name][a] for a in in_order for name in ("TITLE", "BODY", "ANSWERS")]

        def like(text: str, fields: list[str], boost: float, *, terms: int, should_match: str) -> dict:
            return {
                "more_like_this": {
                    "fields": fields,
                    "like": text,
                    "min_term_freq": 1,
                    "min_doc_freq": 1,
                    "max_query_terms": terms,
                    "minimum_should_match": should_match,
                    "stop_words": STOP_LIST,
                    "boost": boost,
                }
            }

        should = [
            like(title, title_fields, 2, terms=20, should_match="1"),
            like(title, duplicate_fields, 2 * ranking.WEIGHTS.DUPLICATE_TITLES, terms=20, should_match="1"),
            like(like_all, text_fields, 1, terms=25, should_match="20%"),
            # The asker's words as the database backend takes them (title, then the body's first words), any of
            # them, in every text field of the asker's language at its boost: answers often say what the asker
            # calls the problem. (Both analyses' fields and the author's name: 9 fields × 20 words, 40 % slower.)
            {
                "multi_match": {
                    "query": " ".join(_similar_words(title, body)),
                    "type": "most_fields",
                    "fields": ranking.es_own_text_fields(own),
                }
            },
        ]
        query = ranking.es_function_score(
            {"bool": {"should": should, "minimum_should_match": 1}}, exact_title=None, prefer_language=language
        )
        request = {"query": query, "size": SIMILAR_POOL, "_source": [*SOURCE_FIELDS, "duplicate_titles"]}
        found = self._execute([self.alias("threads")], request)["hits"]["hits"]
        ranked = similarity.rerank(
            title,
            tags,
            [
                similarity.Candidate(
                    key=i,
                    relevance=float(h.get("_score") or 0.0),
                    title=h["_source"].get("title", ""),
                    duplicate_titles=h["_source"].get("duplicate_titles") or [],
                    tags=h["_source"].get("tags") or [],
                )
                for i, h in enumerate(found)
            ],
            body=body,
        )
        return [_hit({**found[c.key], "_score": c.final}) for c in ranked[:limit]]

    def rank_for_tags(self, tags: list[str], *, limit: int) -> list[Hit]:
        should = [{"constant_score": {"filter": {"term": {"tags": t}}, "boost": 1}} for t in tags]
        query = ranking.es_function_score({"bool": {"should": should, "minimum_should_match": 1}}, exact_title=None)
        raw = self._execute([self.alias("threads")], {"query": query, "size": limit, "_source": SOURCE_FIELDS})
        return [_hit(h) for h in raw["hits"]["hits"]]

    def suggest_titles(self, words: list[str], *, limit: int) -> list[Hit]:
        """Threads whose title has every word, the last as a prefix (search as you type, ``search.suggest``),
        ranked as searches are (relevance × quality). A stock ``bool_prefix`` multi_match on the title in both
        analyses: every word a term query but the last, a prefix query."""
        text = " ".join(words)
        match = {
            "multi_match": {
                "query": text,
                "type": "bool_prefix",
                "operator": "and",
                "fields": [ranking.TEXT_FIELDS["TITLE"][a] for a in ranking.ANALYSED],
            }
        }
        body = {
            "query": ranking.es_function_score(match, exact_title=None),
            "size": limit,
            "_source": ["object_id", "title", "url", "kind", "answer_count", "accepted", "language"],
            "track_total_hits": False,
        }
        raw = self._execute([self.alias("threads")], body)
        return [_hit(h) for h in raw["hits"]["hits"]]


# --- query building and response parsing ---------------------------------------------


# The best matches re-ranked (search.similarity): fewer than the database's ``similarity.POOL``, since BM25 over
# these clauses already holds the originals the title signals lift within its first 40 (the evaluation: 15 of 17
# either way), and each one more is a document fetched with its duplicates' titles (p50 69 → 42 ms at 100,000).
SIMILAR_POOL = 40


def _similar_words(title: str, body: str) -> list[str]:
    """The title's significant words and the body's first eight of four letters or more (as the database backend
    reads an asker's text for similar questions)."""
    words = [w for w in re.findall(r"\w+", title) if len(w) >= 3 and w.lower() not in STOP_WORDS][:12]
    words += [w for w in re.findall(r"\w+", body[:1000]) if len(w) >= 4 and w.lower() not in STOP_WORDS][:8]
    return list(dict.fromkeys(w.lower() for w in words))


def _status_filters() -> dict:
    return {
        "answered": {"range": {"answer_count": {"gte": 1}}},
        "unanswered": {"bool": {"filter": [{"term": {"kind": "question"}}, {"term": {"answer_count": 0}}]}},
        "accepted": {"term": {"accepted": True}},
    }


def _text_clauses(parsed: ParsedQuery, analysis: str) -> list[dict]:
    """The words and phrases, scored first with ``analysis`` (documents written in that language)."""
    must: list[dict] = []
    if parsed.terms:
        must.append(
            {
                "multi_match": {
                    "query": parsed.text,
                    "type": "cross_fields",
                    "operator": "and",
                    "fields": ranking.es_text_fields(analysis),
                }
            }
        )
    for phrase in parsed.phrases:
        must.append({"multi_match": {"query": phrase, "type": "phrase", "fields": ranking.es_phrase_fields(analysis)}})
    return must


def _base_query(parsed: ParsedQuery) -> dict:
    # French threads are scored on the French analysis first, English ones on the English (search.ranking).
    must = [ranking.es_by_language(lambda analysis: _text_clauses(parsed, analysis))] if parsed.has_text else []
    filters: list[dict] = [{"term": {"tags": tag}} for tag in parsed.tags]
    if parsed.kind:
        filters.append({"term": {"kind": parsed.kind}})
    if parsed.status:
        filters.append(_status_filters()[parsed.status])
    if parsed.user:
        filters.append({"term": {"author": {"value": parsed.user, "case_insensitive": True}}})
    if parsed.language:
        filters.append(ranking.es_language_filter(parsed.language))
    return {"bool": {"must": must or [{"match_all": {}}], "filter": filters}}


def _ranked(base: dict, parsed: ParsedQuery, sort: str) -> tuple[dict, list]:
    """(query, sort) of a search: relevance × quality (``ranking``), or the newest or best voted first."""
    if sort == "relevance":
        return ranking.es_function_score(base, exact_title=parsed.exact_title), ["_score", {"created": "desc"}]
    if sort == "newest":
        return base, [{"created": "desc"}, {"object_id": "desc"}]
    return base, [{"score": "desc"}, {"created": "desc"}]


def _forgiving_query(parsed: ParsedQuery) -> dict:
    """The search with each word matching the indexed words within ``AUTO`` edits (one for 3–5 letters, two
    beyond; the first letter as typed), on the unstemmed ``spell`` field (title + body): stemming would cut
    "fermentaion" and "fermentation" differently. Filters are kept; phrases stay phrases (on the same field)."""
    base = _base_query(parsed)
    fuzzy = {
        "match": {
            "spell": {"query": parsed.text, "operator": "and", "fuzziness": "AUTO", "prefix_length": FUZZY_PREFIX}
        }
    }
    base["bool"]["must"] = [fuzzy] + [{"match_phrase": {"spell": phrase}} for phrase in parsed.phrases]
    return base


def _date(value):
    return parse_datetime(value) if isinstance(value, str) else value


def _hit(raw: dict) -> Hit:
    src = raw.get("_source", {})
    hl = raw.get("highlight", {})

    def best(*fields: str) -> str:
        for name in fields:
            fragments = hl.get(name)
            if fragments and "<mark>" in fragments[0]:
                return fragments[0]
        return ""

    title = src.get("title", "")
    snippet, in_answer = best("body", "body.fr"), False
    if not snippet:
        snippet = best("answers", "answers.fr")
        in_answer = bool(snippet)
    if not snippet and hl.get("body"):
        snippet = hl["body"][0]
    return Hit(
        doc_type=src.get("doc_type", "thread"),
        id=int(src.get("object_id", raw.get("_id", 0))),
        title=title,
        url=src.get("url", ""),
        kind=src.get("kind", ""),
        tags=list(src.get("tags", [])),
        author=src.get("author", ""),
        author_name=src.get("author_name", ""),
        author_id=src.get("author_id") or None,
        score=int(src.get("score", 0)),
        answer_count=int(src.get("answer_count", 0)),
        accepted=bool(src.get("accepted", False)),
        created=_date(src.get("created")),
        last_activity=_date(src.get("last_activity")),
        title_html=best("title", "title.fr") or str(escape(title)),
        snippet_html=snippet,
        rank=float(raw.get("_score") or 0.0),
        language=src.get("language") or FALLBACK_LANGUAGE,
        snippet_in_answer=in_answer,
    )


def _facets(aggs: dict, parsed: ParsedQuery) -> dict[str, list[Facet]]:
    tags = [
        Facet(value=b["key"], label=b["key"], count=b["doc_count"], selected=b["key"] in parsed.tags)
        for b in aggs.get("tags", {}).get("buckets", [])
    ]
    kinds = [
        Facet(
            value=b["key"],
            label=KIND_LABELS.get(b["key"], b["key"]),
            count=b["doc_count"],
            selected=b["key"] == parsed.kind,
        )
        for b in aggs.get("kind", {}).get("buckets", [])
    ]
    status_buckets = aggs.get("status", {}).get("buckets", {})
    statuses = [
        Facet(
            value=key, label=label, count=status_buckets.get(key, {}).get("doc_count", 0), selected=key == parsed.status
        )
        for key, label in STATUS_LABELS.items()
    ]
    counts = {b["key"]: b["doc_count"] for b in aggs.get("language", {}).get("buckets", [])}
    return {"tags": tags, "kind": kinds, "status": statuses, "language": language_facets(counts, parsed)}


def _suggestion(entries: list[dict], parsed: ParsedQuery) -> str | None:
    """The query with the suggester's corrections, or None. A correction differing only by its accents ("biere"
    → "bière": the analyzers fold accents, so it matched already) or already in the query is no correction."""
    if not entries:
        return None
    in_query = {fold(t) for t in parsed.terms}
    declared = synonyms.known_words()  # moderators' synonym terms are typed on purpose (search.synonyms)
    corrected: dict[str, str] = {}
    for entry in entries:
        if fold(entry["text"]) in declared:
            continue
        for option in entry.get("options") or []:
            if fold(option["text"]) not in in_query:
                corrected[entry["text"].lower()] = option["text"]
                in_query.add(fold(option["text"]))
                break
    if not corrected:
        return None
    terms = [corrected.get(t.lower(), t) for t in parsed.terms]
    return parsed_to_query(parsed, terms)
