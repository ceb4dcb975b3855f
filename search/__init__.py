"""Search: Elasticsearch documents, ranking, indexing pipeline, database fallback and the search UI.

Other apps use ``search.api`` only (see docs/search.md).
"""
