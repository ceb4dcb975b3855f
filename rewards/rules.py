"""What each event is worth, under a rule profile, before the cap and the floor.

The same functions serve the live handlers and ``rewards_recompute``, so a
recomputed ledger pays exactly what the live one would have.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date

from django.core.cache import cache
from django.core.signals import request_finished, request_started

from rewards.models import LedgerEntry, RuleProfile

R = LedgerEntry.Reason


@dataclass(frozen=True)
class Payment:
    member_id: int
    points: int
    reason: str
    origin: str
    counts_toward_cap: bool = False
    thread_id: int | None = None
    answer_id: int | None = None
    actor_id: int | None = None


PROFILE_CACHE_KEY = "rewards:active-profile"


def profile_cache_key(request) -> str:
    """Every member page reads the rules in force (privileges, refusals): read ahead with the member's row."""
    return PROFILE_CACHE_KEY


def active_profile() -> RuleProfile:
    """The rules in force. Read on every vote and page, so cached; saving a profile clears the cache.

    A page asks several times (privileges, levels, refusals): within one request the first answer is kept
    (``_request_memo``), so the shared cache is asked once. Never creates a row (reads do not write): with no
    profile at all, the model's defaults apply.
    """
    memo = getattr(_request_memo, "profile", None)
    if memo is not None:
        return memo
    profile = cache.get(PROFILE_CACHE_KEY)
    if profile is None:
        profile = RuleProfile.objects.filter(is_active=True).first() or RuleProfile.objects.order_by("pk").first()
        if profile is None:
            # Reading never writes: migration 0002 creates the default profiles; without any row the
            # model's defaults (Stack Exchange's values) are the rules, unsaved.
            profile = RuleProfile(name="Default", is_active=True)
        cache.set(PROFILE_CACHE_KEY, profile, 60)
    if getattr(_request_memo, "active", False):
        _request_memo.profile = profile
    return profile


def forget_active_profile(**kwargs) -> None:
    cache.delete(PROFILE_CACHE_KEY)
    _request_memo.profile = None


# Per-thread, per-request memory of the active profile: set up when a request starts, dropped when it ends,
# so a worker never carries rules over from one request to the next.
_request_memo = threading.local()


def _request_started(**kwargs) -> None:
    _request_memo.active, _request_memo.profile = True, None


def _request_finished(**kwargs) -> None:
    _request_memo.active, _request_memo.profile = False, None


request_started.connect(_request_started, dispatch_uid="rewards-rules-request-started")
request_finished.connect(_request_finished, dispatch_uid="rewards-rules-request-finished")


def vote_origin(voter_id: int, thread_id: int, answer_id: int | None) -> str:
    return f"vote:{voter_id}:a{answer_id}" if answer_id else f"vote:{voter_id}:t{thread_id}"


def accept_origin(answer_id: int) -> str:
    return f"accept:{answer_id}"


def vote_payments(
    profile: RuleProfile, *, voter_id: int, author_id: int, kind: str, thread_id: int, answer_id: int | None, value: int
) -> list[Payment]:
    """What one standing vote pays: to the post's author, and (answer downvotes) from the voter."""
    if value == 0 or voter_id == author_id:
        return []
    origin = vote_origin(voter_id, thread_id, answer_id)
    common = {"origin": origin, "thread_id": thread_id, "answer_id": answer_id, "actor_id": voter_id}
    if value > 0:
        if answer_id:
            points, reason = profile.answer_upvote, R.ANSWER_UPVOTED
        elif kind == "tip":
            points, reason = profile.tip_upvote, R.TIP_UPVOTED
        elif kind == "idea":  # ideas are contributions like tips, not questions
            points, reason = profile.tip_upvote, R.IDEA_UPVOTED
        else:
            points, reason = profile.question_upvote, R.QUESTION_UPVOTED
        return [Payment(author_id, points, reason, counts_toward_cap=True, **common)]
    payments = [Payment(author_id, profile.post_downvoted, R.POST_DOWNVOTED, counts_toward_cap=True, **common)]
    if answer_id and profile.answer_downvote_cost:
        payments.append(Payment(voter_id, profile.answer_downvote_cost, R.DOWNVOTED_ANSWER, **common))
    return payments


def accept_payments(
    profile: RuleProfile, *, answer_id: int, thread_id: int, author_id: int, acceptor_id: int
) -> list[Payment]:
    """Accepting pays the answerer and the asker, but nothing for accepting one's own answer."""
    if author_id == acceptor_id:
        return []
    common = {
        "origin": accept_origin(answer_id),
        "thread_id": thread_id,
        "answer_id": answer_id,
        "actor_id": acceptor_id,
    }
    return [
        Payment(author_id, profile.accept_author, R.ANSWER_ACCEPTED, **common),
        Payment(acceptor_id, profile.accept_acceptor, R.ACCEPTED_ANSWER, **common),
    ]


def bounty_payments(
    *, bounty_id: int, thread_id: int, offered_by: int, amount: int, answer_id=None, answer_author=None, awarded=False
):
    origin = f"bounty:{bounty_id}"
    if not awarded:
        return [Payment(offered_by, -amount, R.BOUNTY_OFFERED, origin=origin, thread_id=thread_id, actor_id=offered_by)]
    return [
        Payment(
            answer_author,
            amount,
            R.BOUNTY_AWARDED,
            origin=origin,
            thread_id=thread_id,
            answer_id=answer_id,
            actor_id=offered_by,
        )
    ]


def article_origin(page_id: int) -> str:
    return f"article:{page_id}"


def article_payments(profile: RuleProfile, *, page_id: int, thread_id: int | None, author_ids) -> list[Payment]:
    """A knowledge article's first publication pays each credited author (outside the daily vote cap)."""
    if not profile.article_published:
        return []
    origin = article_origin(page_id)
    return [
        Payment(member_id, profile.article_published, R.ARTICLE_PUBLISHED, origin=origin, thread_id=thread_id)
        for member_id in sorted(set(author_ids))
    ]


def clamp(points: int, *, counts_toward_cap: bool, reputation: int, cap_used: int, cap: int) -> int:
    """Apply the daily cap (to vote earnings) and the floor of 1 (to everything)."""
    applied = points
    if counts_toward_cap and points > 0:
        applied = max(0, min(points, cap - cap_used))
    if reputation + applied < 1:
        applied = min(0, 1 - reputation)
    return applied


def day_of(moment) -> date:

    return moment.astimezone(UTC).date()
