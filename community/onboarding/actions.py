"""Every state change of the welcome checklist: the two steps no other row records."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from community.core import events
from community.forum.models import Answer
from community.onboarding.models import OnboardingProgress


@transaction.atomic
def open_good_answer(member, answer_id: int, *, at=None) -> Answer:
    """The member opens the good answer their checklist suggested: the "read" step is done (once; opening it
    again changes nothing). Any visible answer counts — the suggestion changes as answers are voted on."""
    _require_signed_in(member)
    answer = (
        Answer.objects.filter(pk=answer_id, is_deleted=False, thread__is_deleted=False).select_related("thread").first()
    )
    if answer is None:
        raise Http404(_("This answer is no longer available."))
    at = at or timezone.now()
    progress, _created = OnboardingProgress.objects.select_for_update().get_or_create(member_id=member.pk)
    if progress.read_answer_at is None:
        progress.read_answer_at = at
        progress.save(update_fields=["read_answer_at"])
        events.emit(events.OnboardingAnswerRead(member_id=member.pk, answer_id=answer.pk, at=at))
    return answer


@transaction.atomic
def dismiss_checklist(member, *, at=None) -> None:
    """The member puts the checklist away: their pages stop showing it (the welcome page still has it)."""
    _require_signed_in(member)
    at = at or timezone.now()
    progress, _created = OnboardingProgress.objects.select_for_update().get_or_create(member_id=member.pk)
    if progress.dismissed_at is None:
        progress.dismissed_at = at
        progress.save(update_fields=["dismissed_at"])
        events.emit(events.OnboardingDismissed(member_id=member.pk, at=at))


def _require_signed_in(member) -> None:
    """Signed in and active; a suspension does not matter (the checklist is the member's own, not content)."""
    if member is None or not member.is_authenticated or not member.is_active:
        raise PermissionDenied(_("Log in to do that."))
