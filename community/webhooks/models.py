"""Webhook endpoints (added by moderators in the CMS) and their deliveries (one row per payload sent).

Written only by ``community.webhooks.actions``: the handlers queue deliveries, the task worker records each
attempt, moderators save endpoints and redeliver.
"""

from __future__ import annotations

import json
import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Event(models.TextChoices):
    """What an endpoint can hear about; the value is the ``event`` of the payload and the ``X-Guildhall-Event``."""

    THREAD_CREATED = "thread.created", _("Thread created")
    ANSWER_POSTED = "answer.posted", _("Answer posted")
    ANSWER_ACCEPTED = "answer.accepted", _("Answer accepted")
    QUESTION_UNANSWERED = "question.unanswered", _("Question unanswered after N hours")
    IDEA_STATUS_CHANGED = "idea.status_changed", _("Idea status changed")
    FLAG_RAISED = "flag.raised", _("Flag raised")
    DISSATISFACTION_DETECTED = "dissatisfaction.detected", _("Dissatisfaction detected")
    MEMBER_JOINED = "member.joined", _("Member joined")


def new_secret() -> str:
    """A signing secret: 32 random bytes, URL-safe text (the receiver pastes it into its configuration)."""
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    class Disabled(models.TextChoices):
        FAILURES = "failures", _("Turned off after repeated failed deliveries")
        MODERATOR = "moderator", _("Turned off by a moderator")

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list, help_text="The Event values this endpoint receives.")
    unanswered_hours = models.PositiveIntegerField(_("hours without an answer"), default=24)
    secret = models.CharField(_("secret"), max_length=128, default=new_secret)
    is_active = models.BooleanField(_("active"), default=True)
    # Deliveries that failed after all their retries, in a row: a success sets it back to 0.
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_reason = models.CharField(max_length=16, choices=Disabled.choices, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.url

    @property
    def host(self) -> str:
        """The address's host: what names an endpoint where the whole URL would not fit."""
        return urlsplit(self.url).hostname or self.url

    def receives(self, event: str) -> bool:
        return self.is_active and event in (self.events or [])

    def event_labels(self) -> list[str]:
        return [str(Event(value).label) for value in self.events or [] if value in Event.values]


class WebhookDelivery(models.Model):
    """One payload for one endpoint and its attempts: the first, the retries, and their outcome.

    ``body`` is the exact JSON sent (signed as bytes); a redelivery is a new row with the same body (the same
    event ``id``, so a receiver can tell it has seen it) and a new ``uuid`` (the ``X-Guildhall-Delivery``)."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("delivery status", "Pending")
        SENDING = "sending", pgettext_lazy("delivery status", "Sending")
        RETRYING = "retrying", pgettext_lazy("delivery status", "Retrying")
        SUCCEEDED = "succeeded", pgettext_lazy("delivery status", "Delivered")
        FAILED = "failed", pgettext_lazy("delivery status", "Failed")
        SKIPPED = "skipped", pgettext_lazy("delivery status", "Not sent")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    event_id = models.UUIDField(help_text="The payload's id: the same for every endpoint and every redelivery.")
    # Fires once per endpoint ("unanswered:<thread id>"); empty for events that cannot repeat.
    dedupe_key = models.CharField(max_length=80, blank=True)
    body = models.TextField()
    # The thread it is about, if any: the log names it, and the unanswered sweep skips questions it already sent.
    thread = models.ForeignKey("community.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    redelivery_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="redeliveries"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "dedupe_key"], condition=~Q(dedupe_key=""), name="webhook_delivery_once"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx"),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log_idx"),
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id} ({self.status})"

    @property
    def succeeded(self) -> bool:
        return self.status == self.Status.SUCCEEDED

    def readable_body(self) -> str:
        """The payload indented for the log (what was sent, and signed, is ``body`` as it is)."""
        try:
            return json.dumps(json.loads(self.body), indent=2, ensure_ascii=False)
        except ValueError:
            return self.body
