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

import functools
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.core import events, permissions, validators
from community.core.errors import ActionConflict, PrivilegeRequired, RateLimited
from community.core.language import supported
from community.core.permissions import require_member
from community.core.rendering import remote_images, render_comment, render_markdown
from community.core.validators import TAG_RE
from community.forum import answer_links, queries, synonyms
from community.forum.content_language import thread_language
from community.forum.models import Answer, Comment, IdeaStatus, Member, Revision, Thread, Vote
from rewards import api as rewards_api


def _limits():
    return settings.GUILDHALL


# --- validation -----------------------------------------------------------


def clean_title(title: str) -> str:
    title = validators.visible_text(title, field="title")
    limits = _limits()
    if len(title) < limits["TITLE_MIN"]:
        least = limits["TITLE_MIN"]
        raise ValidationError(
            {
                "title": ngettext(
                    "Please write a title of at least %(min)s character.",
                    "Please write a title of at least %(min)s characters.",
                    least,
                )
                % {"min": least}
            }
        )
    if len(title) > limits["TITLE_MAX"]:
        most = limits["TITLE_MAX"]
        raise ValidationError(
            {
                "title": ngettext(
                    "Titles are at most %(max)s character; yours has %(count)s.",
                    "Titles are at most %(max)s characters; yours has %(count)s.",
                    most,
                )
                % {"max": most, "count": len(title)}
            }
        )
    return title


def clean_body(body: str, field: str = "body", *, previous: str = "") -> str:
    body = (body or "").strip()
    limits = _limits()
    if len(body) < limits["BODY_MIN"]:
        least = limits["BODY_MIN"]
        raise ValidationError(
            {
                field: ngettext(
                    "Please write at least %(min)s character.", "Please write at least %(min)s characters.", least
                )
                % {"min": least}
            }
        )
    if len(body) > limits["BODY_MAX"]:
        most = limits["BODY_MAX"]
        raise ValidationError(
            {
                field: ngettext(
                    "Posts are at most %(max)s character; yours has %(count)s.",
                    "Posts are at most %(max)s characters; yours has %(count)s.",
                    most,
                )
                % {"max": _number(most), "count": _number(len(body))}
            }
        )
    # Images from other hosts are refused; an edit may keep those its post already had (imported posts).
    kept = set(remote_images(previous))
    if remote := [src for src in remote_images(body) if src not in kept]:
        raise ValidationError(
            {
                field: _(
                    "Images from other sites cannot be shown here (%(address)s): every reader's browser would call "
                    "that site. Link to the image instead: [description](address)."
                )
                % {"address": remote[0][:80]}
            }
        )
    return body


def _number(n: int) -> str:
    """A count as the reader's language writes it ("100,000", « 100 000 »)."""
    return formats.number_format(n, force_grouping=True)


def clean_tags(tags) -> list[str]:
    """Accept a list or a space/comma separated string; return unique lower-case tag names, each synonym as its
    main tag ("js" is stored as "javascript", once: community/forum/synonyms.py)."""
    if isinstance(tags, str):
        tags = tags.replace(",", " ").split()
    names: list[str] = []
    for raw in tags or []:
        name = raw.strip().lower()
        if name and name not in names:
            names.append(name)
    names = synonyms.main_tag_names(names)
    limit = _limits()["MAX_TAGS"]
    if not names:
        raise ValidationError({"tags": _("Add at least one tag, so people who know the topic find your post.")})
    if len(names) > limit:
        raise ValidationError(
            {
                "tags": ngettext(
                    "Use at most %(max)s tag; you gave %(count)s.",
                    "Use at most %(max)s tags; you gave %(count)s.",
                    limit,
                )
                % {"max": limit, "count": len(names)}
            }
        )
    bad = [n for n in names if not TAG_RE.match(n)][:3]
    if bad:
        raise ValidationError(
            {
                "tags": ngettext(
                    # Translators: %(tags)s lists the refused tags, each in quotes.
                    "Tags use lower-case letters, digits and . + # - (up to 35 characters, starting with a letter or "
                    "digit): %(tags)s is not allowed.",
                    "Tags use lower-case letters, digits and . + # - (up to 35 characters, starting with a letter or "
                    "digit): %(tags)s are not allowed.",
                    len(bad),
                )
                % {"tags": ", ".join(repr(b[:40]) for b in bad)}
            }
        )
    return names


