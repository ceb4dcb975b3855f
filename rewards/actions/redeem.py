"""Redeeming a perk: reward points spent on something from the catalogue, once per click, never past the stock.

One transaction locks the perk row first, so every redemption of one perk queues behind the others: the checks
(window, eligibility, per-member limit, stock) read what the previous redemption committed, and the stock can
never be oversold. The points are spent under the member's balance lock (``rewards.actions.points.spend``), after
the perk's, always in that order. The confirmation form carries an idempotency key: the same member sending the
same key again (a double click, a retried request) gets the first redemption back and spends nothing.

The rules that decide what a member may redeem live here as plain functions over a ``Standing`` (what the
catalogue page reads once for the whole page), so a card says exactly what the action would answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.core import events
from community.core.errors import ActionConflict
from config import page_cache
from rewards.actions import points
from rewards.models import Award, Perk, PerkCode, PointsBalance, Redemption, Reputation

# The page cache's tag for what the catalogue shows visitors (stock left, what is on offer): bumped after each
# redemption commits; anything else that moves a perk's stock or offer bumps it too (``catalogue_changed``).
CATALOGUE_TAG = "catalogue"

ADDRESS_FIELDS = ("name", "street", "postcode", "city", "country")
# How long each detail may be: enough for any real address line, short enough for a label.
MAX_LENGTHS = {"name": 120, "street": 200, "postcode": 20, "city": 100, "country": 80, "phone": 30, "size": 20}
KEY_MAX_LENGTH = Redemption._meta.get_field("idempotency_key").max_length


def catalogue_changed() -> None:
    """Make the visitors' catalogue pages stale once the current transaction commits."""
    transaction.on_commit(lambda: page_cache.bump(CATALOGUE_TAG))


# --- what decides whether a member may redeem a perk ---------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """What the rules read of one member: reputation (never points: reputation is trust), badges, account age,
    the reward points to spend, and how many times they hold each perk (redemptions not rejected)."""

    member_id: int
    reputation: int
    points: int
    badge_ids: frozenset[int]
    joined: datetime
    held: dict[int, int] = field(default_factory=dict)


def standing_of(member, perk_ids=None) -> Standing:
    """Read a member's standing in four small queries (reputation, balance, badges, redemptions per perk)."""
    held_rows = Redemption.objects.filter(member_id=member.pk).exclude(status=Redemption.Status.REJECTED)
    if perk_ids is not None:
        held_rows = held_rows.filter(perk_id__in=list(perk_ids))
    # One row per perk held (bounded by the catalogue's size, not by how often the member redeemed).
    held = dict(held_rows.order_by().values("perk_id").annotate(n=Count("pk")).values_list("perk_id", "n"))
    return Standing(
        member_id=member.pk,
        reputation=Reputation.objects.filter(pk=member.pk).values_list("points", flat=True).first() or 1,
        points=PointsBalance.objects.filter(pk=member.pk).values_list("points", flat=True).first() or 0,
        badge_ids=frozenset(Award.objects.filter(member_id=member.pk).values_list("badge_id", flat=True).distinct()),
        joined=member.date_joined,
        held=held,
    )


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def unavailable(perk: Perk, now: datetime) -> str | None:
    """Why nobody can redeem ``perk`` right now (withdrawn, outside its window, sold out), or None."""
    if not perk.is_live:
        return _("This reward is no longer in the catalogue.")
    if perk.available_from and now < perk.available_from:
        return _("This reward can be redeemed from %(when)s.") % {"when": _when(perk.available_from)}
    if perk.available_until and now >= perk.available_until:
        return _("This reward could be redeemed until %(when)s; it has ended.") % {"when": _when(perk.available_until)}
    if perk.stock is not None and perk.stock <= 0:
        return _("This reward is sold out.")
    return None


