"""Every change to the community's state, one function per use case.

Each function runs inside one transaction, checks the member may do it,
validates, writes the rows, moves denormalised counters with F expressions,
and emits a domain event that subscribers receive after the commit. Views
call these and nothing else to write; so do the CMS, the seeder and the
importers, which is what keeps counters and events trustworthy.

Errors: ``PermissionDenied`` (403) when the member may not act,
``ValidationError`` (form error / 400) when the input is wrong,
``ActionConflict`` (409) when the state forbids it (e.g. voting twice).

Functions that create content take an optional ``at`` so the demo seeder
and importers can record when something really happened.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from community import events, permissions
from community.models import (
    Answer,
    AuditEntry,
    Comment,
    Flag,
    Member,
    ReviewTask,
    Revision,
    SuggestedEdit,
    Tag,
    TaggedThread,
    Thread,
    ThreadLink,
    Vote,
)
from community.models import IdeaStatus
from community.permissions import RateLimited  # noqa: F401  (views catch it from here)
from community.rendering import render_comment, render_markdown
from community.validators import TAG_RE


class ActionConflict(Exception):
    """The request is well-formed but the current state does not allow it."""


def _limits():
    return settings.GUILDHALL


# --- validation -----------------------------------------------------------


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    limits = _limits()
    if len(title) < limits["TITLE_MIN"]:
        raise ValidationError({"title": f"Please write a title of at least {limits['TITLE_MIN']} characters."})
    if len(title) > limits["TITLE_MAX"]:
        raise ValidationError(
            {"title": f"Titles are at most {limits['TITLE_MAX']} characters; yours has {len(title)}."}
        )
    return title


def clean_body(body: str, field: str = "body") -> str:
    body = (body or "").strip()
    limits = _limits()
    if len(body) < limits["BODY_MIN"]:
        raise ValidationError({field: f"Please write at least {limits['BODY_MIN']} characters."})
    if len(body) > limits["BODY_MAX"]:
        raise ValidationError({field: f"Posts are at most {limits['BODY_MAX']:,} characters; yours has {len(body):,}."})
    return body


def clean_tags(tags) -> list[str]:
    """Accept a list or a space/comma separated string; return unique lower-case tag names."""
    if isinstance(tags, str):
        tags = tags.replace(",", " ").split()
    names: list[str] = []
    for raw in tags or []:
        name = raw.strip().lower()
        if name and name not in names:
            names.append(name)
    limit = _limits()["MAX_TAGS"]
    if not names:
        raise ValidationError({"tags": "Add at least one tag, so people who know the topic find your post."})
    if len(names) > limit:
        raise ValidationError({"tags": f"Use at most {limit} tags; you gave {len(names)}."})
    bad = [n for n in names if not TAG_RE.match(n)]
    if bad:
        raise ValidationError(
            {
                "tags": "Tags use lower-case letters, digits and . + # - (up to 35 characters, starting with a "
                f"letter or digit): {', '.join(repr(b[:40]) for b in bad[:3])} is not allowed."
            }
        )
    return names


def clean_comment(body: str) -> str:
    body = " ".join((body or "").split())
    limits = _limits()
    if len(body) < limits["COMMENT_MIN"]:
        raise ValidationError({"body": "Comments cannot be empty."})
    if len(body) > limits["COMMENT_MAX"]:
        raise ValidationError({"body": f"Comments are at most {limits['COMMENT_MAX']} characters; yours has {len(body)}."})
    return body


def _require_member(member) -> None:
    if member is None or not member.is_authenticated:
        raise PermissionDenied("Log in to do that.")
    if not member.is_active:
        raise PermissionDenied("Your account is not active.")
    if getattr(member, "is_suspended", False):
        until = timezone.localtime(member.suspended_until).strftime("%B %-d, %Y %H:%M")
        reason = f": {member.suspension_reason}" if member.suspension_reason else "."
        raise PermissionDenied(f"Your account is suspended until {until} UTC{reason}")


def _require_open(thread: Thread, doing: str) -> None:
    """Locked threads take nothing new; closed duplicates take no new answers."""
    if thread.is_deleted:
        raise ActionConflict("This thread has been deleted.")
    if thread.is_locked:
        raise ActionConflict(f"This thread is locked by a moderator: it takes no new {doing}.")


# --- members ----------------------------------------------------------------


@transaction.atomic
def member_joined(member: Member) -> None:
    events.emit(events.MemberJoined(member_id=member.pk, at=member.date_joined))


@transaction.atomic
def update_profile(member: Member, *, display_name: str, bio: str) -> Member:
    _require_member(member)
    display_name = " ".join((display_name or "").split())
    bio = (bio or "").strip()
    if len(display_name) > 60:
        raise ValidationError({"display_name": "A display name is at most 60 characters."})
    if len(bio) > 280:
        raise ValidationError({"bio": "A bio is at most 280 characters."})
    Member.objects.filter(pk=member.pk).update(display_name=display_name, bio=bio)
    member.display_name, member.bio = display_name, bio
    events.emit(events.ProfileUpdated(member_id=member.pk, at=timezone.now()))
    return member


# --- threads ----------------------------------------------------------------


def _add_revision(*, editor, thread=None, answer=None, title="", tags="", body_md="", summary="") -> Revision:
    target = {"thread": thread} if thread is not None else {"answer": answer}
    number = Revision.objects.filter(**target).count() + 1
    return Revision.objects.create(
        editor=editor, number=number, title=title, tags=tags, body_md=body_md, summary=summary, **target
    )


@transaction.atomic
def create_thread(author: Member, *, kind: str, title: str, body: str, tags, at=None) -> Thread:
    _require_member(author)
    errors = {}
    cleaned = {}
    for name, fn, value in (("title", clean_title, title), ("body", clean_body, body), ("tags", clean_tags, tags)):
        try:
            cleaned[name] = fn(value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if kind not in Thread.Kind.values:
        errors["kind"] = ["Choose whether this is a question, a tip or an idea."]
    if errors:
        raise ValidationError(errors)
    body_html = render_markdown(cleaned["body"])
    permissions.check_links(author, body_html)
    if at is None:
        permissions.check_rate_limit(author)
    now = at or timezone.now()
    first_post = not (Thread.objects.filter(author=author).exists() or Answer.objects.filter(author=author).exists())
    thread = Thread.objects.create(
        kind=kind,
        title=cleaned["title"],
        body_md=cleaned["body"],
        body_html=body_html,
        author=author,
        created_at=now,
        last_activity_at=now,
        idea_status=IdeaStatus.NEW if kind == Thread.Kind.IDEA else "",
    )
    thread.tags.set(cleaned["tags"])
    _add_revision(
        editor=author, thread=thread, title=thread.title, tags=" ".join(cleaned["tags"]), body_md=thread.body_md,
        summary="Posted",
    )
    if first_post and at is None:
        _queue(ReviewTask.Queue.FIRST_POSTS, thread=thread)
    events.emit(events.ThreadCreated(thread_id=thread.pk, author_id=author.pk, kind=kind, at=now))
    return thread


@transaction.atomic
def edit_thread(
    editor: Member, thread: Thread, *, title: str, body: str, tags, summary: str = "", approved_by: Member | None = None
) -> Thread:
    """Edit a thread. ``approved_by`` is the moderator who approved ``editor``'s suggested edit."""
    _require_member(approved_by or editor)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not permissions.can_edit(approved_by or editor, thread):
        raise PermissionDenied(permissions.edit_refusal(editor))
    errors, cleaned = {}, {}
    for name, fn, value in (("title", clean_title, title), ("body", clean_body, body), ("tags", clean_tags, tags)):
        try:
            cleaned[name] = fn(value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    body_html = render_markdown(cleaned["body"])
    permissions.check_links(approved_by or editor, body_html)
    now = timezone.now()
    thread.title = cleaned["title"]
    thread.body_md = cleaned["body"]
    thread.body_html = body_html
    thread.edited_at = now
    thread.last_activity_at = now
    thread.save(update_fields=["title", "slug", "body_md", "body_html", "edited_at", "last_activity_at"])
    thread.tags.set(cleaned["tags"])
    revision = _add_revision(
        editor=editor, thread=thread, title=thread.title, tags=" ".join(cleaned["tags"]), body_md=thread.body_md,
        summary=(summary or "").strip()[:200],
    )
    events.emit(events.ThreadEdited(thread_id=thread.pk, editor_id=editor.pk, revision=revision.number, at=now))
    return thread


# --- answers ----------------------------------------------------------------


@transaction.atomic
def post_answer(author: Member, thread: Thread, *, body: str, at=None) -> Answer:
    _require_member(author)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    _require_open(thread, "answers")
    if thread.duplicate_of_id:
        raise ActionConflict("This question was closed as a duplicate: please answer the original question.")
    body = clean_body(body)
    body_html = render_markdown(body)
    permissions.check_links(author, body_html)
    if at is None:
        permissions.check_rate_limit(author)
    now = at or timezone.now()
    first_post = not (Thread.objects.filter(author=author).exists() or Answer.objects.filter(author=author).exists())
    answer = Answer.objects.create(thread=thread, author=author, body_md=body, body_html=body_html, created_at=now)
    if thread.first_answer_at is None and author.pk != thread.author_id:
        refresh_first_answer(thread.pk)
    if at is None:
        if first_post:
            _queue(ReviewTask.Queue.FIRST_POSTS, answer=answer, thread_id=thread.pk)
        elif now - thread.created_at > timedelta(days=settings.GUILDHALL["LATE_ANSWER_DAYS"]):
            _queue(ReviewTask.Queue.LATE_ANSWERS, answer=answer, thread_id=thread.pk)
    Thread.objects.filter(pk=thread.pk).update(answer_count=F("answer_count") + 1, last_activity_at=now)
    _add_revision(editor=author, answer=answer, body_md=body, summary="Posted")
    events.emit(events.AnswerPosted(answer_id=answer.pk, thread_id=thread.pk, author_id=author.pk, at=now))
    return answer


@transaction.atomic
def edit_answer(editor: Member, answer: Answer, *, body: str, summary: str = "", approved_by: Member | None = None) -> Answer:
    """Edit an answer. ``approved_by`` is the moderator who approved ``editor``'s suggested edit."""
    _require_member(approved_by or editor)
    answer = Answer.objects.select_for_update().select_related("thread").get(pk=answer.pk)
    if not permissions.can_edit(approved_by or editor, answer):
        raise PermissionDenied(permissions.edit_refusal(editor))
    body = clean_body(body)
    body_html = render_markdown(body)
    permissions.check_links(approved_by or editor, body_html)
    now = timezone.now()
    answer.body_md = body
    answer.body_html = body_html
    answer.edited_at = now
    answer.save(update_fields=["body_md", "body_html", "edited_at"])
    Thread.objects.filter(pk=answer.thread_id).update(last_activity_at=now)
    revision = _add_revision(editor=editor, answer=answer, body_md=body, summary=(summary or "").strip()[:200])
    events.emit(
        events.AnswerEdited(
            answer_id=answer.pk, thread_id=answer.thread_id, editor_id=editor.pk, revision=revision.number, at=now
        )
    )
    return answer


# --- comments ---------------------------------------------------------------


@transaction.atomic
def post_comment(author: Member, *, thread: Thread, answer: Answer | None = None, body: str, at=None) -> Comment:
    _require_member(author)
    if answer is not None and answer.thread_id != thread.pk:
        raise ValidationError("That answer belongs to another thread.")
    target = answer or thread
    if target.is_deleted or thread.is_deleted:
        raise ActionConflict("You cannot comment on a deleted post.")
    _require_open(thread, "comments")
    if not permissions.can_comment(author, target, thread):
        raise PermissionDenied(permissions.comment_refusal(author))
    body = clean_comment(body)
    now = at or timezone.now()
    comment = Comment.objects.create(
        thread=thread, answer=answer, author=author, body=body, body_html=render_comment(body), created_at=now
    )
    type(target).objects.filter(pk=target.pk).update(comment_count=F("comment_count") + 1)
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
    events.emit(
        events.CommentPosted(
            comment_id=comment.pk, thread_id=thread.pk, answer_id=answer.pk if answer else None, author_id=author.pk, at=now
        )
    )
    return comment


# --- votes ------------------------------------------------------------------


@transaction.atomic
def vote(voter: Member, post: Thread | Answer, value: int, *, at=None) -> int:
    """Set ``voter``'s vote on ``post`` to up (1), down (-1) or none (0); return the new score.

    Voting the same way twice is a conflict (the UI sends 0 to undo); voting
    the other way changes the vote.
    """
    _require_member(voter)
    if value not in (1, -1, 0):
        raise ValidationError("A vote is up, down or undone.")
    model = type(post)
    post = model.objects.select_related("author").get(pk=post.pk)
    if post.is_deleted:
        raise ActionConflict("You cannot vote on a deleted post.")
    if (post if model is Thread else Thread.objects.only("is_locked").get(pk=post.thread_id)).is_locked:
        raise ActionConflict("This thread is locked by a moderator: it takes no new votes.")
    if post.author_id == voter.pk:
        raise PermissionDenied("You cannot vote on your own post.")
    if value:
        permissions.require_vote_privilege(voter, value)
    target = {"thread": post} if model is Thread else {"answer": post}
    existing = Vote.objects.select_for_update().filter(voter=voter, **target).first()
    old_value = existing.value if existing else 0
    if old_value == value:
        if value == 0:
            raise ActionConflict("You have not voted on this post.")
        raise ActionConflict("You have already voted on this post.")
    now = at or timezone.now()
    if existing and value == 0:
        existing.delete()
    elif existing:
        existing.value = value
        existing.created_at = now
        existing.save(update_fields=["value", "created_at"])
    else:
        try:
            with transaction.atomic():
                Vote.objects.create(voter=voter, value=value, created_at=now, **target)
        except IntegrityError as exc:
            # The same member's other request won the race; one vote stands.
            raise ActionConflict("You have already voted on this post.") from exc
    model.objects.filter(pk=post.pk).update(score=F("score") + (value - old_value))
    thread_id = post.pk if model is Thread else post.thread_id
    events.emit(
        events.VoteCast(
            voter_id=voter.pk,
            author_id=post.author_id,
            thread_id=thread_id,
            answer_id=None if model is Thread else post.pk,
            old_value=old_value,
            new_value=value,
            at=now,
        )
    )
    return model.objects.values_list("score", flat=True).get(pk=post.pk)


# --- accepted answer --------------------------------------------------------


@transaction.atomic
def accept_answer(member: Member, answer: Answer, *, at=None) -> Thread:
    """Mark ``answer`` as the accepted one; accepting it again un-accepts it."""
    _require_member(member)
    answer = Answer.objects.get(pk=answer.pk)
    thread = Thread.objects.select_for_update().get(pk=answer.thread_id)
    if thread.author_id != member.pk:
        raise PermissionDenied("Only the person who asked can accept an answer.")
    if not thread.is_question:
        raise ActionConflict("Only questions have accepted answers.")
    if answer.is_deleted or thread.is_deleted:
        raise ActionConflict("You cannot accept a deleted answer.")
    now = at or timezone.now()
    previous = thread.accepted_answer
    if previous is not None:
        Thread.objects.filter(pk=thread.pk).update(accepted_answer=None, accepted_at=None)
        events.emit(
            events.AnswerUnaccepted(
                answer_id=previous.pk, thread_id=thread.pk, acceptor_id=member.pk, author_id=previous.author_id, at=now
            )
        )
    if previous is not None and previous.pk == answer.pk:
        thread.accepted_answer = None
        return thread
    Thread.objects.filter(pk=thread.pk).update(accepted_answer=answer, accepted_at=now, last_activity_at=now)
    thread.accepted_answer = answer
    events.emit(
        events.AnswerAccepted(
            answer_id=answer.pk, thread_id=thread.pk, acceptor_id=member.pk, author_id=answer.author_id, at=now
        )
    )
    return thread


# --- deletion and restoration -----------------------------------------------


def _model_name(obj) -> str:
    return type(obj).__name__.lower()


@transaction.atomic
def hide_post(actor: Member, obj: Thread | Answer | Comment) -> None:
    """Soft-delete: members no longer see it; staff can restore it."""
    _require_member(actor)
    model = type(obj)
    obj = model.objects.select_for_update().get(pk=obj.pk)
    if not permissions.can_hide(actor, obj):
        raise PermissionDenied("You can only delete your own posts.")
    if obj.is_deleted:
        raise ActionConflict("This has already been deleted.")
    if model is Thread and obj.accepted_answer_id and not permissions.is_moderator(actor) and obj.author_id == actor.pk:
        raise ActionConflict("A question with an accepted answer cannot be deleted by its author; flag it instead.")
    _soft_delete(obj, actor=actor)


@transaction.atomic
def restore_post(actor: Member, obj: Thread | Answer | Comment) -> None:
    _require_member(actor)
    if not permissions.can_restore(actor):
        raise PermissionDenied("Only moderators can restore deleted posts.")
    model = type(obj)
    obj = model.objects.select_for_update().get(pk=obj.pk)
    if not obj.is_deleted:
        raise ActionConflict("This is not deleted.")
    model.objects.filter(pk=obj.pk).update(is_deleted=False, deleted_at=None, deleted_by=None)
    thread_id = obj.pk if model is Thread else obj.thread_id
    if model is Answer:
        Thread.objects.filter(pk=thread_id).update(answer_count=F("answer_count") + 1)
        refresh_first_answer(thread_id)
    elif model is Comment:
        target_model, target_id = (Answer, obj.answer_id) if obj.answer_id else (Thread, obj.thread_id)
        target_model.objects.filter(pk=target_id).update(comment_count=F("comment_count") + 1)
    events.emit(
        events.PostRestored(
            model=_model_name(obj),
            object_id=obj.pk,
            thread_id=thread_id,
            author_id=obj.author_id,
            actor_id=actor.pk,
            at=timezone.now(),
        )
    )


# --- moderation -------------------------------------------------------------


def _queue(queue: str, **target) -> ReviewTask:
    """Put an item in a review queue once (an open task for the same item is reused)."""
    key = {"thread": None, "answer": None, "comment": None, "suggested_edit": None, **target}
    if "thread_id" in key:
        key.pop("thread")
    task = ReviewTask.objects.filter(queue=queue, status=ReviewTask.Status.OPEN, **key).first()
    return task or ReviewTask.objects.create(queue=queue, **key)


def _target_kwargs(obj) -> dict:
    """The thread/answer/comment fields that point at ``obj`` (answers and comments also name their thread)."""
    if isinstance(obj, Thread):
        return {"thread": obj}
    if isinstance(obj, Answer):
        return {"answer": obj, "thread_id": obj.thread_id}
    return {"comment": obj, "thread_id": obj.thread_id}


def _label(obj) -> str:
    if isinstance(obj, Thread):
        return obj.title[:200]
    if isinstance(obj, Answer):
        return f"Answer to “{obj.thread.title}”"[:200]
    if isinstance(obj, Comment):
        return f"Comment: {obj.body}"[:200]
    return str(obj)[:200]


def _require_moderator(member) -> None:
    _require_member(member)
    if not permissions.is_moderator(member):
        raise PermissionDenied("Only moderators can do that.")


def _audit(actor, action: str, obj=None, *, member=None, reason: str = "", target_type: str = "", target_id=None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target_type or (type(obj).__name__.lower() if obj is not None else ""),
        target_id=target_id if target_id is not None else getattr(obj, "pk", None),
        target_label=_label(obj) if obj is not None else "",
        member=member if member is not None else getattr(obj, "author", None),
        reason=(reason or "")[:300],
    )


def _tell_member(entry: AuditEntry) -> None:
    """The affected member hears what a moderator did, and why."""
    if entry.member_id is None or entry.member_id == entry.actor_id:
        return
    events.emit(
        events.MemberModerated(
            member_id=entry.member_id, actor_id=entry.actor_id, action=entry.action, target_type=entry.target_type,
            target_id=entry.target_id, target_label=entry.target_label, reason=entry.reason, at=entry.created_at,
        )
    )


@transaction.atomic
def flag_post(flagger: Member, target, *, reason: str, note: str = "", duplicate_of: Thread | None = None) -> Flag:
    """Flag a thread, answer or comment; enough spam/rude flags hide it until a moderator reviews it."""
    _require_member(flagger)
    if not permissions.can_flag(flagger):
        from rewards import api as rewards_api

        raise PermissionDenied(rewards_api.refusal(flagger, "flag"))
    target = type(target).objects.select_for_update().get(pk=target.pk)
    if target.is_deleted:
        raise ActionConflict("This post is already hidden.")
    if target.author_id == flagger.pk:
        raise ActionConflict("You cannot flag your own post; edit or delete it instead.")
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": "Choose why you are flagging this post."})
    if reason == Flag.Reason.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError({"duplicate_of": "Say which thread this duplicates."})
        own_thread = target.pk if isinstance(target, Thread) else target.thread_id
        if duplicate_of.pk == own_thread or duplicate_of.is_deleted:
            raise ValidationError({"duplicate_of": "Choose another, visible thread."})
    else:
        duplicate_of = None
    note = " ".join((note or "").split())
    if len(note) > 300:
        raise ValidationError({"note": "A note is at most 300 characters."})
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                flagger=flagger, reason=reason, note=note, duplicate_of=duplicate_of, **_target_kwargs(target)
            )
    except IntegrityError as exc:
        raise ActionConflict("You have already flagged this post; moderators will look at it.") from exc
    _queue(ReviewTask.Queue.FLAGS, **_target_kwargs(target))
    _maybe_hide_flagged(target)
    events.emit(events.PostFlagged(flag_id=flag.pk, flagger_id=flagger.pk, reason=reason, at=flag.created_at))
    return flag


