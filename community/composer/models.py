"""What the composer keeps: a member's unfinished writing (``Draft``) and the images they uploaded (``Upload``).

Both belong to one member and are part of their data (community/privacy: "Download my data", erasure)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy


class Draft(models.Model):
    """One piece of writing not posted yet: a new thread of a kind, an answer to a thread, an edit of a post.

    One row per (member, purpose, object): saving again overwrites it, so autosave never piles rows up.
    ``object_id`` is the thread answered or the post edited, 0 for a new thread."""

    class Purpose(models.TextChoices):
        QUESTION = "question", pgettext_lazy("draft of", "a new question")
        TIP = "tip", pgettext_lazy("draft of", "a new tip")
        IDEA = "idea", pgettext_lazy("draft of", "a new idea")
        ANSWER = "answer", pgettext_lazy("draft of", "an answer")
        EDIT_THREAD = "edit-thread", pgettext_lazy("draft of", "an edit of a thread")
        EDIT_ANSWER = "edit-answer", pgettext_lazy("draft of", "an edit of an answer")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    object_id = models.PositiveBigIntegerField(default=0)
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    tags = models.CharField(max_length=1000, blank=True)
    language = models.CharField(max_length=10, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = gettext_lazy("draft")
        verbose_name_plural = gettext_lazy("drafts")
        constraints = [
            models.UniqueConstraint(fields=["member", "purpose", "object_id"], name="draft_one_per_target"),
        ]
        indexes = [models.Index(fields=["member", "updated_at"], name="draft_member_recent_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.purpose}:{self.object_id}"


class Upload(models.Model):
    """An image a member uploaded, cleaned and resized (community/composer/images.py), in the default storage.

    ``name`` is the storage name (``uploads/<random>.<ext>``); the file is served by ``views.serve_upload`` under
    ``/uploads/<random>.<ext>``, a path of this site, so the renderer keeps it as an image."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(max_length=200, unique=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = gettext_lazy("uploaded image")
        verbose_name_plural = gettext_lazy("uploaded images")
        indexes = [models.Index(fields=["member", "created_at"], name="upload_member_recent_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def file_name(self) -> str:
        return self.name.rsplit("/", 1)[-1]
