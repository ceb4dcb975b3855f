"""The community's content: members, threads, answers, comments, votes, revisions.

Counters such as ``Thread.score`` or ``Thread.answer_count`` are
denormalised for cheap lists; they are only changed through
``community.actions`` with F expressions and can be rebuilt from the source
rows by ``community.counters.recount`` (``manage.py community_recount``).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

AVATAR_COLOURS = [
    "#8a3b12", "#2f6f4e", "#1f5f8b", "#7a3e8e", "#9c2f4a",
    "#5b6b13", "#0f6d6d", "#6b4f2a", "#3b4ca8", "#a4511f",
]


class Member(AbstractUser):
    """A person in the community. The username is the public handle."""

    display_name = models.CharField(max_length=60, blank=True)
    bio = models.CharField(max_length=280, blank=True, help_text="A line or two about you, shown on your page.")
    suspended_until = models.DateTimeField(null=True, blank=True, help_text="Until then the member can read but not post.")
    suspension_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["username"]
        indexes = [models.Index(fields=["date_joined"], name="member_joined_idx")]  # KPIs: new members

    def __str__(self):
        return self.public_name

    @property
    def is_suspended(self) -> bool:
        return bool(self.suspended_until and self.suspended_until > timezone.now())

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    @property
    def initials(self) -> str:
        words = [w for w in self.public_name.replace("_", " ").replace(".", " ").replace("-", " ").split() if w]
        if not words:
            return "?"
        if len(words) == 1:
            return words[0][:2].upper()
        return (words[0][0] + words[-1][0]).upper()

    @property
    def avatar_colour(self) -> str:
        digest = hashlib.sha1(self.username.encode()).digest()
        return AVATAR_COLOURS[digest[0] % len(AVATAR_COLOURS)]

    def get_absolute_url(self):
        return reverse("community:member", args=[self.username])


class Tag(TagBase):
    """A topic. Slugs are lower-case; the name is the slug (validated in forms)."""

    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return reverse("community:tag", args=[self.slug])


class TaggedThread(TaggedItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_threads")
    content_object = models.ForeignKey("Thread", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_thread_tag")]


class SoftDeletable(models.Model):
    """Deletion hides a post from members but keeps it for staff to restore."""

    is_deleted = models.BooleanField(default=False, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class ThreadQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_deleted=False)

    def for_list(self):
        """What every thread list shows, in a constant number of queries."""
        return self.visible().select_related("author").prefetch_related("tags")


class IdeaStatus(models.TextChoices):
    """Where a member's product idea stands; staff set it with a public explanation."""

    NEW = "new", "New"
    UNDER_REVIEW = "under_review", "Under review"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


class Thread(SoftDeletable):
    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        TIP = "tip", "Tip"
        IDEA = "idea", "Idea"

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.QUESTION, db_index=True)
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, allow_unicode=False)
    body_md = models.TextField("body (Markdown)")
    body_html = models.TextField(editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    score = models.IntegerField(default=0, db_index=True)
    answer_count = models.PositiveIntegerField(default=0, db_index=True)
    comment_count = models.PositiveIntegerField(default=0)
    accepted_answer = models.OneToOneField(
        "Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="accepted_for"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    is_locked = models.BooleanField(default=False, help_text="Locked threads take no new answers, comments or votes.")
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        help_text="Closed as a duplicate of this thread.",
    )
    # When the first answer from someone other than the asker came (hidden answers do not count), and how many
    # seconds after the question: the response-time KPIs read these indexed columns (community/kpis.py).
    first_answer_at = models.DateTimeField(null=True, blank=True)
    first_answer_seconds = models.PositiveIntegerField(null=True, blank=True)
    # Ideas only: the current status and its public explanation (the history is in IdeaStatusChange).
    idea_status = models.CharField(max_length=16, choices=IdeaStatus.choices, blank=True, default="")
    idea_status_note = models.TextField(blank=True)
    idea_status_at = models.DateTimeField(null=True, blank=True)
    tags = TaggableManager(through=TaggedThread, blank=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["is_deleted", "-last_activity_at"], name="thread_active_idx"),
            models.Index(fields=["is_deleted", "-created_at"], name="thread_newest_idx"),
            models.Index(fields=["is_deleted", "-score"], name="thread_top_idx"),
            models.Index(fields=["kind", "created_at"], name="thread_kind_created_idx"),
            models.Index(fields=["kind", "first_answer_seconds"], name="thread_response_idx"),
            models.Index(fields=["kind", "first_answer_at", "created_at"], name="thread_unanswered_idx"),
            models.Index(fields=["kind", "idea_status", "-score"], name="thread_idea_board_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:80] or "thread"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("community:thread", args=[self.pk, self.slug])

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    @property
    def is_answered(self) -> bool:
        return self.accepted_answer_id is not None

    @property
    def is_idea(self) -> bool:
        return self.kind == self.Kind.IDEA

    @property
    def reply_word(self) -> str:
        """Questions get answers; tips and ideas get replies."""
        return "answer" if self.is_question else "reply"


class Answer(SoftDeletable):
    """An answer to a question, or a reply to a tip."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="answers")
    body_md = models.TextField("body (Markdown)")
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    score = models.IntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["thread", "is_deleted"], name="answer_thread_idx")]

    def __str__(self):
        return f"{self.thread.reply_word.capitalize()} to “{self.thread.title}”"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#answer-{self.pk}"


class Comment(SoftDeletable):
    """Short plain text with links, on a thread (``answer`` empty) or on an answer."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(max_length=600)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["thread", "created_at"], name="comment_thread_idx")]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#comment-{self.pk}"


class Vote(models.Model):
    """One member's vote on one thread or one answer (exactly one of the two)."""

    UP = 1
    DOWN = -1

    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=[(UP, "up"), (DOWN, "down")])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voter", "thread"], name="one_vote_per_member_per_thread"),
            models.UniqueConstraint(fields=["voter", "answer"], name="one_vote_per_member_per_answer"),
            models.CheckConstraint(
                condition=(Q(thread__isnull=False) & Q(answer__isnull=True))
                | (Q(thread__isnull=True) & Q(answer__isnull=False)),
                name="vote_on_exactly_one_post",
            ),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_value_up_or_down"),
        ]


