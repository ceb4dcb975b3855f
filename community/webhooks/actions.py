"""Every change to webhook endpoints and deliveries: moderators' edits, queued payloads, recorded attempts.

Retries follow ``BACKOFF``: a delivery that fails is tried again after 1 minute, 5 minutes, 30 minutes, 2 hours
and 6 hours (six attempts in all); then it has *failed*. ``DISABLE_AFTER`` failed deliveries in a row (no
success in between) turn the endpoint off, with the reason shown in the CMS, and ``WebhookEndpointDisabled``
tells the moderators (community/notifications). Turning it back on resets the count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community.core import events, permissions
from community.core.errors import ActionConflict
from community.forum.models import Thread
from community.webhooks import guard, payloads
from community.webhooks.models import Event, WebhookDelivery, WebhookEndpoint

BACKOFF = (60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600)  # seconds before retry 1 … 5
DISABLE_AFTER = 5  # failed deliveries in a row
LEASE_SECONDS = 120  # a claimed delivery is not claimed again before this (a worker that died mid-send)
MAX_HOURS = 24 * 30
MIN_SECRET = 16
ENDPOINTS_KEY = "webhooks:active-endpoints"

S = WebhookDelivery.Status
OPEN = (S.PENDING, S.RETRYING, S.SENDING)


def _require_moderator(actor) -> None:
    if not permissions.is_moderator(actor):
        raise PermissionDenied(_("Only moderators can manage webhooks."))


def active_endpoints() -> list[tuple[int, tuple[str, ...]]]:
    """(id, events) of every active endpoint, from the shared cache: every community event asks."""
    found = cache.get(ENDPOINTS_KEY)
    if found is None:
        found = [
            (pk, tuple(names or ()))
            for pk, names in WebhookEndpoint.objects.filter(is_active=True).values_list("pk", "events")
        ]
        cache.set(ENDPOINTS_KEY, found, 300)
    return found


def _endpoints_changed() -> None:
    """Forget the cached list now and again once committed (a reader in between may have cached the old one)."""
    cache.delete(ENDPOINTS_KEY)
    transaction.on_commit(lambda: cache.delete(ENDPOINTS_KEY))


# --- moderators: endpoints ---------------------------------------------------------------------------------


def clean_endpoint(*, url: str, events_chosen, unanswered_hours, secret: str) -> dict:
    """Check what a moderator typed; a ``ValidationError`` naming each field it refuses."""
    errors: dict[str, list[str]] = {}
    url = (url or "").strip()
    try:
        guard.check_url(url)
    except ValidationError as exc:
        errors["url"] = exc.messages
    chosen = list(dict.fromkeys(events_chosen or []))
    unknown = [name for name in chosen if name not in Event.values]
    if not chosen:
        errors["events"] = [_("Choose at least one event to send.")]
    elif unknown:
        errors["events"] = [_("Unknown event: %(name)s.") % {"name": str(unknown[0])[:40]}]
    try:
        hours = int(unanswered_hours)
        if not 1 <= hours <= MAX_HOURS:
            raise ValueError
    except (TypeError, ValueError):
        errors["unanswered_hours"] = [_("Enter a number of hours between 1 and %(max)s.") % {"max": MAX_HOURS}]
        hours = 0
    secret = (secret or "").strip()
    if len(secret) < MIN_SECRET or len(secret) > 128 or any(c.isspace() for c in secret):
        errors["secret"] = [
            _("The secret is %(min)s to 128 characters without spaces; keep the generated one if unsure.")
            % {"min": MIN_SECRET}
        ]
    if errors:
        raise ValidationError(errors)
    return {"url": url, "events": chosen, "unanswered_hours": hours, "secret": secret}


@transaction.atomic
def save_endpoint(
    actor,
    endpoint: WebhookEndpoint | None = None,
    *,
    url,
    events_chosen,
    unanswered_hours,
    secret,
    description="",
    is_active=True,
) -> WebhookEndpoint:
    """Add an endpoint (``endpoint`` None) or change one. Turning an endpoint back on forgets its failures."""
    _require_moderator(actor)
    values = clean_endpoint(url=url, events_chosen=events_chosen, unanswered_hours=unanswered_hours, secret=secret)
    now = timezone.now()
    created = endpoint is None
    if created:
        endpoint = WebhookEndpoint(created_by=actor, created_at=now)
    else:
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    was_active = endpoint.is_active
    endpoint.url = values["url"]
    endpoint.events = values["events"]
    endpoint.unanswered_hours = values["unanswered_hours"]
    endpoint.secret = values["secret"]
    endpoint.description = " ".join((description or "").split())[:200]
    endpoint.is_active = bool(is_active)
    endpoint.updated_at = now
    if endpoint.is_active and (created or not was_active):
        endpoint.consecutive_failures = 0
        endpoint.disabled_reason = ""
        endpoint.disabled_at = None
    elif not endpoint.is_active and was_active:
        endpoint.disabled_reason = WebhookEndpoint.Disabled.MODERATOR
        endpoint.disabled_at = now
    endpoint.save()
    _endpoints_changed()
    events.emit(events.WebhookEndpointSaved(endpoint_id=endpoint.pk, actor_id=actor.pk, created=created, at=now))
    return endpoint


@transaction.atomic
def delete_endpoint(actor, endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint and its delivery log."""
    _require_moderator(actor)
    pk = endpoint.pk
    WebhookEndpoint.objects.filter(pk=pk).delete()
    _endpoints_changed()
    events.emit(events.WebhookEndpointDeleted(endpoint_id=pk, actor_id=actor.pk, at=timezone.now()))