def _maybe_hide_flagged(target) -> None:
    from rewards import api as rewards_api

    needed = rewards_api.rule_value("spam_flags_to_hide")
    kwargs = {k: v for k, v in _target_kwargs(target).items() if k != "thread_id"}
    if isinstance(target, Thread):
        kwargs.update(answer=None, comment=None)
    flaggers = Member.objects.filter(
        flags__status=Flag.Status.OPEN, flags__reason__in=[Flag.Reason.SPAM, Flag.Reason.RUDE],
        **{f"flags__{k}": v for k, v in kwargs.items()},
    ).distinct()
    trusted = sum(1 for m in flaggers if permissions.can_flag(m))
    if trusted >= needed:
        _soft_delete(target, actor=None)
        entry = _audit(None, "auto_hide", target, reason=f"{trusted} spam or rude flags from trusted members; hidden until reviewed")
        _tell_member(entry)


def _soft_delete(obj, *, actor) -> None:
    """Hide ``obj``: counters, acceptance and events. Callers check who may (members' deletes, moderators, flags)."""
    model = type(obj)
    obj = model.objects.select_for_update().get(pk=obj.pk)
    if obj.is_deleted:
        return
    now = timezone.now()
    model.objects.filter(pk=obj.pk).update(is_deleted=True, deleted_at=now, deleted_by=actor)
    thread_id = obj.pk if model is Thread else obj.thread_id
    if model is Answer:
        Thread.objects.filter(pk=thread_id).update(answer_count=F("answer_count") - 1)
        refresh_first_answer(thread_id)
        thread = Thread.objects.select_for_update().get(pk=thread_id)
        if thread.accepted_answer_id == obj.pk:
            Thread.objects.filter(pk=thread_id).update(accepted_answer=None, accepted_at=None)
            events.emit(
                events.AnswerUnaccepted(
                    answer_id=obj.pk, thread_id=thread_id, acceptor_id=thread.author_id, author_id=obj.author_id, at=now
                )
            )
    elif model is Comment:
        target_model, target_id = (Answer, obj.answer_id) if obj.answer_id else (Thread, obj.thread_id)
        target_model.objects.filter(pk=target_id).update(comment_count=F("comment_count") - 1)
    events.emit(
        events.PostHidden(
            model=model.__name__.lower(), object_id=obj.pk, thread_id=thread_id, author_id=obj.author_id,
            actor_id=actor.pk if actor else 0, at=now,
        )
    )


