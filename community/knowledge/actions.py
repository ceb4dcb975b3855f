"""Knowledge-article use cases: promoting a post to a draft article, and an article's first publication.

The same contract as ``community.actions`` (which re-exports these): one function per use case, in one
transaction, checking who may act, validating, writing, and emitting a domain event delivered on commit.
The article itself is a Wagtail page (``community.knowledge.KnowledgePage``); review and publication go
through Wagtail's workflow ("Moderators approval" on the knowledge section, see migration 0011).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.core import events, permissions
from community.core.audit import audit
from community.core.errors import ActionConflict, PrivilegeRequired
from community.core.permissions import require_member
from community.forum.models import Answer, Member, Thread
from community.knowledge.models import KnowledgeIndexPage, KnowledgePage
from community.site.blocks import post_parts
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
        raise PrivilegeRequired(rewards_api.refusal(member, "promote"))
    if isinstance(post, Answer):
        answer = Answer.objects.select_related("author").get(pk=post.pk)
        thread_id = answer.thread_id
    elif isinstance(post, Thread):
        answer, thread_id = None, post.pk
    else:
        raise ActionConflict(_("Only a tip or an accepted answer can become a knowledge article."))
    # Locking the thread serialises two promotions of the same post.
    thread = Thread.objects.select_for_update().select_related("author").get(pk=thread_id)
    if thread.is_deleted or (answer is not None and answer.is_deleted):
        raise ActionConflict(_("This post has been deleted."))
    if answer is None and thread.kind != Thread.Kind.TIP:
        raise ActionConflict(_("Only a tip, or the accepted answer of a question, can become a knowledge article."))
    if answer is not None and (thread.kind != Thread.Kind.QUESTION or thread.accepted_answer_id != answer.pk):
        raise ActionConflict(_("Only the accepted answer of a question can become a knowledge article."))
    existing = KnowledgePage.objects.filter(source_thread=thread, source_answer=answer).first()
    if existing is not None:
        raise ActionConflict(_already_an_article(existing, is_answer=answer is not None))
    index = _index_in_language_of(thread)
    if index is None:
        raise ActionConflict(_("There is no knowledge section yet: create a knowledge index page in the CMS first."))

    if answer is not None:
        # The draft's headings in the thread's own language: the article is written in it.
        with translation.override(getattr(thread, "language", "") or translation.get_language()):
            question_heading, answer_heading = _("The question"), _("The answer")
        body = [_post_block(question_heading, thread.body_html), _post_block(answer_heading, answer.body_html)]
        credited = [answer.author_id] + ([thread.author_id] if thread.author_id != answer.author_id else [])
    else:
        body = [_post_block("", thread.body_html)]
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
    audit(member, "promote_article", answer or thread, details={"page_id": page.pk})
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


def _post_block(heading: str, html: str) -> dict:
    """A "post" block (raw StreamField data): the post's words as rich text the CMS edits with its editor."""
    return {"type": "post", "value": {"heading": heading, "body": post_parts(html)}}


def _already_an_article(existing, *, is_answer: bool) -> str:
    title = {"title": existing.title}
    if is_answer and existing.live:
        return _("This answer is already a knowledge article (published): “%(title)s”.") % title
    if is_answer:
        return _("This answer is already a knowledge article (a draft in review): “%(title)s”.") % title
    if existing.live:
        return _("This tip is already a knowledge article (published): “%(title)s”.") % title
    return _("This tip is already a knowledge article (a draft in review): “%(title)s”.") % title


def _index_in_language_of(thread: Thread):
    """The knowledge index of the thread's language (the draft is written in it, so it is that language's
    article, for the team to translate), else the default language's, else the first."""
    indexes = list(KnowledgeIndexPage.objects.select_related("locale").order_by("pk"))
    for language in (getattr(thread, "language", ""), settings.LANGUAGE_CODE):
        for index in indexes:
            if language and index.locale.language_code == language:
                return index
    return indexes[0] if indexes else None


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