def ineligible(perk: Perk, standing: Standing, now: datetime, *, short: bool = False) -> str | None:
    """Why this member may not redeem ``perk`` (reputation, badge, account age), or None.

    ``short`` gives the card's few words ("Needs 500 reputation"); otherwise the refusal's whole sentence."""
    if standing.reputation < perk.min_reputation:
        needed = perk.min_reputation
        if short:
            return ngettext("Needs %(needed)s reputation", "Needs %(needed)s reputation", needed) % {"needed": needed}
        return ngettext(
            "This reward needs %(needed)s reputation; you have %(have)s.",
            "This reward needs %(needed)s reputation; you have %(have)s.",
            needed,
        ) % {"needed": needed, "have": standing.reputation}
    if perk.required_badge_id and perk.required_badge_id not in standing.badge_ids:
        badge = perk.required_badge.localized_name
        if short:
            return _("Needs the %(badge)s badge") % {"badge": badge}
        return _("This reward needs the %(badge)s badge, which you have not earned yet.") % {"badge": badge}
    if perk.min_account_days and now - standing.joined < timedelta(days=perk.min_account_days):
        days = perk.min_account_days
        if short:
            return ngettext("For members of %(days)s day or more", "For members of %(days)s days or more", days) % {
                "days": days
            }
        return ngettext(
            "This reward is for members who joined %(days)s day ago or more.",
            "This reward is for members who joined %(days)s days ago or more.",
            days,
        ) % {"days": days}
    return None


def over_limit(perk: Perk, standing: Standing, *, short: bool = False) -> str | None:
    """Why this member may not redeem ``perk`` again (its per-member limit; rejected ones do not count), or None."""
    if perk.per_member_limit and standing.held.get(perk.pk, 0) >= perk.per_member_limit:
        if short:
            return _("You have redeemed it the most times allowed")
        return ngettext(
            "You have already redeemed this reward %(limit)s time, the most allowed.",
            "You have already redeemed this reward %(limit)s times, the most allowed.",
            perk.per_member_limit,
        ) % {"limit": perk.per_member_limit}
    return None


def short_of_points(perk: Perk, balance: int) -> str | None:
    """Why the balance cannot pay for ``perk`` (a negative one has its own sentence), or None."""
    if balance < 0:
        return _(
            "Your balance is %(points)s points after reputation you had earned was taken back: earn points again "
            "before redeeming a reward."
        ) % {"points": balance}
    if balance < perk.cost:
        return ngettext(
            "You have %(points)s point; this reward costs %(cost)s.",
            "You have %(points)s points; this reward costs %(cost)s.",
            balance,
        ) % {"points": balance, "cost": perk.cost}
    return None