def _close_task(task: ReviewTask, moderator, resolution: str) -> None:
    ReviewTask.objects.filter(pk=task.pk).update(
        status=ReviewTask.Status.DONE, resolved_by=moderator, resolved_at=timezone.now(), resolution=resolution
    )


def _resolve_flags(target, moderator, status: str) -> None:
    kwargs = {k: v for k, v in _target_kwargs(target).items() if k != "thread_id"}
    if isinstance(target, Thread):
        kwargs.update(answer=None, comment=None)
    Flag.objects.filter(status=Flag.Status.OPEN, **kwargs).update(status=status, resolved_by=moderator, resolved_at=timezone.now())


@transaction.atomic
def review(moderator: Member, task: ReviewTask, decision: str, *, reason: str = "") -> ReviewTask:
    """Act on one review item: approve (it is fine), dismiss (the flags were wrong), hide or restore."""
    _require_moderator(moderator)
    task = ReviewTask.objects.select_for_update().get(pk=task.pk)
    if task.status != ReviewTask.Status.OPEN:
        raise ActionConflict("Another moderator has already handled this item.")
    target = task.target
    if decision == "approve" and task.suggested_edit_id:
        apply_suggested_edit(moderator, task.suggested_edit, approve=True)
    elif decision == "reject" and task.suggested_edit_id:
        apply_suggested_edit(moderator, task.suggested_edit, approve=False, reason=reason)
    elif decision in ("approve", "dismiss"):
        if task.queue == ReviewTask.Queue.FLAGS and target is not None:
            _resolve_flags(target, moderator, Flag.Status.DISMISSED)
        _audit(moderator, f"review_{decision}", target, reason=reason)
    elif decision == "hide":
        moderate_hide(moderator, target, reason=reason)
        if task.queue == ReviewTask.Queue.FLAGS:
            _resolve_flags(target, moderator, Flag.Status.UPHELD)
    elif decision == "restore":
        moderate_restore(moderator, target, reason=reason)
        if task.queue == ReviewTask.Queue.FLAGS:
            _resolve_flags(target, moderator, Flag.Status.DISMISSED)
    else:
        raise ValidationError("Choose approve, dismiss, hide or restore.")
    _close_task(task, moderator, decision)
    task.refresh_from_db()
    return task


