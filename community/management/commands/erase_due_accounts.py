"""``manage.py erase_due_accounts``: erase the members whose deletion grace period has ended (cron, daily).

Members ask for deletion on "Your data"; after ``GUILDHALL_DELETION_GRACE_DAYS`` (14 by default) this run
erases their personal data (``community.privacy.actions.erase_member``: posts, votes and the reputation ledger
stay, under "deleted member N"). It also removes the data archives whose download link has expired. Idempotent:
safe to run late or twice.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from community.privacy import actions


class Command(BaseCommand):
    help = "Erase the accounts whose deletion grace period has ended; remove expired data archives."

    def handle(self, *args, **options):
        show = options["verbosity"] > 0
        erased = actions.erase_due_accounts(
            progress=lambda items, total: tqdm(items, total=total, unit="member", disable=not show)
        )
        expired = actions.expire_exports()
        if show:
            self.stdout.write(self.style.SUCCESS(f"Erased {erased} accounts; removed {expired} expired archives."))
