"""Domain events: what happened in the community, for other apps to react to.

Actions call ``emit(event)`` inside their transaction; the event is handed to
subscribers only once the transaction commits (``transaction.on_commit``), so
a rolled-back action tells nobody anything. Subscribers register in their
app's ``AppConfig.ready()`` with ``subscribe(EventType, handler)``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

logger = logging.getLogger(__name__)

_subscribers: dict[type, list[Callable]] = defaultdict(list)
_within: dict[type, list[Callable]] = defaultdict(list)
_last: list[Callable] = []


def subscribe(event_type: type, handler: Callable) -> None:
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


def unsubscribe(event_type: type, handler: Callable) -> None:
    if handler in _subscribers[event_type]:
        _subscribers[event_type].remove(handler)


def subscribe_within(event_type: type, handler: Callable) -> None:
    """Run ``handler`` at once, inside the emitting action's transaction.

    For the few rows another feature must write *with* the action, so they commit or roll back together
    (a first post's review task, a merged tag's followers and articles) — without the action's package
    importing that feature. A failure here fails the action.
    """
    if handler not in _within[event_type]:
        _within[event_type].append(handler)


def subscribe_last(handler: Callable) -> None:
    """Run ``handler`` for every event, after all its other subscribers.

    For the page cache (community/core/freshness.py): pages go stale only once every reaction has written
    its rows (rewards' ledger, knowledge's lists), so a page rendered in between cannot be stored as fresh.
    """
    if handler not in _last:
        _last.append(handler)


def emit(event) -> None:
    """Run in-transaction subscribers now; deliver ``event`` to the others once the transaction commits."""
    for handler in list(_within[type(event)]):
        handler(event)
    transaction.on_commit(lambda: _dispatch(event))


def _dispatch(event) -> None:
    for handler in [*_subscribers[type(event)], *_last]:
        # One failing subscriber must not stop the others, nor undo a write
        # that has already committed; it is logged loudly instead.
        try:
            handler(event)
        except Exception:
            logger.exception("Subscriber %r failed on %r", handler, event)


@dataclass(frozen=True)
class TagsMerged:
    source_id: int
    target_id: int
    moderator_id: int
    at: datetime
    # The threads that carried the source tag: their tags changed (the search index writes them again).
    thread_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ThreadDuplicateChanged:
    """A moderator closed a thread as a duplicate of another, or reopened it: the originals' search entries carry
    the titles of the threads closed as their duplicates, so the next asker phrasing it that way finds them."""

    thread_id: int
    moderator_id: int
    at: datetime
    # The original it now points at (None once reopened) and the one it pointed at before (None if none).
    original_id: int | None = None
    previous_original_id: int | None = None


@dataclass(frozen=True)
class ThreadLinksChanged:
    """A question's accepted answer now links to other threads, or no longer does (``community.forum.answer_links``):
    the threads in ``linked_ids`` gained or lost the question's title as a phrasing of theirs."""

    thread_id: int
    linked_ids: tuple[int, ...]
    at: datetime


@dataclass(frozen=True)
class ThreadCreated:
    thread_id: int
    author_id: int
    kind: str
    at: datetime
    first_post: bool = False  # the author's first thread or answer
    backdated: bool = False  # recorded with ``at=`` by the seeder or an importer, not posted live


@dataclass(frozen=True)
class ThreadEdited:
    thread_id: int
    editor_id: int
    revision: int
    at: datetime


@dataclass(frozen=True)
class AnswerPosted:
    answer_id: int
    thread_id: int
    author_id: int
    at: datetime
    first_post: bool = False
    backdated: bool = False


@dataclass(frozen=True)
class AnswerEdited:
    answer_id: int
    thread_id: int
    editor_id: int
    revision: int
    at: datetime


@dataclass(frozen=True)
class CommentPosted:
    comment_id: int
    thread_id: int
    answer_id: int | None
    author_id: int
    at: datetime


@dataclass(frozen=True)
class VoteCast:
    """A member's vote on a post changed: ``old_value``/``new_value`` are 1, -1 or 0 (none)."""

    voter_id: int
    author_id: int
    thread_id: int
    answer_id: int | None
    old_value: int
    new_value: int
    at: datetime


@dataclass(frozen=True)
class AnswerAccepted:
    answer_id: int
    thread_id: int
    acceptor_id: int
    author_id: int
    at: datetime


@dataclass(frozen=True)
class AnswerUnaccepted:
    answer_id: int
    thread_id: int
    acceptor_id: int
    author_id: int
    at: datetime


@dataclass(frozen=True)
class PostHidden:
    """A thread, answer or comment was (soft-)deleted. ``model`` is "thread", "answer" or "comment"."""

    model: str
    object_id: int
    thread_id: int
    author_id: int
    actor_id: int
    at: datetime


@dataclass(frozen=True)
class PostRestored:
    model: str
    object_id: int
    thread_id: int
    author_id: int
    actor_id: int
    at: datetime


