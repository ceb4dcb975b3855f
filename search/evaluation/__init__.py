"""How well search finds what members mean, measured on a real community (``manage.py search_evaluate``).

- ``metrics``: recall@k, reciprocal rank and nDCG@k, plain functions of ranked ids.
- ``harness``: loads a Stack Exchange dump's duplicate links and the judged queries, asks ``similar()`` and
  ``search()`` the way a member would, leave-one-out, and returns a ``Report``.
- ``table``: one text table (or Markdown for docs/search.md) of the reports of one or several backends.

Not used by any page: an operator's (and the benchmark's, ``BENCH_ONLY=quality make bench``) tool, and the floor
that tests/search/test_evaluation.py holds.
"""
