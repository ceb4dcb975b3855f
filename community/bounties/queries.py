"""What pages show of bounties, in a constant number of queries.

The thread page reads a thread's bounties once per content version (``page_cache.remember`` under the thread's
tag, which every bounty event bumps: community/core/freshness.py), so a warm thread page runs no query for
them; whether a member may offer one is their reputation against the rules, kept under their own tag.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from community.forum import queries as forum_queries
from community.forum.models import Bounty
from config import cache as shared_cache
from config import page_cache
from rewards import api as rewards_api


@dataclass(frozen=True)
class ThreadBounties:
    """A thread's open bounty (or None) and what each awarded answer received."""

    open: Bounty | None = None
    awarded: dict[int, int] = field(default_factory=dict)  # answer id → reputation it received


def for_thread(thread) -> ThreadBounties:
    """The bounties ``thread``'s page shows; one query on a cold cache, none on a warm one, and once per render
    (kept on the thread object: the banner and every answer's "+N" ask)."""
    known = getattr(thread, "_bounties", None)
    if known is not None:
        return known

    def build():
        rows = list(
            Bounty.objects.filter(Q(closed_at__isnull=True) | Q(answer__isnull=False), thread_id=thread.pk)
            .select_related("offered_by")
            .order_by("created_at", "pk")
        )
        found = ThreadBounties(
            open=next((b for b in rows if b.closed_at is None), None),
            awarded={b.answer_id: b.awarded_amount or b.amount for b in rows if b.answer_id},
        )
        tags = [page_cache.thread_tag(thread.pk), *(page_cache.member_tag(b.offered_by_id) for b in rows)]
        return found, tags

    value, _versions = page_cache.remember(thread_cache_key(thread.pk), build)
    thread._bounties = value
    return value


def may_offer(member) -> bool:
    """Has ``member`` the reputation to offer a bounty under the rules in force? (The action checks again.)"""
    if not (member and member.is_authenticated and member.is_active) or getattr(member, "is_suspended", False):
        return False

    # The header's standing: already read (and cached) for the page, so this asks nothing more.
    return rewards_api.standing(member).points >= rewards_api.bounty_rules().min_reputation


def featured(now=None):
    """Open bounties on visible questions, ending soonest first (the partial index ``bounty_open_idx``)."""
    return (
        Bounty.objects.filter(closed_at__isnull=True, ends_at__gt=now or timezone.now(), thread__is_deleted=False)
        .select_related("thread__author")
        .prefetch_related("thread__tags")
        .order_by("ends_at", "pk")
    )


def featured_page(request):
    """One page of the featured list: count, rows and their tags — three queries whatever the page."""
    return forum_queries.paginate(request, featured())


def thread_cache_key(thread_id: int) -> str:
    return f"bounties:thread:{thread_id}"


def _read_with_the_thread(member_id: int, thread_id: int) -> str:
    return thread_cache_key(thread_id)


def connect() -> None:
    """A member's thread page reads the thread's bounties with the thread's own data, in one round trip."""
    shared_cache.thread_read(_read_with_the_thread)