@dataclass(frozen=True)
class MemberJoined:
    member_id: int
    at: datetime


@dataclass(frozen=True)
class ProfileUpdated:
    member_id: int
    at: datetime


# --- onboarding (community/onboarding: the welcome page's first steps) ----------


@dataclass(frozen=True)
class OnboardingAnswerRead:
    """A new member opened the good answer their welcome checklist suggested (the one step with no row of its
    own: the others are read from their profile, posts and votes)."""

    member_id: int
    answer_id: int
    at: datetime


@dataclass(frozen=True)
class OnboardingDismissed:
    """A member put their welcome checklist away: it is not shown on their pages again."""

    member_id: int
    at: datetime


# --- community care (ideas, follows, notifications, experts, dissatisfaction watch) ----------


@dataclass(frozen=True)
class IdeaStatusChanged:
    thread_id: int
    author_id: int
    actor_id: int
    old_status: str
    new_status: str
    at: datetime


@dataclass(frozen=True)
class ExpertsRequested:
    """An unanswered question was offered to these experts (``expert_ids``)."""

    thread_id: int
    expert_ids: tuple[int, ...]
    at: datetime


@dataclass(frozen=True)
class FollowChanged:
    """A member started (``following``) or stopped following a thread or a tag."""

    member_id: int
    thread_id: int | None
    tag_id: int | None
    following: bool
    at: datetime


@dataclass(frozen=True)
class NotificationsRead:
    member_id: int
    count: int
    at: datetime


@dataclass(frozen=True)
class NotificationSettingsChanged:
    member_id: int
    at: datetime


@dataclass(frozen=True)
class DissatisfactionHandled:
    item_id: int
    thread_id: int
    actor_id: int
    at: datetime


@dataclass(frozen=True)
class PostFlagged:
    flag_id: int
    flagger_id: int
    reason: str
    at: datetime
    # What was flagged ("thread", "answer" or "comment", its id and thread): webhooks name the post.
    target_type: str = ""
    target_id: int | None = None
    thread_id: int | None = None


@dataclass(frozen=True)
class MemberModerated:
    """A moderator acted on a member's post or account; the member is told with the reason."""

    member_id: int
    actor_id: int | None
    action: str
    target_type: str
    target_id: int | None
    target_label: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class DissatisfactionDetected:
    """The watch (community/team/watch.py) opened an item: a new post reads as a complaint or frustration."""

    item_id: int
    thread_id: int
    answer_id: int | None
    comment_id: int | None
    author_id: int
    negativity: float
    at: datetime


@dataclass(frozen=True)
class DissatisfactionReopened:
    item_id: int
    thread_id: int
    actor_id: int
    at: datetime


# --- knowledge articles (community/knowledge/handlers.py) -------------------------------------------


@dataclass(frozen=True)
class ArticlePromoted:
    """A tip (``answer_id`` None) or an accepted answer became a draft knowledge article, sent to review."""

    page_id: int
    thread_id: int
    answer_id: int | None
    promoter_id: int
    author_ids: tuple[int, ...]
    at: datetime


@dataclass(frozen=True)
class KnowledgeArticlePublished:
    """A knowledge article went live for the first time; ``author_ids`` are its credited authors."""

    page_id: int
    thread_id: int | None
    author_ids: tuple[int, ...]
    at: datetime


@dataclass(frozen=True)
class KnowledgePagePublished:
    """A knowledge page is live with new content (every publication, not only the first)."""

    page_id: int
    at: datetime


@dataclass(frozen=True)
class KnowledgePageUnpublished:
    """A knowledge page is no longer live (unpublished or deleted)."""

    page_id: int
    at: datetime


# --- members' data rights (community/privacy) ----------------------------------------------------


@dataclass(frozen=True)
class DataExportRequested:
    """A member asked for an archive of their data; the task that builds it is enqueued on commit."""

    export_id: int
    member_id: int
    at: datetime


@dataclass(frozen=True)
class AccountDeletionScheduled:
    """A member asked for their account to be erased after the grace period (``erase_after``)."""

    member_id: int
    erase_after: datetime
    at: datetime


@dataclass(frozen=True)
class AccountDeletionCancelled:
    member_id: int
    at: datetime


@dataclass(frozen=True)
class MemberErased:
    """A member's personal data was erased; their posts stay, attributed to "deleted member N".

    ``thread_ids`` are the threads that show something of theirs (their own, those they answered or commented
    on): the pages that named them must be drawn again, and search must re-index the author names."""

    member_id: int
    thread_ids: tuple[int, ...]
    at: datetime


@dataclass(frozen=True)
class DraftSaved:
    """A member's unfinished writing was saved (community/composer): private, no page changes."""

    member_id: int
    purpose: str
    object_id: int
    at: datetime


@dataclass(frozen=True)
class DraftDiscarded:
    member_id: int
    purpose: str
    object_id: int
    at: datetime


