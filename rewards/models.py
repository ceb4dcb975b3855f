"""Reputation, as an auditable ledger, and recognition (badges).

Rewards reads community's rows and reacts to its events; it never writes a
community table. Every point a member has is a ``LedgerEntry`` row; the
``Reputation`` row is a denormalised total kept equal to 1 + the sum of the
member's entries (``rewards_recompute`` rebuilds both from community's
source rows).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop
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

    # Reward points: the spendable balance (rewards.points), earned beside reputation and never instead of it.
    points_percent = models.PositiveSmallIntegerField(
        default=50,
        validators=[MaxValueValidator(1000)],
        help_text=_(
            "Reward points earned per 100 reputation points gained (votes, accepts, bounties, articles); "
            "reversals take them back."
        ),
    )
    # Bounties (community.bounties), as Stack Exchange has them.
    bounty_min_reputation = models.PositiveIntegerField(
        default=75, help_text=_("Reputation a member needs to offer a bounty.")
    )
    bounty_min_amount = models.PositiveIntegerField(default=50, help_text=_("Smallest bounty, in reputation."))
    bounty_max_amount = models.PositiveIntegerField(default=500, help_text=_("Largest bounty, in reputation."))
    bounty_min_question_age_days = models.PositiveSmallIntegerField(
        default=2, help_text=_("Days a question must be old before a bounty can be offered on it.")
    )
    bounty_days = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1)], help_text=_("Days a bounty stays open.")
    )
    bounty_auto_min_score = models.IntegerField(
        default=2,
        help_text=_(
            "Score an answer posted during the bounty needs to receive half of an unawarded bounty when it ends."
        ),
    )
    # The team's recognition (rewards.recognition_programme).
    member_of_the_month_points = models.PositiveIntegerField(
        default=500, help_text=_("Reward points given with the member of the month title.")
    )
    tag_champion_points = models.PositiveIntegerField(
        default=200, help_text=_("Reward points given with a tag champion title.")
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
    def reason_label(self) -> str:
        """``get_reason_display()`` from the reasons translated once per language: Django's translates every
        choice to find one, 600 translations for a page of 30 entries (a fifth of the reputation profile)."""
        return _reason_labels(get_language()).get(self.reason, self.reason)

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


# --- reward points: the spendable balance beside reputation ----------------------------------------------------


class PointsBalance(models.Model):
    """A member's reward points: the sum of their ``PointsEntry`` rows, kept beside them so a page reads one row.

    Unlike reputation it has no floor: a clawback after points were spent can take it below zero, and then
    nothing can be redeemed until the member earns it back (``rewards.points``)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="points_balance"
    )
    points = models.IntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reward points balance")
        verbose_name_plural = _("reward points balances")

    def __str__(self):
        return f"{self.member_id}: {self.points}"


class PointsEntry(models.Model):
    """One change to a member's reward points. Append-only, like the reputation ledger: corrections are entries.

    Keyed like ``LedgerEntry`` by (event key, member, reason), so a replayed event or a double-clicked redemption
    moves the balance once. ``origin`` groups what one cause paid: the reputation origin it follows ("vote:…",
    "accept:…", "bounty:…", "article:…"), "redemption:<id>" or "recognition:<id>"."""

    class Reason(models.TextChoices):
        EARNED = "earned", _("Earned with reputation")
        CLAWED_BACK = "clawed_back", _("Taken back with reputation")
        REDEEMED = "redeemed", _("Spent on a reward")
        REFUNDED = "refunded", _("Refunded: redemption rejected")
        RECOGNITION = "recognition", _("Recognition by the community team")
        ADJUSTMENT = "adjustment", _("Adjustment by the team")
        RECOMPUTED = "recomputed", _("Corrected by a recompute")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points_entries")
    points = models.IntegerField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    origin = models.CharField(max_length=80, db_index=True)
    event_key = models.CharField(max_length=160)
    redemption = models.ForeignKey(
        "rewards.Redemption", null=True, blank=True, on_delete=models.SET_NULL, related_name="points_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reward points change")
        verbose_name_plural = _("reward points changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event_key", "member", "reason"], name="points_event_paid_once"),
        ]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="points_member_time_idx"),
            models.Index(fields=["member", "origin"], include=["points"], name="points_member_origin_idx"),
            # The KPIs: points earned and spent per month, one range of the period per reason counted. Reason first:
            # a recompute writes its corrections all at once, and with the date first the period's range read
            # every one of them (a sequential scan of 814,000 rows at 100,000 threads: tests/team/
            # test_programme_kpis_scale.py).
            models.Index(fields=["reason", "created_at"], include=["points"], name="points_reason_time_idx"),
        ]

    def __str__(self):
        return f"{self.points:+d} {self.get_reason_display()}"


