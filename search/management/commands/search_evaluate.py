"""Measure search on a real community: duplicates found by ``similar()``, judged queries ranked by ``search()``
(docs/search.md, "Evaluation")."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from tqdm import tqdm

from search import conf
from search.evaluation import harness
from search.evaluation import table as tables
from search.types import SearchUnavailable

DEFAULT_JUDGEMENTS = Path(settings.BASE_DIR) / "tests" / "data" / "search_judgements.json"
DEFAULT_DUMP = Path(settings.BASE_DIR).parent / "shared" / "data" / "stackexchange"


class Command(BaseCommand):
    help = (
        "Import a Stack Exchange dump (once), rebuild the search index, then print recall@5, recall@10 and MRR of "
        "similar questions over the dump's duplicate links (leave-one-out) and nDCG@10 of the judged queries. "
        "Meant for an evaluation database, not a live site: it imports the dump into the configured database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            choices=("configured", "database", "elasticsearch"),
            default="configured",
            help="database: the database's full-text search even if ELASTICSEARCH_URL is set; elasticsearch: "
            "ELASTICSEARCH_URL's cluster (it must be set); configured (default): whichever the settings choose.",
        )
        parser.add_argument(
            "--dump",
            type=Path,
            help="the site's folder of the dump (default: the judgements' source under ../shared/data/stackexchange)",
        )
        parser.add_argument("--judgements", type=Path, default=DEFAULT_JUDGEMENTS, help="the judged queries (JSON)")
        parser.add_argument("--json", type=Path, help="also write the figures, pair by pair, to this file")
        parser.add_argument("--no-reindex", action="store_true", help="use the index as it is (already built)")
        parser.add_argument("--misses", action="store_true", help="list the pairs whose original is not in the 5")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--table",
            nargs="+",
            type=Path,
            metavar="JSON",
            help="evaluate nothing: print one table of the figures --json wrote (one file per backend)",
        )
        parser.add_argument("--markdown", action="store_true", help="with --table: a Markdown table (docs/search.md)")

    def handle(
        self, *args, backend, dump, judgements, json, no_reindex, misses, no_progress, table, markdown, **options
    ):
        if table:
            self._print_table(table, markdown=markdown)
            return
        if not judgements.is_file():
            raise CommandError(f"No judged queries at {judgements}.")
        source, judged = harness.load_judgements(judgements)
        folder = dump or DEFAULT_DUMP / source
        if not (folder / "Posts.xml").is_file():
            raise CommandError(f"No Stack Exchange dump at {folder} (Posts.xml missing); give its folder with --dump.")
        if backend == "elasticsearch" and not conf.uses_elasticsearch():
            raise CommandError("--backend elasticsearch needs ELASTICSEARCH_URL.")
        with (
            override_settings(ELASTICSEARCH_URL="", ELASTICSEARCH_CLOUD_ID="")
            if backend == "database"
            else nullcontext()
        ):
            report = self._evaluate(folder, judged, reindex=not no_reindex, progress=not no_progress)
        if json:
            json.write_text(report.to_json(), encoding="utf-8")
        self.stdout.write(tables.text([report]))
        if misses and (listed := tables.misses(report)):
            self.stdout.write(listed)

    def _print_table(self, files: list[Path], *, markdown: bool) -> None:
        try:
            reports = [harness.Report.from_json(path.read_text(encoding="utf-8")) for path in files]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"Cannot read the figures: {exc}") from exc
        self.stdout.write(tables.markdown(reports) if markdown else tables.text(reports))

    def _evaluate(self, folder: Path, judged, *, reindex: bool, progress: bool) -> harness.Report:
        source = harness.ensure_imported(folder)
        pairs = len(harness.duplicate_pairs(source))
        bar = tqdm(total=pairs + len(judged), unit="query", disable=not progress, desc=harness.backend_label())
        try:
            return harness.evaluate(source, judged, reindex=reindex, progress=lambda label: bar.update())
        except SearchUnavailable as exc:
            raise CommandError(f"Search backend unavailable: {exc}") from exc
        finally:
            bar.close()
