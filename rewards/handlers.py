"""Community events → ledger entries (and badge checks).

Each handler derives an event key from the event's own fields, so the same
event delivered twice pays nothing the second time.
"""

from __future__ import annotations

from django.db.models import Q

from community.core import events
from community.models import Thread
from rewards import actions, badges, tag_scores, tasks
from rewards.actions import redemptions
from rewards.models import LedgerEntry, Visit
from rewards.rules import (
    accept_origin,
    accept_payments,
    active_profile,
    article_payments,
    bounty_payments,
    vote_origin,
    vote_payments,
)

R = LedgerEntry.Reason


def on_vote(event: events.VoteCast) -> None:
    origin = vote_origin(event.voter_id, event.thread_id, event.answer_id)
    key = f"{origin}:{event.at.isoformat()}:{event.old_value}>{event.new_value}"
    if event.old_value:
        actions.compensate(Q(origin=origin), reason=R.VOTE_UNDONE, event_key=key, at=event.at, actor_id=event.voter_id)
    if event.new_value:
        kind = Thread.objects.values_list("kind", flat=True).get(pk=event.thread_id)
        payments = vote_payments(
            active_profile(),
            voter_id=event.voter_id,
            author_id=event.author_id,
            kind=kind,
            thread_id=event.thread_id,
            answer_id=event.answer_id,
            value=event.new_value,
        )
        actions.pay(payments, event_key=key, at=event.at)
    if event.answer_id:
        tag_scores.after_answer_vote(event)  # before the badges: the tag badges read these figures
    badges.after_vote(event)


def on_accept(event: events.AnswerAccepted) -> None:
    payments = accept_payments(
        active_profile(),
        answer_id=event.answer_id,
        thread_id=event.thread_id,
        author_id=event.author_id,
        acceptor_id=event.acceptor_id,
    )
    actions.pay(payments, event_key=f"{accept_origin(event.answer_id)}:{event.at.isoformat()}", at=event.at)
    badges.after_accept(event)


def on_unaccept(event: events.AnswerUnaccepted) -> None:
    actions.compensate(
        Q(origin=accept_origin(event.answer_id)),
        reason=R.UNACCEPTED,
        event_key=f"un{accept_origin(event.answer_id)}:{event.at.isoformat()}",
        at=event.at,
        actor_id=event.acceptor_id,
    )


def _post_selection(event) -> Q | None:
    if event.model == "thread":
        return Q(thread_id=event.object_id)
    if event.model == "answer":
        return Q(answer_id=event.object_id)
    return None  # comments carry no reputation


def on_hidden(event: events.PostHidden) -> None:
    selection = _post_selection(event)
    if selection is not None:
        # Bounties stay paid: the offerer spent them whatever happens to the post. So do published
        # knowledge articles: the article stands on its own when its source thread is hidden.
        actions.compensate(
            selection & ~Q(origin__startswith="bounty:") & ~Q(origin__startswith="article:"),
            reason=R.POST_DELETED,
            event_key=f"hide:{event.model}:{event.object_id}:{event.at.isoformat()}",
            at=event.at,
            actor_id=event.actor_id,
        )
    tag_scores.on_post_hidden_or_restored(event)


def on_restored(event: events.PostRestored) -> None:
    selection = _post_selection(event)
    if selection is not None:
        actions.compensate(
            selection & Q(reason__in=[R.POST_DELETED, R.POST_RESTORED]),
            reason=R.POST_RESTORED,
            event_key=f"restore:{event.model}:{event.object_id}:{event.at.isoformat()}",
            at=event.at,
            actor_id=event.actor_id,
        )
    tag_scores.on_post_hidden_or_restored(event)


def on_article_published(event: events.KnowledgeArticlePublished) -> None:
    """A knowledge article's first publication pays its credited authors, once per page (the event key)."""
    payments = article_payments(
        active_profile(), page_id=event.page_id, thread_id=event.thread_id, author_ids=event.author_ids
    )
    actions.pay(payments, event_key=f"article:{event.page_id}", at=event.at)
    badges.after_article_published(event)


def on_bounty_offered(event: events.BountyOffered) -> None:
    """The offerer pays the bounty at once, within the offer's transaction: a second offer made right after
    sees the reputation already spent (community.bounties locks the member to order them). Outside the daily cap,
    keyed like the recompute's replay (origin ``bounty:<id>``), so both write the same entries."""
    payments = bounty_payments(
        bounty_id=event.bounty_id, thread_id=event.thread_id, offered_by=event.offered_by_id, amount=event.amount
    )
    actions.pay(payments, event_key=f"bounty:{event.bounty_id}:offer", at=event.at)


def on_bounty_awarded(event: events.BountyAwarded) -> None:
    """The answer's author receives the bounty (half of it when awarded automatically at its end)."""
    payments = bounty_payments(
        bounty_id=event.bounty_id,
        thread_id=event.thread_id,
        offered_by=event.offered_by_id,
        amount=event.amount,
        answer_id=event.answer_id,
        answer_author=event.recipient_id,
        awarded=True,
    )
    actions.pay(payments, event_key=f"bounty:{event.bounty_id}:award", at=event.at)


def forget_visits(event: events.MemberErased) -> None:
    """An erased member's days of use are personal data with no use left (their badges are already awarded);
    deleted within the erasure's transaction. The ledger stays: reputation sums and scores must not move."""
    Visit.objects.filter(member_id=event.member_id).delete()


def forget_fulfilment_details(event: events.MemberErased) -> None:
    """An erased member's shipping addresses, sizes and phone numbers go with the account, within the erasure's
    transaction (the team's retention period is for members who stay; rewards/actions/redemptions.py)."""
    redemptions.erase_member_details(event.member_id, at=event.at)


def on_member_erased(event: events.MemberErased) -> None:
    """The erased member is inactive now: the stored period boards drop them at the next refresh, enqueued now."""
    tasks.schedule()


def connect() -> None:
    events.subscribe_within(events.MemberErased, forget_visits)
    events.subscribe_within(events.MemberErased, forget_fulfilment_details)
    events.subscribe(events.MemberErased, on_member_erased)
    events.subscribe(events.VoteCast, on_vote)
    events.subscribe(events.AnswerAccepted, on_accept)
    events.subscribe(events.AnswerUnaccepted, on_unaccept)
    events.subscribe(events.PostHidden, on_hidden)
    events.subscribe(events.PostRestored, on_restored)
    events.subscribe(events.ThreadCreated, badges.after_thread_created)
    events.subscribe(events.AnswerPosted, tag_scores.on_answer_posted)  # before the Helper badge, as votes do
    events.subscribe(events.ThreadEdited, tag_scores.on_thread_edited)
    # In the merge's transaction: after it the source tag (and its rows) are gone, with nothing left to move.
    events.subscribe_within(events.TagsMerged, tag_scores.on_tags_merged)
    events.subscribe(events.AnswerPosted, badges.after_answer_posted)
    events.subscribe(events.ThreadEdited, badges.after_edit)
    events.subscribe(events.AnswerEdited, badges.after_edit)
    events.subscribe(events.ProfileUpdated, badges.after_profile_updated)
    events.subscribe(events.KnowledgeArticlePublished, on_article_published)
    events.subscribe_within(events.BountyOffered, on_bounty_offered)  # spent with the offer, never after
    events.subscribe(events.BountyAwarded, on_bounty_awarded)