@transaction.atomic
def redeliver(actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery's payload again (the same body, so the same event id) as a new delivery with its own id."""
    _require_moderator(actor)
    endpoint = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).first()
    if endpoint is None:
        raise ActionConflict(_("This endpoint no longer exists."))
    if not endpoint.is_active:
        raise ActionConflict(_("This endpoint is turned off. Turn it back on before sending again."))
    now = timezone.now()
    copy = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=delivery.event,
        event_id=delivery.event_id,
        body=delivery.body,
        thread_id=delivery.thread_id,
        redelivery_of=delivery,
        requested_by=actor,
        created_at=now,
        next_attempt_at=now,
    )
    events.emit(events.WebhookRedelivered(delivery_id=copy.pk, original_id=delivery.pk, actor_id=actor.pk, at=now))
    return copy


# --- the subscribers and the sweep: queued payloads ------------------------------------------------------


@transaction.atomic
def queue(event: str, data: dict, *, at: datetime, endpoint_ids, thread_id=None, dedupe_key: str = "") -> list[int]:
    """One delivery of one payload per endpoint, due now; the ids of those written (a ``dedupe_key`` already
    sent to an endpoint is not queued again)."""
    event_id, body = payloads.envelope(event, data, at=at)
    now = timezone.now()
    rows = [
        WebhookDelivery(
            endpoint_id=pk,
            event=event,
            event_id=event_id,
            body=body,
            thread_id=thread_id,
            dedupe_key=dedupe_key,
            created_at=now,
            next_attempt_at=now,
        )
        for pk in endpoint_ids
    ]
    if dedupe_key:
        WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)  # the unique key drops a second sweep's
        return list(
            WebhookDelivery.objects.filter(
                endpoint_id__in=endpoint_ids, dedupe_key=dedupe_key, event_id=event_id
            ).values_list("pk", flat=True)
        )
    return [row.pk for row in WebhookDelivery.objects.bulk_create(rows)]


def unanswered_questions(endpoint: WebhookEndpoint, now: datetime, limit: int = 200):
    """Questions without an answer for the endpoint's N hours and not yet sent to it — only those that crossed
    the N hours after the endpoint was added (a new endpoint is not flooded with the community's backlog)."""
    hours = timedelta(hours=endpoint.unanswered_hours)
    sent = WebhookDelivery.objects.filter(
        endpoint=endpoint, event=Event.QUESTION_UNANSWERED, thread__isnull=False
    ).values("thread_id")
    return (
        Thread.objects.filter(
            kind=Thread.Kind.QUESTION,
            is_deleted=False,
            answer_count=0,
            created_at__lte=now - hours,
            created_at__gte=endpoint.created_at - hours,
        )
        .exclude(pk__in=sent)
        .select_related("author")
        .prefetch_related("tags")
        .order_by("created_at", "pk")[:limit]
    )


