"""``manage.py community_send_digests daily|weekly``: the notification digests (cron: daily, and weekly)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from community.notifications.digests import send_digests


class Command(BaseCommand):
    help = "E-mail each member the notifications (and badges) they chose to get in their daily or weekly digest."

    def add_arguments(self, parser):
        parser.add_argument("mode", choices=["daily", "weekly"])

    def handle(self, *args, mode, **options):
        show = options["verbosity"] > 0
        result = send_digests(
            mode, progress=lambda items, total: tqdm(items, total=total, unit="member", disable=not show)
        )
        if show:
            self.stdout.write(
                f"{mode} digest: {result.sent} e-mail(s) sent to {result.members} member(s) with something pending "
                f"({result.notifications} notification(s), {result.badges} badge(s))."
            )
