"""``manage.py community_route_questions``: offer unanswered questions to their tags' experts (cron, every 10–15 min)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from community.team.routing import route_unanswered


class Command(BaseCommand):
    help = "Offer questions still unanswered after EXPERT_ROUTING_DELAY_HOURS to a few experts of their tags."

    def add_arguments(self, parser):
        parser.add_argument(
            "--delay-hours",
            type=float,
            default=None,
            help="Override GUILDHALL['EXPERT_ROUTING_DELAY_HOURS'] for this run.",
        )

    def handle(self, *args, delay_hours=None, **options):
        if delay_hours is not None and delay_hours < 0:
            raise CommandError("--delay-hours cannot be negative.")
        show = options["verbosity"] > 0
        result = route_unanswered(
            delay_hours=delay_hours,
            progress=lambda items, total: tqdm(items, total=total, unit="question", disable=not show),
        )
        if show:
            self.stdout.write(
                f"{result.questions} waiting question(s); {result.routed} offered to {result.requests} expert request(s)."
            )
