"""The bounty pages: the offer form, the award confirmation and the featured list. Thin: the actions decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from community.bounties import actions, queries
from community.bounties.forms import OfferForm
from community.core.errors import ActionConflict, handles_action_errors
from community.core.forms import apply_errors
from community.core.rendering import excerpt
from community.core.views import visible_or_404
from community.forum import queries as forum_queries
from community.forum.models import Answer, Bounty, Thread
from rewards import api as rewards_api


@login_required
@require_http_methods(["GET", "POST"])
@handles_action_errors
def offer(request, pk):
    """The rules, the member's reputation and the amounts; a refusal the action would give is said up front."""
    thread = visible_or_404(Thread, pk, request)
    rules = rewards_api.bounty_rules()
    reputation = rewards_api.reputation(request.user)
    form = OfferForm(request.POST or None, rules=rules, reputation=reputation)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                bounty = actions.offer_bounty(request.user, thread, form.cleaned_data["amount"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                ends = ngettext(
                    "Your bounty of %(amount)s reputation is on. It ends in %(days)s day.",
                    "Your bounty of %(amount)s reputation is on. It ends in %(days)s days.",
                    rules.days,
                )
                messages.success(request, ends % {"amount": bounty.amount, "days": rules.days})
                return redirect(f"{thread.get_absolute_url()}#bounty")
        status = 400
    refused = _offer_refusal(request.user, thread, rules, reputation)
    context = {"thread": thread, "form": form, "rules": rules, "reputation": reputation, "refused": refused}
    return render(request, "community/bounties/offer.html", context, status=status)


def _offer_refusal(member, thread, rules, reputation) -> str:
    refused = actions.thread_refusal(thread)
    if not refused and Bounty.objects.filter(thread=thread, closed_at__isnull=True).exists():
        refused = actions.already_open_refusal()
    if not refused and reputation < rules.min_reputation:
        refused = rewards_api.refusal(member, "offer_bounty", reputation)
    return refused


@login_required
@require_http_methods(["GET", "POST"])
@handles_action_errors
def award(request, pk):
    """Confirm, then give the open bounty of the answer's question to the answer (its offerer only)."""
    answer = visible_or_404(Answer, pk, request)
    bounty = Bounty.objects.filter(thread_id=answer.thread_id, closed_at__isnull=True).first()
    if bounty is None:
        raise ActionConflict(_("This question has no open bounty."))
    if request.method == "POST":
        actions.award_bounty(request.user, bounty, answer)
        messages.success(
            request,
            _("You awarded your bounty of %(amount)s reputation to %(name)s.")
            % {"amount": bounty.amount, "name": answer.author.public_name},
        )
        return redirect(answer.get_absolute_url())
    if bounty.offered_by_id != request.user.pk:
        raise PermissionDenied(_("Only the member who offered this bounty can award it."))
    refused = actions.award_refusal(request.user, bounty, answer)
    if refused:
        raise ActionConflict(refused)
    context = {"bounty": bounty, "answer": answer, "thread": answer.thread, "excerpt": excerpt(answer.body_html, 400)}
    return render(request, "community/bounties/award.html", context)


@require_GET
def featured(request):
    """Open bounties, ending soonest first."""
    page = queries.featured_page(request)
    return render(request, "community/bounties/featured.html", {"page": page, "sorts": forum_queries.SORTS})
