"""Knowledge-article use cases: promoting a post to a draft article, and an article's first publication.

The same contract as ``community.actions`` (which re-exports these): one function per use case, in one
transaction, checking who may act, validating, writing, and emitting a domain event delivered on commit.
The article itself is a Wagtail page (``community.knowledge.KnowledgePage``); review and publication go
through Wagtail's workflow ("Moderators approval" on the knowledge section, see migration 0011).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from community.core import events, permissions
from community.core.audit import audit
from community.core.errors import ActionConflict
from community.core.permissions import require_member
from community.forum.models import Answer, Member, Thread
from community.knowledge.models import KnowledgeIndexPage, KnowledgePage
from rewards import api as rewards_api


def can_promote(member) -> bool:
    """Moderators, and members with the "promote" privilege (``RuleProfile.privilege_promote``)."""
    return permissions.is_moderator(member) or permissions.can_promote(member)


@transaction.atomic
def promote_to_article(member: Member, post: Thread | Answer, *, at=None):
    """Turn a tip, or the accepted answer of a question, into a draft knowledge article in review.

    The draft (a ``KnowledgePage`` under the knowledge index) gets the post's title and content (the
    question and the answer for an answer), its tags, the source thread (and answer), and credits the
    post's author (and, for an answer, the asker). A revision is saved and the page's Wagtail workflow
    starts, so moderators review and publish it. Returns the page.
    """
    require_member(member)
    if not can_promote(member):
        raise PermissionDenied(rewards_api.refusal(member, "promote"))
    if isinstance(post, Answer):
        answer = Answer.objects.select_related("author").get(pk=post.pk)
        thread_id = answer.thread_id
    elif isinstance(post, Thread):
        answer, thread_id = None, post.pk
    else:
        raise ActionConflict("Only a tip or an accepted answer can become a knowledge article.")
    # Locking the thread serialises two promotions of the same post.
    thread = Thread.objects.select_for_update().select_related("author").get(pk=thread_id)
    if thread.is_deleted or (answer is not None and answer.is_deleted):
        raise ActionConflict("This post has been deleted.")
    if answer is None and thread.kind != Thread.Kind.TIP:
        raise ActionConflict("Only a tip, or the accepted answer of a question, can become a knowledge article.")
    if answer is not None and (thread.kind != Thread.Kind.QUESTION or thread.accepted_answer_id != answer.pk):
        raise ActionConflict("Only the accepted answer of a question can become a knowledge article.")
    existing = KnowledgePage.objects.filter(source_thread=thread, source_answer=answer).first()
    if existing is not None:
        state = "published" if existing.live else "a draft in review"
        raise ActionConflict(
            f"This {'answer' if answer else 'tip'} is already a knowledge article ({state}): “{existing.title}”."
        )
    index = KnowledgeIndexPage.objects.order_by("pk").first()
    if index is None:
        raise ActionConflict("There is no knowledge section yet: create a knowledge index page in the CMS first.")

    if answer is not None:
        body = [
            ("post", {"heading": "The question", "html": thread.body_html}),
            ("post", {"heading": "The answer", "html": answer.body_html}),
        ]
        credited = [answer.author_id] + ([thread.author_id] if thread.author_id != answer.author_id else [])
    else:
        body = [("post", {"heading": "", "html": thread.body_html})]
        credited = [thread.author_id]
    from wagtail.coreutils import find_available_slug

    page = KnowledgePage(
        title=thread.title[:255],
        slug=find_available_slug(index, slugify(thread.title)[:70] or "article"),
        live=False,
        owner=member,
        body=body,
        source_thread=thread,
        source_answer=answer,
    )
    page.credited_authors.set(list(Member.objects.filter(pk__in=credited)))
    page.tags.add(*thread.tags.values_list("name", flat=True))
    index.add_child(instance=page)
    page.save_revision(user=member, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:  # without one (a site that removed it) the draft waits in the CMS's page list
        workflow.start(page, member)
    now = at or timezone.now()
    audit(
        member, "promote_article", answer or thread, reason=f"Draft knowledge article “{page.title}” (page {page.pk})"
    )
    events.emit(
        events.ArticlePromoted(
            page_id=page.pk,
            thread_id=thread.pk,
            answer_id=answer.pk if answer else None,
            promoter_id=member.pk,
            author_ids=tuple(credited),
            at=now,
        )
    )
    return page


@transaction.atomic
def article_published(page) -> None:
    """A knowledge article went live for the first time (Wagtail's ``page_published``): say so, with its
    credited authors, so rewards pays them (once: rewards keys the payment on the page)."""
    author_ids = tuple(sorted(Member.objects.filter(credited_articles__pk=page.pk).values_list("pk", flat=True)))
    events.emit(
        events.KnowledgeArticlePublished(
            page_id=page.pk,
            thread_id=page.source_thread_id,
            author_ids=author_ids,
            at=page.first_published_at or timezone.now(),
        )
    )
