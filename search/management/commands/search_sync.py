"""Deliver queued search index updates (after an Elasticsearch outage, or from cron).

It goes to the cluster even while the circuit breaker is open (an operator asked), and a success closes the
breaker for the whole site. With the immediate task backend this is what delivers after an outage.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from search import api


class Command(BaseCommand):
    help = "Send every pending search index update to the backend; with --loop, keep doing it."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Run forever, checking every --interval seconds.")
        parser.add_argument("--interval", type=float, default=10.0)

    def handle(self, *args, loop, interval, **options):
        if not 0.1 <= interval <= 86400:
            raise CommandError("--interval must be between 0.1 and 86400 seconds.")
        while True:
            result = api.sync()
            if result.delivered or result.failed or options["verbosity"] > 1:
                line = f"delivered {result.delivered}, still pending {result.pending}"
                if result.error:
                    line += f" (backend unavailable: {result.error})"
                self.stdout.write(line)
            if not loop:
                return
            time.sleep(interval)