def clean_comment(body: str) -> str:
    body = " ".join((body or "").split())
    limits = _limits()
    if len(body) < limits["COMMENT_MIN"]:
        raise ValidationError({"body": _("Comments cannot be empty.")})
    if len(body) > limits["COMMENT_MAX"]:
        most = limits["COMMENT_MAX"]
        raise ValidationError(
            {
                "body": ngettext(
                    "Comments are at most %(max)s character; yours has %(count)s.",
                    "Comments are at most %(max)s characters; yours has %(count)s.",
                    most,
                )
                % {"max": _number(most), "count": _number(len(body))}
            }
        )
    return body


def _require_open(thread: Thread, doing: str) -> None:
    """Locked threads take nothing new (``doing``: "answers" or "comments"); closed duplicates take no new
    answers."""
    if thread.is_deleted:
        raise ActionConflict(_("This thread has been deleted."))
    if thread.is_locked:
        if doing == "answers":
            raise ActionConflict(_("This thread is locked by a moderator: it takes no new answers."))
        raise ActionConflict(_("This thread is locked by a moderator: it takes no new comments."))


# --- members ----------------------------------------------------------------


@transaction.atomic
def member_joined(member: Member) -> None:
    events.emit(events.MemberJoined(member_id=member.pk, at=member.date_joined))


@transaction.atomic
def update_profile(
    member: Member, *, display_name: str, bio: str, language: str | None = None, reads_languages=None
) -> Member:
    """Save what a member says about themselves; ``language``/``reads_languages`` None leave those unchanged."""
    require_member(member)
    display_name = validators.visible_text(display_name, field="display_name")
    bio = (bio or "").strip()
    if len(display_name) > 60:
        raise ValidationError({"display_name": _("A display name is at most %(max)s characters.") % {"max": 60}})
    if display_name and queries.looks_like_a_moderator(display_name, other_than=member):
        raise ValidationError(
            {"display_name": _("This name looks like the name of a moderator or of our staff: choose one of your own.")}
        )
    if len(bio) > 280:
        raise ValidationError({"bio": _("A bio is at most %(max)s characters.") % {"max": 280}})
    changes = {"display_name": display_name, "bio": bio}
    if language is not None:
        changes["language"] = _site_language(language, field="language")
    if reads_languages is not None:
        changes["reads_languages"] = sorted({_site_language(code, field="reads_languages") for code in reads_languages})
    Member.objects.filter(pk=member.pk).update(**changes)
    for name, value in changes.items():
        setattr(member, name, value)
    events.emit(events.ProfileUpdated(member_id=member.pk, at=timezone.now()))
    return member


def _site_language(code: str, *, field: str) -> str:
    """``code`` if the site speaks it ("" stays "": no preference)."""
    if code and code not in dict(settings.LANGUAGES):
        raise ValidationError({field: _("Choose one of the site’s languages.")})
    return code


