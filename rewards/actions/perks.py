"""The catalogue's stock, the team's side: digital codes uploaded in bulk for a perk.

A code perk's ``stock`` is the number of its codes not yet handed out: each upload raises it by the codes it
added, and each redemption (``rewards.actions.redeem``) takes one code and one unit together. Codes are
members' data once handed out, so nothing here lists them back.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.core import events
from rewards.actions.redeem import catalogue_changed
from rewards.models import Perk, PerkCode

MAX_CODES_PER_UPLOAD = 10_000
CODE_MAX_LENGTH = PerkCode._meta.get_field("code").max_length


def clean_codes(lines) -> list[str]:
    """The distinct non-blank codes of ``lines``, stripped, in their order (a repeated line counts once)."""
    seen: dict[str, None] = {}
    for line in lines:
        code = (line or "").strip()
        if code:
            seen.setdefault(code, None)
    return list(seen)


@transaction.atomic
def upload_codes(perk: Perk, codes: list[str], *, actor) -> int:
    """Add ``codes`` to a code perk and raise its stock by as many; returns how many were new.

    Blank lines, repeats and codes the perk already has are skipped (the event says how many). The perk's row
    is locked first, as a redemption locks it, so a code is never counted twice nor handed out while added."""
    if not perk.uses_codes:
        raise ValidationError(_("This perk does not hand out codes: tick “hands out uploaded codes” first."))
    wanted = clean_codes(codes)
    if not wanted:
        raise ValidationError(_("No codes found: paste one code per line, or choose a .txt or .csv file."))
    if len(wanted) > MAX_CODES_PER_UPLOAD:
        raise ValidationError(
            ngettext(
                "Upload at most %(limit)s code at a time.",
                "Upload at most %(limit)s codes at a time.",
                MAX_CODES_PER_UPLOAD,
            )
            % {"limit": MAX_CODES_PER_UPLOAD}
        )
    too_long = next((c for c in wanted if len(c) > CODE_MAX_LENGTH), None)
    if too_long is not None:
        raise ValidationError(
            _("A code has at most %(limit)s characters; this one is longer: %(start)s…")
            % {"limit": CODE_MAX_LENGTH, "start": too_long[:20]}
        )
    locked = Perk.objects.select_for_update().get(pk=perk.pk)
    before = PerkCode.objects.filter(perk=locked).count()
    now = timezone.now()
    PerkCode.objects.bulk_create(
        [PerkCode(perk=locked, code=code, uploaded_at=now) for code in wanted], batch_size=1000, ignore_conflicts=True
    )
    added = PerkCode.objects.filter(perk=locked).count() - before
    if added:
        Perk.objects.filter(pk=locked.pk).update(stock=Coalesce(F("stock"), Value(0)) + added)
        catalogue_changed()  # a sold-out code perk may be back on offer
    perk.refresh_from_db(fields=["stock"])
    events.emit(
        events.PerkCodesUploaded(
            perk_id=perk.pk,
            actor_id=getattr(actor, "pk", None),
            added=added,
            skipped=nonblank_count(codes) - added,
            at=now,
        )
    )
    return added


# What the CMS's perk form edits; ``redeemed_count`` and a code perk's ``stock`` move only with redemptions and
# uploads, under the perk's lock, so a form loaded before a redemption never writes them back stale.
EDITABLE = [
    f.name
    for f in Perk._meta.concrete_fields
    if f.editable and not f.primary_key and f.name not in ("stock", "redeemed_count", "created_at")
]


@transaction.atomic
def save_perk(perk: Perk, *, actor) -> Perk:
    """Create or update a perk from the CMS. A code perk's stock is its free codes, counted now, never the form's
    number; another perk's stock is what the team typed (units left)."""
    if perk.pk is None:
        if perk.uses_codes:
            perk.stock = 0  # no code yet: the codes page adds them
        perk.save()
    else:
        Perk.objects.select_for_update().filter(pk=perk.pk).first()
        fields = list(EDITABLE)
        if perk.uses_codes:
            perk.stock = free_codes(perk)
        fields.append("stock")
        perk.save(update_fields=fields)
    catalogue_changed()
    return perk


def nonblank_count(lines) -> int:
    """The lines an upload was given, blank ones aside: what ``added`` and the skipped ones add up to."""
    return sum(1 for line in lines if (line or "").strip())


def free_codes(perk: Perk) -> int:
    """How many of the perk's codes are still to hand out (the team sees this number, never the codes)."""
    return PerkCode.objects.filter(perk=perk, redemption__isnull=True).count()
