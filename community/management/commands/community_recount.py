from django.core.management.base import BaseCommand
from tqdm import tqdm

from community.forum.counters import recount_threads, refresh_tag_counts
from community.forum.models import Thread
from community.team.experts import refresh_all as refresh_tag_experts

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Recompute every thread's and answer's score, answer and comment counts from the source rows, "
        "and every tag's stored thread count and experts."
    )

    def handle(self, *args, **options):
        ids = list(Thread.objects.order_by("pk").values_list("pk", flat=True))
        show = options["verbosity"] > 0
        with tqdm(total=len(ids), unit="thread", disable=not show) as bar:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                recount_threads(chunk)
                bar.update(len(chunk))
        # The tags' stored thread counts, from the links just refreshed with their threads.
        fixed_counts = refresh_tag_counts()
        # The tags' stored expert rankings are built from the same rows (community/team/experts.py).
        tags = refresh_tag_experts(progress=lambda items, total: tqdm(items, total=total, unit="tag", disable=not show))
        if show:
            self.stdout.write(self.style.SUCCESS(f"Recounted {len(ids)} threads and the experts of {tags} tags."))
            self.stdout.write(f"Corrected the thread count of {fixed_counts} tags.")
