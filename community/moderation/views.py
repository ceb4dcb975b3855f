"""Moderation on the public site: flags and suggested edits (the review itself is in the CMS)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.core.errors import handles_action_errors
from community.core.forms import apply_errors
from community.core.views import visible_or_404
from community.forum.forms import EditAnswerForm, EditThreadForm, parse_thread_reference
from community.forum.models import Thread
from community.moderation import actions
from community.moderation.forms import FlagForm
from config.throttle import throttled


@login_required
@require_POST
@throttled("flag")
@handles_action_errors
def flag(request, model, pk):
    target = visible_or_404(model, pk, request)
    form = FlagForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    duplicate_of = None
    if form.cleaned_data["reason"] == "duplicate":
        duplicate_of = parse_thread_reference(form.cleaned_data["duplicate_of"])
        if duplicate_of is None:
            raise ValidationError(_("Give the number or the link of the thread this duplicates."))
    actions.flag_post(
        request.user,
        target,
        reason=form.cleaned_data["reason"],
        note=form.cleaned_data["note"],
        duplicate_of=duplicate_of,
    )
    messages.success(request, _("Thank you: moderators will review your flag."))
    thread_url = target.parent_thread.get_absolute_url()
    return redirect(thread_url)


@login_required
@handles_action_errors
def suggest_edit(request, model, pk):
    post = visible_or_404(model, pk, request)
    thread = post.parent_thread
    if model is Thread:
        initial = {"title": post.title, "body": post.body_md, "tags": " ".join(t.name for t in post.tags.all())}
        form = EditThreadForm(request.POST or None, initial=initial)
        del form.fields["language"]  # the author's to correct; a suggested edit keeps it
    else:
        form = EditAnswerForm(request.POST or None, initial={"body": post.body_md})
    if request.method == "POST" and form.is_valid():
        try:
            actions.suggest_edit(request.user, post, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your edit will appear once a moderator approves it."))
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "community/moderation/suggest_edit.html",
        {"form": form, "post": post, "thread": thread, "model": model._meta.model_name},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
@handles_action_errors
def reopen_thread(request, pk):
    """A moderator undoes a close-as-duplicate from the thread page (the audit log keeps who and when)."""
    thread = visible_or_404(Thread, pk, request)
    actions.reopen_thread(request.user, thread, reason=request.POST.get("reason", ""))
    messages.success(request, _("The thread is reopened: it takes answers again."))
    return redirect(thread.get_absolute_url())
