"""Reads for a member's reward points page: the balance, how points are earned, and the history.

A points entry carries its origin, not the post it is about: the reputation entries of the same origin know the
thread and the answer, a redemption knows its perk, a recognition its month and tag. A page of history fetches
those in a fixed number of queries, whatever the page holds (``tests/rewards/test_points_page.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _

from rewards.actions.points import derived_key, target
from rewards.models import LedgerEntry, PointsBalance, PointsEntry, Recognition, RuleProfile

PER_PAGE = 30
P = PointsEntry.Reason
RECOGNITION_PREFIX = "recognition:"


@dataclass(frozen=True)
class Example:
    """What one kind of event is worth under the rules in force: reputation, and the points that come with it."""

    label: str
    reputation: int
    points: int


@dataclass
class Row:
    """One line of the history: the entry, and what it is about (a post, a redemption or a recognition)."""

    entry: PointsEntry
    cause: str = ""  # the reputation change it follows ("Answer upvoted", "Vote undone or changed"…), translated
    thread: object | None = None  # a visible thread, to link
    answer_url: str = ""  # the answer on that thread, when the change is about one
    post_gone: bool = False  # it was about a post that is deleted now
    recognition: Recognition | None = None


def balance(member) -> int:
    return PointsBalance.objects.filter(pk=member.pk).values_list("points", flat=True).first() or 0


def examples(profile: RuleProfile) -> list[Example]:
    """The usual ways to earn, worth what the active rules say (nothing shown for a rule worth no reputation)."""
    rules = [
        (_("An upvote on your answer"), profile.answer_upvote),
        (_("An upvote on your question"), profile.question_upvote),
        (_("An upvote on your tip or idea"), profile.tip_upvote),
        (_("Your answer accepted"), profile.accept_author),
        (_("A knowledge article you wrote published"), profile.article_published),
    ]
    return [
        Example(label, reputation, target(reputation, profile.points_percent))
        for label, reputation in rules
        if reputation > 0
    ]


def history_page(member, number) -> tuple[Page, list[Row]]:
    """A page of the member's points entries, newest first, each with what it is about: four queries at most
    (count, entries with their redemption and perk, the reputation entries of their origins, the recognitions)."""
    entries = (
        PointsEntry.objects.filter(member_id=member.pk)
        .select_related("redemption__perk")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(entries, PER_PAGE).get_page(number)
    rows = [Row(entry) for entry in page.object_list]
    _attach_posts(member, rows)
    _attach_recognitions(rows)
    return page, rows


def _attach_posts(member, rows: list[Row]) -> None:
    origins = {row.entry.origin for row in rows if row.entry.reason in (P.EARNED, P.CLAWED_BACK, P.RECOMPUTED)}
    if not origins:
        return
    ledger = (
        LedgerEntry.objects.filter(member_id=member.pk, origin__in=origins)
        .select_related("thread", "answer")
        .only(
            "origin",
            "event_key",
            "reason",
            "thread",
            "answer",
            "thread__title",
            "thread__slug",
            "thread__is_deleted",
            "answer__is_deleted",
            "answer__thread_id",
        )
        .order_by("pk")
    )
    by_key: dict[str, LedgerEntry] = {}
    by_origin: dict[str, LedgerEntry] = {}
    for entry in ledger:
        by_key[derived_key(entry)] = entry
        by_origin.setdefault(entry.origin, entry)  # its first entry: what the origin paid for
    for row in rows:
        source = by_key.get(row.entry.event_key)
        first = by_origin.get(row.entry.origin)
        if source is not None:
            row.cause = source.get_reason_display()
        post = source or first
        if post is None:
            continue
        thread, answer = post.thread, post.answer
        if (thread is not None and thread.is_deleted) or (answer is not None and answer.is_deleted):
            row.post_gone = True
        elif thread is not None:
            row.thread = thread
            if answer is not None:
                row.answer_url = f"{thread.get_absolute_url()}#answer-{answer.pk}"


def _attach_recognitions(rows: list[Row]) -> None:
    ids = {
        int(row.entry.origin.removeprefix(RECOGNITION_PREFIX))
        for row in rows
        if row.entry.origin.startswith(RECOGNITION_PREFIX) and row.entry.origin[len(RECOGNITION_PREFIX) :].isdigit()
    }
    if not ids:
        return
    recognitions = Recognition.objects.select_related("tag").in_bulk(ids)
    for row in rows:
        if row.entry.origin.startswith(RECOGNITION_PREFIX):
            row.recognition = recognitions.get(int(row.entry.origin.removeprefix(RECOGNITION_PREFIX)))
