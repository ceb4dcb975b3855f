"""The zero-downtime rebuild of the index from the database (``search.api.reindex``, ``manage.py search_reindex``,
and ``search.tasks.apply_search_synonyms`` after moderators change the synonym sets).

A module of its own so that both the public door (``search.api``) and the tasks can run it without importing
each other: a new index with the current settings (``search.documents.index_body``), loaded from the database,
swapped in behind the alias in one atomic request (``ElasticBackend.reindex``).
"""

from __future__ import annotations

from search import pipeline
from search.backends import get_backend


def rebuild(*, progress=None, before_swap=None, keep_old: bool = False, batch_size: int = 500) -> str:
    """Rebuild the thread index and swap it in; copy knowledge pages across (they have no database source yet).
    Threads hidden while the rebuild ran are removed from the new index before the swap."""
    from django.utils import timezone

    from community.models import Thread

    backend = get_backend()
    started = timezone.now()

    def fix_up(new_index):
        hidden = list(Thread.objects.filter(is_deleted=True, deleted_at__gte=started).values_list("pk", flat=True))
        if hidden:
            backend.delete_from_new_index(new_index, hidden)
        if before_swap:
            before_swap(new_index)

    name = backend.reindex(
        "threads", pipeline.iter_thread_payloads(batch_size), progress=progress, before_swap=fix_up, keep_old=keep_old
    )
    pages = list(backend.page_documents())
    if pages:
        backend.reindex("pages", iter(pages), keep_old=keep_old)
    return name
