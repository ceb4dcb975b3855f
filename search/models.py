"""Search's own tables; it never writes community or rewards tables.

- ``PendingUpdate``: the outbox. A community event marks what the index owes (a thread, or a member whose
  name or reputation changed); a task clears the mark once the index has it. If Elasticsearch is down the
  marks stay, and nothing is lost (``manage.py search_sync`` or the next task delivers them).
- ``SearchEntry`` / ``SearchTag``: the database backend's index (used when ``ELASTICSEARCH_URL`` is unset),
  with an FTS5 table (SQLite) or a ``tsv`` tsvector column + GIN index (PostgreSQL) made by migration 0001.
- ``SearchSynonym``: a set of equivalent search terms moderators manage in the CMS (``search.synonyms``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingUpdate(models.Model):
    class Kind(models.TextChoices):
        THREAD = "thread", "Thread"
        MEMBER = "member", "Member"
        PAGE = "page", "Knowledge page"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    object_id = models.BigIntegerField()
    marked_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_pending_update")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class SearchEntry(models.Model):
    """One searchable document on the database backend: the same fields as the Elasticsearch document."""

    doc_type = models.CharField(max_length=8)  # "thread" or "page"
    object_id = models.BigIntegerField()
    kind = models.CharField(max_length=16)  # question, tip, page
    # What it is written in (a code of settings.LANGUAGES): the lang: filter, the Language facet, and on PostgreSQL
    # which analysis of the text weighs most. Rows written before documents carried one say "en" (migration 0004).
    language = models.CharField(max_length=8, default="en", db_default="en")
    title = models.CharField(max_length=300)
    title_key = models.CharField(max_length=300, db_index=True)  # ranking.normalise_title(title)
    body = models.TextField(blank=True)
    answers = models.TextField(blank=True)
    tags = models.CharField(max_length=400, blank=True)  # space-separated, for text matching
    # Titles of the threads closed as duplicates of this one, one a line: similar questions compare the asker's
    # title with them as with the title (search.similarity).
    duplicate_titles = models.TextField(blank=True, default="", db_default="")
    author = models.CharField(max_length=150, blank=True, db_index=True)  # username
    author_name = models.CharField(max_length=150, blank=True)
    author_id = models.BigIntegerField(null=True, db_index=True)
    score = models.IntegerField(default=0)
    answer_count = models.IntegerField(default=0)
    accepted = models.BooleanField(default=False)
    author_reputation = models.IntegerField(default=1)
    created_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    last_activity_ts = models.FloatField()  # epoch seconds: the freshness decay in SQL on every database
    url = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["doc_type", "object_id"], name="unique_search_entry")]
        indexes = [
            models.Index(fields=["-created_at"], name="search_entry_newest_idx"),
            models.Index(fields=["-score"], name="search_entry_votes_idx"),
        ]


class SearchTag(models.Model):
    """A tag of an entry, with copies of what picks a tag's best entries (knowledge hubs, ``rank_for_tags``):
    the entry's lasting quality (the ranking formula without freshness: votes, accepted answer, author
    reputation, the down-vote penalty) and the 30-day period of its last activity. Written with the entry, in
    the same transaction (``database.copy_signals_to_tags``), and again when the author's reputation changes."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="tag_rows")
    name = models.CharField(max_length=100)
    lasting_quality = models.FloatField(default=0.0)
    activity_period = models.IntegerField(default=0)  # floor(last activity, epoch seconds / 30 days)

    class Meta:
        indexes = [
            models.Index(fields=["name", "entry"], name="search_tag_name_idx"),
            # A tag's best entries, overall and per period of activity, read in order
            # (DatabaseBackend.rank_for_tags; tests/knowledge/test_hub_at_scale.py checks the plan).
            models.Index(fields=["name", "-lasting_quality", "entry"], name="search_tag_quality_idx"),
            models.Index(fields=["name", "activity_period", "-lasting_quality", "entry"], name="search_tag_period_idx"),
        ]


class SearchWord(models.Model):
    """A word of the database index's titles, tags and bodies, for "Did you mean …?" (``search.vocabulary``).

    ``folded`` is how words are compared (lower case, accents removed), ``spelling`` how members write it (with its
    accents: "bière"), ``frequency`` how many entries use it, kept as entries are written and deleted, in the same
    transaction. On PostgreSQL a trigram GIN index on ``folded`` (migration 0005, ``pg_trgm``) finds the words like
    a misspelt one; on SQLite the most frequent words are compared in memory (``search.spelling``).
    """

    folded = models.CharField(max_length=40, unique=True)
    spelling = models.CharField(max_length=40)
    frequency = models.IntegerField(default=0)  # entries using the word; 0 once none does (the row stays)

    class Meta:
        indexes = [models.Index(fields=["-frequency"], name="search_word_frequency_idx")]

    def __str__(self):
        return self.spelling


class SearchSynonym(models.Model):
    """One set of equivalent search terms ("ipa, india pale ale"): a search for any of them finds them all.

    ``terms`` holds the set as ``search.synonyms.normalise_terms`` leaves it: lower-case, comma-separated,
    deduplicated. Written only through ``search.actions`` (which checks that no term is in two sets); read through
    ``search.synonyms`` (cached), by the database backend's query expansion and the Elasticsearch search analyzers.
    """

    terms = models.CharField(_("terms"), max_length=1000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym set")
        verbose_name_plural = _("synonym sets")

    def __str__(self):
        return self.terms

    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]
