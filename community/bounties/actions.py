"""Offering, awarding and closing bounties: one function per use case, each in a transaction, each emitting its
event (``BountyOffered``, ``BountyAwarded``, ``BountyExpired``) for rewards' ledger, the inbox and the page cache.

The offer spends the offerer's reputation inside its own transaction (rewards subscribes *within* it), so the
refusal "you have N reputation" always reads what is left after the member's previous offers.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.core import events
from community.core.errors import ActionConflict, PrivilegeRequired
from community.core.permissions import require_member
from community.forum.models import Answer, Bounty, Member, Thread
from rewards import api as rewards_api


def already_open_refusal() -> str:
    return _("This question already has an open bounty: you can offer one once it ends.")


def thread_refusal(thread: Thread, *, now=None) -> str:
    """Why ``thread`` cannot take a bounty now ("" when it can), whoever offers: shared by the action and the
    thread page's "Offer a bounty" control, so the page never offers what the action would refuse."""
    if not thread.is_question:
        return _("Bounties are offered on questions only, not on tips or ideas.")
    if thread.is_deleted:
        return _("This thread has been deleted.")
    if thread.is_locked:
        return _("This question is locked by a moderator: it takes no bounty.")
    if thread.duplicate_of_id:
        return _("This question was closed as a duplicate: offer a bounty on the original question instead.")
    rules = rewards_api.bounty_rules()
    opens_at = thread.created_at + timedelta(days=rules.min_question_age_days)
    if (now or timezone.now()) < opens_at:
        return ngettext(
            "A question can take a bounty once it is %(days)s day old: this one can from %(date)s.",
            "A question can take a bounty once it is %(days)s days old: this one can from %(date)s.",
            rules.min_question_age_days,
        ) % {
            "days": rules.min_question_age_days,
            "date": formats.date_format(timezone.localtime(opens_at), "DATETIME_FORMAT"),
        }
    return ""


def clean_amount(amount, rules) -> int:
    try:
        value = int(amount)
    except (TypeError, ValueError):
        value = None
    if value is None or not rules.min_amount <= value <= rules.max_amount:
        raise ValidationError(
            {
                "amount": _("Choose a bounty between %(min)s and %(max)s reputation.")
                % {"min": rules.min_amount, "max": rules.max_amount}
            }
        )
    return value


@transaction.atomic
def offer_bounty(member: Member, thread: Thread, amount, *, at=None) -> Bounty:
    """``member`` puts ``amount`` of their reputation on ``thread`` (a question, theirs or another's) for
    ``bounty_days``; the reputation is spent at once and never refunded, as on Stack Exchange."""
    require_member(member)
    rules = rewards_api.bounty_rules()
    amount = clean_amount(amount, rules)
    # The member first, then the thread: two offers by one member wait for each other, so the second reads the
    # reputation the first left (rewards pays within this transaction).
    Member.objects.select_for_update().only("pk").get(pk=member.pk)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    now = at or timezone.now()
    refused = thread_refusal(thread, now=now)
    if refused:
        raise ActionConflict(refused)
    if Bounty.objects.filter(thread=thread, closed_at__isnull=True).exists():
        raise ActionConflict(already_open_refusal())
    points = rewards_api.reputation(member)
    if points < rules.min_reputation:
        raise PrivilegeRequired(rewards_api.refusal(member, "offer_bounty", points))
    if points - amount < 1:
        raise ValidationError(
            {
                "amount": ngettext(
                    "You have %(points)s reputation: a bounty can leave you no less than 1, so offer at most %(most)s.",
                    "You have %(points)s reputation: a bounty can leave you no less than 1, so offer at most %(most)s.",
                    points,
                )
                % {"points": points, "most": points - 1}
            }
        )
    try:
        with transaction.atomic():  # the one_open_bounty constraint backs the check above against a race
            bounty = Bounty.objects.create(
                thread=thread,
                offered_by=member,
                amount=amount,
                created_at=now,
                ends_at=now + timedelta(days=rules.days),
            )
    except IntegrityError:
        raise ActionConflict(already_open_refusal()) from None
    events.emit(
        events.BountyOffered(
            bounty_id=bounty.pk,
            thread_id=thread.pk,
            offered_by_id=member.pk,
            amount=amount,
            ends_at=bounty.ends_at,
            at=now,
        )
    )
    return bounty


