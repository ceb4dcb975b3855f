"""Stock Elasticsearch analysis, no plugin in production (docs/search.md, "Analysis: stock components").

- The index settings the tests create are exactly the production ones (``search.documents.index_body``) and
  name only components stock Elasticsearch 8 ships.
- The test-only shim (tests/elasticsearch_shim) that gives the integ-test distribution those stock names
  produces the tokens stock Elasticsearch produces (Lucene's Porter and light French stemmers).
- A cluster lacking a component gives one clear error, end to end, on a second node started without the shim.
- The connection settings (node list, cloud id, API key, CA certificates) build the right client.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from search import conf, connection, synonyms
from search.backends import get_backend
from search.documents import index_body
from search.models import PendingUpdate, SearchSynonym
from tests.search_support import _use_elasticsearch, elasticsearch, es_url, post_thread  # noqa: F401
from tests.services import elasticsearch_node

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

# Analysis components of a standard Elasticsearch 8 distribution (server + analysis-common), by section.
# Hard-coded on purpose: a type that is not here needs a plugin, which Elastic Cloud cannot carry.
STOCK_COMPONENTS = {
    "analyzer": {
        "custom",
        "standard",
        "simple",
        "whitespace",
        "stop",
        "keyword",
        "pattern",
        "fingerprint",
        "english",
        "french",
    },
    "tokenizer": {
        "standard",
        "letter",
        "lowercase",
        "whitespace",
        "uax_url_email",
        "classic",
        "ngram",
        "edge_ngram",
        "keyword",
        "pattern",
        "simple_pattern",
        "char_group",
        "path_hierarchy",
        "thai",
    },
    "filter": {
        "lowercase",
        "uppercase",
        "stop",
        "stemmer",
        "elision",
        "asciifolding",
        "porter_stem",
        "kstem",
        "snowball",
        "synonym",
        "synonym_graph",
        "word_delimiter_graph",
        "shingle",
        "length",
        "trim",
        "unique",
        "truncate",
        "keyword_marker",
        "stemmer_override",
        "edge_ngram",
        "ngram",
        "reverse",
        "pattern_replace",
        "french_stem",
        "cjk_width",
        "decimal_digit",
        "apostrophe",
        "classic",
        "common_grams",
        "limit",
    },
    "char_filter": {"html_strip", "mapping", "pattern_replace"},
    "normalizer": {"custom"},
}


def _analysis_types(analysis: dict) -> list[tuple[str, str, str]]:
    """(section, name, type) of every component our settings define."""
    return [
        (section, name, definition.get("type", "custom"))
        for section, components in analysis.items()
        for name, definition in components.items()
    ]


def _components_used(analysis: dict) -> list[tuple[str, str]]:
    """(section, name) of every component an analyzer refers to by name (stock built-ins or our own)."""
    used = []
    for definition in analysis.get("analyzer", {}).values():
        used.append(("tokenizer", definition["tokenizer"]))
        used += [("filter", name) for name in definition.get("filter", [])]
        used += [("char_filter", name) for name in definition.get("char_filter", [])]
    return used


def _as_elasticsearch_stores(value):
    """Settings as Elasticsearch returns them: every scalar a string, lists kept."""
    if isinstance(value, dict):
        return {k: _as_elasticsearch_stores(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_elasticsearch_stores(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- one source of index settings, stock components only -------------------------------------------------


def test_index_body_is_the_one_source_and_serialises_identically():
    for kind in ("threads", "pages"):
        first, again = index_body(kind), index_body(kind)
        assert json.dumps(first, sort_keys=True).encode() == json.dumps(again, sort_keys=True).encode()
        assert set(first) == {"settings", "mappings"}
    # One analysis for both indices: one search spans both aliases.
    assert index_body("threads")["settings"]["analysis"] == index_body("pages")["settings"]["analysis"]


def test_every_analysis_component_is_stock_elasticsearch():
    analysis = index_body("threads")["settings"]["analysis"]
    defined = _analysis_types(analysis)
    assert {t for _s, _n, t in defined} >= {"stemmer", "elision", "stop", "custom"}
    for section, name, type_ in defined:
        assert type_ in STOCK_COMPONENTS[section], f"{section} {name!r} has non-stock type {type_!r}"
        assert not type_.startswith("guildhall") and not name.startswith("guildhall"), (section, name, type_)
    ours = {(section, name) for section, name, _t in defined}
    for section, name in _components_used(analysis):
        assert (section, name) in ours or name in STOCK_COMPONENTS[section], f"{section} {name!r} is not stock"
    filters = analysis["filter"]
    assert filters["english_possessive"] == {"type": "stemmer", "language": "possessive_english"}
    assert filters["english_stemmer"] == {"type": "stemmer", "language": "english"}
    assert filters["french_stemmer"] == {"type": "stemmer", "language": "light_french"}
    assert filters["french_elision"]["type"] == "elision" and filters["french_elision"]["articles_case"] is True
    assert analysis["analyzer"]["english_text"]["filter"] == [
        "lowercase",
        "english_stop",
        "english_possessive",
        "english_stemmer",
        "asciifolding",
    ]
    assert analysis["analyzer"]["french_text"]["filter"] == [
        "french_elision",
        "lowercase",
        "french_stop",
        "french_stemmer",
        "asciifolding",
    ]
    # Queries go through the same chains (no synonym sets yet: no synonym filter).
    for search_analyzer, index_analyzer in (("english_search", "english_text"), ("french_search", "french_text")):
        assert analysis["analyzer"][search_analyzer] == analysis["analyzer"][index_analyzer]


def test_synonyms_join_the_search_analyzers_only_as_stock_synonym_graph():
    SearchSynonym.objects.create(terms="ipa, india pale ale")
    SearchSynonym.objects.create(terms="café, coffee")
    synonyms.forget()
    analysis = index_body("threads")["settings"]["analysis"]
    assert analysis["filter"]["search_synonyms"] == {
        "type": "synonym_graph",
        # The unaccented spelling too, one way: the filter sees words before they are folded.
        "synonyms": ["ipa, india pale ale", "café, coffee", "cafe => café, coffee"],
        "lenient": True,
    }
    english, french = analysis["analyzer"]["english_search"], analysis["analyzer"]["french_search"]
    assert english["filter"] == [
        "lowercase",
        "search_synonyms",
        "english_stop",
        "english_possessive",
        "english_stemmer",
        "asciifolding",
    ]
    assert french["filter"][:3] == ["french_elision", "lowercase", "search_synonyms"]
    assert "search_synonyms" not in analysis["analyzer"]["english_text"]["filter"]  # documents: never re-analysed
    assert "search_synonyms" not in analysis["analyzer"]["french_text"]["filter"]
    mappings = index_body("threads")["mappings"]["properties"]
    for field in ("title", "body", "answers"):
        assert mappings[field]["search_analyzer"] == "english_search"
        assert mappings[field]["fields"]["fr"]["search_analyzer"] == "french_search"
    assert mappings["tags"]["fields"]["text"]["search_analyzer"] == "english_search"


def test_indices_the_tests_create_carry_exactly_the_production_settings(elasticsearch, post_thread):
    post_thread("Settings check", "The first write creates the index through the backend.")
    b = get_backend()
    call_command("search_reindex", "--no-progress")  # the other creation path: a rebuilt index
    for kind in ("threads", "pages"):
        b.ensure_index(kind)
        (index,) = b.indices_behind(b.alias(kind))
        stored = b.client.indices.get_settings(index=index)[index]["settings"]["index"]
        body = index_body(kind)
        assert stored["analysis"] == _as_elasticsearch_stores(body["settings"]["analysis"])
        assert stored["number_of_replicas"] == str(conf.replicas())
        assert stored["number_of_shards"] == "1"
        mapping = b.client.indices.get_mapping(index=index)[index]["mappings"]["properties"]
        for field, spec in body["mappings"]["properties"].items():
            for key in ("analyzer", "search_analyzer"):
                assert mapping[field].get(key) == spec.get(key), field
                for sub, sub_spec in spec.get("fields", {}).items():
                    assert mapping[field]["fields"][sub].get(key) == sub_spec.get(key), (field, sub)


def test_replicas_come_from_the_setting(settings):
    settings.SEARCH = {**settings.SEARCH, "REPLICAS": "2"}
    assert index_body("threads")["settings"]["number_of_replicas"] == 2
    settings.SEARCH = {**settings.SEARCH, "REPLICAS": "two"}
    with pytest.raises(ImproperlyConfigured, match="SEARCH_REPLICAS must be a whole number"):
        index_body("threads")


# --- the shim's tokens are stock tokens ------------------------------------------------------------------


def _tokens(text: str, *, analyzer: str | None = None, filters: list | None = None) -> list[str]:
    """Tokens from the ``_analyze`` API on a real index made with our settings."""
    b = get_backend()
    b.ensure_index("threads")
    if analyzer:
        request = {"analyzer": analyzer}
    else:
        request = {"tokenizer": "standard", "filter": filters}
    result = b.client.indices.analyze(index=b.alias("threads"), text=text, **request)
    return [t["token"] for t in result["tokens"]]


# Expected tokens are stock Elasticsearch's: Lucene's EnglishPossessiveFilter then PorterStemmer, and
# ElisionFilter then FrenchLightStemmer, each followed by ASCII folding.
ENGLISH = [
    ("the brewer's kettles", ["brewer", "kettl"]),  # possessive dropped, Porter: kettles -> kettl
    ("Running the syncs of John's notes", ["run", "sync", "john", "note"]),
    ("ponies caresses hopping relational", ["poni", "caress", "hop", "relat"]),  # Porter step 1a/1b/2
    ("Bière, café & crème brûlée", ["bier", "cafe", "creme", "brulee"]),  # accents folded after stemming
    ("How do I export?", ["export"]),  # question words are stop words
]
FRENCH = [
    ("l'amertume d'une bière", ["amertum", "bier"]),  # elision, "une" a stop word, light stemming
    ("L'Houblon", ["houblon"]),  # an uppercase article is elided too (articles_case)
    ("Les vélos de l'été", ["velo", "ete"]),
    ("Qu'il aime les cafés", ["aime", "cafe"]),
    ("D'une brasserie à l'autre", ["bras", "autr"]),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english_tokens_are_stock_tokens(elasticsearch, text, expected):
    assert _tokens(text, analyzer="english_text") == expected


@pytest.mark.parametrize(("text", "expected"), FRENCH)
def test_french_tokens_are_stock_tokens(elasticsearch, text, expected):
    assert _tokens(text, analyzer="french_text") == expected


def test_shim_filters_take_the_stock_parameters(elasticsearch):
    assert _tokens("brewer's", filters=[{"type": "stemmer", "language": "possessive_english"}]) == ["brewer"]
    assert _tokens("chevaux", filters=[{"type": "stemmer", "name": "light_french"}]) == ["cheval"]  # alias
    assert _tokens("running", filters=[{"type": "stemmer"}]) == ["run"]  # default: porter
    assert _tokens("running", filters=[{"type": "stemmer", "language": "English"}]) == ["run"]  # any case
    l_only = {"type": "elision", "articles": ["l"]}
    assert _tokens("L'Été l'été", filters=[l_only]) == ["L'Été", "été"]
    assert _tokens("L'Été l'été", filters=[{**l_only, "articles_case": True}]) == ["Été", "été"]
    assert _tokens("café", filters=[{"type": "asciifolding"}]) == ["cafe"]
    assert _tokens("café", filters=[{"type": "asciifolding", "preserve_original": True}]) == ["cafe", "café"]


# Stock synonym_graph (Lucene's SolrSynonymParser + SynonymGraphFilter) in our search analyzers: a term's synonyms
# come out at its position, then go through stop words, stemming and folding like any query word.
SYNONYM_SETS = ["ipa, india pale ale", "bière blonde, lager"]
SYNONYMS = [
    ("english_search", "IPA", ["ipa", "india", "pale", "al"]),  # Porter: ale -> al
    ("english_search", "India Pale Ale", ["ipa", "india", "pale", "al"]),
    ("english_search", "a lager", ["lager", "bier", "blond"]),  # "a" a stop word; bière stemmed then folded
    ("french_search", "l'ipa", ["ipa", "india", "pale", "ale"]),  # elision before the synonyms
    ("french_search", "Bière blonde", ["lag", "bier", "blond"]),  # light French stemming: lager -> lag
    ("english_search", "biere blonde", ["lager", "bier", "blond"]),  # typed without its accent
    ("english_text", "IPA", ["ipa"]),  # documents are analysed without synonyms
]


@pytest.mark.parametrize(("analyzer", "text", "expected"), SYNONYMS)
def test_synonym_tokens_are_stock_tokens(elasticsearch, analyzer, text, expected):
    for terms in SYNONYM_SETS:
        SearchSynonym.objects.create(terms=terms)
    synonyms.forget()
    assert sorted(_tokens(text, analyzer=analyzer)) == sorted(expected)


def test_shim_synonym_graph_takes_the_stock_parameters(elasticsearch):
    rules = ["ipa, india pale ale"]
    graph = {"type": "synonym_graph", "synonyms": rules}
    assert sorted(_tokens("ipa", filters=["lowercase", graph])) == ["ale", "india", "ipa", "pale"]
    assert _tokens("india pale ale", filters=["lowercase", {**graph, "expand": False}]) == ["ipa"]
    assert _tokens("pils", filters=["lowercase", {**graph, "synonyms": ["pils => pilsner"]}]) == ["pilsner"]
    lenient = {**graph, "synonyms": ["ipa, !!!", "stout, porter"], "lenient": True}
    assert sorted(_tokens("ipa stout", filters=["lowercase", lenient])) == ["ipa", "porter", "stout"]
    assert _tokens("ipa", filters=["lowercase", {**graph, "synonyms": []}]) == ["ipa"]


def test_a_synonym_rule_that_does_not_analyse_is_refused_unless_lenient(elasticsearch):
    from elasticsearch import ApiError

    with pytest.raises(ApiError) as refused:
        _tokens("ipa", filters=["lowercase", {"type": "synonym_graph", "synonyms": ["ipa, !!!"]}])
    assert refused.value.meta.status in (400, 500)  # stock: 400; the shim: 500 (see test_an_unknown_stemmer…)
    assert "failed to build synonyms" in json.dumps(refused.value.body)


def test_an_unknown_stemmer_language_is_refused(elasticsearch):
    from elasticsearch import BadRequestError

    with pytest.raises(BadRequestError) as refused:
        _tokens("running", filters=[{"type": "stemmer", "language": "klingon"}])
    assert "Unknown stemmer language [klingon]" in json.dumps(refused.value.body)


# --- a cluster lacking a component: one clear error, end to end -------------------------------------------


@pytest.fixture
def node_without_shim(es_url):
    """A throwaway node of the integ-test distribution WITHOUT the shim: it lacks `stemmer` & co."""
    with elasticsearch_node("guildhall-es-noshim-", ES_WITHOUT_SHIM="1") as (_, url):
        yield url


def test_a_cluster_without_a_component_gives_one_clear_error(node_without_shim, settings, post_thread, caplog):
    url = node_without_shim
    _use_elasticsearch(settings, url)
    expected = (
        f"Elasticsearch at {url} has no `stemmer` token filter (the analysis-common module), which Guildhall's "
        f"index settings use. Use a standard Elasticsearch 8 distribution or Elastic Cloud; see docs/search.md."
    )
    # The operator's command: one message, the one CommandError (manage.py prints it, exits 1, no traceback).
    with pytest.raises(CommandError) as failed:
        call_command("search_reindex", "--no-progress")
    assert str(failed.value) == expected

    # The sync path: posting works, the update stays queued with the message, logged once, no index made.
    with caplog.at_level(logging.WARNING, logger="search"):
        thread = post_thread("Queued on a cluster without stemmer", "It cannot take our settings.")
    (pending,) = PendingUpdate.objects.filter(object_id=thread.pk)
    assert pending.attempts >= 1 and pending.last_error == expected
    assert [r for r in caplog.records if expected in r.getMessage()]
    assert not get_backend().client.indices.exists_alias(name=conf.alias("threads"))


# --- connection settings -------------------------------------------------------------------------------------


def _nodes(client) -> list[tuple[str, str, int]]:
    return sorted((n.config.scheme, n.config.host, n.config.port) for n in client.transport.node_pool.all())


def _client(settings, **values):
    for name in ("ELASTICSEARCH_URL", "ELASTICSEARCH_CLOUD_ID", "ELASTICSEARCH_API_KEY", "ELASTICSEARCH_CA_CERTS"):
        setattr(settings, name, values.get(name, ""))
    return connection.make_client(connection.from_settings())


def test_a_comma_separated_url_list_gives_one_node_each(settings):
    client = _client(settings, ELASTICSEARCH_URL=" https://es1.example.org:9243 , http://es2.example.org:9200,")
    assert _nodes(client) == [("http", "es2.example.org", 9200), ("https", "es1.example.org", 9243)]
    assert "authorization" not in client._headers


def test_an_api_key_is_sent_as_encoded_or_as_id_and_key(settings):
    encoded = base64.b64encode(b"key-id:key-secret").decode()
    client = _client(settings, ELASTICSEARCH_URL="https://es1.example.org:9243", ELASTICSEARCH_API_KEY=encoded)
    assert client._headers["authorization"] == f"ApiKey {encoded}"
    client = _client(
        settings, ELASTICSEARCH_URL="https://es1.example.org:9243", ELASTICSEARCH_API_KEY="key-id:key-secret"
    )
    assert client._headers["authorization"] == f"ApiKey {encoded}"


def test_a_cloud_id_takes_precedence_over_urls(settings):
    cloud_id = "guildhall-prod:" + base64.b64encode(b"eu-west-1.aws.found.io:443$es-uuid$kb-uuid").decode()
    client = _client(
        settings,
        ELASTICSEARCH_CLOUD_ID=cloud_id,
        ELASTICSEARCH_URL="http://ignored.example.org:9200",
        ELASTICSEARCH_API_KEY="key-id:key-secret",
    )
    assert _nodes(client) == [("https", "es-uuid.eu-west-1.aws.found.io", 443)]
    assert client._headers["authorization"].startswith("ApiKey ")
    assert conf.uses_elasticsearch()
    settings.ELASTICSEARCH_URL = ""
    assert conf.uses_elasticsearch()  # a cloud id alone switches Elasticsearch on
    assert _nodes(connection.make_client(connection.from_settings())) == _nodes(client)


def test_ca_certs_reach_every_node(settings, tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    client = _client(
        settings,
        ELASTICSEARCH_URL="https://es1.example.org:9200,https://es2.example.org:9200",
        ELASTICSEARCH_CA_CERTS=str(ca),
    )
    assert {n.config.ca_certs for n in client.transport.node_pool.all()} == {str(ca)}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"ELASTICSEARCH_URL": "es1.example.org:9200"}, "each starting with http:// or https://"),
        ({"ELASTICSEARCH_URL": "ftp://es1.example.org"}, "each starting with http:// or https://"),
        (
            {"ELASTICSEARCH_URL": "https://es1:9200", "ELASTICSEARCH_CA_CERTS": "/nonexistent/ca.pem"},
            "not a readable file",
        ),
        ({"ELASTICSEARCH_URL": "http://es1:9200", "ELASTICSEARCH_CA_CERTS": __file__}, "only applies to https://"),
        ({"ELASTICSEARCH_URL": "https://es1:9200", "ELASTICSEARCH_API_KEY": "key-id:"}, "both parts set"),
        ({"ELASTICSEARCH_CLOUD_ID": "not-a-cloud-id"}, "Cloud ID is not properly formatted"),
    ],
)
def test_bad_connection_settings_say_what_to_write(settings, values, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        _client(settings, **values)


def test_credentials_in_a_url_never_reach_messages(settings):
    with pytest.raises(ImproperlyConfigured) as bad:
        _client(settings, ELASTICSEARCH_URL="https://user:s3cret@es1:9200,user:s3cret@es2")
    assert "s3cret" not in str(bad.value) and "es2" in str(bad.value)
