"""``manage.py run_scheduled_jobs``: the site's periodic jobs in one process, on their schedule.

Production may run each job from cron instead (docs/deploy.md, "Scheduled jobs", lists the same table); this
command is for a node without cron and for the embedded default: ``make run`` starts it beside the development
server, so an ended bounty closes, webhooks are delivered and the leaderboards move there too. Every job is
idempotent and safe to run late or twice, so a restart that runs one early does no harm.

- ``--once``: run every job now, once each, and stop (what a test or a one-off catch-up wants);
- otherwise: the jobs of a minute or a few at start, then each when its interval has passed, forever.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

logger = logging.getLogger(__name__)

MINUTE, HOUR, DAY = 60, 3600, 86400


@dataclass(frozen=True)
class Job:
    command: str
    every: int  # seconds
    args: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return " ".join((self.command, *self.args))


# The schedule of docs/deploy.md, "Scheduled jobs" (keep the two together).
SCHEDULE = (
    Job("community_webhooks_due", MINUTE),
    Job("search_sync", 5 * MINUTE),
    Job("rewards_refresh_standings", 5 * MINUTE),
    Job("community_bounties_due", 5 * MINUTE),
    Job("community_route_questions", 15 * MINUTE),
    Job("community_send_digests", DAY, ("daily",)),
    Job("community_send_digests", 7 * DAY, ("weekly",)),
    Job("community_refresh_experts", DAY),
    Job("rewards_detect_serial_votes", DAY),
    Job("clearsessions", DAY),
    Job("erase_due_accounts", DAY),
    Job("rewards_erase_fulfilment_details", DAY),
)
# Jobs this frequent also run as the loop starts; the others wait for their first interval (a development server
# restarted ten times a day would otherwise send ten daily digests).
AT_START = 5 * MINUTE


def due_jobs(last_run: dict[Job, float], now: float) -> list[Job]:
    """The jobs whose interval has passed since they last ran (never run: due if frequent, else started now)."""
    due = []
    for job in SCHEDULE:
        if job not in last_run:
            if job.every <= AT_START:
                due.append(job)
            else:
                last_run[job] = now
        elif now - last_run[job] >= job.every:
            due.append(job)
    return due


class Command(BaseCommand):
    help = "Run the periodic jobs (webhooks, bounties, search sync, leaderboards, digests, erasures) on their schedule."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once now, then stop.")

    def handle(self, *args, once=False, **options):
        if once:
            for job in SCHEDULE:
                self._run(job, options["verbosity"])
            return
        last_run: dict[Job, float] = {}
        while True:
            now = time.monotonic()
            for job in due_jobs(last_run, now):
                # A long-lived process: drop connections the database closed or that outlived CONN_MAX_AGE, as a
                # request would.
                close_old_connections()
                self._run(job, options["verbosity"])
                last_run[job] = now
            time.sleep(5)

    def _run(self, job: Job, verbosity: int) -> None:
        # A failing job is logged and retried at its next turn; it never stops the others.
        try:
            call_command(job.command, *job.args, verbosity=max(verbosity - 1, 0))
        except Exception:
            logger.exception("Scheduled job %s failed", job.label)
