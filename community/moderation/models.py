"""Moderation records: flags, review tasks, suggested edits and the audit log.

Imported by ``community.models`` so Django sees them; written only through
``community.moderation.actions``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy


class PostTarget(models.Model):
    """Points at exactly one thread, answer or comment."""

    thread = models.ForeignKey("community.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey("community.Answer", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey("community.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    @property
    def target(self):
        return self.comment or self.answer or self.thread

    @property
    def target_kind(self) -> str:
        return "comment" if self.comment_id else "answer" if self.answer_id else "thread"

    @property
    def target_id(self) -> int | None:
        """The target's id, read from this row alone (``target`` loads the post)."""
        return self.comment_id or self.answer_id or self.thread_id

    def target_name(self) -> str:
        """The target as people read it: "thread #12", "answer #40", "comment #7" (or "#?" once it is gone)."""
        number = {"number": self.target.pk if self.target else "?"}
        if self.comment_id:
            return _("comment #%(number)s") % number
        if self.answer_id:
            return _("answer #%(number)s") % number
        return _("thread #%(number)s") % number


class Flag(PostTarget):
    class Reason(models.TextChoices):
        SPAM = "spam", gettext_lazy("Spam")
        RUDE = "rude", gettext_lazy("Rude or abusive")
        OFF_TOPIC = "off_topic", gettext_lazy("Off-topic")
        DUPLICATE = "duplicate", gettext_lazy("Duplicate of another thread")
        NEEDS_IMPROVEMENT = "needs_improvement", gettext_lazy("Needs improvement")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("flag status", "Open")
        UPHELD = "upheld", pgettext_lazy("flag status", "Upheld")
        DISMISSED = "dismissed", pgettext_lazy("flag status", "Dismissed")

    flagger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=24, choices=Reason.choices)
    duplicate_of = models.ForeignKey(
        "community.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["flagger", "thread"],
                condition=Q(status="open", answer=None, comment=None),
                name="one_open_flag_per_thread",
            ),
            models.UniqueConstraint(
                fields=["flagger", "answer"], condition=Q(status="open"), name="one_open_flag_per_answer"
            ),
            models.UniqueConstraint(
                fields=["flagger", "comment"], condition=Q(status="open"), name="one_open_flag_per_comment"
            ),
        ]

    def __str__(self):
        # Translators: a flag, e.g. "Spam on answer #40".
        return _("%(reason)s on %(target)s") % {"reason": self.get_reason_display(), "target": self.target_name()}


class ReviewTask(PostTarget):
    """One item in a moderators' review queue."""

    class Queue(models.TextChoices):
        FLAGS = "flags", gettext_lazy("Flagged posts")
        FIRST_POSTS = "first_posts", gettext_lazy("First posts")
        LATE_ANSWERS = "late_answers", gettext_lazy("Late answers")
        SUGGESTED_EDITS = "suggested_edits", gettext_lazy("Suggested edits")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("review task status", "Open")
        DONE = "done", pgettext_lazy("review task status", "Done")

    queue = models.CharField(max_length=20, choices=Queue.choices, db_index=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    suggested_edit = models.ForeignKey(
        "community.SuggestedEdit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["queue", "status", "created_at"], name="review_queue_idx")]

    def __str__(self):
        # Translators: a review task, e.g. "First posts: answer #40".
        return _("%(queue)s: %(target)s") % {"queue": self.get_queue_display(), "target": self.target_name()}


class SuggestedEdit(models.Model):
    """An edit proposed by a member who may not edit others' posts yet; applied once approved."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("suggested edit status", "Pending")
        APPROVED = "approved", pgettext_lazy("suggested edit status", "Approved")
        REJECTED = "rejected", pgettext_lazy("suggested edit status", "Rejected")

    thread = models.ForeignKey(
        "community.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="suggested_edits"
    )
    answer = models.ForeignKey(
        "community.Answer", null=True, blank=True, on_delete=models.CASCADE, related_name="suggested_edits"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggested_edits")
    title = models.CharField(max_length=150, blank=True)
    tags = models.CharField(max_length=200, blank=True)
    body_md = models.TextField()
    summary = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        if self.thread_id:
            return _("Suggested edit by %(author)s on a thread") % {"author": self.author}
        return _("Suggested edit by %(author)s on an answer") % {"author": self.author}
