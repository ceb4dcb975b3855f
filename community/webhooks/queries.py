"""What the CMS screens read: endpoints with their latest delivery, and the delivery log (constant queries)."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery

from community.webhooks.models import WebhookDelivery, WebhookEndpoint


def endpoints_with_latest():
    """Every endpoint with its latest delivery's status and time, and its deliveries still waiting — one query."""
    latest = WebhookDelivery.objects.filter(endpoint=OuterRef("pk")).order_by("-created_at", "-pk")
    return WebhookEndpoint.objects.annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_at=Subquery(latest.values("created_at")[:1]),
        latest_code=Subquery(latest.values("response_code")[:1]),
        waiting=Count(
            "deliveries",
            filter=Q(deliveries__status__in=(WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING)),
        ),
    ).order_by("-is_active", "pk")


def delivery_log(*, endpoint_id: int | None = None, status: str = ""):
    deliveries = WebhookDelivery.objects.select_related("endpoint", "thread", "requested_by").defer(
        "thread__body_md", "thread__body_html"
    )
    if endpoint_id is not None:
        deliveries = deliveries.filter(endpoint_id=endpoint_id)
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries.order_by("-created_at", "-pk")