@transaction.atomic
def moderate_hide(moderator: Member, target, *, reason: str = "") -> None:
    _require_moderator(moderator)
    _soft_delete(target, actor=moderator)
    _tell_member(_audit(moderator, "hide", target, reason=reason))


@transaction.atomic
def moderate_restore(moderator: Member, target, *, reason: str = "") -> None:
    _require_moderator(moderator)
    target = type(target).objects.get(pk=target.pk)
    if target.is_deleted:
        restore_post(moderator, target)
    _tell_member(_audit(moderator, "restore", target, reason=reason))


@transaction.atomic
def lock_thread(moderator: Member, thread: Thread, *, locked: bool = True, reason: str = "") -> Thread:
    _require_moderator(moderator)
    Thread.objects.filter(pk=thread.pk).update(is_locked=locked)
    thread.is_locked = locked
    _tell_member(_audit(moderator, "lock" if locked else "unlock", thread, reason=reason))
    return thread


@transaction.atomic
def close_as_duplicate(moderator: Member, thread: Thread, original: Thread, *, reason: str = "") -> Thread:
    _require_moderator(moderator)
    if original.pk == thread.pk or original.is_deleted:
        raise ValidationError({"original": "Choose another, visible thread as the original."})
    if original.duplicate_of_id == thread.pk:
        raise ValidationError({"original": "That thread is itself closed as a duplicate of this one."})
    Thread.objects.filter(pk=thread.pk).update(duplicate_of=original)
    ThreadLink.objects.get_or_create(from_thread=thread, to_thread=original, kind=ThreadLink.Kind.DUPLICATE)
    thread.duplicate_of = original
    _tell_member(_audit(moderator, "close_duplicate", thread, reason=reason or f"Duplicate of “{original.title}”"))
    return thread


