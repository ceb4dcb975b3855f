"""Webhook deliveries in the background (django-tasks), and the sweep of ``manage.py community_webhooks_due``.

With a worker (``TASKS_BACKEND=database`` and ``db_worker``, production) each queued delivery is one task, and a
failed attempt schedules its retry with ``run_after`` at the back-off's time. The immediate backend (the embedded
default, development, tests) has no worker: it would send inside the member's request, so nothing is enqueued
there and the sweep sends what is due. The sweep also catches up on tasks a worker lost (overdue by more than
``LOST_AFTER``), fires "question unanswered after N hours" (once per question and endpoint) and forgets
deliveries older than ``KEEP_DAYS``. Run it every minute (docs/deploy.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from community.webhooks import actions, payloads, sending
from community.webhooks.models import Event, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

LOST_AFTER = timedelta(minutes=2)
KEEP_DAYS = 30
SWEEP_LIMIT = 200


@task()
def deliver(delivery_id: int) -> str:
    delivery = sending.attempt(int(delivery_id))
    if delivery is None:
        return "not due"
    if delivery.status == WebhookDelivery.Status.RETRYING:
        schedule_retry(delivery)
    return delivery.status


def has_worker() -> bool:
    return bool(deliver.get_backend().supports_defer)


def enqueue(delivery_ids) -> None:
    """Hand deliveries to the worker; without one they wait for the sweep (never sent in the request)."""
    if not has_worker():
        return
    for pk in delivery_ids:
        try:
            deliver.enqueue(pk)
        except Exception:  # the sweep sends it later
            logger.exception("Could not enqueue webhook delivery %s", pk)


def schedule_retry(delivery: WebhookDelivery) -> None:
    if not has_worker() or delivery.next_attempt_at is None:
        return
    try:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    except Exception:
        logger.exception("Could not schedule the retry of webhook delivery %s", delivery.pk)


@dataclass
class SweepResult:
    unanswered: int = 0
    sent: int = 0
    forgotten: int = 0


def sweep(now=None) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    result.unanswered = fire_unanswered(now)
    result.sent = send_due(now)
    result.forgotten = actions.forget_old(now - timedelta(days=KEEP_DAYS))
    return result


def send_due(now=None, limit: int = SWEEP_LIMIT) -> int:
    """Send what is due now (without a worker) or what a worker has lost; how many were attempted."""
    now = now or timezone.now()
    worker = has_worker()
    due_before = now - LOST_AFTER if worker else now
    due = list(
        WebhookDelivery.objects.filter(status__in=actions.OPEN, next_attempt_at__lte=due_before)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if worker:
        enqueue(due)
        return len(due)
    attempted = 0
    for pk in due:
        if sending.attempt(pk, now=now) is not None:
            attempted += 1
    return attempted


def fire_unanswered(now=None) -> int:
    """Queue "question.unanswered" for the questions that crossed each endpoint's N hours; how many."""
    now = now or timezone.now()
    queued = []
    endpoints = WebhookEndpoint.objects.filter(is_active=True)
    for endpoint in endpoints:
        if Event.QUESTION_UNANSWERED not in (endpoint.events or []):
            continue
        for thread in actions.unanswered_questions(endpoint, now):
            queued += actions.queue(
                Event.QUESTION_UNANSWERED,
                payloads.question_unanswered(thread, endpoint.unanswered_hours),
                at=now,
                endpoint_ids=[endpoint.pk],
                thread_id=thread.pk,
                dedupe_key=f"unanswered:{thread.pk}",
            )
    enqueue(queued)
    return len(queued)
