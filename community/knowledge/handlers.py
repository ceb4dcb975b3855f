"""Knowledge pages' reactions: Wagtail's page signals become knowledge events, and merged tags move along.

- ``page_published`` (live) emits ``KnowledgePagePublished``; the *first* publication also goes through
  ``community.knowledge.actions.article_published`` (``KnowledgeArticlePublished``, which rewards pays) —
  the first of an article and its translations: a translation's own first publication pays nobody again.
- ``page_unpublished`` and deletion emit ``KnowledgePageUnpublished``.
Search subscribes to those two events (``search/handlers.py``); knowledge calls no indexing function.
"""

from __future__ import annotations

from django.utils import timezone

from community.core import events
from community.knowledge import actions
from community.knowledge.models import KnowledgePage, TaggedKnowledgePage


def _on_page_published(sender, instance, revision=None, **kwargs):
    if not instance.live:  # scheduled for later: page_published fires again when it goes live
        return
    events.emit(events.KnowledgePagePublished(page_id=instance.pk, at=timezone.now()))
    first = instance.first_published_at is not None and instance.first_published_at == instance.last_published_at
    if first and not _a_translation_was_published(instance):
        actions.article_published(instance)


def _a_translation_was_published(page) -> bool:
    """An article and its translations are one article: its credited authors are paid once, when the first of
    them goes live (a translation copies the credits)."""
    return (
        KnowledgePage.objects.filter(translation_key=page.translation_key, first_published_at__isnull=False)
        .exclude(pk=page.pk)
        .exists()
    )


def _on_page_unpublished(sender, instance, **kwargs):
    events.emit(events.KnowledgePageUnpublished(page_id=instance.pk, at=timezone.now()))


def _on_page_deleted(sender, instance, **kwargs):
    events.emit(events.KnowledgePageUnpublished(page_id=instance.pk, at=timezone.now()))


def on_tags_merged(event: events.TagsMerged) -> None:
    """Articles keep their topic when a moderator merges tags (the live page's tags; later revisions keep them)."""
    with_target = set(
        TaggedKnowledgePage.objects.filter(tag_id=event.target_id).values_list("content_object_id", flat=True)
    )
    moving = TaggedKnowledgePage.objects.filter(tag_id=event.source_id)
    moving.exclude(content_object_id__in=with_target).update(tag_id=event.target_id)
    TaggedKnowledgePage.objects.filter(tag_id=event.source_id).delete()


def connect() -> None:
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(_on_page_published, sender=KnowledgePage, dispatch_uid="community-knowledge-published")
    page_unpublished.connect(_on_page_unpublished, sender=KnowledgePage, dispatch_uid="community-knowledge-unpublished")
    post_delete.connect(_on_page_deleted, sender=KnowledgePage, dispatch_uid="community-knowledge-deleted")
    events.subscribe_within(events.TagsMerged, on_tags_merged)
