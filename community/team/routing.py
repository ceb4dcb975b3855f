"""Routing: offer questions nobody has answered to a few of their tags' experts.

``manage.py community_route_questions`` (run it every 10–15 minutes) takes the
questions that are at least ``EXPERT_ROUTING_DELAY_HOURS`` old and at most
``EXPERT_ROUTING_MAX_AGE_DAYS``, still without an answer from someone else,
not deleted or locked, and not yet offered to anyone, and calls
``actions.request_experts`` for each: up to ``EXPERTS_PER_QUESTION`` experts
(``community.team.experts``) who have not opted out and have had fewer than
``EXPERT_REQUESTS_PER_DAY`` requests in the last 24 hours get an inbox
notification (and an e-mail if they chose one). A question no expert could
take is tried again on the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from community.forum.models import Thread
from community.team import actions
from community.team.models import ExpertRequest


@dataclass
class RoutingResult:
    questions: int = 0
    routed: int = 0
    requests: int = 0


def waiting_questions(now, *, delay_hours: float | None = None):
    limits = settings.GUILDHALL
    delay = timedelta(hours=limits["EXPERT_ROUTING_DELAY_HOURS"] if delay_hours is None else delay_hours)
    qs = Thread.objects.filter(
        kind=Thread.Kind.QUESTION,
        is_deleted=False,
        first_answer_at__isnull=True,
        created_at__lte=now - delay,
        created_at__gte=now - timedelta(days=limits["EXPERT_ROUTING_MAX_AGE_DAYS"]),
        is_locked=False,
    ).exclude(Exists(ExpertRequest.objects.filter(thread=OuterRef("pk"))))
    return qs.order_by("created_at", "pk")


def route_unanswered(
    *, now=None, delay_hours: float | None = None, progress: Callable[[Iterable, int], Iterable] | None = None
) -> RoutingResult:
    now = now or timezone.now()
    ids = list(waiting_questions(now, delay_hours=delay_hours).values_list("pk", flat=True)[:1000])
    result = RoutingResult(questions=len(ids))
    for thread in (progress or (lambda it, total: it))(
        Thread.objects.filter(pk__in=ids).order_by("created_at", "pk").iterator(), len(ids)
    ):
        experts = actions.request_experts(thread, at=now)
        result.routed += bool(experts)
        result.requests += len(experts)
    return result
