"""Reputation, as an auditable ledger, and recognition (badges).

Rewards reads community's rows and reacts to its events; it never writes a
community table. Every point a member has is a ``LedgerEntry`` row; the
``Reputation`` row is a denormalised total kept equal to 1 + the sum of the
member's entries (``rewards_recompute`` rebuilds both from community's
source rows).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from rewards import definitions


class RuleProfile(models.Model):
    """A set of point values and privilege thresholds. Exactly one is active."""

    name = models.CharField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(
        default=False, help_text=_("The rules the site applies now (only one profile can be active).")
    )

    question_upvote = models.IntegerField(default=10, help_text=_("To the author when a question is upvoted."))
    tip_upvote = models.IntegerField(default=10, help_text=_("To the author when a tip or an idea is upvoted."))
    answer_upvote = models.IntegerField(default=10, help_text=_("To the author when an answer or reply is upvoted."))
    post_downvoted = models.IntegerField(default=-2, help_text=_("To the author when a post is downvoted."))
    answer_downvote_cost = models.IntegerField(default=-1, help_text=_("To the voter who downvotes an answer."))
    accept_author = models.IntegerField(default=15, help_text=_("To the author of an accepted answer."))
    accept_acceptor = models.IntegerField(default=2, help_text=_("To the asker who accepts (not for self-answers)."))
    article_published = models.IntegerField(
        default=50, help_text=_("To each credited author when a knowledge article is first published.")
    )
    daily_vote_cap = models.PositiveIntegerField(
        default=200, help_text=_("Most points a member earns from votes per UTC day.")
    )

    privilege_upvote = models.PositiveIntegerField(default=15)
    privilege_comment_everywhere = models.PositiveIntegerField(default=50)
    privilege_downvote = models.PositiveIntegerField(default=125)
    privilege_edit_others = models.PositiveIntegerField(default=2000)
    privilege_post_links = models.PositiveIntegerField(
        default=10, help_text=_("Below this reputation a member may put only a few links in a post.")
    )
    new_member_max_links = models.PositiveSmallIntegerField(default=2)
    privilege_flag = models.PositiveIntegerField(default=15, help_text=_("Flag posts for moderators."))
    spam_flags_to_hide = models.PositiveSmallIntegerField(
        default=3,
        help_text=_("Spam or rude flags from members with the flag privilege that hide a post until reviewed."),
    )
    privilege_promote = models.PositiveIntegerField(
        default=3000, help_text=_("Promote an accepted answer or a tip to a draft knowledge article.")
    )

    class Meta:
        verbose_name = _("rule profile")
        verbose_name_plural = _("rule profiles")
        ordering = ["-is_active", "name"]
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_active_rule_profile")
        ]

    def __str__(self):
        return f"{self.name} (active)" if self.is_active else self.name

    # Seeded profiles are translated through their definition (rewards.definitions.RULE_PROFILES, keyed by
    # name); a profile the team created, renamed or re-described in the CMS shows its own text.
    @property
    def localized_name(self) -> str:
        definition = definitions.RULE_PROFILES.get(self.name)
        return gettext(definition.name) if definition else self.name

    @property
    def localized_description(self) -> str:
        definition = definitions.RULE_PROFILES.get(self.name)
        if definition and self.description == definition.description:
            return gettext(definition.description)
        return self.description


class Reputation(models.Model):
    """A member's current standing, shown beside their name everywhere: their total (1 + the sum of their ledger
    entries, never below 1) and how many gold, silver and bronze badges they hold.

    The badge counts move with each award (``badges.award``) and its deletion (a signal), and are rebuilt from the
    award rows by ``badges.recount_awards`` (``rewards_recompute``, imports), so one row per member is all a page
    reads to show a name's recognition (``rewards.api.flair``)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="reputation"
    )
    points = models.IntegerField(default=1, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    gold = models.PositiveIntegerField(default=0)
    silver = models.PositiveIntegerField(default=0)
    bronze = models.PositiveIntegerField(default=0)
    # The member's reputation changes up to this moment have been shown to them (the inbox's "Reputation" tab): the
    # header's indicator sums the entries after it.
    changes_seen_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.member_id}: {self.points}"


