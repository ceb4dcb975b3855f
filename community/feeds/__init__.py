"""Atom feeds of what an anonymous visitor may read: the newest threads (all, per kind, per tag), the answers of a
thread, a search's results and the ideas by status, for feed readers, chat bots and the brand's other systems.

Built on ``django.contrib.syndication`` (``feeds.py``) with an Atom generator of our own (``atom.py``: a plain-text
summary beside the stored HTML content, ``xml:lang`` per entry, ``xml:base`` for the posts' relative links). The
rows come from ``queries.py`` in a constant number of queries; ``entries.py`` turns them into entries whose ids
never change. This package sits at the top beside the importer: it reads forum, team (ideas) and ``search.api``.
"""
