"""Personal access tokens: a member's key for the API, shown once and kept only as a hash."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

# Every token starts with this, so secret scanners (and people) recognise a leaked one.
TOKEN_PREFIX = "gh_"


def hash_token(raw: str) -> str:
    """A token is 256 random bits: a plain SHA-256 is enough to keep (no slow hash needed for such entropy),
    and it lets a request find its token with one indexed lookup."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class TokenScope(models.TextChoices):
    READ = "read", gettext_lazy("Read")
    WRITE = "write", gettext_lazy("Read and write")


class AccessTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class AccessToken(models.Model):
    """A named key acting as its member (privileges included), limited to reading or allowed to write too."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(gettext_lazy("name"), max_length=80)
    scope = models.CharField(gettext_lazy("scope"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    hashed = models.CharField(max_length=64, unique=True)
    # The first characters, shown in lists so a member tells their tokens apart without the secret.
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("access token")
        verbose_name_plural = gettext_lazy("access tokens")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["member", "revoked_at"], name="token_member_idx")]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE
