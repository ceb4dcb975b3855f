from django.core.management.base import BaseCommand, CommandError

from rewards import points_recompute


class Command(BaseCommand):
    help = (
        "Bring every member's reward points in line with the reputation ledger: append correction entries where "
        "an origin holds other than the rules' share of its reputation, and reset each balance to its ledger sum."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only report the drift (exit status 1 if any); write nothing."
        )

    def handle(self, *args, check=False, verbosity=1, **options):
        if check:
            report = points_recompute.check()
            if report:
                raise CommandError(
                    f"Reward points drift: {report.origins} origins hold {report.points:+d} points off their share; "
                    f"{report.members} balances are off, e.g. (member, stored, expected) {report.balances[:3]}",
                    returncode=1,
                )
            if verbosity:
                self.stdout.write(self.style.SUCCESS("Reward points agree with the reputation ledger."))
            return
        report = points_recompute.bring_in_line(progress=verbosity > 0)
        off = points_recompute.balance_drift()
        if off:
            raise CommandError(f"{len(off)} balances disagree with their ledger after the correction, e.g. {off[:3]}")
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Appended {report.origins} corrections ({report.points:+d} points); reset {report.members} balances."
                )
            )