class ThreadLink(models.Model):
    """A thread pointing at another: a related thread, or the original it duplicates."""

    class Kind(models.TextChoices):
        RELATED = "related", "Related"
        DUPLICATE = "duplicate", "Duplicate of"

    from_thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="links_out")
    to_thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.RELATED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_thread", "to_thread", "kind"], name="unique_thread_link"),
            models.CheckConstraint(condition=~Q(from_thread=models.F("to_thread")), name="thread_link_not_to_itself"),
        ]


class Bounty(models.Model):
    """Reputation a member puts on a question to draw answers, paid to the answer it is awarded to."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="bounties")
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bounties_offered")
    amount = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="bounties")
    awarded_at = models.DateTimeField(null=True, blank=True)
    awarded_amount = models.PositiveIntegerField(
        null=True, blank=True, help_text="What the answer received, when less than offered (an automatic half award)."
    )

    class Meta:
        ordering = ["created_at"]


class ImportRecord(models.Model):
    """Which local row an imported source row became, so a re-run updates instead of duplicating."""

    source = models.CharField(max_length=100)  # e.g. "beer.stackexchange.com"
    kind = models.CharField(max_length=20)  # "user", "post", "comment", "vote", "link", "badge"
    source_id = models.BigIntegerField()
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "kind", "source_id"], name="unique_import_record")]
        indexes = [models.Index(fields=["source", "kind", "object_id"], name="import_object_idx")]


class Revision(models.Model):
    """What a thread or answer said after each edit, and who made it."""

    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="revisions")
    created_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=150, blank=True)
    tags = models.CharField(max_length=200, blank=True)
    body_md = models.TextField()
    summary = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="unique_thread_revision"),
            models.UniqueConstraint(fields=["answer", "number"], name="unique_answer_revision"),
            models.CheckConstraint(
                condition=(Q(thread__isnull=False) & Q(answer__isnull=True))
                | (Q(thread__isnull=True) & Q(answer__isnull=False)),
                name="revision_of_exactly_one_post",
            ),
        ]

    def __str__(self):
        return f"Revision {self.number}"


# --- community care: ideas, follows, notifications, experts, dissatisfaction watch ---------------


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


class Follow(models.Model):
    """A member follows a thread or a tag (exactly one of the two) to hear about its activity."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], condition=Q(thread__isnull=False), name="follow_thread_once"),
            models.UniqueConstraint(fields=["member", "tag"], condition=Q(tag__isnull=False), name="follow_tag_once"),
            models.CheckConstraint(
                condition=(Q(thread__isnull=False) & Q(tag__isnull=True)) | (Q(thread__isnull=True) & Q(tag__isnull=False)),
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
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
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


class ExpertRequest(models.Model):
    """An unanswered question offered to one of its tags' experts (community.experts)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="expert_requests")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_requests")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "expert"], name="expert_request_once")]
        indexes = [models.Index(fields=["expert", "created_at"], name="expert_request_daily_idx")]


class DissatisfactionItem(models.Model):
    """A post that reads as a complaint or frustration, for the community team to answer (community.watch)."""

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
        verbose_name = "dissatisfaction watch item"
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


from community.moderation_models import AuditEntry, Flag, ReviewTask, SuggestedEdit  # noqa: E402,F401
from community.pages import HomePage  # noqa: E402,F401  (Wagtail finds page models in models.py)
from community.knowledge import (  # noqa: E402,F401
    KnowledgeIndexPage,
    KnowledgePage,
    KnowledgePinnedThread,
    TaggedKnowledgePage,
)