@transaction.atomic
def set_language(member: Member, language: str) -> Member:
    """The footer switcher, for a signed-in member: the language becomes their saved preference (a suspended
    member may still choose the language they read in)."""
    if member is None or not member.is_authenticated:
        raise PermissionDenied(_("Log in to do that."))
    member.language = _site_language(language, field="language")
    Member.objects.filter(pk=member.pk).update(language=member.language)
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
def create_thread(author: Member, *, kind: str, title: str, body: str, tags, at=None, language: str = "") -> Thread:
    """Post a thread; its ``language`` is the author's choice, else detected from the text."""
    require_member(author)
    errors = {}
    cleaned = {}
    for name, fn, value in (("title", clean_title, title), ("body", clean_body, body), ("tags", clean_tags, tags)):
        try:
            cleaned[name] = fn(value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if kind not in Thread.Kind.values:
        errors["kind"] = [_("Choose whether this is a question, a tip or an idea.")]
    if errors:
        raise ValidationError(errors)
    body_html = render_markdown(cleaned["body"])
    permissions.check_links(author, body_html)
    if at is None:
        check_rate_limit(author)
    now = at or timezone.now()
    first_post = not (Thread.objects.filter(author=author).exists() or Answer.objects.filter(author=author).exists())
    thread = Thread.objects.create(
        kind=kind,
        language=supported(language) or thread_language(cleaned["title"], cleaned["body"], author=author),
        title=cleaned["title"],
        body_md=cleaned["body"],
        body_html=body_html,
        author=author,
        created_at=now,
        last_activity_at=now,
        idea_status=IdeaStatus.NEW if kind == Thread.Kind.IDEA else "",
    )
    thread.tags.set(sorted(cleaned["tags"]))  # tags locked in one order: no deadlock between two posts
    _add_revision(
        editor=author,
        thread=thread,
        title=thread.title,
        tags=" ".join(cleaned["tags"]),
        body_md=thread.body_md,
        summary="Posted",
    )
    events.emit(
        events.ThreadCreated(
            thread_id=thread.pk, author_id=author.pk, kind=kind, at=now, first_post=first_post, backdated=at is not None
        )
    )
    return thread


@transaction.atomic
def edit_thread(
    editor: Member,
    thread: Thread,
    *,
    title: str,
    body: str,
    tags,
    summary: str = "",
    approved_by: Member | None = None,
    language: str | None = None,
) -> Thread:
    """Edit a thread. ``approved_by`` is the moderator who approved ``editor``'s suggested edit. ``language``: the
    editor's correction of the thread's language; "" detects it again from the new text; None keeps it."""
    require_member(approved_by or editor)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not permissions.can_edit(approved_by or editor, thread):
        raise PrivilegeRequired(permissions.edit_refusal(editor))
    errors, cleaned = {}, {}
    keeping_images = functools.partial(clean_body, previous=thread.body_md)
    for name, fn, value in (("title", clean_title, title), ("body", keeping_images, body), ("tags", clean_tags, tags)):
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
    if language is not None:
        thread.language = supported(language) or thread_language(thread.title, thread.body_md, author=thread.author)
    thread.save(update_fields=["title", "slug", "body_md", "body_html", "edited_at", "last_activity_at", "language"])
    thread.tags.set(sorted(cleaned["tags"]))  # tags locked in one order: no deadlock between two posts
    revision = _add_revision(
        editor=editor,
        thread=thread,
        title=thread.title,
        tags=" ".join(cleaned["tags"]),
        body_md=thread.body_md,
        summary=(summary or "").strip()[:200],
    )
    events.emit(events.ThreadEdited(thread_id=thread.pk, editor_id=editor.pk, revision=revision.number, at=now))
    return thread


# --- answers ----------------------------------------------------------------


@transaction.atomic
def post_answer(author: Member, thread: Thread, *, body: str, at=None) -> Answer:
    require_member(author)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    _require_open(thread, "answers")
    if thread.duplicate_of_id:
        raise ActionConflict(_("This question was closed as a duplicate: please answer the original question."))
    body = clean_body(body)
    body_html = render_markdown(body)
    permissions.check_links(author, body_html)
    if at is None:
        check_rate_limit(author)
    now = at or timezone.now()
    first_post = not (Thread.objects.filter(author=author).exists() or Answer.objects.filter(author=author).exists())
    answer = Answer.objects.create(thread=thread, author=author, body_md=body, body_html=body_html, created_at=now)
    if thread.first_answer_at is None and author.pk != thread.author_id:
        refresh_first_answer(thread.pk)
    Thread.objects.filter(pk=thread.pk).update(answer_count=F("answer_count") + 1, last_activity_at=now)
    _add_revision(editor=author, answer=answer, body_md=body, summary="Posted")
    events.emit(
        events.AnswerPosted(
            answer_id=answer.pk,
            thread_id=thread.pk,
            author_id=author.pk,
            at=now,
            first_post=first_post,
            backdated=at is not None,
        )
    )
    return answer


@transaction.atomic
def edit_answer(
    editor: Member, answer: Answer, *, body: str, summary: str = "", approved_by: Member | None = None
) -> Answer:
    """Edit an answer. ``approved_by`` is the moderator who approved ``editor``'s suggested edit."""
    require_member(approved_by or editor)
    answer = Answer.objects.select_for_update().select_related("thread").get(pk=answer.pk)
    if not permissions.can_edit(approved_by or editor, answer):
        raise PrivilegeRequired(permissions.edit_refusal(editor))
    body = clean_body(body, previous=answer.body_md)
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
    if answer.thread.accepted_answer_id == answer.pk:
        answer_links.sync(answer.thread_id)
    return answer


# --- comments ---------------------------------------------------------------


@transaction.atomic
def post_comment(author: Member, *, thread: Thread, answer: Answer | None = None, body: str, at=None) -> Comment:
    require_member(author)
    if answer is not None and answer.thread_id != thread.pk:
        raise ValidationError(_("That answer belongs to another thread."))
    target = answer or thread
    if target.is_deleted or thread.is_deleted:
        raise ActionConflict(_("You cannot comment on a deleted post."))
    _require_open(thread, "comments")
    if not permissions.can_comment(author, target, thread):
        raise PrivilegeRequired(permissions.comment_refusal(author))
    body = clean_comment(body)
    now = at or timezone.now()
    comment = Comment.objects.create(
        thread=thread, answer=answer, author=author, body=body, body_html=render_comment(body), created_at=now
    )
    type(target).objects.filter(pk=target.pk).update(comment_count=F("comment_count") + 1)
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
    events.emit(
        events.CommentPosted(
            comment_id=comment.pk,
            thread_id=thread.pk,
            answer_id=answer.pk if answer else None,
            author_id=author.pk,
            at=now,
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
    require_member(voter)
    if value not in (1, -1, 0):
        raise ValidationError(_("A vote is up, down or undone."))
    model = type(post)
    post = model.objects.select_related("author").get(pk=post.pk)
    if post.is_deleted:
        raise ActionConflict(_("You cannot vote on a deleted post."))
    if (post if model is Thread else Thread.objects.only("is_locked").get(pk=post.thread_id)).is_locked:
        raise ActionConflict(_("This thread is locked by a moderator: it takes no new votes."))
    if post.author_id == voter.pk:
        raise PermissionDenied(_("You cannot vote on your own post."))
    if value:
        permissions.require_vote_privilege(voter, value)
    target = {"thread": post} if model is Thread else {"answer": post}
    existing = Vote.objects.select_for_update().filter(voter=voter, **target).first()
    old_value = existing.value if existing else 0
    if old_value == value:
        if value == 0:
            raise ActionConflict(_("You have not voted on this post."))
        raise ActionConflict(_("You have already voted on this post."))
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
            raise ActionConflict(_("You have already voted on this post.")) from exc
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
    require_member(member)
    answer = Answer.objects.get(pk=answer.pk)
    thread = Thread.objects.select_for_update().get(pk=answer.thread_id)
    if thread.author_id != member.pk:
        raise PermissionDenied(_("Only the person who asked can accept an answer."))
    if not thread.is_question:
        raise ActionConflict(_("Only questions have accepted answers."))
    if answer.is_deleted or thread.is_deleted:
        raise ActionConflict(_("You cannot accept a deleted answer."))
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
        answer_links.sync(thread.pk)
        return thread
    Thread.objects.filter(pk=thread.pk).update(accepted_answer=answer, accepted_at=now, last_activity_at=now)
    thread.accepted_answer = answer
    events.emit(
        events.AnswerAccepted(
            answer_id=answer.pk, thread_id=thread.pk, acceptor_id=member.pk, author_id=answer.author_id, at=now
        )
    )
    answer_links.sync(thread.pk)
    return thread


# --- deletion and restoration -----------------------------------------------


def _model_name(obj) -> str:
    return type(obj).__name__.lower()


@transaction.atomic
def hide_post(actor: Member, obj: Thread | Answer | Comment) -> None:
    """Soft-delete: members no longer see it; staff can restore it."""
    require_member(actor)
    model = type(obj)
    obj = model.objects.select_for_update().get(pk=obj.pk)
    if not permissions.can_hide(actor, obj):
        raise PermissionDenied(_("You can only delete your own posts."))
    if obj.is_deleted:
        raise ActionConflict(_("This has already been deleted."))
    if model is Thread and obj.accepted_answer_id and not permissions.is_moderator(actor) and obj.author_id == actor.pk:
        raise ActionConflict(_("A question with an accepted answer cannot be deleted by its author; flag it instead."))
    soft_delete(obj, actor=actor)


@transaction.atomic
def restore_post(actor: Member, obj: Thread | Answer | Comment) -> None:
    require_member(actor)
    if not permissions.can_restore(actor):
        raise PermissionDenied(_("Only moderators can restore deleted posts."))
    model = type(obj)
    obj = model.objects.select_for_update().get(pk=obj.pk)
    if not obj.is_deleted:
        raise ActionConflict(_("This is not deleted."))
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


def soft_delete(obj, *, actor) -> None:
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
            answer_links.sync(thread_id)
    elif model is Comment:
        target_model, target_id = (Answer, obj.answer_id) if obj.answer_id else (Thread, obj.thread_id)
        target_model.objects.filter(pk=target_id).update(comment_count=F("comment_count") - 1)
    events.emit(
        events.PostHidden(
            model=model.__name__.lower(),
            object_id=obj.pk,
            thread_id=thread_id,
            author_id=obj.author_id,
            actor_id=actor.pk if actor else 0,
            at=now,
        )
    )


def check_rate_limit(member) -> None:
    """New members may post only a few threads and answers an hour (settings, shown on the privileges page)."""
    limits = settings.GUILDHALL
    if permissions.is_moderator(member) or rewards_api.reputation(member) >= limits["NEW_MEMBER_REPUTATION"]:
        return
    since = timezone.now() - timedelta(hours=1)
    recent = sorted(
        [
            *Thread.objects.filter(author=member, created_at__gte=since).values_list("created_at", flat=True),
            *Answer.objects.filter(author=member, created_at__gte=since).values_list("created_at", flat=True),
        ]
    )
    limit = limits["NEW_MEMBER_POSTS_PER_HOUR"]
    if len(recent) >= limit:
        wait = max(1, int((recent[-limit] + timedelta(hours=1) - timezone.now()).total_seconds() // 60) + 1)
        raise RateLimited(
            ngettext(
                "New members can post %(limit)s times an hour. Please wait about %(minutes)s minute; your text is "
                "kept below.",
                "New members can post %(limit)s times an hour. Please wait about %(minutes)s minutes; your text is "
                "kept below.",
                wait,
            )
            % {"limit": limit, "minutes": wait}
        )


def refresh_first_answer(thread_id: int) -> None:
    """Recompute when the first visible answer from someone other than the asker came.

    Called inside the actions that post, hide or restore answers, so the KPI
    columns always agree with the answers members can see.
    """
    thread = Thread.objects.only("pk", "author_id", "created_at").get(pk=thread_id)
    first = (
        Answer.objects.filter(thread_id=thread_id, is_deleted=False)
        .exclude(author_id=thread.author_id)
        .order_by("created_at", "pk")
        .values_list("created_at", flat=True)
        .first()
    )
    seconds = None if first is None else max(0, int((first - thread.created_at).total_seconds()))
    Thread.objects.filter(pk=thread_id).update(first_answer_at=first, first_answer_seconds=seconds)
