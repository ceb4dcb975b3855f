"""The Elasticsearch documents (elasticsearch-dsl), their analyzers and index settings.

Two kinds of document, each in versioned indices behind an alias (``conf.alias``):

- ``ThreadDocument`` (alias ``<prefix>threads``): a question or tip with its visible answers' text, tags and
  the quality signals the ranking uses (score, accepted, author reputation, last activity).
- ``PageDocument`` (alias ``<prefix>pages``): a knowledge page (``search.api.index_knowledge_page``).

Both share one mapping, so one search can span both aliases and the ranking functions find every field.
Text is analysed twice: in English (the main field: possessives, stop words, Porter stemming, accent
folding) and in French (the ``.fr`` sub-field: elision, stop words, light stemming, folding). The stemming
and elision filters come from our ``guildhall-analysis`` plugin (search/elasticsearch_plugin), because the
integ-test distribution has no ``analysis-common`` module; ``docs/search.md`` says how to run a full
distribution instead.
"""

from __future__ import annotations

from datetime import datetime

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

from search.query import STOP_WORDS_EN

# Filter names from the guildhall-analysis plugin.
ENGLISH_STEM = "guildhall_english_stem"
FRENCH_STEM = "guildhall_french_stem"
FRENCH_ELISION = "guildhall_french_elision"
ASCII_FOLDING = "guildhall_ascii_folding"

english_stop = token_filter("guildhall_english_stop", "stop", stopwords=STOP_WORDS_EN)
french_stop = token_filter("guildhall_french_stop", "stop", stopwords="_french_")

english = analyzer(
    "guildhall_english", tokenizer="standard", filter=["lowercase", english_stop, ENGLISH_STEM, ASCII_FOLDING]
)
french = analyzer(
    "guildhall_french",
    tokenizer="standard",
    filter=[FRENCH_ELISION, "lowercase", french_stop, FRENCH_STEM, ASCII_FOLDING],
)
# Unstemmed words, for "did you mean" suggestions (they must be real words members typed).
plain = analyzer("guildhall_plain", tokenizer="standard", filter=["lowercase"])


def _text(**extra):
    return Text(analyzer=english, fields={"fr": Text(analyzer=french)}, **extra)


class SearchableDocument(Document):
    """The fields every searchable document has (one mapping for both indices)."""

    doc_type = Keyword()  # "thread" or "page"
    object_id = Long()
    kind = Keyword()  # question, tip, page
    title = Text(
        analyzer=english,
        copy_to="spell",
        fields={"fr": Text(analyzer=french)},
    )
    title_key = Keyword(ignore_above=256)  # query.normalise_title(title): the exact-title boost
    body = _text(copy_to="spell")
    answers = _text()
    tags = Keyword(fields={"text": Text(analyzer=english), "fr": Text(analyzer=french)})
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
    """Settings + mappings for a new concrete index of ``kind`` ("threads" or "pages")."""
    from elasticsearch_dsl import Index

    index = Index("template")
    index.settings(number_of_shards=1, number_of_replicas=0, max_result_window=10_000)
    index.document(DOCUMENTS[kind])
    body = index.to_dict()
    body.pop("aliases", None)
    return body


def new_index_name(alias: str) -> str:
    """A fresh, sortable concrete index name for ``alias`` (e.g. ``guildhall-threads-v20261124010203123456``)."""
    return f"{alias}-v{datetime.utcnow():%Y%m%d%H%M%S%f}"
