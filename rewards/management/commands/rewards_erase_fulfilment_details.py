"""``manage.py rewards_erase_fulfilment_details``: blank the fulfilment details past their retention (cron, daily).

A redemption's address, size and phone are kept for the team while the perk is on its way, and for
``GUILDHALL_FULFILMENT_RETENTION_DAYS`` after it was fulfilled or rejected (a parcel that comes back, a member
who asks); then nobody needs them. Safe to run late or twice: an erased redemption is not touched again.
"""

from django.core.management.base import BaseCommand

from rewards.actions.redemptions import erase_expired_details, retention_days


class Command(BaseCommand):
    help = "Erase the fulfilment details of redemptions fulfilled or rejected longer ago than the retention period."

    def handle(self, *args, verbosity=1, **options):
        erased = erase_expired_details()
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Erased the fulfilment details of {erased} redemption(s) closed more than "
                    f"{retention_days()} days ago."
                )
            )
