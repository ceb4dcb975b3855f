"""Which community events make which cached pages stale (the page cache itself is config/page_cache.py).

Every event that members can see bumps ``content`` (lists, search, tag pages, home: any page that does not
name its dependencies exactly), the thread it happened in, and the members it names (their names, reputation
and badges appear beside their posts everywhere). Tag merges rename what every page shows: they bump the
whole site. Private events (notifications read, settings) change no page anyone else sees.

It runs after every other subscriber (``events.subscribe_last``), once rewards has written the ledger and
knowledge has refreshed its lists.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from community.core import events
from config import page_cache

PRIVATE = (
    events.NotificationsRead,
    events.NotificationSettingsChanged,
    events.PostFlagged,
    events.DataExportRequested,
    events.AccountDeletionScheduled,  # the member's own banner lives in their session, not in a cached page
    events.AccountDeletionCancelled,
    events.DraftSaved,  # the composer's drafts and uploads: only their member sees them (community/composer)
    events.DraftDiscarded,
    events.ImageUploaded,
    events.AccessTokenCreated,  # a member's API tokens: only their settings page and the CMS list them
    events.AccessTokenRevoked,
    events.DissatisfactionDetected,  # the team's watch and webhooks (CMS only)
    events.WebhookEndpointSaved,
    events.WebhookEndpointDeleted,
    events.WebhookEndpointDisabled,
    events.WebhookRedelivered,
)
# What only the member's own pages show (the welcome checklist, community/onboarding): their ``member:<id>``.
MEMBER_ONLY = (events.OnboardingAnswerRead, events.OnboardingDismissed)
SITE_WIDE = (events.TagsMerged, events.TagSynonymAdded, events.TagSynonymRemoved)  # tag names on every page
KNOWLEDGE = (
    events.ArticlePromoted,
    events.KnowledgeArticlePublished,
    events.KnowledgePagePublished,
    events.KnowledgePageUnpublished,
)
_MEMBER_FIELDS = (
    "author_id", "member_id", "voter_id", "acceptor_id", "editor_id", "actor_id", "moderator_id",
    "offered_by_id", "recipient_id",  # bounties: the offerer and the answer's author (community/bounties)
)  # fmt: skip


def tags_for(event) -> list[str]:
    """The page-cache tags ``event`` makes stale."""
    if isinstance(event, PRIVATE):
        return []
    if isinstance(event, SITE_WIDE):
        return [page_cache.SITE]
    if isinstance(event, MEMBER_ONLY):
        return [page_cache.member_tag(event.member_id)]
    tags = [page_cache.CONTENT]
    if isinstance(event, KNOWLEDGE):
        tags.append(page_cache.KNOWLEDGE)
    if getattr(event, "thread_id", None):
        tags.append(page_cache.thread_tag(event.thread_id))
    tags += [page_cache.thread_tag(thread_id) for thread_id in getattr(event, "thread_ids", ())]  # MemberErased
    member_ids = {getattr(event, name, None) for name in _MEMBER_FIELDS}
    member_ids.update(getattr(event, "author_ids", ()))
    tags += [page_cache.member_tag(member_id) for member_id in sorted(i for i in member_ids if i)]
    return tags


def on_event(event) -> None:
    tags = tags_for(event)
    if tags:
        page_cache.bump(*tags)


def after_moderation(entry, *, thread_id=None) -> None:
    """A moderator's act (lock, close as duplicate, reopen, suspension …) is audited, not always an event:
    the audit entry makes the pages it touches stale once it commits."""
    tags = [page_cache.CONTENT]
    if thread_id:
        tags.append(page_cache.thread_tag(thread_id))
    if entry.member_id:
        tags.append(page_cache.member_tag(entry.member_id))
    transaction.on_commit(lambda: page_cache.bump(*tags))


def on_cms_publication(**kwargs) -> None:
    """A CMS page (home, knowledge, any page) was published or unpublished: menus and blocks show it."""
    page_cache.bump(page_cache.SITE)


def on_membership_change(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Groups or permissions of members changed (the CMS, ``createsuperuser``, a data migration): their cached
    standing (``permissions.recall_standing``) must go; a group's own permissions concern all its members."""
    if not action.startswith("post_"):
        return
    Member = get_user_model()
    if isinstance(instance, Member):
        tags = [page_cache.member_tag(instance.pk)]
    elif sender is Group.permissions.through or pk_set is None:
        tags = [page_cache.SITE]  # a group's permissions, or a group emptied: every member it may concern
    else:
        tags = [page_cache.member_tag(pk) for pk in sorted(pk_set)]
    transaction.on_commit(lambda: page_cache.bump(*tags))


def on_member_row_change(sender, instance, **kwargs) -> None:
    """A member's row was saved or deleted (a password, ``is_active``, a name, the CMS): their cached row
    (``community.core.auth``) and everything showing them must go."""
    tags = [page_cache.member_tag(instance.pk)]
    transaction.on_commit(lambda: page_cache.bump(*tags))


def connect() -> None:
    events.subscribe_last(on_event)
    Member = get_user_model()
    post_save.connect(on_member_row_change, sender=Member, dispatch_uid="guildhall-member-row-saved")
    post_delete.connect(on_member_row_change, sender=Member, dispatch_uid="guildhall-member-row-deleted")
    for through in (Member.groups.through, Member.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(on_membership_change, sender=through, dispatch_uid=f"guildhall-standing-{through.__name__}")
    page_published.connect(on_cms_publication, dispatch_uid="guildhall-page-cache-published")
    page_unpublished.connect(on_cms_publication, dispatch_uid="guildhall-page-cache-unpublished")
