"""Knowledge articles on the public site: the "Promote to knowledge article" button and what the thread page
shows about articles made from it. The pages themselves are served by Wagtail (``community/knowledge.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.core.errors import handles_action_errors, wants_json
from community.core.views import visible_or_404
from community.forum.models import Thread
from community.knowledge import actions


@login_required
@require_POST
@handles_action_errors
def promote(request, model, pk):
    post = visible_or_404(model, pk, request)
    page = actions.promote_to_article(request.user, post)
    user = request.user
    may_edit = user.has_perm("wagtailadmin.access_admin") and page.permissions_for_user(user).can_edit()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if wants_json(request):
        return JsonResponse(
            {"page_id": page.pk, "title": page.title, "edit_url": edit_url if may_edit else None}, status=201
        )
    if may_edit:
        messages.success(
            request,
            _("“%(title)s” is a draft knowledge article, in review. Polish it here, then approve it to publish.")
            % {"title": page.title},
        )
        return redirect(edit_url)
    messages.success(
        request,
        _("Thank you: “%(title)s” is now a draft knowledge article. Moderators will review and publish it.")
        % {"title": page.title},
    )
    thread_url = post.get_absolute_url() if model is Thread else f"{post.thread.get_absolute_url()}#answer-{post.pk}"
    return redirect(thread_url)
