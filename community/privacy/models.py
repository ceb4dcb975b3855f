"""A member's data archives and their scheduled erasure (tables of the ``community`` app)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy


class DataExport(models.Model):
    """One "Download my data" request: built by a task, served to its owner by ``token`` until ``expires_at``.

    The file lives under ``GUILDHALL_VAR_DIR/exports`` (never under the public media): only the download view,
    which checks the owner and the expiry, reads it."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("data archive status", "Being prepared")
        READY = "ready", pgettext_lazy("data archive status", "Ready")
        FAILED = "failed", pgettext_lazy("data archive status", "Failed")
        EXPIRED = "expired", pgettext_lazy("data archive status", "Expired")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    token = models.CharField(
        max_length=64, unique=True, help_text=gettext_lazy("The unguessable part of the download link.")
    )
    file_path = models.CharField(max_length=200, blank=True, help_text=gettext_lazy("Relative to GUILDHALL_VAR_DIR."))
    size = models.PositiveBigIntegerField(default=0)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["member", "-requested_at"], name="dataexport_member_idx")]
        constraints = [
            # One archive in preparation per member, even when two requests race.
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(status="pending"), name="dataexport_one_pending"
            )
        ]

    def __str__(self):
        return f"Data export {self.pk} ({self.status})"

    @property
    def is_downloadable(self) -> bool:
        return self.status == self.Status.READY and bool(self.expires_at and self.expires_at > timezone.now())


class AccountDeletion(models.Model):
    """A member's request to be erased: erased by ``manage.py erase_due_accounts`` once ``erase_after`` passed.

    The row outlives the erasure (``erased_at``), holding no personal data, so a second run finds nothing to do."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deletion")
    requested_at = models.DateTimeField(default=timezone.now)
    erase_after = models.DateTimeField(db_index=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Deletion of member {self.member_id}"