def clean_details(perk: Perk, details: dict) -> dict:
    """The fulfilment details ``perk`` asks for, stripped, and nothing else; a ValidationError names each field
    that is missing or wrong (the form shows it beside the field)."""
    wanted: list[str] = []
    if perk.asks_address:
        wanted += ADDRESS_FIELDS
    if perk.asks_size:
        wanted.append("size")
    if perk.asks_phone:
        wanted.append("phone")
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for name in wanted:
        value = details.get(name)
        value = value.strip() if isinstance(value, str) else ""
        if not value:
            errors[name] = [_("This is needed to send you the reward.")]
        elif len(value) > MAX_LENGTHS[name]:
            errors[name] = [_("Use at most %(limit)s characters.") % {"limit": MAX_LENGTHS[name]}]
        else:
            cleaned[name] = value
    if "size" in cleaned and cleaned["size"] not in perk_sizes(perk):
        errors["size"] = [_("Choose one of the sizes offered: %(sizes)s.") % {"sizes": ", ".join(perk_sizes(perk))}]
    if "phone" in cleaned and not _looks_like_phone(cleaned["phone"]):
        errors["phone"] = [_("Enter a phone number with its country code, for example +33 6 12 34 56 78.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def perk_sizes(perk: Perk) -> list[str]:
    return [s.strip() for s in perk.sizes.split(",") if s.strip()]


def _looks_like_phone(value: str) -> bool:
    digits = [c for c in value if c.isdigit()]
    return 6 <= len(digits) <= 15 and all(c.isdigit() or c in "+-. ()" for c in value)


# --- the action ----------------------------------------------------------------------------------------------


def redeem(member, perk: Perk, *, key: str, details: dict, at: datetime | None = None) -> Redemption:
    """Spend ``member``'s points on ``perk``: the new redemption, or the one this ``key`` already made.

    ``at`` records when it really happened (the demo seeder); the window is checked at that moment.

    Refusals: ``PermissionDenied`` (not eligible: reputation, badge, account age), ``ActionConflict`` (withdrawn,
    outside its window, sold out, limit reached, not enough points), ``ValidationError`` (fulfilment details,
    a missing key) — each with a sentence for the member. Nothing is written when it refuses."""
    key = (key or "").strip()
    if not key or len(key) > KEY_MAX_LENGTH:
        raise ValidationError(_("This form has expired: open the reward again and confirm."))
    if not member.is_authenticated or not member.is_active:
        raise PermissionDenied(_("Log in to redeem rewards."))
    existing = _made_with(member, key)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _redeem(member, perk.pk, key, details, at or timezone.now())
    except IntegrityError:
        # Two requests with the same key at once: the other one committed first (the unique constraint
        # ``redemption_once_per_key`` stopped this one), and it is the answer to both.
        existing = _made_with(member, key)
        if existing is None:
            raise
        return existing


def _made_with(member, key: str) -> Redemption | None:
    return Redemption.objects.filter(member_id=member.pk, idempotency_key=key).first()


def _redeem(member, perk_id: int, key: str, details: dict, now: datetime) -> Redemption:
    perk = Perk.objects.select_for_update(of=("self",)).select_related("required_badge").get(pk=perk_id)
    # Under the perk's lock a request with the same key that got here first has committed: return its work.
    existing = _made_with(member, key)
    if existing is not None:
        return existing
    standing = standing_of(member, [perk.pk])
    why = unavailable(perk, now)
    if why:
        raise ActionConflict(why)
    why = ineligible(perk, standing, now)
    if why:
        raise PermissionDenied(why)
    why = over_limit(perk, standing)
    if why:
        raise ActionConflict(why)
    kept = clean_details(perk, details or {})
    why = short_of_points(perk, standing.points)
    if why:
        raise ActionConflict(why)
    redemption = Redemption.objects.create(
        member_id=member.pk,
        perk=perk,
        cost=perk.cost,
        idempotency_key=key,
        details=kept,
        created_at=now,
    )
    try:
        points.spend(member.pk, perk.cost, redemption_id=redemption.pk, at=now)
    except points.NotEnoughPoints as exc:  # the balance moved since it was read (a clawback): say so, write nothing
        raise ActionConflict(short_of_points(perk, exc.balance)) from None
    if perk.uses_codes:
        _hand_out_code(perk, redemption, now)
    changes = {"redeemed_count": F("redeemed_count") + 1}
    if perk.stock is not None:
        changes["stock"] = F("stock") - 1
    Perk.objects.filter(pk=perk.pk).update(**changes)
    events.emit(
        events.RedemptionRequested(
            redemption_id=redemption.pk,
            member_id=member.pk,
            perk_id=perk.pk,
            cost=perk.cost,
            status=redemption.status,
            at=now,
        )
    )
    catalogue_changed()
    return redemption


def _hand_out_code(perk: Perk, redemption: Redemption, now: datetime) -> None:
    """Give the redemption one code nobody has: it is fulfilled at once, with no approval step."""
    code = (
        PerkCode.objects.select_for_update(skip_locked=True)
        .filter(perk=perk, redemption__isnull=True)
        .order_by("pk")
        .first()
    )
    if code is None:  # the stock said otherwise, but no code is left: the redemption must not go through
        raise ActionConflict(_("This reward is sold out."))
    PerkCode.objects.filter(pk=code.pk).update(redemption=redemption)
    redemption.status = Redemption.Status.FULFILLED
    redemption.fulfilled_at = now
    redemption.save(update_fields=["status", "fulfilled_at"])
