"""The Elasticsearch documents (elasticsearch-dsl), their analyzers and index settings.

Two kinds of document, each in versioned indices behind an alias (``conf.alias``):

- ``ThreadDocument`` (alias ``<prefix>threads``): a question or tip with its visible answers' text, tags and
  the quality signals the ranking uses (score, accepted, author reputation, last activity).
- ``PageDocument`` (alias ``<prefix>pages``): a knowledge page (``search.api.index_knowledge_page``).

Both share one mapping, so one search can span both aliases and the ranking functions find every field.
Text is analysed twice: in English (the main field: possessives, stop words, Porter stemming, accent
folding) and in French (the ``.fr`` sub-field: elision, stop words, light stemming, folding); ``language`` says
which of the two analyses is the document's own, the one the ranking weighs first (``search.ranking``). Every
analysis component is one stock Elasticsearch 8 ships (``stemmer``, ``elision``, ``asciifolding``, ``stop``,
``lowercase``, ``standard``), so any standard distribution or Elastic Cloud takes these settings without a
plugin. ``index_body`` is the one source of index settings, for production and tests alike (the tests'
distribution gets the same component names from a test-only shim, tests/elasticsearch_shim).
"""

from __future__ import annotations

from datetime import UTC, datetime

from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    Integer,
    Keyword,
    Long,
    Text,
    analyzer,
    token_filter,
)

from search import conf
from search.query import STOP_WORDS_EN

# Lucene's French elided articles (FrenchAnalyzer.DEFAULT_ARTICLES): "l'été" -> "été", "qu'il" -> "il".
FRENCH_ARTICLES = ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"]

# English, as Lucene's EnglishAnalyzer: possessives dropped, then Porter ("John's notes" -> "john", "note").
english_stop = token_filter("english_stop", "stop", stopwords=STOP_WORDS_EN)
english_possessive = token_filter("english_possessive", "stemmer", language="possessive_english")
english_stemmer = token_filter("english_stemmer", "stemmer", language="english")
# French, as Lucene's FrenchAnalyzer: elision before lowercasing, so the articles match in any case ("L'Été").
french_elision = token_filter("french_elision", "elision", articles=FRENCH_ARTICLES, articles_case=True)
french_stop = token_filter("french_stop", "stop", stopwords="_french_")
french_stemmer = token_filter("french_stemmer", "stemmer", language="light_french")

english = analyzer(
    "english_text",
    tokenizer="standard",
    filter=["lowercase", english_stop, english_possessive, english_stemmer, "asciifolding"],
)
french = analyzer(
    "french_text",
    tokenizer="standard",
    filter=[french_elision, "lowercase", french_stop, french_stemmer, "asciifolding"],
)
# What a query goes through (``search_analyzer``): the same chains, plus the moderators' synonyms right after
# lowercasing when there are any (``index_body`` adds them: search.synonyms). Documents are analysed without them,
# so a change of synonyms needs a new index with the new rules, never the documents analysed again.
SYNONYM_FILTER = "search_synonyms"
english_search = analyzer(
    "english_search",
    tokenizer="standard",
    filter=["lowercase", english_stop, english_possessive, english_stemmer, "asciifolding"],
)
french_search = analyzer(
    "french_search",
    tokenizer="standard",
    filter=[french_elision, "lowercase", french_stop, french_stemmer, "asciifolding"],
)
SEARCH_ANALYZERS = ("english_search", "french_search")
# Unstemmed words, for "did you mean" suggestions (they must be real words members typed).
plain = analyzer("plain_text", tokenizer="standard", filter=["lowercase"])


def _text(**extra):
    return Text(
        analyzer=english,
        search_analyzer=english_search,
        fields={"fr": Text(analyzer=french, search_analyzer=french_search)},
        **extra,
    )


class SearchableDocument(Document):
    """The fields every searchable document has (one mapping for both indices)."""

    doc_type = Keyword()  # "thread" or "page"
    object_id = Long()
    kind = Keyword()  # question, tip, page
    language = Keyword()  # what it is written in: a code of settings.LANGUAGES ("en", "fr")
    title = Text(
        analyzer=english,
        search_analyzer=english_search,
        copy_to="spell",
        fields={"fr": Text(analyzer=french, search_analyzer=french_search)},
    )
    title_key = Keyword(ignore_above=256)  # query.normalise_title(title): the exact-title boost
    body = _text(copy_to="spell")
    answers = _text()
    # Titles of the threads closed as duplicates of this one: more phrasings of its question (search.similarity).
    duplicate_titles = _text()
    tags = Keyword(
        fields={
            "text": Text(analyzer=english, search_analyzer=english_search),
            "fr": Text(analyzer=french, search_analyzer=french_search),
        }
    )
    author = Keyword()  # username (filtered case-insensitively)
    author_name = Text(analyzer=plain)
    author_id = Long()
    score = Integer()
    votes_up = Integer()  # max(score, 0): log-scaled in the ranking
    answer_count = Integer()
    accepted = Boolean()
    author_reputation = Integer()
    created = Date()
    last_activity = Date()
    url = Keyword(index=False)
    spell = Text(analyzer=plain)  # title + body words, for the term suggester


class ThreadDocument(SearchableDocument):
    pass


class PageDocument(SearchableDocument):
    pass


DOCUMENTS = {"threads": ThreadDocument, "pages": PageDocument}


def index_body(kind: str) -> dict:
    """Settings + mappings for a new concrete index of ``kind`` ("threads" or "pages").

    The one source of index settings: production and tests create their indices from it, so what the tests
    prove about analysis holds for the production cluster.
    """
    from elasticsearch_dsl import Index

    index = Index("template")
    index.settings(number_of_shards=1, number_of_replicas=conf.replicas(), max_result_window=10_000)
    index.document(DOCUMENTS[kind])
    body = index.to_dict()
    body.pop("aliases", None)
    _add_synonyms(body["settings"]["analysis"])
    return body


def _add_synonyms(analysis: dict) -> None:
    """Put the moderators' synonym sets (stock ``synonym_graph``, rules inline) into the search analyzers, right
    after lowercasing: the rules are read with the words as members type them, and what the filter emits is
    stemmed and folded like the documents' words. ``lenient``: a rule the analysis cannot read is skipped instead
    of refusing the whole index. No sets, no filter."""
    from search import synonyms

    rules = synonyms.elasticsearch_rules()
    if not rules:
        return
    analysis.setdefault("filter", {})[SYNONYM_FILTER] = {"type": "synonym_graph", "synonyms": rules, "lenient": True}
    for name in SEARCH_ANALYZERS:
        chain = analysis["analyzer"][name]["filter"]
        chain.insert(chain.index("lowercase") + 1, SYNONYM_FILTER)


def new_index_name(alias: str) -> str:
    """A fresh, sortable concrete index name for ``alias`` (e.g. ``guildhall-threads-v20261124010203123456``)."""
    return f"{alias}-v{datetime.now(UTC):%Y%m%d%H%M%S%f}"
