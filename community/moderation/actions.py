"""Moderation use cases: flags, review queues, hiding and restoring with a reason, locks, duplicates,
tag merges, suspensions and suggested edits.

The same contract as every ``actions`` module: one function per use case, in one transaction, checking who
may act (moderators, through ``community.core.permissions``), validating, writing, writing the audit log
(``community.core.audit``) and emitting a domain event delivered on commit.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.core import events, permissions
from community.core.audit import audit, tell_member
from community.core.errors import ActionConflict, PrivilegeRequired
from community.core.permissions import require_member, require_moderator
from community.core.rendering import render_markdown
from community.core.validators import TAG_RE
from community.forum.actions import (
    clean_body,
    clean_tags,
    clean_title,
    edit_answer,
    edit_thread,
    restore_post,
    soft_delete,
)
from community.forum.models import Answer, Member, Tag, TaggedThread, TagSynonym, Thread, ThreadLink
from community.moderation.handlers import queue
from community.moderation.models import Flag, ReviewTask, SuggestedEdit
from community.moderation.queries import forget_open_counts
from rewards import api as rewards_api


def _target_kwargs(obj) -> dict:
    """The thread/answer/comment fields that point at ``obj`` (answers and comments also name their thread)."""
    if isinstance(obj, Thread):
        return {"thread": obj}
    if isinstance(obj, Answer):
        return {"answer": obj, "thread_id": obj.thread_id}
    return {"comment": obj, "thread_id": obj.thread_id}


@transaction.atomic
def flag_post(flagger: Member, target, *, reason: str, note: str = "", duplicate_of: Thread | None = None) -> Flag:
    """Flag a thread, answer or comment; enough spam/rude flags hide it until a moderator reviews it."""
    require_member(flagger)
    if not permissions.can_flag(flagger):
        raise PrivilegeRequired(rewards_api.refusal(flagger, "flag"))
    target = type(target).objects.select_for_update().get(pk=target.pk)
    if target.is_deleted:
        raise ActionConflict(_("This post is already hidden."))
    if target.author_id == flagger.pk:
        raise ActionConflict(_("You cannot flag your own post; edit or delete it instead."))
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": _("Choose why you are flagging this post.")})
    if reason == Flag.Reason.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError({"duplicate_of": _("Say which thread this duplicates.")})
        own_thread = target.pk if isinstance(target, Thread) else target.thread_id
        if duplicate_of.pk == own_thread or duplicate_of.is_deleted:
            raise ValidationError({"duplicate_of": _("Choose another, visible thread.")})
    else:
        duplicate_of = None
    note = " ".join((note or "").split())
    if len(note) > 300:
        raise ValidationError({"note": _("A note is at most %(max)s characters.") % {"max": 300}})
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                flagger=flagger, reason=reason, note=note, duplicate_of=duplicate_of, **_target_kwargs(target)
            )
    except IntegrityError as exc:
        raise ActionConflict(_("You have already flagged this post; moderators will look at it.")) from exc
    queue(ReviewTask.Queue.FLAGS, **_target_kwargs(target))
    _maybe_hide_flagged(target)
    events.emit(
        events.PostFlagged(
            flag_id=flag.pk,
            flagger_id=flagger.pk,
            reason=reason,
            at=flag.created_at,
            target_type=flag.target_kind,
            target_id=target.pk,
            thread_id=flag.thread_id,
        )
    )
    return flag


def _maybe_hide_flagged(target) -> None:
    needed = rewards_api.rule_value("spam_flags_to_hide")
    kwargs = {k: v for k, v in _target_kwargs(target).items() if k != "thread_id"}
    if isinstance(target, Thread):
        kwargs.update(answer=None, comment=None)
    flaggers = Member.objects.filter(
        flags__status=Flag.Status.OPEN,
        flags__reason__in=[Flag.Reason.SPAM, Flag.Reason.RUDE],
        **{f"flags__{k}": v for k, v in kwargs.items()},
    ).distinct()
    trusted = sum(1 for m in flaggers if permissions.can_flag(m))
    if trusted >= needed:
        soft_delete(target, actor=None)
        entry = audit(None, "auto_hide", target, details={"flags": trusted})
        tell_member(entry)


def _close_task(task: ReviewTask, moderator, resolution: str) -> None:
    ReviewTask.objects.filter(pk=task.pk).update(
        status=ReviewTask.Status.DONE, resolved_by=moderator, resolved_at=timezone.now(), resolution=resolution
    )
    forget_open_counts()


def _resolve_flags(target, moderator, status: str) -> None:
    kwargs = {k: v for k, v in _target_kwargs(target).items() if k != "thread_id"}
    if isinstance(target, Thread):
        kwargs.update(answer=None, comment=None)
    Flag.objects.filter(status=Flag.Status.OPEN, **kwargs).update(
        status=status, resolved_by=moderator, resolved_at=timezone.now()
    )


@transaction.atomic
def review(moderator: Member, task: ReviewTask, decision: str, *, reason: str = "") -> ReviewTask:
    """Act on one review item: approve (it is fine), dismiss (the flags were wrong), hide or restore."""
    require_moderator(moderator)
    task = ReviewTask.objects.select_for_update().get(pk=task.pk)
    if task.status != ReviewTask.Status.OPEN:
        raise ActionConflict(_("Another moderator has already handled this item."))
    target = task.target
    if decision == "approve" and task.suggested_edit_id:
        apply_suggested_edit(moderator, task.suggested_edit, approve=True)
    elif decision == "reject" and task.suggested_edit_id:
        apply_suggested_edit(moderator, task.suggested_edit, approve=False, reason=reason)
    elif decision in ("approve", "dismiss"):
        if task.queue == ReviewTask.Queue.FLAGS and target is not None:
            _resolve_flags(target, moderator, Flag.Status.DISMISSED)
        audit(moderator, f"review_{decision}", target, reason=reason)
    elif decision == "hide":
        moderate_hide(moderator, target, reason=reason)
        if task.queue == ReviewTask.Queue.FLAGS:
            _resolve_flags(target, moderator, Flag.Status.UPHELD)
    elif decision == "restore":
        moderate_restore(moderator, target, reason=reason)
        if task.queue == ReviewTask.Queue.FLAGS:
            _resolve_flags(target, moderator, Flag.Status.DISMISSED)
    else:
        raise ValidationError(_("Choose approve, dismiss, hide or restore."))
    _close_task(task, moderator, decision)
    task.refresh_from_db()
    return task


@transaction.atomic
def moderate_hide(moderator: Member, target, *, reason: str = "") -> None:
    require_moderator(moderator)
    if type(target).objects.filter(pk=target.pk, is_deleted=True).exists():
        raise ActionConflict(_("This has already been deleted."))
    soft_delete(target, actor=moderator)
    tell_member(audit(moderator, "hide", target, reason=reason))


@transaction.atomic
def moderate_restore(moderator: Member, target, *, reason: str = "") -> None:
    require_moderator(moderator)
    target = type(target).objects.get(pk=target.pk)
    if not target.is_deleted:
        raise ActionConflict(_("This is not deleted."))
    restore_post(moderator, target)
    tell_member(audit(moderator, "restore", target, reason=reason))


@transaction.atomic
def lock_thread(moderator: Member, thread: Thread, *, locked: bool = True, reason: str = "") -> Thread:
    require_moderator(moderator)
    Thread.objects.filter(pk=thread.pk).update(is_locked=locked)
    thread.is_locked = locked
    tell_member(audit(moderator, "lock" if locked else "unlock", thread, reason=reason))
    return thread


@transaction.atomic
def close_as_duplicate(moderator: Member, thread: Thread, original: Thread, *, reason: str = "") -> Thread:
    require_moderator(moderator)
    if original.pk == thread.pk or original.is_deleted:
        raise ValidationError({"original": _("Choose another, visible thread as the original.")})
    if original.duplicate_of_id == thread.pk:
        raise ValidationError({"original": _("That thread is itself closed as a duplicate of this one.")})
    previous = Thread.objects.filter(pk=thread.pk).values_list("duplicate_of_id", flat=True).first()
    Thread.objects.filter(pk=thread.pk).update(duplicate_of=original)
    ThreadLink.objects.get_or_create(from_thread=thread, to_thread=original, kind=ThreadLink.Kind.DUPLICATE)
    thread.duplicate_of = original
    events.emit(
        events.ThreadDuplicateChanged(
            thread_id=thread.pk,
            moderator_id=moderator.pk,
            at=timezone.now(),
            original_id=original.pk,
            previous_original_id=previous if previous != original.pk else None,
        )
    )
    details = {"original_id": original.pk, "original_title": original.title[:200]}
    tell_member(audit(moderator, "close_duplicate", thread, reason=reason, details=details))
    return thread


@transaction.atomic
def reopen_thread(moderator: Member, thread: Thread, *, reason: str = "") -> Thread:
    """Undo a close-as-duplicate: the thread takes answers again and no longer points at the original."""
    require_moderator(moderator)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not thread.duplicate_of_id:
        raise ActionConflict(_("This thread is not closed as a duplicate."))
    ThreadLink.objects.filter(
        from_thread=thread, to_thread_id=thread.duplicate_of_id, kind=ThreadLink.Kind.DUPLICATE
    ).delete()
    previous = thread.duplicate_of_id
    Thread.objects.filter(pk=thread.pk).update(duplicate_of=None)
    thread.duplicate_of = None
    events.emit(
        events.ThreadDuplicateChanged(
            thread_id=thread.pk, moderator_id=moderator.pk, at=timezone.now(), previous_original_id=previous
        )
    )
    tell_member(audit(moderator, "reopen", thread, reason=reason))
    return thread


@transaction.atomic
def decide_review(
    moderator: Member,
    task: ReviewTask,
    decision: str,
    *,
    reason: str = "",
    original: Thread | None = None,
    days: int = 0,
) -> ReviewTask:
    """One decision of the review queues, in one transaction: the moderation step *and* closing the task.

    ``lock``/``unlock``, ``duplicate`` (with ``original``) and ``suspend`` (with ``days``) act on the item's
    thread or author, then close the task; the others are ``review`` decisions. If a later step fails,
    nothing of the earlier ones is kept.
    """
    target = task.target
    thread = target if isinstance(target, Thread) else getattr(target, "thread", None)
    if decision in ("lock", "unlock"):
        lock_thread(moderator, thread, locked=decision == "lock", reason=reason)
        return _finish_without_entry(moderator, task, decision)
    if decision == "duplicate":
        if original is None:
            raise ValidationError(_("Give the original thread's number or link."))
        close_as_duplicate(moderator, thread, original, reason=reason)
        return _finish_without_entry(moderator, task, decision)
    if decision == "suspend":
        author = task.suggested_edit.author if task.suggested_edit_id else target.author
        suspend_member(moderator, author, days=days or 0, reason=reason)
        return review(moderator, task, "hide" if not getattr(target, "is_deleted", True) else "approve", reason=reason)
    return review(moderator, task, decision, reason=reason)


def _finish_without_entry(moderator: Member, task: ReviewTask, decision: str) -> ReviewTask:
    """Close the item a lock or a duplicate decided: its flags are upheld, and the act's own audit entry is the
    only one (an "approved" entry beside "locked" was the audit log's double)."""
    task = ReviewTask.objects.select_for_update().get(pk=task.pk)
    if task.status != ReviewTask.Status.OPEN:
        raise ActionConflict(_("Another moderator has already handled this item."))
    if task.queue == ReviewTask.Queue.FLAGS and task.target is not None:
        _resolve_flags(task.target, moderator, Flag.Status.UPHELD)
    _close_task(task, moderator, decision)
    task.refresh_from_db()
    return task


@transaction.atomic
def merge_tags(moderator: Member, source: Tag, target: Tag, *, reason: str = "") -> int:
    """Move every thread from ``source`` to ``target`` and remove ``source``; returns threads moved."""
    require_moderator(moderator)
    if source.pk == target.pk:
        raise ValidationError(_("Choose two different tags."))
    already = set(TaggedThread.objects.filter(tag=target).values_list("content_object_id", flat=True))
    moving = TaggedThread.objects.filter(tag=source)
    retagged = tuple(moving.values_list("content_object_id", flat=True))
    moved = 0
    for item in moving.exclude(content_object_id__in=already):
        TaggedThread.objects.filter(pk=item.pk).update(tag=target)
        moved += 1
    TaggedThread.objects.filter(tag=source).delete()
    # The old tag's synonyms now name the tag it joins (deleting it would delete them).
    TagSynonym.objects.filter(tag=source).update(tag=target)
    # Knowledge articles and members who followed the old tag move along, in this transaction.
    events.emit(
        events.TagsMerged(
            source_id=source.pk,
            target_id=target.pk,
            moderator_id=moderator.pk,
            at=timezone.now(),
            thread_ids=retagged,
        )
    )
    audit(
        moderator,
        "merge_tags",
        None,
        member=None,
        target_type="tag",
        target_id=target.pk,
        reason=reason,
        details={"source": source.name, "target": target.name},
    )
    source.delete()
    return moved


@transaction.atomic
def add_tag_synonym(moderator: Member, synonym: str, main: str, *, reason: str = "") -> TagSynonym:
    """Make ``synonym`` another name of the tag ``main`` ("js" → "javascript").

    A tag already named ``synonym`` is merged into the main one first (``merge_tags``: its threads, followers and
    articles move), and its own synonyms then lead to the main tag, so nothing is left behind. No chain forms:
    a ``main`` that is itself a synonym stands for its main tag (``a → b`` with ``b → c`` is stored ``a → c``).
    """
    require_moderator(moderator)
    name = _synonym_name(synonym, field="synonym")
    wanted = _synonym_name(main, field="tag")
    if name == wanted:
        raise ValidationError({"synonym": _("A tag cannot be a synonym of itself.")})
    through = TagSynonym.objects.select_related("tag").filter(synonym=wanted).first()
    target = through.tag if through else _tag_named(wanted)
    if target is None:
        raise ValidationError(
            {"tag": _("There is no tag “%(name)s”: a synonym leads to a tag that exists.") % {"name": wanted}}
        )
    # The main tag and the tag of the synonym's name, locked together in one order: one change to a tag's names
    # at a time, and two moderators' opposite requests ("a → b", "b → a") wait for each other instead of deadlocking.
    locked = list(Tag.objects.select_for_update().filter(Q(pk=target.pk) | Q(name=name)).order_by("pk"))
    old = next((tag for tag in locked if tag.name == name and tag.pk != target.pk), None)
    target = next((tag for tag in locked if tag.pk == target.pk), None)
    if target is None:  # merged away by another moderator a moment ago
        raise ActionConflict(_("That tag has just been changed by another moderator: please try again."))
    if target.name == name:  # "javascript → js" while js → javascript
        raise ValidationError(
            {
                "synonym": _("“%(main)s” is already a synonym of “%(synonym)s”: a tag cannot be a synonym of its own.")
                % {"main": wanted, "synonym": name}
            }
        )
    if taken := TagSynonym.objects.select_related("tag").filter(synonym=name).first():
        raise ActionConflict(
            _("“%(synonym)s” is already a synonym of “%(tag)s”.") % {"synonym": name, "tag": taken.tag.name}
        )
    moved = 0
    if old is not None:
        moved = merge_tags(moderator, old, target, reason=reason)  # its synonyms move to the target with it
    try:
        with transaction.atomic():
            row = TagSynonym.objects.create(
                synonym=name, slug=old.slug if old else Tag().slugify(name), tag=target, created_by=moderator
            )
    except IntegrityError as exc:  # another moderator added the same name a moment ago
        raise ActionConflict(_("“%(synonym)s” is already a synonym.") % {"synonym": name}) from exc
    audit(
        moderator,
        "add_tag_synonym",
        None,
        member=None,
        target_type="tag",
        target_id=target.pk,
        target_label=target.name,
        reason=reason,
        details={"synonym": name, "tag": target.name, **({"moved": moved} if old is not None else {})},
    )
    events.emit(events.TagSynonymAdded(synonym=name, tag_id=target.pk, moderator_id=moderator.pk, at=row.created_at))
    return row


@transaction.atomic
def remove_tag_synonym(moderator: Member, synonym: TagSynonym, *, reason: str = "") -> None:
    """Stop treating ``synonym`` as the tag's other name: it may become a tag of its own again. The threads merged
    when it was added stay with the main tag."""
    require_moderator(moderator)
    row = TagSynonym.objects.select_for_update().select_related("tag").filter(pk=synonym.pk).first()
    if row is None:
        raise ActionConflict(_("This synonym was already removed."))
    row.delete()
    audit(
        moderator,
        "remove_tag_synonym",
        None,
        member=None,
        target_type="tag",
        target_id=row.tag_id,
        target_label=row.tag.name,
        reason=reason,
        details={"synonym": row.synonym, "tag": row.tag.name},
    )
    events.emit(
        events.TagSynonymRemoved(synonym=row.synonym, tag_id=row.tag_id, moderator_id=moderator.pk, at=timezone.now())
    )


def _synonym_name(value: str, *, field: str) -> str:
    """A tag name as members type it (lower-case, no spaces), or a ``ValidationError`` on ``field``."""
    name = (value or "").strip().lower()
    if not name:
        raise ValidationError({field: _("Write a tag name.")})
    if not TAG_RE.match(name):
        raise ValidationError(
            {
                field: _(
                    "A tag name uses lower-case letters, digits and . + # - (up to 35 characters, starting with a "
                    "letter or digit): “%(name)s” is not one."
                )
                % {"name": name[:40]}
            }
        )
    return name


def _tag_named(name: str) -> Tag | None:
    """The tag of this name, else of this slug (the address members see: /tags/<slug>/)."""
    found = list(Tag.objects.filter(Q(name=name) | Q(slug=name))[:2])
    found.sort(key=lambda tag: tag.name != name)
    return found[0] if found else None


def moderator_suspension_refusal(moderator: Member, member: Member) -> str:
    """Why ``moderator`` may not suspend ``member`` who is a moderator too ("" when they may): the screen asks
    before showing its form, ``suspend_member`` before acting."""
    if permissions.is_moderator(member) and not moderator.is_superuser and member.pk != moderator.pk:
        return _("Only an administrator can suspend a moderator.")
    return ""


@transaction.atomic
def suspend_member(moderator: Member, member: Member, *, days: int, reason: str) -> Member:
    """Suspend posting for ``days`` days (0 lifts a suspension). The member is told the reason."""
    require_moderator(moderator)
    if member.pk == moderator.pk:
        raise ActionConflict(_("You cannot suspend yourself."))
    if refusal := moderator_suspension_refusal(moderator, member):
        raise PermissionDenied(refusal)
    if not 0 <= days <= 3650:
        raise ValidationError({"days": _("Suspend for 0 to %(max)s days.") % {"max": 3650}})
    reason = " ".join((reason or "").split())
    if days and not reason:
        raise ValidationError({"reason": _("Tell the member why they are suspended.")})
    until = timezone.now() + timedelta(days=days) if days else None
    Member.objects.filter(pk=member.pk).update(suspended_until=until, suspension_reason=reason[:300] if days else "")
    member.suspended_until, member.suspension_reason = until, reason[:300] if days else ""
    entry = audit(
        moderator,
        "suspend" if days else "unsuspend",
        member,
        member=member,
        target_type="member",
        reason=reason,
        details={"days": days} if days else {},
    )
    tell_member(entry)
    return member


@transaction.atomic
def suggest_edit(
    member: Member, post: Thread | Answer, *, title: str = "", body: str, tags="", summary: str = ""
) -> SuggestedEdit:
    """Members without the edit privilege propose an edit; a moderator approves or rejects it."""
    require_member(member)
    if post.is_deleted:
        raise ActionConflict(_("You cannot edit a deleted post."))
    is_thread = isinstance(post, Thread)
    cleaned_title = clean_title(title) if is_thread else ""
    cleaned_tags = " ".join(clean_tags(tags)) if is_thread else ""
    body = clean_body(body, previous=post.body_md)
    permissions.check_links(member, render_markdown(body))
    if SuggestedEdit.objects.filter(
        author=member, status=SuggestedEdit.Status.PENDING, **{"thread" if is_thread else "answer": post}
    ).exists():
        raise ActionConflict(_("You already have an edit waiting for review on this post."))
    suggestion = SuggestedEdit.objects.create(
        author=member,
        title=cleaned_title,
        tags=cleaned_tags,
        body_md=body,
        summary=(summary or "")[:200],
        **{"thread" if is_thread else "answer": post},
    )
    queue(ReviewTask.Queue.SUGGESTED_EDITS, suggested_edit=suggestion, **_target_kwargs(post))
    return suggestion


@transaction.atomic
def apply_suggested_edit(
    moderator: Member, suggestion: SuggestedEdit, *, approve: bool, reason: str = ""
) -> SuggestedEdit:
    require_moderator(moderator)
    suggestion = SuggestedEdit.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestedEdit.Status.PENDING:
        raise ActionConflict(_("This suggestion has already been reviewed."))
    if approve:
        if suggestion.thread_id:
            edit_thread(
                suggestion.author,
                suggestion.thread,
                title=suggestion.title,
                body=suggestion.body_md,
                tags=suggestion.tags,
                summary=suggestion.summary or "Suggested edit",
                approved_by=moderator,
            )
        else:
            edit_answer(
                suggestion.author,
                suggestion.answer,
                body=suggestion.body_md,
                summary=suggestion.summary or "Suggested edit",
                approved_by=moderator,
            )
    SuggestedEdit.objects.filter(pk=suggestion.pk).update(
        status=SuggestedEdit.Status.APPROVED if approve else SuggestedEdit.Status.REJECTED
    )
    post = suggestion.thread or suggestion.answer
    entry = audit(
        moderator, "approve_edit" if approve else "reject_edit", post, member=suggestion.author, reason=reason
    )
    tell_member(entry)
    for task in ReviewTask.objects.filter(suggested_edit=suggestion, status=ReviewTask.Status.OPEN):
        _close_task(task, moderator, "approve" if approve else "reject")
    suggestion.refresh_from_db()
    return suggestion
