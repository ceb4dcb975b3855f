from django.core.management.base import BaseCommand
from tqdm import tqdm

from community.forum.counters import recount_threads
from community.forum.models import Thread

BATCH = 1000


class Command(BaseCommand):
    help = "Recompute every thread's and answer's score, answer and comment counts from the source rows."

    def handle(self, *args, **options):
        ids = list(Thread.objects.order_by("pk").values_list("pk", flat=True))
        show = options["verbosity"] > 0
        with tqdm(total=len(ids), unit="thread", disable=not show) as bar:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                recount_threads(chunk)
                bar.update(len(chunk))
        if show:
            self.stdout.write(self.style.SUCCESS(f"Recounted {len(ids)} threads."))
