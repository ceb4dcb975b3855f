"""The API's writes: the site's actions, permissions, privileges and throttles, never a second path.

Each operation does what the site's view does (``community/forum/views.py``, ``community/moderation/views.py``,
``community/notifications/views.py``, ``community/composer/views.py``): the same throttle first (votes, comments,
flags, follows), the same ``visible_or_404``, the same action — which checks the member, the privileges and the
posting rate itself — so every refusal is the site's sentence, as a problem document (``errors.py``: 403 with
``privileges_url`` for a missing privilege, 400, 409, 429). Only a write token or the session (with its CSRF
token) may call them (``auth.WRITE``).

Created posts answer 201 with the post, as the reads present it (``schemas.py``), and ``Location``: the thread's
address in the API. Setting a state is idempotent where it is natural: voting the way one already voted,
following what one follows, accepting the accepted answer (and the DELETEs that undo them) answer 200 with the
state, where the site, whose buttons toggle, would say 409.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Schema, Status
from pydantic import Field

from community.api import auth, inputs, routers, schemas
from community.api.reads import lookups
from community.core import permissions
from community.core.errors import ActionConflict, RateLimited
from community.core.views import visible_or_404
from community.forum import actions as forum_actions
from community.forum import queries as forum_queries
from community.forum.forms import parse_thread_reference
from community.forum.models import Answer, Comment, Tag, Thread, Vote
from community.moderation import actions as moderation_actions
from community.notifications import actions as notification_actions
from community.notifications.models import Follow
from config import throttle

# --- what the writes answer --------------------------------------------------------------------------------------


class VoteState(Schema):
    score: int = Field(description="The post's score after the vote.")
    vote: int = Field(description="The caller's vote now: 1 (up), -1 (down) or 0 (none).")


class FollowState(Schema):
    following: bool


class Acceptance(Schema):
    thread_id: int
    accepted_answer_id: int | None = Field(description="The thread's accepted answer now, or null.")


class FlagReceipt(Schema):
    id: int
    reason: inputs.FlagReason
    target: str = Field(description="thread, answer or comment.")
    target_id: int
    thread_id: int
    status: str = Field(description="open: moderators will review it.")
    created_at: datetime


def _throttle(request, action: str) -> None:
    """The site's per-minute limit of ``action`` (config/throttle.py), counted with the site's own requests."""
    message = throttle.over_limit(request, action)
    if message:
        raise RateLimited(message)


def _thread_location(response: HttpResponse, request, thread_id: int) -> None:
    response["Location"] = request.build_absolute_uri(reverse("api-v1:get_thread", kwargs={"thread_id": thread_id}))


# --- ask, answer, comment ------------------------------------------------------------------------------------


@routers.threads.post(
    "/",
    auth=auth.WRITE,
    response={201: schemas.ThreadDetail},
    summary="Ask a question, share a tip or suggest an idea",
    operation_id="create_thread",
)
def create_thread(request, payload: inputs.NewThread, response: HttpResponse):
    """Post a thread as the caller, with the site's rules: title and body lengths, 1 to 5 tags, links allowed by
    reputation, and new members' posts an hour (429 past it). Answers the thread as `GET /threads/{id}` shows it."""
    language = payload.language.strip()
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the site’s languages.")})
    thread = forum_actions.create_thread(
        request.user,
        kind=payload.kind.value,
        title=payload.title,
        body=payload.body,
        tags=payload.tags,
        language=language,
    )
    _thread_location(response, request, thread.pk)
    return Status(201, schemas.present_thread_detail(request, forum_queries.thread_detail(thread.pk, request.user)))


@routers.threads.post(
    "/{int:thread_id}/answers",
    auth=auth.WRITE,
    response={201: schemas.Answer},
    summary="Answer a thread",
    operation_id="create_answer",
)
def create_answer(request, thread_id: int, payload: inputs.NewAnswer, response: HttpResponse):
    """Answer (or reply to a tip or idea) as the caller. Refused on a locked thread or a question closed as a
    duplicate (409), past new members' posts an hour (429)."""
    thread = visible_or_404(Thread, thread_id, request)
    answer = forum_actions.post_answer(request.user, thread, body=payload.body)
    answer.thread = thread
    _thread_location(response, request, thread.pk)
    reputations = schemas.reputations_of([answer.author])
    return Status(201, schemas.present_answer(request, answer, reputations, my_vote=0))


def _comment(request, model, pk: int, body: str, response: HttpResponse):
    _throttle(request, "comment")
    target = visible_or_404(model, pk, request)
    thread = target.parent_thread
    comment = forum_actions.post_comment(
        request.user, thread=thread, answer=target if model is Answer else None, body=body
    )
    _thread_location(response, request, thread.pk)
    thread_url = request.build_absolute_uri(thread.get_absolute_url())
    reputations = schemas.reputations_of([comment.author])
    return Status(201, schemas.present_comment(request, comment, reputations, thread_url=thread_url))


