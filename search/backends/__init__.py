"""Two backends with one interface: Elasticsearch when ``ELASTICSEARCH_URL`` is set, else the database.

Interface (both classes): ``upsert(kind, payloads)``, ``delete(kind, ids)``, ``update_author(...)``,
``search(parsed, page, per_page, sort)``, ``similar(title, body, limit, language)``, ``rank_for_tags(tags, limit)``,
``suggest_titles(words, limit)``, ``reindex(...)``, ``refresh()``. ``kind`` is "threads" or "pages".
"""

from __future__ import annotations

from search import conf


def get_backend():
    if conf.uses_elasticsearch():
        from search.backends.elastic import ElasticBackend

        return ElasticBackend.for_url(conf.elasticsearch_url())
    from search.backends.database import DatabaseBackend

    return DatabaseBackend()
