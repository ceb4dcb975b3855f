from django.core.management.base import BaseCommand, CommandError

from rewards import tag_scores
from rewards.models import RuleProfile
from rewards.recompute import drift, recompute_all


class Command(BaseCommand):
    help = "Rebuild every member's reputation ledger and total from votes, accepts and bounties."

    def add_arguments(self, parser):
        parser.add_argument("--rules", help="Name of the rule profile to replay under (it becomes the active one).")

    def handle(self, *args, rules=None, verbosity=1, **options):
        if rules and not RuleProfile.objects.filter(name=rules).exists():
            names = ", ".join(RuleProfile.objects.values_list("name", flat=True))
            raise CommandError(f"No rule profile named {rules!r}. Known profiles: {names}.")
        summary = recompute_all(rules, progress=verbosity > 0)
        off = drift()
        if off:
            raise CommandError(f"{len(off)} totals disagree with their ledger after the rebuild, e.g. {off[:3]}")
        off_tags = tag_scores.drift()
        if off_tags:
            raise CommandError(
                f"{len(off_tags)} tag scores disagree with the answers after the rebuild, e.g. {off_tags[:3]}"
            )
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Rebuilt {summary['entries']} ledger entries for {summary['members']} members under “{summary['profile']}”."
                )
            )
