"""Thin views of the welcome page: read, call ``community.onboarding.actions``, redirect."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from community.core.errors import handles_action_errors
from community.onboarding import actions, queries
from community.site import brand
from rewards import api as rewards_api


@require_GET
@login_required
def welcome(request):
    """Where a new member lands after signing up and confirming their e-mail; it stays reachable afterwards."""
    member = request.user
    language = member.language or translation.get_language()
    return render(
        request,
        "community/onboarding/welcome.html",
        {
            "community_brand": brand.current(request),
            "checklist": queries.checklist(member),
            "good_answer": queries.good_answer(language),
            "ladder": rewards_api.privilege_ladder(member),
        },
    )


@require_POST
@login_required
@handles_action_errors
def open_good_answer(request, answer_id: int):
    """The checklist's "read a good answer" link is a form: opening it through here marks the step done."""
    answer = actions.open_good_answer(request.user, answer_id)
    return redirect(answer.get_absolute_url())


@require_POST
@login_required
@handles_action_errors
def dismiss(request):
    actions.dismiss_checklist(request.user)
    return HttpResponseRedirect(_page_of_this_site(request, request.POST.get("next", "")))


def _page_of_this_site(request, target: str) -> str:
    """Where to go back to: a path of this site (never a URL name, another host or a giant string), else the
    welcome page."""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe and target.startswith("/") and len(target) <= 2000:
        return target
    return reverse("community:welcome")
