"""The community team's records: ideas' status history, expert requests, the dissatisfaction watch."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.forum.models import Answer, Comment, IdeaStatus, Tag, Thread


class IdeaStatusChange(models.Model):
    """One status change of an idea, with the public explanation staff gave."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="status_changes")
    previous_status = models.CharField(max_length=16, choices=IdeaStatus.choices, blank=True)
    status = models.CharField(max_length=16, choices=IdeaStatus.choices)
    explanation = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["thread", "-changed_at"], name="idea_status_history_idx")]


class ExpertRequest(models.Model):
    """An unanswered question offered to one of its tags' experts (community.team.experts)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="expert_requests")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_requests")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "expert"], name="expert_request_once")]
        indexes = [models.Index(fields=["expert", "created_at"], name="expert_request_daily_idx")]


class DissatisfactionItem(models.Model):
    """A post that reads as a complaint or frustration, for the community team to answer (community.team.watch)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=2)
    score = models.FloatField(help_text="VADER compound minus complaint cues; at most -0.3.")
    negativity = models.FloatField(help_text="0 … 1: how negative it reads.")
    cues = models.CharField(max_length=300, blank=True)
    excerpt = models.CharField(max_length=300)
    posted_at = models.DateTimeField()
    detected_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("dissatisfaction watch item")
        constraints = [
            models.UniqueConstraint(
                fields=["thread"], condition=Q(answer__isnull=True, comment__isnull=True), name="watch_thread_once"
            ),
            models.UniqueConstraint(fields=["answer"], condition=Q(comment__isnull=True), name="watch_answer_once"),
            models.UniqueConstraint(fields=["comment"], condition=Q(comment__isnull=False), name="watch_comment_once"),
        ]
        indexes = [models.Index(fields=["handled_at", "-negativity"], name="watch_open_idx")]

    @property
    def post_kind(self) -> str:
        return "comment" if self.comment_id else "answer" if self.answer_id else "thread"

    def get_absolute_url(self):
        base = reverse("community:thread_short", args=[self.thread_id])
        if self.comment_id:
            return f"{base}#comment-{self.comment_id}"
        if self.answer_id:
            return f"{base}#answer-{self.answer_id}"
        return base


class TagExpert(models.Model):
    """One place in a tag's stored expert ranking ("who knows this"), written only by
    ``community.team.experts.refresh_tag_experts``.

    Summing every answer of a popular tag on each tag page cost ~380 ms at 100,000 threads; the ranking is
    computed once per change (a background task per event, ``community_refresh_experts`` daily for recency) and
    the page reads ``EXPERTS_PER_TAG`` rows of the (tag, rank) index.
    """

    # No index of its own on tag: both unique constraints below start with it.
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+", db_index=False)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(help_text="1 for the tag's best expert.")
    answers = models.PositiveIntegerField()
    accepted = models.PositiveIntegerField()
    score = models.IntegerField(help_text="The sum of the counted answers' scores.")
    points = models.FloatField(help_text="Expertise points (community/team/experts.py), recency as of computed_at.")
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "member"], name="tag_expert_once"),
            # The tag page's read: the first ranks of one tag, in order, one index range.
            models.UniqueConstraint(fields=["tag", "rank"], name="tag_expert_rank"),
        ]
