"""``manage.py scale_community --size S|M|L``: a community of a chosen size for the scale benchmark.

Bulk SQL, not the members' path (see ``community.demo.scale``): for benchmarks and tests, never for a site
people use. ``--threads/--answers/--members`` choose any size (tests use small ones). Running it again on a
database that holds the community does nothing.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from community.demo import scale


class Command(BaseCommand):
    help = (
        "Write a generated community of size S (2,000 threads), M (20,000) or L (100,000) straight into the "
        "database with bulk SQL, then rebuild the reputation ledger and the search index. For benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", help=f"One of {', '.join(scale.SIZES)}.")
        parser.add_argument("--threads", type=int, help="Number of threads (with --answers and --members).")
        parser.add_argument("--answers", type=int, help="Number of answers.")
        parser.add_argument("--members", type=int, help="Number of members.")
        parser.add_argument("--seed", type=int, default=scale.SEED, help="Random seed (the same gives the same).")

    def handle(self, *args, size=None, threads=None, answers=None, members=None, seed, verbosity=1, **options):
        chosen = self._size(size, threads, answers, members)
        out = getattr(self.stderr, "_out", sys.stderr)  # tqdm needs the raw stream for its \r updates
        try:
            summary = scale.build(chosen, seed=seed, progress=verbosity > 0, out=out)
        except scale.ScaleError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity:
            self.stdout.write(self.style.SUCCESS(summary.line()) if summary.built else summary.line())

    def _size(self, size, threads, answers, members) -> scale.Size:
        counts = (threads, answers, members)
        if size and any(n is not None for n in counts):
            raise CommandError("Give either --size or --threads/--answers/--members, not both.")
        if size:
            try:
                return next(size for _name, size in scale.iter_sizes([size]))
            except scale.ScaleError as exc:
                raise CommandError(str(exc)) from exc
        if any(n is None for n in counts):
            raise CommandError("Give --size S|M|L, or all three of --threads, --answers and --members.")
        try:
            return scale.Size(threads=threads, answers=answers, members=members)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
