"""``manage.py community_refresh_experts``: recompute every tag's stored expert ranking (cron, daily).

Events keep the rankings right as members post, vote and accept; this run moves them with the calendar
(answers age out of the 90-day and one-year weights) and catches what sends no event (a member deactivated in
the admin, rows written by an import). Safe to run at any time and twice; memory stays bounded (tag ids a batch
at a time, one tag's ranking at a time).
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from community.team.experts import refresh_all


class Command(BaseCommand):
    help = "Recompute the stored ranking of every tag's experts (the tag pages' 'Who knows this', routing)."

    def handle(self, *args, **options):
        show = options["verbosity"] > 0
        done = refresh_all(progress=lambda items, total: tqdm(items, total=total, unit="tag", disable=not show))
        if show:
            self.stdout.write(self.style.SUCCESS(f"Refreshed the experts of {done} tags."))
