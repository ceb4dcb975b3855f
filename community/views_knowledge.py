"""Knowledge articles on the public site: the "Promote to knowledge article" button and what the thread page
shows about articles made from it. The pages themselves are served by Wagtail (``community/knowledge.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from community import actions
from community.models import Answer, Thread
from community.views import _visible, handles_action_errors, wants_json


@login_required
@require_POST
@handles_action_errors
def promote(request, model, pk):
    post = _visible(Thread if model == "thread" else Answer, pk, request)
    page = actions.promote_to_article(request.user, post)
    user = request.user
    may_edit = user.has_perm("wagtailadmin.access_admin") and page.permissions_for_user(user).can_edit()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if wants_json(request):
        return JsonResponse({"page_id": page.pk, "title": page.title, "edit_url": edit_url if may_edit else None}, status=201)
    if may_edit:
        messages.success(request, f"“{page.title}” is a draft knowledge article, in review. Polish it here, then approve it to publish.")
        return redirect(edit_url)
    messages.success(
        request, f"Thank you: “{page.title}” is now a draft knowledge article. Moderators will review and publish it."
    )
    thread_url = post.get_absolute_url() if model == "thread" else f"{post.thread.get_absolute_url()}#answer-{post.pk}"
    return redirect(thread_url)


def thread_context(user, thread, refusals: dict) -> dict:
    """For the thread page, in one query: may the viewer promote, what was promoted, which articles are live."""
    from community.knowledge import articles_for_thread

    pages = articles_for_thread(thread.pk)
    return {
        "can_promote": bool(user.is_authenticated and not getattr(user, "is_suspended", False) and not refusals.get("promote")),
        "promoted_thread": any(p.source_answer_id is None for p in pages),
        "promoted_answer_ids": {p.source_answer_id for p in pages if p.source_answer_id},
        "knowledge_articles": [{"title": p.title, "url": p.get_url()} for p in pages if p.live],
    }
