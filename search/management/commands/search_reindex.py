"""Rebuild the search index from the database without downtime (docs/search.md, "Operations")."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import api, pipeline
from search.types import SearchMisconfigured, SearchUnavailable


class Command(BaseCommand):
    help = (
        "Build a new search index from the database with bulk requests, then swap the alias to it in one "
        "atomic step: searches keep working throughout. On the database backend, rebuilds the search tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Threads per bulk request (default 500).")
        parser.add_argument("--keep-old", action="store_true", help="Keep the previous index instead of deleting it.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (e.g. in cron logs).")

    def handle(self, *args, batch_size, keep_old, no_progress, **options):
        if not 1 <= batch_size <= 5000:
            raise CommandError("--batch-size must be between 1 and 5000.")
        total = pipeline.count_threads()
        bar = tqdm(total=total, unit="thread", disable=no_progress, desc=f"Indexing ({api.backend_name()})")
        try:
            name = api.reindex(progress=bar.update, keep_old=keep_old, batch_size=batch_size)
        except SearchMisconfigured as exc:  # needs an operator: the message says what to fix
            raise CommandError(str(exc)) from exc
        except SearchUnavailable as exc:
            raise CommandError(f"Search backend unavailable: {exc}") from exc
        finally:
            bar.close()
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} thread(s) into {name}; the alias now points to it."))
