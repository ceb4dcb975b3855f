"""Community events -> search index updates (subscribed in ``SearchConfig.ready``).

Events are delivered after the community transaction commits; each handler marks what changed in the
outbox and enqueues the sync task. Reputation changes (votes, accepts, hidden posts) refresh the author's
threads; the rewards app subscribes first (it is listed before search in INSTALLED_APPS), so its totals are
already up to date when we read them.
"""

from __future__ import annotations

from community.core import events
from search import api


def on_thread_event(event) -> None:
    api.changed(threads=[event.thread_id])


def on_vote(event: events.VoteCast) -> None:
    members = [event.author_id]
    if event.answer_id and -1 in (event.old_value, event.new_value):
        members.append(event.voter_id)  # downvoting an answer costs the voter a point
    api.changed(threads=[event.thread_id], members=members)


def on_accept(event) -> None:
    api.changed(threads=[event.thread_id], members=[event.author_id, event.acceptor_id])


def on_visibility(event) -> None:
    # A hidden thread leaves the index; a hidden answer leaves its thread's text; restoring brings them back.
    api.changed(threads=[event.thread_id], members=[event.author_id])


def on_profile(event: events.ProfileUpdated) -> None:
    api.changed(members=[event.member_id])


def on_member_erased(event: events.MemberErased) -> None:
    """An erased member's threads carry "deleted-N" and "deleted member N" as author from now on: every thread that
    showed something of theirs (their own among them) is indexed again whole. Refreshing the author fields alone
    (``members``) would leave the old username for ``user:`` and the old name in the full-text index."""
    api.changed(threads=list(event.thread_ids))


def on_tags_merged(event: events.TagsMerged) -> None:
    """A merged tag's threads now carry the tag it joined ("js" merged into "javascript" by a tag synonym)."""
    api.changed(threads=list(event.thread_ids))


def on_duplicate_changed(event: events.ThreadDuplicateChanged) -> None:
    """Closing as a duplicate (or reopening) changes what the original is indexed with: the duplicates' titles."""
    threads = [event.thread_id, event.original_id, event.previous_original_id]
    api.changed(threads=[t for t in threads if t])


def on_links_changed(event: events.ThreadLinksChanged) -> None:
    """A question whose accepted answer links to threads is one more phrasing of theirs: they are indexed with it."""
    api.changed(threads=list(event.linked_ids))


def on_knowledge_page(event) -> None:
    """Knowledge pages are indexed from knowledge's events, as threads are from the forum's."""
    api.sync_knowledge_page(event.page_id)


SUBSCRIPTIONS = [
    (events.KnowledgePagePublished, on_knowledge_page),
    (events.KnowledgePageUnpublished, on_knowledge_page),
    (events.ThreadCreated, on_thread_event),
    (events.ThreadEdited, on_thread_event),
    (events.AnswerPosted, on_thread_event),
    (events.AnswerEdited, on_thread_event),
    (events.CommentPosted, on_thread_event),  # last activity moves
    (events.VoteCast, on_vote),
    (events.AnswerAccepted, on_accept),
    (events.AnswerUnaccepted, on_accept),
    (events.PostHidden, on_visibility),
    (events.PostRestored, on_visibility),
    (events.ProfileUpdated, on_profile),
    (events.MemberErased, on_member_erased),
    (events.TagsMerged, on_tags_merged),
    (events.ThreadDuplicateChanged, on_duplicate_changed),
    (events.ThreadLinksChanged, on_links_changed),
]


def connect() -> None:
    for event_type, handler in SUBSCRIPTIONS:
        events.subscribe(event_type, handler)


def disconnect() -> None:
    for event_type, handler in SUBSCRIPTIONS:
        events.unsubscribe(event_type, handler)
