"""Deliver queued search index updates (after an Elasticsearch outage, or from cron)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from search import pipeline


class Command(BaseCommand):
    help = "Send every pending search index update to the backend; with --loop, keep doing it."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Run forever, checking every --interval seconds.")
        parser.add_argument("--interval", type=float, default=10.0)

    def handle(self, *args, loop, interval, **options):
        while True:
            result = pipeline.process_all()
            if result.delivered or result.failed or options["verbosity"] > 1:
                line = f"delivered {result.delivered}, still pending {result.pending}"
                if result.error:
                    line += f" (backend unavailable: {result.error})"
                self.stdout.write(line)
            if not loop:
                return
            time.sleep(interval)
