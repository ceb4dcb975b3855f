"""The community's content: members, threads, answers, comments, votes, revisions.

Counters such as ``Thread.score`` or ``Thread.answer_count`` are
denormalised for cheap lists; they are only changed through
``community.forum.actions`` with F expressions and can be rebuilt from the source
rows by ``community.forum.counters.recount`` (``manage.py community_recount``).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

# Avatar colours; static/guildhall/site.css paints them with one class each, .avatar-c0 … in this order.
AVATAR_COLOURS = [
    "#8a3b12",
    "#2f6f4e",
    "#1f5f8b",
    "#7a3e8e",
    "#9c2f4a",
    "#5b6b13",
    "#0f6d6d",
    "#6b4f2a",
    "#3b4ca8",
    "#a4511f",
]


class Member(AbstractUser):
    """A person in the community. The username is the public handle."""

    display_name = models.CharField(max_length=60, blank=True)
    bio = models.CharField(
        max_length=280, blank=True, help_text=gettext_lazy("A line or two about you, shown on your page.")
    )
    suspended_until = models.DateTimeField(
        null=True, blank=True, help_text=gettext_lazy("Until then the member can read but not post.")
    )
    suspension_reason = models.CharField(max_length=300, blank=True)
    # The language the site speaks to them in (pages, e-mails, notifications); empty: the browser's or the site's.
    language = models.CharField(max_length=8, blank=True, default="", db_default="", choices=settings.LANGUAGES)
    # The languages of the threads they read, for lists limited to "my languages"; empty: their own language.
    reads_languages = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = gettext_lazy("member")
        verbose_name_plural = gettext_lazy("members")
        ordering = ["username"]
        indexes = [models.Index(fields=["date_joined"], name="member_joined_idx")]  # KPIs: new members

    def __str__(self):
        return self.public_name

    # Moderators are the members of the *Moderators* group (and superusers), known by the permission the group
    # grants, so the public site and the Wagtail admin agree on who moderates.
    MODERATOR_PERMISSION = "community.change_thread"

    @property
    def is_moderator(self) -> bool:
        """One query, remembered on this instance (a request's user): the permission through a group or given
        directly, as Django's ModelBackend grants it — where ``has_perm`` would load all of them in two."""
        if not self.is_active:
            return False
        return self._holds(self.MODERATOR_PERMISSION)

    @property
    def can_open_the_cms(self) -> bool:
        """Wagtail's own test for its admin (``wagtailadmin.access_admin``), in one query: the header's link."""
        return self.is_active and self._holds("wagtailadmin.access_admin")

    # The permissions every page asks about, fetched together (one query a request, not two per has_perm).
    PAGE_PERMISSIONS = (MODERATOR_PERMISSION, "wagtailadmin.access_admin")

    def _holds(self, permission: str) -> bool:
        if self.is_superuser:
            return True
        held = self.__dict__.get("_held_permissions")
        if held is None or permission not in held:
            wanted = set(self.PAGE_PERMISSIONS) | {permission}
            which = Q()
            for name in wanted:
                app_label, codename = name.split(".")
                which |= Q(content_type__app_label=app_label, codename=codename)
            granted = {
                f"{app_label}.{codename}"
                for app_label, codename in Permission.objects.filter(which)
                .filter(Q(group__user=self) | Q(user=self))
                .values_list("content_type__app_label", "codename")
                .distinct()
            }
            held = self.__dict__["_held_permissions"] = {**(held or {}), **{n: n in granted for n in wanted}}
        return held[permission]

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
    def avatar_number(self) -> int:
        """Which of AVATAR_COLOURS this member's avatar wears, the same on every page (from the username)."""
        digest = hashlib.sha1(self.username.encode()).digest()
        return digest[0] % len(AVATAR_COLOURS)

    @property
    def avatar_colour(self) -> str:
        return AVATAR_COLOURS[self.avatar_number]

    @property
    def avatar_class(self) -> str:
        """The class that paints the avatar (``.avatar-c0`` … in site.css): a class, not a ``style`` attribute,
        since the Content-Security-Policy allows no inline style (config/csp.py)."""
        return f"avatar-c{self.avatar_number}"

    def get_absolute_url(self):
        return member_url(self.username)


def member_url(username: str) -> str:
    """The address of the member page of ``username`` (``_member_url``: reversed once per process)."""
    return _member_url(get_script_prefix(), username)


@lru_cache(maxsize=4096)
def _member_url(script_prefix: str, username: str) -> str:
    """A member's page, reversed once per process: every post, comment and row links its author, and
    ``reverse`` costs as much as the rest of a comment's rendering. The URLconf only changes with a deploy (a
    new process); the script prefix is part of the key."""
    return reverse("community:member", args=[username])


class Tag(TagBase):
    """A topic. Slugs are lower-case; the name is the slug (validated in forms)."""

    description = models.CharField(max_length=300, blank=True)
    # How many visible threads carry the tag: its links with ``thread_is_deleted = false``. Kept by the database
    # (statement triggers on the links, community/migrations/0018_tag_thread_counts.py) on every path that adds,
    # removes, moves or hides a link — actions, tag merges, imports, the scale generator's COPY — so the tags
    # index and the knowledge hub read one index in popularity order instead of counting every link;
    # ``refresh_tag_counts`` in community/forum/counters.py recomputes it from the links. A plain integer, not a
    # positive one: on SQLite the row triggers of one insert may pass through -1 before they settle, and a CHECK
    # would reject that. ``db_default`` for rows written by bulk SQL that do not name the column.
    thread_count = models.IntegerField(default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = gettext_lazy("tag")
        verbose_name_plural = gettext_lazy("tags")
        ordering = ["name"]
        # The popularity order of the tags index and the knowledge hub (queries.tags_with_counts), read in order
        # and stopped after the page (tests/forum/test_tag_counts.py).
        indexes = [models.Index(fields=["-thread_count", "name"], name="tag_popular_idx")]

    def get_absolute_url(self):
        return reverse("community:tag", args=[self.slug])


class TaggedThread(TaggedItemBase):
    """A thread's tag. It also carries a copy of what a tag page filters and sorts the thread by, so a tag's
    page reads one index range in order — the first page of a tag with 30,000 threads as fast as of one with
    30 — and counts without touching the threads.

    The copies are written by the database itself (triggers, migration 0014: on every change of those thread
    columns, whatever the path — actions, counters' F() updates, imports), never by Python; ``refresh_links``
    in community/forum/counters.py recomputes them from the threads. On SQLite, a migration that rebuilds the
    thread or link table (most ``AlterField``s there) drops these triggers and must create them again:
    tests/forum/test_tag_links.py fails otherwise.
    """

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_threads")
    content_object = models.ForeignKey("Thread", on_delete=models.CASCADE, related_name="tagged_items")
    thread_is_deleted = models.BooleanField(default=False, editable=False)
    thread_kind = models.CharField(max_length=16, default="", editable=False)
    thread_created_at = models.DateTimeField(default=timezone.now, editable=False)
    thread_last_activity_at = models.DateTimeField(default=timezone.now, editable=False)
    thread_score = models.IntegerField(default=0, editable=False)
    thread_answer_count = models.PositiveIntegerField(default=0, editable=False)

    # Columns copied from the thread (name on the thread -> name here), for the triggers and the recompute.
    COPIED = {
        "is_deleted": "thread_is_deleted",
        "kind": "thread_kind",
        "created_at": "thread_created_at",
        "last_activity_at": "thread_last_activity_at",
        "score": "thread_score",
        "answer_count": "thread_answer_count",
    }

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_thread_tag")]
        # One per tag-page sort (community/forum/queries.py LINK_SORTS), over the visible threads only: the
        # page walks the range in order and stops after a page; the count reads the range without the table.
        # (Partial, not a leading is_deleted column: SQLite cannot use ``NOT is_deleted`` as an equality.)
        indexes = [
            models.Index(
                fields=["tag", "-thread_last_activity_at", "-content_object"],
                condition=Q(thread_is_deleted=False),
                name="tag_link_active_idx",
            ),
            models.Index(
                fields=["tag", "-thread_created_at", "-content_object"],
                condition=Q(thread_is_deleted=False),
                name="tag_link_newest_idx",
            ),
            models.Index(
                fields=["tag", "-thread_score", "-thread_created_at", "-content_object"],
                condition=Q(thread_is_deleted=False),
                name="tag_link_top_idx",
            ),
        ]


# The condition of the partial indexes of visible posts. (Partial, not a leading is_deleted column: SQLite
# cannot use ``NOT is_deleted`` as an equality.)
VISIBLE = Q(is_deleted=False)


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
        """What every thread list shows, in a constant number of queries — without the bodies, which no list
        shows (a page of a popular tag would otherwise read every matching thread's text to sort and count)."""
        return self.visible().select_related("author").prefetch_related("tags").defer("body_md", "body_html")

    # What a thread row shows (templates/community/forum/_thread_row.html), and the sort keys its page's cursors
    # carry: the list pages read these columns only.
    ROW_COLUMNS = (
        "kind",
        "language",
        "title",
        "slug",
        "created_at",
        "last_activity_at",
        "score",
        "answer_count",
        "accepted_answer_id",
        "idea_status",
        "author",
        "author__username",
        "author__display_name",
    )

    def for_rows(self):
        """``for_list`` narrowed to the thread row's columns (the thread lists, tag and member pages)."""
        return self.for_list().only(*self.ROW_COLUMNS)


class IdeaStatus(models.TextChoices):
    """Where a member's product idea stands; staff set it with a public explanation."""

    NEW = "new", pgettext_lazy("idea status", "New")
    UNDER_REVIEW = "under_review", pgettext_lazy("idea status", "Under review")
    PLANNED = "planned", pgettext_lazy("idea status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("idea status", "In progress")
    DONE = "done", pgettext_lazy("idea status", "Done")
    DECLINED = "declined", pgettext_lazy("idea status", "Declined")


class Thread(SoftDeletable):
    class Kind(models.TextChoices):
        QUESTION = "question", pgettext_lazy("thread kind", "Question")
        TIP = "tip", pgettext_lazy("thread kind", "Tip")
        IDEA = "idea", pgettext_lazy("thread kind", "Idea")

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.QUESTION, db_index=True)
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, allow_unicode=False)
    body_md = models.TextField(gettext_lazy("body (Markdown)"))
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
    is_locked = models.BooleanField(
        default=False, help_text=gettext_lazy("Locked threads take no new answers, comments or votes.")
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text=gettext_lazy("Closed as a duplicate of this thread."),
    )
    # When the first answer from someone other than the asker came (hidden answers do not count), and how many
    # seconds after the question: the response-time KPIs read these indexed columns (community/team/kpis.py).
    first_answer_at = models.DateTimeField(null=True, blank=True)
    first_answer_seconds = models.PositiveIntegerField(null=True, blank=True)
    # Ideas only: the current status and its public explanation (the history is in IdeaStatusChange).
    idea_status = models.CharField(max_length=16, choices=IdeaStatus.choices, blank=True, default="")
    idea_status_note = models.TextField(blank=True)
    idea_status_at = models.DateTimeField(null=True, blank=True)
    tags = TaggableManager(through=TaggedThread, blank=True)
    # The language the thread is written in: detected when it is posted or edited (community/forum/content_language.py),
    # correctable by its author. Pages mark it with ``lang``; search analyses it in that language first.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en", db_default="en")

    objects = ThreadQuerySet.as_manager()

    @property
    def parent_thread(self) -> Thread:
        """The thread this post belongs to (itself for a thread): where a view sends the member back."""
        return self

    class Meta:
        verbose_name = gettext_lazy("thread")
        verbose_name_plural = gettext_lazy("threads")
        ordering = ["-created_at"]
        # The thread lists (community/forum/queries.py SORTS), over visible threads only, each ending with the id
        # so that a page is one range read in order and a deeper one starts from a cursor: every sort, all kinds
        # and one kind, the unanswered questions, a member's threads. Each is ascending and read backwards for the
        # lists' descending orders: threads arrive (and come back to life) with the highest keys, which an
        # ascending b-tree appends to its last page, packed; a descending one splits pages half-empty at its start
        # (1.8 times the size at 30,000 threads, and the planner then preferred the bare ``created_at`` index and a
        # sort). tests/forum/test_lists_at_scale.py EXPLAINs each one at 30,000 threads.
        indexes = [
            models.Index(fields=["last_activity_at", "id"], condition=VISIBLE, name="thread_list_active_idx"),
            models.Index(fields=["created_at", "id"], condition=VISIBLE, name="thread_list_newest_idx"),
            models.Index(fields=["score", "created_at", "id"], condition=VISIBLE, name="thread_list_top_idx"),
            models.Index(fields=["kind", "last_activity_at", "id"], condition=VISIBLE, name="thread_kind_active_idx"),
            models.Index(fields=["kind", "created_at", "id"], condition=VISIBLE, name="thread_kind_newest_idx"),
            models.Index(fields=["kind", "score", "created_at", "id"], condition=VISIBLE, name="thread_kind_top_idx"),
            models.Index(
                fields=["created_at", "id"],
                condition=VISIBLE & Q(kind="question", answer_count=0),
                name="thread_unanswered_list_idx",
            ),
            models.Index(fields=["author", "created_at", "id"], condition=VISIBLE, name="thread_author_newest_idx"),
            models.Index(fields=["kind", "created_at"], name="thread_kind_created_idx"),
            models.Index(fields=["kind", "first_answer_seconds"], name="thread_response_idx"),
            models.Index(fields=["kind", "first_answer_at", "created_at"], name="thread_unanswered_idx"),
            models.Index(fields=["kind", "idea_status", "-score"], name="thread_idea_board_idx"),
            # The ideas board's count per status, from this index alone (community/team/ideas.py status_counts).
            models.Index(fields=["idea_status"], condition=VISIBLE & Q(kind="idea"), name="thread_idea_status_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:80] or "thread"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("community:thread", args=[self.pk, self.slug])

    @property
    def tag_pairs(self) -> tuple[tuple[str, str], ...]:
        """(name, slug) of each tag, as a list row shows them (prefetched by the lists): part of the row's memo key
        (templates/community/forum/_thread_row.html)."""
        return tuple((tag.name, tag.slug) for tag in self.tags.all())

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
    body_md = models.TextField(gettext_lazy("body (Markdown)"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)  # indexed with what the KPIs read: answer_created_idx
    edited_at = models.DateTimeField(null=True, blank=True)
    score = models.IntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # Whether a thread names this answer as its accepted one (``Thread.accepted_answer``), kept by the database
    # (triggers of community/migrations/0019_answer_is_accepted.py): every path that changes an acceptance —
    # actions, hiding, imports' bulk updates, the scale generator's COPY — and any stale value a ``save()``
    # writes back is corrected there. It lets a member's accepted answers and the week's accepted answers be
    # counted on the answers' own indexes, without joining each answer to its thread.
    is_accepted = models.BooleanField(db_default=False, editable=False)

    @property
    def parent_thread(self) -> Thread:
        """The thread this post belongs to (itself for a thread): where a view sends the member back."""
        return self.thread

    class Meta:
        verbose_name = gettext_lazy("answer")
        verbose_name_plural = gettext_lazy("answers")
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["thread", "is_deleted"], name="answer_thread_idx"),
            # A period's answers (the KPI dashboard's active members and top contributors): the range read from
            # the index alone, with the columns those figures need. Answers are written in their threads' order,
            # so a month's 18,000 answers at 100,000 threads lay on 17,000 table pages (36 ms read from the table;
            # tests/team/test_kpis_scale_more.py). Score is there already for every vote (answer_author_top_idx).
            models.Index(
                fields=["created_at"],
                include=["author", "thread", "is_deleted", "is_accepted", "score"],
                name="answer_created_idx",
            ),
            # A member's accepted answers (the member page's figure): a range of this small index, each joined to
            # its thread by primary key for the thread's visibility (tests/forum/test_accepted_flag.py).
            models.Index(
                fields=["author", "thread"], condition=VISIBLE & Q(is_accepted=True), name="answer_author_accepted_idx"
            ),
            # A member's answers best first (member page, reputation profile's top answers): the member's range read
            # backwards, stopped after the page; and the member's capped answer count
            # (tests/forum/test_lists_at_scale.py).
            models.Index(
                fields=["author", "score", "created_at", "id"], condition=VISIBLE, name="answer_author_top_idx"
            ),
        ]

    def __str__(self):
        if self.thread.is_question:
            return _("Answer to “%(title)s”") % {"title": self.thread.title}
        return _("Reply to “%(title)s”") % {"title": self.thread.title}

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

    @property
    def parent_thread(self) -> Thread:
        """The thread this post belongs to (itself for a thread): where a view sends the member back."""
        return self.thread

    class Meta:
        verbose_name = gettext_lazy("comment")
        verbose_name_plural = gettext_lazy("comments")
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["thread", "created_at"], name="comment_thread_idx"),
            # KPIs' active members: the period's comment authors from the index alone (community/team/kpis.py).
            models.Index(fields=["created_at", "author"], name="comment_created_idx"),
        ]

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
    value = models.SmallIntegerField(choices=[(UP, pgettext_lazy("vote", "up")), (DOWN, pgettext_lazy("vote", "down"))])
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
    """A thread pointing at another: a related thread, the original it duplicates, or one its accepted answer
    links to."""

    class Kind(models.TextChoices):
        RELATED = "related", pgettext_lazy("thread link", "Related")
        DUPLICATE = "duplicate", pgettext_lazy("thread link", "Duplicate of")
        # The question's accepted answer links to the thread (community.forum.answer_links).
        ANSWERED = "answered", pgettext_lazy("thread link", "Answered by")

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
        null=True,
        blank=True,
        help_text=gettext_lazy("What the answer received, when less than offered (an automatic half award)."),
    )
    # Open while ``closed_at`` is empty: awarded by its offerer before ``ends_at``, else at its end half goes to
    # the best answer posted during it (community.bounties). Imported bounties arrive closed: their outcome is
    # the dump's.
    ends_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["thread"], condition=Q(closed_at__isnull=True), name="one_open_bounty"),
        ]
        indexes = [
            # The featured list (open bounties, ending soonest first) and the sweep of ended ones.
            models.Index(fields=["ends_at"], condition=Q(closed_at__isnull=True), name="bounty_open_idx"),
        ]


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
        verbose_name = gettext_lazy("revision")
        verbose_name_plural = gettext_lazy("revisions")
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
        return _("Revision %(number)s") % {"number": self.number}

    # Summaries the site writes itself are stored in English, as keys, and shown through the catalogue; a member's
    # own summary ("Fixed the link") is shown as they wrote it.
    SITE_SUMMARIES = {
        "Posted": pgettext_lazy("revision summary", "Posted"),
        "Suggested edit": pgettext_lazy("revision summary", "Suggested edit"),
    }

    @property
    def shown_summary(self) -> str:
        """The summary in the reader's language when the site wrote it."""
        if self.summary.startswith("Imported from "):
            return _("Imported from %(source)s") % {"source": self.summary.removeprefix("Imported from ")}
        return str(self.SITE_SUMMARIES.get(self.summary, self.summary))


class TagSynonym(models.Model):
    """Another name members use for a tag ("js" for "javascript"), set by moderators.

    A synonym is never a tag of its own: every write path stores the main tag instead (``clean_tags`` in
    community/forum/actions.py), the synonym's old tag page, sorts and feed redirect permanently to the main
    tag's, and a search's ``tag:js`` filter finds javascript's threads. ``slug`` is what the synonym's tag page
    was reached by (the merged tag's own slug, "nodejs" for "node.js"), so old links keep landing.
    Written only by ``add_tag_synonym`` / ``remove_tag_synonym`` (community/moderation/actions.py).
    """

    synonym = models.CharField(gettext_lazy("synonym"), max_length=100, unique=True)
    slug = models.SlugField(max_length=100, allow_unicode=True, db_index=True, editable=False)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="synonyms", verbose_name=gettext_lazy("tag"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("tag synonym")
        verbose_name_plural = gettext_lazy("tag synonyms")
        ordering = ["synonym"]

    def __str__(self):
        return f"{self.synonym} → {self.tag.name}"