# --- the catalogue: perks members buy with reward points -------------------------------------------------------


class Perk(models.Model):
    """Something the brand gives for reward points: a digital code, a physical item, an experience.

    Community managers keep the catalogue in the CMS. ``stock`` counts the units left (empty: unlimited); for a
    perk handing out uploaded codes it is the number of codes not yet handed out. Eligibility (reputation, a
    badge, account age), a per-member limit and an availability window decide who may redeem it, and when."""

    class Kind(models.TextChoices):
        DIGITAL = "digital", _("Digital")
        PHYSICAL = "physical", _("Physical")
        EXPERIENCE = "experience", _("Experience")

    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=2000)
    # The community speaks English and French: a perk written by the team in both reads in the member's language.
    title_fr = models.CharField(
        _("title in French"),
        max_length=120,
        blank=True,
        help_text=_("For members reading in French. Empty: the title."),
    )
    description_fr = models.TextField(
        _("description in French"),
        max_length=2000,
        blank=True,
        help_text=_("For members reading in French. Empty: the description."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PHYSICAL)
    cost = models.PositiveIntegerField(_("cost in reward points"), validators=[MinValueValidator(1)])
    stock = models.PositiveIntegerField(
        _("units left"), null=True, blank=True, help_text=_("Leave empty for an unlimited perk.")
    )
    min_reputation = models.PositiveIntegerField(_("minimum reputation"), default=0)
    required_badge = models.ForeignKey(
        Badge, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("required badge")
    )
    min_account_days = models.PositiveIntegerField(
        _("minimum account age in days"), default=0, help_text=_("Days since the member joined.")
    )
    per_member_limit = models.PositiveIntegerField(
        _("limit per member"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many times one member may redeem it (rejected redemptions do not count). Empty: no limit."),
    )
    available_from = models.DateTimeField(_("available from"), null=True, blank=True)
    available_until = models.DateTimeField(_("available until"), null=True, blank=True)
    asks_address = models.BooleanField(_("asks for a shipping address"), default=False)
    asks_size = models.BooleanField(_("asks for a size"), default=False)
    sizes = models.CharField(
        _("sizes offered"), max_length=200, blank=True, help_text=_("Comma-separated, for example: S, M, L, XL.")
    )
    asks_phone = models.BooleanField(_("asks for a phone number"), default=False)
    uses_codes = models.BooleanField(
        _("hands out uploaded codes"),
        default=False,
        help_text=_("Each redemption receives one uploaded code at once, with no approval step."),
    )
    is_live = models.BooleanField(_("shown in the catalogue"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    # Redemptions not rejected (kept with each redemption and rejection; rebuilt from the rows by the recompute).
    redeemed_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("perk")
        verbose_name_plural = _("perks")
        ordering = ["sort_order", "cost", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_until__gt=models.F("available_from")),
                name="perk_window_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def localized_title(self) -> str:
        """The title in the active language: the French one for a French reader, when the team wrote it."""
        return self.title_fr if self.title_fr and _reads_french() else self.title

    @property
    def localized_description(self) -> str:
        return self.description_fr if self.description_fr and _reads_french() else self.description

    @property
    def asks_details(self) -> bool:
        return self.asks_address or self.asks_size or self.asks_phone


def _reads_french() -> bool:
    return (get_language() or "").split("-")[0] == "fr"


class PerkCode(models.Model):
    """A digital code uploaded in bulk for a perk, handed to exactly one redemption."""

    perk = models.ForeignKey(Perk, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=200)
    redemption = models.OneToOneField(
        "rewards.Redemption", null=True, blank=True, on_delete=models.SET_NULL, related_name="code"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("perk code")
        verbose_name_plural = _("perk codes")
        constraints = [models.UniqueConstraint(fields=["perk", "code"], name="perk_code_once")]
        indexes = [
            models.Index(fields=["perk"], condition=Q(redemption__isnull=True), name="perk_code_free_idx"),
        ]

    def __str__(self):
        return f"{self.perk_id}: {self.code[:4]}…"


class Redemption(models.Model):
    """A member's points spent on a perk, and what the team did with it.

    pending → approved → fulfilled, or pending/approved → rejected (the points come back); a code perk is
    fulfilled at once. ``details`` (address, size, phone) is personal data: only the team sees it, and it is
    erased ``GUILDHALL_FULFILMENT_RETENTION_DAYS`` after fulfilment (or rejection)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        FULFILLED = "fulfilled", _("Fulfilled")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="redemptions")
    perk = models.ForeignKey(Perk, on_delete=models.PROTECT, related_name="redemptions")
    cost = models.PositiveIntegerField(help_text=_("The points it cost when redeemed."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # One click, one redemption: the confirmation form carries a key, and a second submission finds the first.
    idempotency_key = models.CharField(max_length=64)
    details = models.JSONField(default=dict, blank=True)
    details_erased_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True, help_text=_("Why it was rejected."))
    note = models.CharField(
        _("fulfilment note"), max_length=300, blank=True, help_text=_("What was sent, or a tracking number.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "idempotency_key"], name="redemption_once_per_key"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="redemption_queue_idx"),
            models.Index(fields=["member", "-created_at"], name="redemption_member_idx"),
            models.Index(fields=["perk", "member", "status"], name="redemption_perk_member_idx"),
        ]

    def __str__(self):
        return f"{self.perk} ({self.get_status_display()})"


# --- recognition by the team: member of the month, tag champions -----------------------------------------------


class Recognition(models.Model):
    """The team's pick for a month: the member of the month, or a tag's champion, with a citation.

    Publishing it grants a badge (the ``Award`` it made) and reward points (``points``, from the rules at the
    time), shows it on the home page and the member's profile, and tells the member."""

    class Kind(models.TextChoices):
        MEMBER_OF_THE_MONTH = "month", _("Member of the month")
        TAG_CHAMPION = "tag_champion", _("Tag champion")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recognitions")
    tag = models.ForeignKey("community.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text=_("The first day of the month it recognises."))
    citation = models.TextField(_("citation"), max_length=600)
    points = models.PositiveIntegerField(default=0)
    award = models.ForeignKey(Award, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-month", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "month"], condition=Q(tag__isnull=True), name="one_member_of_the_month"
            ),
            models.UniqueConstraint(
                fields=["kind", "month", "tag"], condition=Q(tag__isnull=False), name="one_champion_per_tag_month"
            ),
            models.CheckConstraint(
                condition=Q(kind="month", tag__isnull=True) | Q(kind="tag_champion", tag__isnull=False),
                name="champion_has_a_tag",
            ),
        ]
        indexes = [models.Index(fields=["member", "-month"], name="recognition_member_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.month:%Y-%m}: {self.member_id}"


@functools.lru_cache(maxsize=16)
def _reason_labels(language: str | None) -> dict[str, str]:
    """Every ledger reason's label in ``language`` (the active one: the key only)."""
    return {value: str(label) for value, label in LedgerEntry.Reason.choices}
