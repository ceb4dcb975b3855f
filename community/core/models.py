"""Rows every feature writes: the audit log of moderators' and the team's actions (``community.core.audit``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy


class AuditEntry(models.Model):
    """One moderator action: who did what to what, when and why."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40, db_index=True)
    target_type = models.CharField(max_length=20, db_index=True)
    target_id = models.BigIntegerField(null=True)
    target_label = models.CharField(max_length=200, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("The member affected."),
    )
    reason = models.CharField(max_length=300, blank=True)
    # What the log needs to say the act in a sentence, as data (never English text): the thread the target
    # belongs to, a duplicate's original, a suspension's days, a tag merge's names, the flags behind an auto-hide.
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = gettext_lazy("audit entry")
        verbose_name_plural = gettext_lazy("audit entries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        # The inspect page's title: what was acted on, as people read it (the act itself is its first field).
        return self.target_label or gettext("audit entry")
