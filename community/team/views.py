"""Thin views of community care: the ideas board, idea statuses, follows, the inbox, settings, unsubscribe.

Same rules as ``community.views``: parse, check, call ``community.team.actions`` or
a read function, render; refusals become clear 4xx pages (or JSON errors).
The community team's KPI dashboard and dissatisfaction watch live in the CMS
(``community.team.cms``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community.core import permissions
from community.core.errors import handles_action_errors, wants_json
from community.core.views import visible_or_404
from community.forum.models import IdeaStatus, Tag, Thread
from community.team import actions, ideas
from community.team.forms import IdeaStatusForm

# --- ideas ----------------------------------------------------------------------------------


@require_GET
@handles_action_errors
def ideas_board(request):
    status, tag_slug, sort = ideas.parse_filters(request.GET)
    tag = get_object_or_404(Tag, slug=tag_slug) if tag_slug else None
    page, counts = ideas.board_page(request, status=status, tag=tag, sort=sort)
    rows = page.object_list
    ideas.attach_my_votes(request.user, rows)
    return render(
        request,
        "community/team/ideas_board.html",
        {
            "page": page,
            "ideas": rows,
            "status": status,
            "tag": tag,
            "sort": sort,
            "sorts": ideas.SORTS,
            "statuses": [(value, label, counts[value]) for value, label in IdeaStatus.choices],
            "vote_refusals": permissions.page_refusals(request.user),
            "kind": "idea",
        },
    )


@login_required
@require_POST
@handles_action_errors
def set_idea_status(request, pk):
    thread = visible_or_404(Thread, pk, request)
    form = IdeaStatusForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    actions.set_idea_status(request.user, thread, **form.cleaned_data)
    if wants_json(request):
        return JsonResponse({"status": thread.idea_status})
    messages.success(request, _("The idea's status is saved; its voters and followers are told."))
    return redirect(thread.get_absolute_url())


# --- follows --------------------------------------------------------------------------------


# --- inbox ------------------------------------------------------------------------------------


# --- settings -------------------------------------------------------------------------------------


# --- unsubscribe (no login: the signed link is the key) -----------------------------------------------