# --- the worker: attempts -------------------------------------------------------------------------------


@transaction.atomic
def claim(delivery_id: int, *, now: datetime | None = None) -> WebhookDelivery | None:
    """Take a due delivery for one attempt (None if it is not due, done, or another worker has it)."""
    now = now or timezone.now()
    delivery = (
        WebhookDelivery.objects.select_for_update(skip_locked=True)
        .filter(pk=delivery_id, status__in=OPEN, next_attempt_at__lte=now)
        .first()
    )
    if delivery is None:
        return None
    delivery.status = S.SENDING
    delivery.next_attempt_at = now + timedelta(seconds=LEASE_SECONDS)
    delivery.save(update_fields=["status", "next_attempt_at"])
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


@transaction.atomic
def skip(delivery_id: int, reason: str) -> WebhookDelivery:
    """Not sent and never will be (its endpoint was turned off meanwhile)."""
    WebhookDelivery.objects.filter(pk=delivery_id).update(status=S.SKIPPED, next_attempt_at=None, error=reason[:300])
    return WebhookDelivery.objects.get(pk=delivery_id)


@transaction.atomic
def record_attempt(
    delivery_id: int, *, ok: bool, response_code: int | None, duration_ms: int, error: str, at: datetime
) -> WebhookDelivery:
    """The outcome of one attempt: delivered, a retry planned (``next_attempt_at``), or failed for good —
    which counts against the endpoint and may turn it off."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    delivery.attempts += 1
    delivery.last_attempt_at = at
    delivery.response_code = response_code
    delivery.duration_ms = max(0, int(duration_ms))
    delivery.error = "" if ok else (error or "")[:300]
    endpoints = WebhookEndpoint.objects.select_for_update().filter(pk=delivery.endpoint_id)
    if ok:
        delivery.status, delivery.next_attempt_at = S.SUCCEEDED, None
        endpoints.filter(consecutive_failures__gt=0).update(consecutive_failures=0)
    elif delivery.attempts <= len(BACKOFF):
        delivery.status = S.RETRYING
        delivery.next_attempt_at = at + timedelta(seconds=BACKOFF[delivery.attempts - 1])
    else:
        delivery.status, delivery.next_attempt_at = S.FAILED, None
        endpoints.update(consecutive_failures=F("consecutive_failures") + 1)
        _maybe_disable(delivery.endpoint_id, at)
    delivery.save()
    return delivery


def _maybe_disable(endpoint_id: int, at: datetime) -> None:
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    if not endpoint.is_active or endpoint.consecutive_failures < DISABLE_AFTER:
        return
    endpoint.is_active = False
    endpoint.disabled_reason = WebhookEndpoint.Disabled.FAILURES
    endpoint.disabled_at = at
    endpoint.save(update_fields=["is_active", "disabled_reason", "disabled_at"])
    # What was still waiting for it will not be sent.
    WebhookDelivery.objects.filter(endpoint_id=endpoint_id, status__in=(S.PENDING, S.RETRYING)).update(
        status=S.SKIPPED, next_attempt_at=None, error=_("The endpoint was turned off.")
    )
    _endpoints_changed()
    events.emit(
        events.WebhookEndpointDisabled(
            endpoint_id=endpoint_id, url=endpoint.url, failures=endpoint.consecutive_failures, at=at
        )
    )


@transaction.atomic
def forget_old(before: datetime) -> int:
    """Drop finished deliveries older than ``before``: the log is for recent troubles, and payloads name members."""
    deleted, _counts = WebhookDelivery.objects.filter(created_at__lt=before).exclude(status__in=OPEN).delete()
    return deleted