class LedgerEntry(models.Model):
    """One change to one member's reputation. Append-only: corrections are new entries."""

    class Reason(models.TextChoices):
        QUESTION_UPVOTED = "question_upvoted", _("Question upvoted")
        TIP_UPVOTED = "tip_upvoted", _("Tip upvoted")
        IDEA_UPVOTED = "idea_upvoted", _("Idea upvoted")
        ANSWER_UPVOTED = "answer_upvoted", _("Answer upvoted")
        POST_DOWNVOTED = "post_downvoted", _("Post downvoted")
        DOWNVOTED_ANSWER = "downvoted_answer", _("You downvoted an answer")
        ANSWER_ACCEPTED = "answer_accepted", _("Answer accepted")
        ACCEPTED_ANSWER = "accepted_answer", _("You accepted an answer")
        BOUNTY_OFFERED = "bounty_offered", _("Bounty offered")
        BOUNTY_AWARDED = "bounty_awarded", _("Bounty awarded")
        ARTICLE_PUBLISHED = "article_published", _("Knowledge article published")
        VOTE_UNDONE = "vote_undone", _("Vote undone or changed")
        UNACCEPTED = "unaccepted", _("Acceptance withdrawn")
        POST_DELETED = "post_deleted", _("Post deleted")
        POST_RESTORED = "post_restored", _("Post restored")
        VOTING_CORRECTED = "voting_corrected", _("Voting corrected")
        ADJUSTMENT = "adjustment", _("Adjustment by a moderator")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ledger_entries")
    points = models.IntegerField()
    reason = models.CharField(max_length=32, choices=Reason.choices)
    # What earned it: the vote, accept or bounty the points come from. Compensating
    # entries carry the same origin, so the net effect of one origin is a SUM.
    origin = models.CharField(max_length=80, db_index=True)
    event_key = models.CharField(max_length=160)
    thread = models.ForeignKey("community.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.ForeignKey("community.Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    day = models.DateField(help_text=_("The UTC day whose vote cap this counts against."))
    counts_toward_cap = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reputation change")
        verbose_name_plural = _("reputation changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event_key", "member", "reason"], name="ledger_event_paid_once"),
        ]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="ledger_member_time_idx"),
            models.Index(fields=["created_at", "member"], name="ledger_time_member_idx"),
            # Its points included: a member's history per day is an index-only range (queries.history_by_day).
            models.Index(fields=["member", "day"], include=["points"], name="ledger_member_day_idx"),
            models.Index(fields=["thread", "created_at"], name="ledger_thread_time_idx"),
        ]

    def __str__(self):
        return f"{self.points:+d} {self.get_reason_display()}"

    @property
    def localized_note(self) -> str:
        """The note in the reader's language when rewards wrote it; a moderator's own words as written."""
        return gettext(self.note) if self.note in SYSTEM_NOTES else self.note


# Notes rewards itself writes on ledger entries (a moderator's adjustment note is their own text).
SERIAL_VOTING_NOTE = gettext_noop("Serial voting by one member was reversed.")
SYSTEM_NOTES = frozenset({SERIAL_VOTING_NOTE})


class Badge(models.Model):
    class Tier(models.IntegerChoices):
        BRONZE = definitions.BRONZE, _("Bronze")
        SILVER = definitions.SILVER, _("Silver")
        GOLD = definitions.GOLD, _("Gold")

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=200)
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.BRONZE)
    tag_based = models.BooleanField(default=False, help_text=_("Earned separately for each tag."))
    # How many awards of this badge exist (every member's): the badges page reads it instead of counting every
    # award row. Moved with the award (badges.award) or its deletion (a signal, for cascades), rebuilt by
    # ``rewards_recompute`` (badges.recount_awards).
    awarded_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["tier", "name"]

    def __str__(self):
        return self.name

    # The catalogue's badges are translated through their definition (rewards.definitions, keyed by slug) while
    # the row still carries the definition's English text; a text the team changed shows as written.
    @property
    def localized_name(self) -> str:
        definition = definitions.badge_definition(self.slug)
        if definition and definition.is_own(self.name, of="name"):
            return definition.localized_name()
        return self.name

    @property
    def localized_description(self) -> str:
        definition = definitions.badge_definition(self.slug)
        if definition and definition.is_own(self.description, of="description"):
            return definition.localized_description()
        if self.slug.startswith(definitions.IMPORTED_PREFIX):
            site = _imported_site(self.description)
            if site is not None:
                return gettext(definitions.IMPORTED_TEXT) % {"site": site}
        return self.description