def award_refusal(member, bounty: Bounty, answer: Answer, *, now=None) -> str:
    """Why ``member`` cannot award ``bounty`` to ``answer`` ("" when they can); a 403 only for someone else's."""
    if bounty.closed_at is not None:
        return _("This bounty has already been awarded.") if bounty.answer_id else _("This bounty has ended.")
    if (now or timezone.now()) >= bounty.ends_at:
        return _("This bounty has ended: half of it goes to the best answer posted during it, if one scored enough.")
    if answer.thread_id != bounty.thread_id:
        return _("This answer is not on the bounty’s question.")
    if answer.is_deleted:
        return _("You cannot award a bounty to a deleted answer.")
    if answer.author_id == member.pk:
        return _("You cannot award your own bounty to your own answer.")
    return ""


@transaction.atomic
def award_bounty(member: Member, bounty: Bounty, answer: Answer, *, at=None) -> Bounty:
    """The offerer gives the whole bounty to an answer on its question (any visible answer but their own)."""
    require_member(member)
    bounty = Bounty.objects.select_for_update().get(pk=bounty.pk)
    if bounty.offered_by_id != member.pk:
        raise PermissionDenied(_("Only the member who offered this bounty can award it."))
    answer = Answer.objects.select_related("thread").get(pk=answer.pk)
    now = at or timezone.now()
    refused = award_refusal(member, bounty, answer, now=now)
    if not refused and answer.thread.is_deleted:
        refused = _("This thread has been deleted.")
    if refused:
        raise ActionConflict(refused)
    bounty.answer, bounty.awarded_at, bounty.closed_at = answer, now, now
    bounty.save(update_fields=["answer", "awarded_at", "closed_at"])
    events.emit(
        events.BountyAwarded(
            bounty_id=bounty.pk,
            thread_id=bounty.thread_id,
            answer_id=answer.pk,
            offered_by_id=member.pk,
            recipient_id=answer.author_id,
            amount=bounty.amount,
            automatic=False,
            at=now,
        )
    )
    return bounty


def best_new_answer(bounty: Bounty, min_score: int) -> Answer | None:
    """The answer an unawarded bounty's half goes to: posted during the bounty, visible, not the offerer's, with
    at least ``min_score``; the highest score, then the earliest."""
    return (
        Answer.objects.filter(
            thread_id=bounty.thread_id,
            is_deleted=False,
            thread__is_deleted=False,
            created_at__gte=bounty.created_at,
            created_at__lte=bounty.ends_at,
            score__gte=min_score,
        )
        .exclude(author_id=bounty.offered_by_id)
        .order_by("-score", "created_at", "pk")
        .first()
    )


def close_ended_bounties(now=None) -> int:
    """Close every open bounty past its end: half to the best answer posted during it (``best_new_answer``),
    else nothing (the reputation stays spent). Each in its own transaction; a bounty another sweep holds is
    skipped (``skip_locked``) and one already closed is left alone, so two sweeps at once close each once.
    Imported bounties arrive closed: the sweep never sees them. Returns how many it closed."""
    now = now or timezone.now()
    due = list(
        Bounty.objects.filter(closed_at__isnull=True, ends_at__lte=now)
        .order_by("ends_at", "pk")
        .values_list("pk", flat=True)
    )
    closed = 0
    for pk in due:
        closed += _close(pk, now)
    return closed


@transaction.atomic
def _close(pk: int, now) -> int:
    bounty = (
        Bounty.objects.select_for_update(skip_locked=True)
        .filter(pk=pk, closed_at__isnull=True, ends_at__lte=now)
        .first()
    )
    if bounty is None:
        return 0
    answer = best_new_answer(bounty, rewards_api.bounty_rules().auto_min_score)
    bounty.closed_at = now
    if answer is None:
        bounty.save(update_fields=["closed_at"])
        events.emit(
            events.BountyExpired(
                bounty_id=bounty.pk, thread_id=bounty.thread_id, offered_by_id=bounty.offered_by_id, at=now
            )
        )
        return 1
    bounty.answer, bounty.awarded_at, bounty.awarded_amount = answer, now, bounty.amount // 2
    bounty.save(update_fields=["answer", "awarded_at", "awarded_amount", "closed_at"])
    events.emit(
        events.BountyAwarded(
            bounty_id=bounty.pk,
            thread_id=bounty.thread_id,
            answer_id=answer.pk,
            offered_by_id=bounty.offered_by_id,
            recipient_id=answer.author_id,
            amount=bounty.awarded_amount,
            automatic=True,
            at=now,
        )
    )
    return 1
