"""Thin views of the catalogue: browse, a perk, the confirmation step, the member's redemptions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from community.core.errors import ActionConflict, handles_action_errors, wants_json
from config import page_cache
from rewards.actions import redeem
from rewards.catalogue import queries
from rewards.catalogue.forms import RedeemForm, new_key
from rewards.models import Perk

# How long a visitor's copy of the catalogue may be served: a window opening or closing is announced by no event.
VISITOR_PAGE_SECONDS = 60


def _visitor_page_freshness(request) -> None:
    if not request.user.is_authenticated:
        page_cache.depends_on(redeem.CATALOGUE_TAG)
        page_cache.max_age(VISITOR_PAGE_SECONDS)


@require_GET
def catalogue(request):
    """Every perk on offer; a member sees their balance and, on each card, whether they can redeem it."""
    now = timezone.now()
    kind = request.GET.get("kind", "")
    kind = kind if kind in queries.KINDS else ""
    member = request.user if request.user.is_authenticated else None
    standing = queries.standing(member)
    affordable = standing is not None and request.GET.get("affordable") == "1"
    page = queries.catalogue_page(
        kind=kind,
        affordable_with=standing.points if affordable else None,
        page_number=request.GET.get("page"),
        now=now,
    )
    _visitor_page_freshness(request)
    return render(
        request,
        "rewards/catalogue/catalogue.html",
        {
            "page": page,
            "cards": queries.cards(page.object_list, standing, now),
            "standing": standing,
            "kind": kind,
            "kinds": Perk.Kind.choices,
            "affordable": affordable,
        },
    )


@require_GET
def perk_detail(request, slug):
    now = timezone.now()
    perk = queries.perk_for_page(slug)
    member = request.user if request.user.is_authenticated else None
    standing = queries.standing(member, [perk.pk])
    _visitor_page_freshness(request)
    return render(
        request,
        "rewards/catalogue/perk_detail.html",
        {"card": queries.card(perk, standing, now), "perk": perk, "standing": standing},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@handles_action_errors
def confirm(request, slug):
    """The confirmation step: what it costs, the balance after, the details the perk needs; POST redeems.

    Each rendered form carries a fresh key: a second submission of the same form (a double click, a reload)
    returns the first redemption and spends nothing. A refusal shows this page again with the sentence and the
    status of the error contract (400 details, 403 not eligible, 409 the state forbids it)."""
    perk = queries.perk_for_page(slug)
    if request.method == "POST":
        form = RedeemForm(request.POST, perk=perk)
        if not form.is_valid():
            return _confirmation(request, perk, form, status=400)
        if form.cleaned_data["cost"] != perk.cost:
            form = RedeemForm(initial={"key": form.cleaned_data["key"], "cost": perk.cost, **form.details()}, perk=perk)
            message = ngettext(
                "The price of this reward has just changed to %(cost)s point: check it and confirm again.",
                "The price of this reward has just changed to %(cost)s points: check it and confirm again.",
                perk.cost,
            ) % {"cost": perk.cost}
            if wants_json(request):
                raise ActionConflict(message)
            messages.warning(request, message)
            return _confirmation(request, perk, form, status=409)
        try:
            redemption = redeem.redeem(request.user, perk, key=form.cleaned_data["key"], details=form.details())
        except (ValidationError, PermissionDenied, ActionConflict) as exc:
            if wants_json(request):
                raise
            return _refused(request, perk, form, exc)
        if redemption.status == redemption.Status.FULFILLED:
            messages.success(request, _("Done: here is your code for “%(perk)s”.") % {"perk": perk.localized_title})
        else:
            messages.success(
                request,
                _("Thank you: your redemption of “%(perk)s” is waiting for the community team’s approval.")
                % {"perk": perk.localized_title},
            )
        return redirect("rewards:redemption", pk=redemption.pk)
    form = RedeemForm(initial={"key": new_key(), "cost": perk.cost}, perk=perk)
    return _confirmation(request, perk, form)


def _refused(request, perk, form, exc):
    if isinstance(exc, ValidationError):
        # The action names the form's own fields (clean_details): Django puts each message beside its field.
        form.add_error(None, exc)
        return _confirmation(request, perk, form, status=400)
    form.add_error(None, str(exc))
    return _confirmation(request, perk, form, status=403 if isinstance(exc, PermissionDenied) else 409)


def _confirmation(request, perk, form, *, status=200):
    now = timezone.now()
    standing = queries.standing(request.user, [perk.pk])
    return render(
        request,
        "rewards/catalogue/confirm.html",
        {
            "perk": perk,
            "card": queries.card(perk, standing, now),
            "standing": standing,
            "balance_after": standing.points - perk.cost,
            "form": form,
        },
        status=status,
    )


@never_cache
@login_required
@require_GET
def my_redemptions(request):
    page = queries.my_redemptions(request.user, request.GET.get("page"))
    return render(request, "rewards/catalogue/redemptions.html", {"page": page})


@never_cache
@login_required
@require_GET
def redemption(request, pk):
    return render(request, "rewards/catalogue/redemption.html", {"redemption": queries.my_redemption(request.user, pk)})