def _imported_site(description: str) -> str | None:
    """The site named by an imported badge's description (``rewards.importing``), if it is still ours."""
    before, placeholder, after = definitions.IMPORTED_TEXT.partition("%(site)s")
    if placeholder and description.startswith(before) and description.endswith(after):
        return description[len(before) : len(description) - len(after)] or None
    return None


class Award(models.Model):
    """A badge a member earned; awarded once (per tag for tag badges), never silently revoked."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="awards")
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="awards")
    tag = models.ForeignKey("community.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("community.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.ForeignKey("community.Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    awarded_at = models.DateTimeField(default=timezone.now, db_index=True)
    seen = models.BooleanField(default=False, help_text=_("The member has been told about it."))

    class Meta:
        verbose_name = _("badge awarded")
        verbose_name_plural = _("badges awarded")
        ordering = ["-awarded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "badge"], condition=Q(tag__isnull=True), name="badge_awarded_once"
            ),
            models.UniqueConstraint(
                fields=["member", "badge", "tag"], condition=Q(tag__isnull=False), name="tag_badge_awarded_once"
            ),
        ]


class TagScore(models.Model):
    """A member's standing in one tag: the score and number of their visible answers in visible threads with it.

    Denormalised from community's answers for the profile's top tags and the tag badges (``rewards.tag_scores``
    keeps it, ``rewards_recompute`` rebuilds it); a member with no such answer in a tag has no row.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey("community.Tag", on_delete=models.CASCADE, related_name="+")
    score = models.IntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "tag"], name="tag_score_once")]
        # The profile's top tags: the first rows of this index for the member (tests/rewards/test_rewards_at_scale.py).
        indexes = [models.Index(fields=["member", "-score", "-answers"], name="tag_score_top_idx")]


class Visit(models.Model):
    """A day on which a member used the site (for the Enthusiast badge)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "day"], name="one_visit_per_day")]


class SerialVotingCase(models.Model):
    """A run of votes from one voter to one author that was reversed, for moderators to review."""

    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    vote_count = models.PositiveIntegerField()
    points_reversed = models.IntegerField()
    first_vote_at = models.DateTimeField()
    last_vote_at = models.DateTimeField()
    detected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-detected_at"]


class CorrectedVote(models.Model):
    """A vote whose reputation effect was reversed as serial voting; recompute skips it too."""

    origin = models.CharField(max_length=80, unique=True)
    case = models.ForeignKey(SerialVotingCase, on_delete=models.CASCADE, related_name="votes")


class Standing(models.Model):
    """A member's place on a period leaderboard (this week, month, year): the sum of their entries of the rolling
    window, stored so the page reads one range of ranks instead of summing the window's entries on each view.

    ``rewards.standings.refresh_standings`` is the only writer: it replaces a period's rows from the ledger, after
    ledger writes (a task per burst, ``rewards.tasks``) and every few minutes (``rewards_refresh_standings``: the
    window moves without writes). Ranks run 1, 2, 3 … without gaps, so a page is a range of ranks and the last
    rank is the number of rows.
    """

    class Period(models.TextChoices):
        WEEK = "week", _("This week")
        MONTH = "month", _("This month")
        YEAR = "year", _("This year")

    period = models.CharField(max_length=8, choices=Period.choices)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    points = models.IntegerField()
    rank = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            # The page's rows: a range of this index (tests/rewards/test_rewards_at_scale.py).
            models.UniqueConstraint(fields=["period", "rank"], name="standing_period_rank"),
            models.UniqueConstraint(fields=["period", "member"], name="standing_period_member"),
        ]

    def __str__(self):
        return f"{self.period} #{self.rank}: {self.member_id} ({self.points})"
