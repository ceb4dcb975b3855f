from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from community.importers import DumpError
from community.importers.stackexchange import DEFAULT_RULES, import_site  # noqa: F401 (documented default for dumps)


class Command(BaseCommand):
    help = (
        "Import one site folder of the Stack Exchange data dump (Users, Posts, Comments, Votes, PostLinks, Tags), "
        "then replay the votes through the rewards rules. Re-running it updates instead of duplicating."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", help="one site's folder, e.g. beer.stackexchange.com/ with Users.xml, Posts.xml, …"
        )
        parser.add_argument(
            "--rules",
            metavar="PROFILE",
            default=None,
            help="rewards rule profile to replay the votes with; it becomes the active profile "
            f"(default: keep the rules in force; dumps from before 2019 match {DEFAULT_RULES!r})",
        )
        parser.add_argument(
            "--source",
            help="name under which the import is recorded for re-runs (default: the folder's name)",
        )
        parser.add_argument(
            "--no-replay",
            action="store_true",
            help="import the rows but do not recompute reputation (run the rewards recompute later)",
        )

    def handle(self, *args, **options):
        try:
            report = import_site(
                options["directory"],
                source=options["source"],
                rules=options["rules"],
                replay=not options["no_replay"],
                progress=options["verbosity"] > 0,
            )
        except DumpError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from None
        except DatabaseError as exc:
            raise CommandError(f"Nothing was imported: the database refused a row ({exc}).") from None
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(report.summary()))
