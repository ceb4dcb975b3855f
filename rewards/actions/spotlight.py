"""Publishing the team's recognition: a member of the month, or a tag's champion for a month.

One transaction writes the ``Recognition`` row, grants the badge (``rewards.badges.award``: once per member, per
tag for champions — a member named again keeps their one award, and the months are counted in the recognition
rows), credits the reward points the rules give (``RuleProfile.member_of_the_month_points`` /
``tag_champion_points``) and emits ``RecognitionPublished``: community tells the member (inbox and e-mail),
writes the audit entry and makes the home page and the member's pages stale.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from community.core import events
from community.core.errors import ActionConflict
from config import page_cache
from rewards import badges
from rewards.actions import points as points_actions
from rewards.definitions import RECOGNITION_BADGES
from rewards.models import Award, PointsEntry, Recognition
from rewards.rules import active_profile

# The page-cache tag of the home page's panel, kept in the shared cache (rewards.spotlight.queries).
SPOTLIGHT_TAG = "spotlight"

CITATION_MAX = 600
K = Recognition.Kind


def _taken_message(kind: str, month: date, tag) -> str:
    when = {"month": formats.date_format(month, "YEAR_MONTH_FORMAT")}
    if kind == K.TAG_CHAMPION:
        return _("The tag “%(tag)s” already has a champion for %(month)s.") % {**when, "tag": tag.name}
    return _("A member of the month is already named for %(month)s.") % when


def _check(actor, *, kind, member, month, citation, tag) -> str:
    """Refuse what must not be published, with a sentence the team can act on; the citation, cleaned."""
    if actor is None or not getattr(actor, "is_moderator", False):
        raise PermissionDenied(_("Only the community team can name a member of the month or a tag champion."))
    if kind not in K.values:
        raise ValidationError(_("Choose member of the month or tag champion."))
    if kind == K.TAG_CHAMPION and tag is None:
        raise ValidationError(_("Choose the tag this member is the champion of."))
    if kind == K.MEMBER_OF_THE_MONTH and tag is not None:
        raise ValidationError(_("A member of the month is named for the whole community, not for a tag."))
    if month.day != 1:
        raise ValidationError(_("Name a member for a month, from its first day."))
    if month > timezone.localdate().replace(day=1):
        raise ValidationError(_("This month has not begun yet: choose the current month or an earlier one."))
    if not member.is_active:
        raise ValidationError(_("This account is closed: choose an active member."))
    if member.is_suspended:
        raise ValidationError(_("This member is suspended: choose another member."))
    citation = (citation or "").strip()
    if not citation:
        raise ValidationError(_("Write a citation: a sentence or two on why the community thanks this member."))
    if len(citation) > CITATION_MAX:
        raise ValidationError(
            _("The citation is %(length)s characters long; keep it to %(max)s.")
            % {"length": len(citation), "max": CITATION_MAX}
        )
    return citation


@transaction.atomic
def publish_recognition(actor, *, kind: str, member, month: date, citation: str, tag=None) -> Recognition:
    """Name ``member`` for ``month`` (a first day): the row, the badge, the points and the event, together."""
    citation = _check(actor, kind=kind, member=member, month=month, citation=citation, tag=tag)
    taken = Recognition.objects.filter(kind=kind, month=month, tag=tag if kind == K.TAG_CHAMPION else None)
    if taken.exists():
        raise ActionConflict(_taken_message(kind, month, tag))
    now = timezone.now()
    profile = active_profile()
    points = profile.member_of_the_month_points if kind == K.MEMBER_OF_THE_MONTH else profile.tag_champion_points
    try:
        with transaction.atomic():  # two of the team picking at once: the constraint keeps one
            recognition = Recognition.objects.create(
                kind=kind,
                member=member,
                tag=tag,
                month=month,
                citation=citation,
                points=points,
                chosen_by=actor,
                published_at=now,
            )
    except IntegrityError:
        raise ActionConflict(_taken_message(kind, month, tag)) from None

    slug = RECOGNITION_BADGES[kind]
    tag_id = tag.pk if tag is not None else None
    award = badges.award(member.pk, slug, tag_id=tag_id, at=now) or (
        Award.objects.filter(member_id=member.pk, badge__slug=slug, tag_id=tag_id).first()
    )
    if points:
        points_actions.credit(
            member.pk,
            points,
            reason=PointsEntry.Reason.RECOGNITION,
            origin=f"recognition:{recognition.pk}",
            event_key=f"recognition:{recognition.pk}",
            at=now,
            actor_id=actor.pk,
        )
    if award is not None:
        recognition.award = award
        recognition.save(update_fields=["award"])
    # The home page's panel (kept in the shared cache, rewards.spotlight.queries.remembered_spotlight).
    transaction.on_commit(lambda: page_cache.bump(SPOTLIGHT_TAG))
    events.emit(
        events.RecognitionPublished(
            recognition_id=recognition.pk,
            member_id=member.pk,
            kind=kind,
            tag_id=tag_id,
            actor_id=actor.pk,
            at=now,
        )
    )
    return recognition