@dataclass(frozen=True)
class ImageUploaded:
    """An image was uploaded; it shows only once a post that names it is saved (that post's own event)."""

    upload_id: int
    member_id: int
    at: datetime


# --- personal access tokens (community/api): a member's keys for the API ---------------------------------


@dataclass(frozen=True)
class AccessTokenCreated:
    token_id: int
    member_id: int
    scope: str
    at: datetime


@dataclass(frozen=True)
class AccessTokenRevoked:
    """The member revoked their token, or a moderator did (``actor_id`` then differs from ``member_id``)."""

    token_id: int
    member_id: int
    actor_id: int
    at: datetime


# --- webhooks (community/webhooks): the moderators' endpoints and their deliveries ------------------------


@dataclass(frozen=True)
class WebhookEndpointSaved:
    """A moderator added or changed a webhook endpoint (``created``), or turned it back on."""

    endpoint_id: int
    actor_id: int
    created: bool
    at: datetime


@dataclass(frozen=True)
class WebhookEndpointDeleted:
    endpoint_id: int
    actor_id: int
    at: datetime


@dataclass(frozen=True)
class WebhookEndpointDisabled:
    """Deliveries to an endpoint kept failing after their retries: it is turned off and moderators are told."""

    endpoint_id: int
    url: str
    failures: int
    at: datetime


@dataclass(frozen=True)
class WebhookRedelivered:
    """A moderator sent a delivery's payload again (``delivery_id`` is the new delivery)."""

    delivery_id: int
    original_id: int
    actor_id: int
    at: datetime


# --- bounties (community/bounties): reputation a member puts on a question ---------------------------------


@dataclass(frozen=True)
class BountyOffered:
    """A member put ``amount`` of their reputation on a question; it is paid out by ``BountyAwarded``."""

    bounty_id: int
    thread_id: int
    offered_by_id: int
    amount: int
    ends_at: datetime
    at: datetime


@dataclass(frozen=True)
class BountyAwarded:
    """A bounty went to an answer: by its offerer, or ``automatic`` (half, to the best new answer) at its end."""

    bounty_id: int
    thread_id: int
    answer_id: int
    offered_by_id: int
    recipient_id: int
    amount: int
    automatic: bool
    at: datetime


@dataclass(frozen=True)
class BountyExpired:
    """A bounty ended with no answer to award: the offerer's reputation stays spent, as on Stack Exchange."""

    bounty_id: int
    thread_id: int
    offered_by_id: int
    at: datetime


# --- the recognition programme (rewards): reward points, perks and the team's recognition -------------------


@dataclass(frozen=True)
class RedemptionRequested:
    """A member spent reward points on a perk. ``status`` is "pending" (the team decides) or "fulfilled" (a
    digital code was handed out at once)."""

    redemption_id: int
    member_id: int
    perk_id: int
    cost: int
    status: str
    at: datetime


@dataclass(frozen=True)
class RedemptionChanged:
    """The team moved a redemption on: "approved", "rejected" (its points refunded; ``reason`` says why) or
    "fulfilled" (``note``: what was sent, a tracking number)."""

    redemption_id: int
    member_id: int
    perk_id: int
    status: str
    actor_id: int | None
    reason: str
    note: str
    at: datetime


@dataclass(frozen=True)
class RecognitionPublished:
    """The team named a member of the month or a tag's champion (``tag_id``), with a citation."""

    recognition_id: int
    member_id: int
    kind: str
    tag_id: int | None
    actor_id: int | None
    at: datetime


# --- the catalogue's stock (rewards, the team's side: rewards/actions/perks.py) ------------------------------


@dataclass(frozen=True)
class PerkCodesUploaded:
    """A community manager added digital codes to a perk: ``added`` new ones (its stock rose by as many),
    ``skipped`` blank lines or codes the perk already had."""

    perk_id: int
    actor_id: int | None
    added: int
    skipped: int
    at: datetime


# --- reward points, the team's adjustment (points: rewards/actions/points.py) ---------------------------------


@dataclass(frozen=True)
class PointsAdjusted:
    """A community manager gave (``points`` > 0) or took reward points by hand in the CMS, with a note the member
    reads in their history; community's audit log records it within the same transaction."""

    entry_id: int
    member_id: int
    actor_id: int | None
    points: int
    note: str
    at: datetime


# --- tag synonyms (moderators, community/moderation/actions.py) ----------------------------------------------


@dataclass(frozen=True)
class TagSynonymAdded:
    """A moderator made ``synonym`` another name of the tag ``tag_id``: posts with it store the tag, its address
    redirects there. A tag of that name was merged into the main one first (``TagsMerged`` is emitted too)."""

    synonym: str
    tag_id: int
    moderator_id: int
    at: datetime


@dataclass(frozen=True)
class TagSynonymRemoved:
    """A moderator removed the synonym: the name is free to become a tag of its own again."""

    synonym: str
    tag_id: int
    moderator_id: int
    at: datetime