@transaction.atomic
def reopen_thread(moderator: Member, thread: Thread, *, reason: str = "") -> Thread:
    _require_moderator(moderator)
    Thread.objects.filter(pk=thread.pk).update(duplicate_of=None)
    thread.duplicate_of = None
    _tell_member(_audit(moderator, "reopen", thread, reason=reason))
    return thread


@transaction.atomic
def merge_tags(moderator: Member, source: Tag, target: Tag, *, reason: str = "") -> int:
    """Move every thread from ``source`` to ``target`` and remove ``source``; returns threads moved."""
    _require_moderator(moderator)
    if source.pk == target.pk:
        raise ValidationError("Choose two different tags.")
    already = set(TaggedThread.objects.filter(tag=target).values_list("content_object_id", flat=True))
    moving = TaggedThread.objects.filter(tag=source)
    moved = 0
    for item in moving.exclude(content_object_id__in=already):
        TaggedThread.objects.filter(pk=item.pk).update(tag=target)
        moved += 1
    TaggedThread.objects.filter(tag=source).delete()
    # Knowledge articles keep their topic too (the live page's tags; the next revision published keeps them).
    from community.knowledge import TaggedKnowledgePage

    pages_with_target = set(TaggedKnowledgePage.objects.filter(tag=target).values_list("content_object_id", flat=True))
    TaggedKnowledgePage.objects.filter(tag=source).exclude(content_object_id__in=pages_with_target).update(tag=target)
    TaggedKnowledgePage.objects.filter(tag=source).delete()
    # Members who followed the old tag now follow the one it became.
    from community.models import Follow

    following_target = set(Follow.objects.filter(tag=target).values_list("member_id", flat=True))
    Follow.objects.filter(tag=source).exclude(member_id__in=following_target).update(tag=target)
    _audit(moderator, "merge_tags", None, member=None, target_type="tag", target_id=target.pk,
           reason=f"{source.name} → {target.name}" + (f": {reason}" if reason else ""))
    source.delete()
    return moved


