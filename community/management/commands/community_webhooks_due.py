"""``manage.py community_webhooks_due``: the webhook sweep (cron, every minute).

Queues "question unanswered after N hours" for the questions that just crossed an endpoint's N hours (once per
question and endpoint), sends the deliveries that are due — every one without a worker (the immediate backend
never sends inside a request), only those a worker lost with one — and forgets deliveries older than 30 days.
Safe to run late and twice: a delivery is claimed before it is sent.
"""

from django.core.management.base import BaseCommand

from community.webhooks.tasks import sweep


class Command(BaseCommand):
    help = "Send due webhook deliveries and retries, fire 'question unanswered' events, forget old deliveries."

    def handle(self, *args, **options):
        result = sweep()
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Webhooks: {result.unanswered} unanswered question(s) queued, {result.sent} delivery attempt(s), "
                    f"{result.forgotten} old deliveries forgotten."
                )
            )
