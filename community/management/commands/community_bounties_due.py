"""``manage.py community_bounties_due``: close the bounties whose 7 days are over (cron, every few minutes).

Each ended bounty either gives half of its amount to the highest-voted answer posted during it (score at least
the rules' ``bounty_auto_min_score``, not the offerer's own) or simply closes. Safe to run late and twice at
once: each bounty is locked (``skip_locked``) and closed once (community/bounties/actions.py). Imported bounties
arrive closed and are never touched.
"""

from django.core.management.base import BaseCommand

from community.bounties.actions import close_ended_bounties


class Command(BaseCommand):
    help = "Close ended bounties: half to the best answer posted during each, else no award."

    def handle(self, *args, **options):
        closed = close_ended_bounties()
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Bounties: {closed} ended bounty(ies) closed."))