@transaction.atomic
def suspend_member(moderator: Member, member: Member, *, days: int, reason: str) -> Member:
    """Suspend posting for ``days`` days (0 lifts a suspension). The member is told the reason."""
    _require_moderator(moderator)
    if member.pk == moderator.pk:
        raise ActionConflict("You cannot suspend yourself.")
    if permissions.is_moderator(member) and not moderator.is_superuser:
        raise PermissionDenied("Only an administrator can suspend a moderator.")
    if not 0 <= days <= 3650:
        raise ValidationError({"days": "Suspend for 0 to 3650 days."})
    reason = " ".join((reason or "").split())
    if days and not reason:
        raise ValidationError({"reason": "Tell the member why they are suspended."})
    until = timezone.now() + timedelta(days=days) if days else None
    Member.objects.filter(pk=member.pk).update(suspended_until=until, suspension_reason=reason[:300] if days else "")
    member.suspended_until, member.suspension_reason = until, reason[:300] if days else ""
    entry = _audit(moderator, "suspend" if days else "unsuspend", member, member=member, target_type="member",
                   reason=f"{days} days: {reason}" if days else reason)
    _tell_member(entry)
    return member


@transaction.atomic
def suggest_edit(member: Member, post: Thread | Answer, *, title: str = "", body: str, tags="", summary: str = "") -> SuggestedEdit:
    """Members without the edit privilege propose an edit; a moderator approves or rejects it."""
    _require_member(member)
    if post.is_deleted:
        raise ActionConflict("You cannot edit a deleted post.")
    is_thread = isinstance(post, Thread)
    cleaned_title = clean_title(title) if is_thread else ""
    cleaned_tags = " ".join(clean_tags(tags)) if is_thread else ""
    body = clean_body(body)
    permissions.check_links(member, render_markdown(body))
    if SuggestedEdit.objects.filter(author=member, status=SuggestedEdit.Status.PENDING, **{"thread" if is_thread else "answer": post}).exists():
        raise ActionConflict("You already have an edit waiting for review on this post.")
    suggestion = SuggestedEdit.objects.create(
        author=member, title=cleaned_title, tags=cleaned_tags, body_md=body, summary=(summary or "")[:200],
        **{"thread" if is_thread else "answer": post},
    )
    _queue(ReviewTask.Queue.SUGGESTED_EDITS, suggested_edit=suggestion, **_target_kwargs(post))
    return suggestion


