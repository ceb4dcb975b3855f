from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from rewards.serial_votes import detect_and_reverse, thresholds


class Command(BaseCommand):
    help = "Find runs of votes from one voter to one author and reverse their reputation (run nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2, help="How far back to look (default: 2 days).")
        parser.add_argument("--threshold", type=int, help="Votes in one window that count as serial voting.")
        parser.add_argument("--window-hours", type=int, help="Length of the window in hours.")

    def handle(self, *args, days, threshold, window_hours, verbosity=1, **options):
        default_threshold, default_window = thresholds()
        window = timedelta(hours=window_hours) if window_hours else default_window
        cases = detect_and_reverse(
            since=timezone.now() - timedelta(days=days), threshold=threshold or default_threshold, window=window
        )
        if verbosity:
            for case in cases:
                self.stdout.write(
                    f"voter #{case.voter_id} → author #{case.author_id}: {case.vote_count} votes "
                    f"{case.first_vote_at:%Y-%m-%d %H:%M}–{case.last_vote_at:%H:%M}, {case.points_reversed:+d} reputation"
                )
            self.stdout.write(self.style.SUCCESS(f"{len(cases)} serial voting case(s) reversed."))
