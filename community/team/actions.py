"""Community care use cases: ideas' statuses, follows, notification settings, inbox, experts, the watch.

The same contract as ``community.team.actions`` (which re-exports every function
here): one function per use case, in one transaction, checking who may act,
validating, writing, and emitting a domain event delivered on commit. Rows
that only *follow* from events — inbox notifications, watch items — are
written by the subscribers in ``community.notifications.inbox`` and
``community.team.watch``, never here and never by views.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from community.core import events, permissions
from community.core.errors import ActionConflict
from community.core.permissions import require_member
from community.forum.models import IdeaStatus, Member, Thread
from community.notifications.models import NotificationSettings
from community.team.experts import experts_for_tags
from community.team.models import DissatisfactionItem, ExpertRequest, IdeaStatusChange

# --- first answers (the response-time KPIs) -----------------------------------------


# --- ideas --------------------------------------------------------------------------------


@transaction.atomic
def set_idea_status(actor: Member, thread: Thread, *, status: str, explanation: str, at=None) -> Thread:
    """Staff move an idea to a status with a public explanation; voters and followers hear of it."""
    require_member(actor)
    if not permissions.is_moderator(actor):
        raise PermissionDenied(_("Only the community team can change the status of an idea."))
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not thread.is_idea:
        raise ActionConflict(_("Only ideas have a status."))
    if thread.is_deleted:
        raise ActionConflict(_("This idea has been deleted."))
    if status not in IdeaStatus.values:
        raise ValidationError(
            {
                "status": _("Choose one of: %(statuses)s.")
                % {"statuses": ", ".join(str(label) for label in IdeaStatus.labels)}
            }
        )
    explanation = (explanation or "").strip()
    if len(explanation) > 2000:
        raise ValidationError(
            {
                "explanation": _("An explanation is at most %(limit)s characters; yours has %(length)s.")
                % {
                    "limit": number_format(2000, force_grouping=True),
                    "length": number_format(len(explanation), force_grouping=True),
                }
            }
        )
    if status != IdeaStatus.NEW and not explanation:
        raise ValidationError({"explanation": _("Tell members why: the explanation is shown on the idea.")})
    if status == thread.idea_status and explanation == thread.idea_status_note:
        raise ActionConflict(_("The idea already has this status and explanation."))
    now = at or timezone.now()
    old = thread.idea_status
    IdeaStatusChange.objects.create(
        thread=thread, previous_status=old, status=status, explanation=explanation, changed_by=actor, changed_at=now
    )
    Thread.objects.filter(pk=thread.pk).update(
        idea_status=status, idea_status_note=explanation, idea_status_at=now, last_activity_at=now
    )
    thread.idea_status, thread.idea_status_note, thread.idea_status_at = status, explanation, now
    events.emit(
        events.IdeaStatusChanged(
            thread_id=thread.pk,
            author_id=thread.author_id,
            actor_id=actor.pk,
            old_status=old,
            new_status=status,
            at=now,
        )
    )
    return thread


# --- follows ------------------------------------------------------------------------------


# --- notification settings and the inbox --------------------------------------------------------


# --- experts ------------------------------------------------------------------------------------------


@transaction.atomic
def request_experts(thread: Thread, *, at=None) -> list[int]:
    """Offer an unanswered question to a few of its tags' experts; return their ids (maybe none).

    Nobody is asked twice about one question, nobody who opted out, the asker
    is never asked, and no member gets more than ``EXPERT_REQUESTS_PER_DAY``
    requests in 24 hours. Run by ``manage.py community_route_questions``.
    """
    limits = settings.GUILDHALL
    now = at or timezone.now()
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not thread.is_question or thread.is_deleted or thread.first_answer_at is not None:
        return []
    tag_ids = list(thread.tags.values_list("pk", flat=True))
    already = set(ExpertRequest.objects.filter(thread=thread).values_list("expert_id", flat=True))
    candidates = [
        c for c in experts_for_tags(tag_ids) if c.member_id != thread.author_id and c.member_id not in already
    ]
    if not candidates:
        return []
    ids = [c.member_id for c in candidates]
    opted_out = set(
        NotificationSettings.objects.filter(member_id__in=ids, expert_requests=False).values_list(
            "member_id", flat=True
        )
    )
    busy = {
        row["expert_id"]
        for row in ExpertRequest.objects.filter(expert_id__in=ids, created_at__gt=now - timedelta(hours=24))
        .values("expert_id")
        .annotate(n=Count("pk"))
        if row["n"] >= limits["EXPERT_REQUESTS_PER_DAY"]
    }
    chosen = [c for c in candidates if c.member_id not in opted_out and c.member_id not in busy][
        : limits["EXPERTS_PER_QUESTION"]
    ]
    if not chosen:
        return []
    ExpertRequest.objects.bulk_create(
        [ExpertRequest(thread=thread, expert_id=c.member_id, tag_id=c.tag_id, created_at=now) for c in chosen]
    )
    expert_ids = tuple(c.member_id for c in chosen)
    events.emit(events.ExpertsRequested(thread_id=thread.pk, expert_ids=expert_ids, at=now))
    return list(expert_ids)


# --- dissatisfaction watch ---------------------------------------------------------------------


@transaction.atomic
def mark_dissatisfaction_handled(actor: Member, item: DissatisfactionItem, *, note: str = "") -> DissatisfactionItem:
    require_member(actor)
    if not permissions.is_moderator(actor):
        raise PermissionDenied(_("Only the community team can handle the dissatisfaction watch."))
    item = DissatisfactionItem.objects.select_for_update().get(pk=item.pk)
    if item.handled_at is not None:
        raise ActionConflict(_("Someone on the team has already handled this."))
    note = " ".join((note or "").split())
    if len(note) > 300:
        raise ValidationError(
            {
                "note": _("A note is at most %(limit)s characters; yours has %(length)s.")
                % {"limit": 300, "length": len(note)}
            }
        )
    now = timezone.now()
    item.handled_at, item.handled_by, item.handled_note = now, actor, note
    item.save(update_fields=["handled_at", "handled_by", "handled_note"])
    events.emit(events.DissatisfactionHandled(item_id=item.pk, thread_id=item.thread_id, actor_id=actor.pk, at=now))
    return item


@transaction.atomic
def reopen_dissatisfaction(actor: Member, item: DissatisfactionItem) -> DissatisfactionItem:
    require_member(actor)
    if not permissions.is_moderator(actor):
        raise PermissionDenied(_("Only the community team can handle the dissatisfaction watch."))
    item = DissatisfactionItem.objects.select_for_update().get(pk=item.pk)
    if item.handled_at is None:
        raise ActionConflict(_("This item is still open."))
    item.handled_at, item.handled_by, item.handled_note = None, None, ""
    item.save(update_fields=["handled_at", "handled_by", "handled_note"])
    events.emit(
        events.DissatisfactionReopened(item_id=item.pk, thread_id=item.thread_id, actor_id=actor.pk, at=timezone.now())
    )
    return item
