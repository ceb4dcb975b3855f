"""Follows, notification settings and the inbox: written only by notifications' actions and subscribers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from community.forum.models import Answer, Comment, Tag, Thread


class Follow(models.Model):
    """A member follows a thread or a tag (exactly one of the two) to hear about its activity."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "thread"], condition=Q(thread__isnull=False), name="follow_thread_once"
            ),
            models.UniqueConstraint(fields=["member", "tag"], condition=Q(tag__isnull=False), name="follow_tag_once"),
            models.CheckConstraint(
                condition=(Q(thread__isnull=False) & Q(tag__isnull=True))
                | (Q(thread__isnull=True) & Q(tag__isnull=False)),
                name="follow_exactly_one_target",
            ),
        ]


class NotificationSettings(models.Model):
    """A member's choices: which notifications also come by e-mail, and how (see community.notifications)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="notification_settings"
    )
    # {notification kind or "badge": "off" | "immediate" | "daily" | "weekly"}; missing kinds use the defaults.
    email = models.JSONField(default=dict, blank=True)
    expert_requests = models.BooleanField(
        default=True, help_text="Ask me about unanswered questions in tags where I am one of the experts."
    )
    badges_seen_at = models.DateTimeField(null=True, blank=True, help_text="Badges earned before this are read.")
    daily_digest_at = models.DateTimeField(null=True, blank=True)
    weekly_digest_at = models.DateTimeField(null=True, blank=True)


class Notification(models.Model):
    """One line in a member's inbox. Written by the subscribers in community.notifications, never by views."""

    class Kind(models.TextChoices):
        ANSWER = "answer", "Answers to my questions"
        COMMENT = "comment", "Comments on my posts"
        MENTION = "mention", "Mentions of my @name"
        ACCEPTED = "accepted", "My answer accepted"
        IDEA_STATUS = "idea_status", "Status changes of ideas I voted for or follow"
        EXPERT_REQUEST = "expert_request", "Unanswered questions where my expertise is asked for"
        FOLLOWED_THREAD = "followed_thread", "New answers and comments on threads I follow"
        FOLLOWED_TAG = "followed_tag", "New threads in tags I follow"
        MODERATION = "moderation", "Moderators' decisions on my posts or account"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    detail = models.CharField(max_length=300, blank=True, help_text="A status name or an excerpt.")
    event_key = models.CharField(max_length=120, help_text="What caused it: a replayed event notifies once.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_due = models.CharField(max_length=10, blank=True, help_text="immediate, daily or weekly; empty: no e-mail.")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["email_due", "emailed_at", "recipient"], name="notification_email_idx"),
        ]

    def get_absolute_url(self):
        if self.comment_id:
            return f"{reverse('community:thread_short', args=[self.thread_id])}#comment-{self.comment_id}"
        if self.answer_id:
            return f"{reverse('community:thread_short', args=[self.thread_id])}#answer-{self.answer_id}"
        if self.thread_id:
            return reverse("community:thread_short", args=[self.thread_id])
        if self.tag_id:
            return reverse("community:tag", args=[self.tag.slug])
        return reverse("community:inbox")


def describe(notification: Notification) -> str:
    """One sentence for the inbox and e-mails (the actor's name is shown apart)."""
    K = Notification.Kind
    title = notification.thread.title if notification.thread_id else ""
    kind = notification.kind
    if kind == K.ANSWER:
        if notification.thread is None or notification.thread.is_question:
            return f"answered your question “{title}”"
        return f"replied to your {notification.thread.get_kind_display().lower()} “{title}”"
    if kind == K.COMMENT:
        return f"commented on your {'answer' if notification.answer_id else 'post'} in “{title}”"
    if kind == K.MENTION:
        return f"mentioned you in “{title}”"
    if kind == K.ACCEPTED:
        return f"accepted your answer to “{title}”"
    if kind == K.IDEA_STATUS:
        return f"moved the idea “{title}” to {notification.detail or 'a new status'}"
    if kind == K.EXPERT_REQUEST:
        return f"You know this topic: “{title}” has no answer yet. Can you help?"
    if kind == K.FOLLOWED_THREAD:
        return f"{'commented' if notification.comment_id else 'answered'} in “{title}”, which you follow"
    if kind == K.FOLLOWED_TAG:
        return f"posted “{title}” in a tag you follow"
    if kind == K.MODERATION:
        return f"A moderator {notification.detail}"
    return title