@routers.threads.post(
    "/{int:thread_id}/comments",
    auth=auth.WRITE,
    response={201: schemas.Comment},
    summary="Comment on a thread",
    operation_id="comment_on_thread",
)
def comment_on_thread(request, thread_id: int, payload: inputs.NewComment, response: HttpResponse):
    """Comment as the caller: on your own posts and answers to your questions always, elsewhere with the
    "comment everywhere" privilege (403 with `privileges_url` without it)."""
    return _comment(request, Thread, thread_id, payload.body, response)


@routers.answers.post(
    "/{int:answer_id}/comments",
    auth=auth.WRITE,
    response={201: schemas.Comment},
    summary="Comment on an answer",
    operation_id="comment_on_answer",
)
def comment_on_answer(request, answer_id: int, payload: inputs.NewComment, response: HttpResponse):
    """As commenting on a thread."""
    return _comment(request, Answer, answer_id, payload.body, response)


# --- votes ---------------------------------------------------------------------------------------------------


def _vote(request, model, pk: int, value: int) -> dict:
    """The site's vote; casting the vote one already has (or withdrawing none) changes nothing and says so."""
    _throttle(request, "vote")
    post = visible_or_404(model, pk, request)
    try:
        score = forum_actions.vote(request.user, post, value)
    except ActionConflict:
        target = {"thread": post} if model is Thread else {"answer": post}
        current = Vote.objects.filter(voter=request.user, **target).values_list("value", flat=True).first() or 0
        if current != value:
            raise
        score = model.objects.values_list("score", flat=True).get(pk=post.pk)
    return {"score": score, "vote": value}


VOTES = {inputs.VoteValue.up: 1, inputs.VoteValue.down: -1}


@routers.threads.put(
    "/{int:thread_id}/vote",
    auth=auth.WRITE,
    response={200: VoteState},
    summary="Vote on a thread",
    operation_id="vote_on_thread",
)
def vote_on_thread(request, thread_id: int, payload: inputs.NewVote):
    """Vote up or down (each a privilege of reputation); voting the other way changes the vote. Never on your
    own post (403), nor in a locked thread (409)."""
    return _vote(request, Thread, thread_id, VOTES[payload.value])


@routers.threads.delete(
    "/{int:thread_id}/vote",
    auth=auth.WRITE,
    response={200: VoteState},
    summary="Withdraw a vote on a thread",
    operation_id="withdraw_thread_vote",
)
def withdraw_thread_vote(request, thread_id: int):
    return _vote(request, Thread, thread_id, 0)


@routers.answers.put(
    "/{int:answer_id}/vote",
    auth=auth.WRITE,
    response={200: VoteState},
    summary="Vote on an answer",
    operation_id="vote_on_answer",
)
def vote_on_answer(request, answer_id: int, payload: inputs.NewVote):
    """As voting on a thread."""
    return _vote(request, Answer, answer_id, VOTES[payload.value])


@routers.answers.delete(
    "/{int:answer_id}/vote",
    auth=auth.WRITE,
    response={200: VoteState},
    summary="Withdraw a vote on an answer",
    operation_id="withdraw_answer_vote",
)
def withdraw_answer_vote(request, answer_id: int):
    return _vote(request, Answer, answer_id, 0)


# --- the accepted answer -------------------------------------------------------------------------------------


def _accept(request, answer_id: int, accepted: bool) -> dict:
    """The site's button toggles (``accept_answer`` un-accepts the accepted answer): it is pressed only when the
    answer's state is not already the one asked for. Someone who may not accept always reaches the action, so
    the refusal is the site's."""
    answer = visible_or_404(Answer, answer_id, request)
    permissions.require_member(request.user)
    thread = Thread.objects.only("pk", "kind", "author_id", "accepted_answer_id").get(pk=answer.thread_id)
    if (thread.accepted_answer_id == answer.pk) != accepted or not permissions.can_accept(request.user, thread):
        thread = forum_actions.accept_answer(request.user, answer)
    return {"thread_id": thread.pk, "accepted_answer_id": thread.accepted_answer_id}


@routers.answers.put(
    "/{int:answer_id}/accept",
    auth=auth.WRITE,
    response={200: Acceptance},
    summary="Accept an answer",
    operation_id="accept_answer",
)
def accept_answer(request, answer_id: int):
    """The asker accepts an answer to their question (it replaces the one accepted before)."""
    return _accept(request, answer_id, True)