@transaction.atomic
def apply_suggested_edit(moderator: Member, suggestion: SuggestedEdit, *, approve: bool, reason: str = "") -> SuggestedEdit:
    _require_moderator(moderator)
    suggestion = SuggestedEdit.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestedEdit.Status.PENDING:
        raise ActionConflict("This suggestion has already been reviewed.")
    if approve:
        if suggestion.thread_id:
            edit_thread(suggestion.author, suggestion.thread, title=suggestion.title, body=suggestion.body_md,
                        tags=suggestion.tags, summary=suggestion.summary or "Suggested edit", approved_by=moderator)
        else:
            edit_answer(suggestion.author, suggestion.answer, body=suggestion.body_md,
                        summary=suggestion.summary or "Suggested edit", approved_by=moderator)
    SuggestedEdit.objects.filter(pk=suggestion.pk).update(
        status=SuggestedEdit.Status.APPROVED if approve else SuggestedEdit.Status.REJECTED
    )
    post = suggestion.thread or suggestion.answer
    entry = _audit(moderator, "approve_edit" if approve else "reject_edit", post, member=suggestion.author, reason=reason)
    _tell_member(entry)
    for task in ReviewTask.objects.filter(suggested_edit=suggestion, status=ReviewTask.Status.OPEN):
        _close_task(task, moderator, "approve" if approve else "reject")
    suggestion.refresh_from_db()
    return suggestion


# --- community care: ideas, follows, notifications, experts, the watch (community/actions_care.py) ---------

from community.actions_care import (  # noqa: E402,F401  (one door for every state change)
    follow,
    mark_dissatisfaction_handled,
    read_all_notifications,
    read_notification,
    refresh_first_answer,
    reopen_dissatisfaction,
    request_experts,
    resubscribe,
    see_badges,
    set_idea_status,
    unfollow,
    unsubscribe,
    update_notification_settings,
)

# --- knowledge articles: promote a post, first publication (community/actions_knowledge.py) ----------------

from community.actions_knowledge import article_published, promote_to_article  # noqa: E402,F401
