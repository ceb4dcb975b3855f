"""``manage.py rewards_refresh_standings``: recompute the stored period leaderboards (cron, every few minutes).

Ledger writes keep the boards right as members vote and accept (a task per burst, ``rewards.tasks``); this run
moves them with the clock — entries leave the rolling week, month and year without any write — and catches what
sends no event (a member deactivated in the admin, entries written outside ``rewards.actions``). Safe to run at
any time and twice; memory stays bounded by one period's board (one row per member with points in it).
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from rewards.standings import STORED_PERIODS, refresh_standings


class Command(BaseCommand):
    help = "Recompute the stored leaderboards of this week, month and year from the reputation ledger."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            action="append",
            choices=STORED_PERIODS,
            help="Only this period (repeat for several); all of them by default.",
        )

    def handle(self, *args, period=None, verbosity=1, **options):
        written = {}
        for name in tqdm(period or STORED_PERIODS, unit="period", disable=verbosity == 0):
            written.update(refresh_standings([name]))
        if verbosity:
            summary = ", ".join(f"{rows} in {name}" for name, rows in written.items())
            self.stdout.write(self.style.SUCCESS(f"Refreshed the stored leaderboards: {summary}."))