@routers.answers.delete(
    "/{int:answer_id}/accept",
    auth=auth.WRITE,
    response={200: Acceptance},
    summary="Un-accept an answer",
    operation_id="unaccept_answer",
)
def unaccept_answer(request, answer_id: int):
    return _accept(request, answer_id, False)


# --- flags ---------------------------------------------------------------------------------------------------


def _flag(request, model, pk: int, payload: inputs.NewFlag) -> Status:
    _throttle(request, "flag")
    target = visible_or_404(model, pk, request)
    duplicate_of = None
    if payload.reason.value == "duplicate":
        duplicate_of = parse_thread_reference(str(payload.duplicate_of or ""))
        if duplicate_of is None:
            raise ValidationError(_("Give the number or the link of the thread this duplicates."))
    flag = moderation_actions.flag_post(
        request.user, target, reason=payload.reason.value, note=payload.note, duplicate_of=duplicate_of
    )
    return Status(
        201,
        {
            "id": flag.pk,
            "reason": flag.reason,
            "target": flag.target_kind,
            "target_id": target.pk,
            "thread_id": flag.thread_id,
            "status": flag.status,
            "created_at": flag.created_at,
        },
    )


FLAG_HELP = (
    "Ask the moderators to look at a post (the flag privilege). Once per post; never your own post (409). Enough "
    "spam or rude flags hide the post until a moderator reviews it, as on the site."
)


@routers.threads.post(
    "/{int:thread_id}/flags",
    auth=auth.WRITE,
    response={201: FlagReceipt},
    summary="Flag a thread",
    operation_id="flag_thread",
    description=FLAG_HELP,
)
def flag_thread(request, thread_id: int, payload: inputs.NewFlag):
    return _flag(request, Thread, thread_id, payload)


@routers.answers.post(
    "/{int:answer_id}/flags",
    auth=auth.WRITE,
    response={201: FlagReceipt},
    summary="Flag an answer",
    operation_id="flag_answer",
    description=FLAG_HELP,
)
def flag_answer(request, answer_id: int, payload: inputs.NewFlag):
    return _flag(request, Answer, answer_id, payload)


@routers.comments.post(
    "/{int:comment_id}/flags",
    auth=auth.WRITE,
    response={201: FlagReceipt},
    summary="Flag a comment",
    operation_id="flag_comment",
    description=FLAG_HELP,
)
def flag_comment(request, comment_id: int, payload: inputs.NewFlag):
    return _flag(request, Comment, comment_id, payload)


# --- follows -------------------------------------------------------------------------------------------------


def _follow(request, following: bool, *, thread: Thread | None = None, tag: Tag | None = None) -> dict:
    """The site's follow and unfollow; following what one follows (or leaving what one does not) changes nothing."""
    try:
        if following:
            notification_actions.follow(request.user, thread=thread, tag=tag)
        else:
            notification_actions.unfollow(request.user, thread=thread, tag=tag)
    except ActionConflict:
        target = {"thread": thread} if thread is not None else {"tag": tag}
        if Follow.objects.filter(member=request.user, **target).exists() != following:
            raise
    return {"following": following}


def _followed_thread(request, thread_id: int) -> Thread:
    _throttle(request, "follow")
    return visible_or_404(Thread, thread_id, request)


def _followed_tag(request, name: str) -> Tag:
    _throttle(request, "follow")
    return lookups.tag_named(name)


@routers.threads.put(
    "/{int:thread_id}/follow",
    auth=auth.WRITE,
    response={200: FollowState},
    summary="Follow a thread",
    operation_id="follow_thread",
)
def follow_thread(request, thread_id: int):
    """Hear about the thread's new answers and comments (in the inbox, and by e-mail as your settings say)."""
    return _follow(request, True, thread=_followed_thread(request, thread_id))


@routers.threads.delete(
    "/{int:thread_id}/follow",
    auth=auth.WRITE,
    response={200: FollowState},
    summary="Stop following a thread",
    operation_id="unfollow_thread",
)
def unfollow_thread(request, thread_id: int):
    return _follow(request, False, thread=_followed_thread(request, thread_id))


@routers.tags.put(
    "/{name}/follow",
    auth=auth.WRITE,
    response={200: FollowState},
    summary="Follow a tag",
    operation_id="follow_tag",
)
def follow_tag(request, name: str):
    """Hear about new threads with this tag."""
    return _follow(request, True, tag=_followed_tag(request, name))


@routers.tags.delete(
    "/{name}/follow",
    auth=auth.WRITE,
    response={200: FollowState},
    summary="Stop following a tag",
    operation_id="unfollow_tag",
)
def unfollow_tag(request, name: str):
    return _follow(request, False, tag=_followed_tag(request, name))
