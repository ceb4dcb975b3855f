"""Thin views: parse the request, call an action or a query, render.

Write views answer a JSON body to scripts (``Accept: application/json``) and
redirect browsers without JavaScript back to the page they came from.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from community import actions, permissions, queries
from community.forms import (
    AnswerForm,
    FlagForm,
    parse_thread_reference,
    CommentForm,
    EditAnswerForm,
    EditThreadForm,
    ProfileForm,
    ThreadForm,
    apply_errors,
)
from community.models import Answer, Comment, Member, Revision, Tag, Thread


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def handles_action_errors(view):
    """Turn an action's refusal into a clear 4xx instead of a 500."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except actions.ActionConflict as exc:
            return _refusal(request, str(exc), 409)
        except ValidationError as exc:
            return _refusal(request, " ".join(exc.messages), 400)
        except PermissionDenied as exc:
            return _refusal(request, str(exc) or "You are not allowed to do that.", 403)

    return wrapper


def _refusal(request, message: str, status: int):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "community/refused.html", {"message": message, "status": status}, status=status)


def _visible(model, pk, request):
    """A post members may see: deleted ones exist only for moderators."""
    obj = get_object_or_404(model.objects.select_related("author"), pk=pk)
    if obj.is_deleted and not permissions.is_moderator(request.user):
        raise Http404("This post has been deleted.")
    return obj


# --- lists ------------------------------------------------------------------


@require_GET
def thread_list(request, sort="active"):
    kind = request.GET.get("kind") or None
    page = queries.paginate(request, queries.thread_list(sort=sort, kind=kind))
    return render(
        request,
        "community/thread_list.html",
        {"page": page, "sort": sort, "sorts": queries.SORTS, "kind": kind, "kinds": queries.KINDS},
    )


@require_GET
def tag_list(request):
    q = request.GET.get("q", "")[:40]
    page = queries.paginate(request, queries.tags_with_counts(q), per_page=60)
    return render(request, "community/tag_list.html", {"page": page, "q": q})


@require_GET
def tag_detail(request, slug, sort="active"):
    tag = get_object_or_404(Tag, slug=slug.lower())
    kind = request.GET.get("kind") or None
    page = queries.paginate(request, queries.thread_list(sort=sort, kind=kind, tag=tag))
    from community.experts import tag_experts

    return render(
        request,
        "community/tag_detail.html",
        {
            "tag": tag, "page": page, "sort": sort, "sorts": queries.SORTS, "kind": kind, "kinds": queries.KINDS,
            "experts": tag_experts(tag), "is_following": queries.is_following(request.user, tag=tag),
        },
    )


@require_GET
def member_detail(request, username):
    member = get_object_or_404(Member, username=username, is_active=True)
    threads = queries.paginate(request, queries.thread_list(sort="newest", author=member), per_page=15)
    answers = queries.member_answers(member)[:15]
    from rewards import api as rewards_api

    reputation = rewards_api.reputation(member)
    return render(
        request,
        "community/member_detail.html",
        {
            "member": member, "threads": threads, "answers": answers, **queries.member_stats(member),
            "reputation": reputation, "level": rewards_api.level(member, reputation),
        },
    )


@login_required
@handles_action_errors
def edit_profile(request):
    form = ProfileForm(request.POST or None, initial={"display_name": request.user.display_name, "bio": request.user.bio})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_profile(request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect(request.user.get_absolute_url())
    return render(request, "community/profile_form.html", {"form": form}, status=400 if form.errors else 200)


# --- threads ----------------------------------------------------------------


def _thread_permissions(user, thread) -> dict:
    """What the viewer may do on a thread page, decided once (no query per post)."""
    refusals = permissions.page_refusals(user)
    return {
        "can_accept": permissions.can_accept(user, thread),
        "is_moderator": permissions.is_moderator(user),
        "comment_everywhere": user.is_authenticated and not refusals.get("comment"),
        "comment_refusal": refusals.get("comment", ""),
        "vote_refusals": refusals,
        "can_flag": user.is_authenticated and not refusals.get("flag"),
        "can_edit_others": user.is_authenticated and not refusals.get("edit_others"),
        **_care_context(user, thread),
        **_knowledge_context(user, thread, refusals),
    }


def _knowledge_context(user, thread, refusals) -> dict:
    """The "Promote to knowledge article" button and the articles made from this thread (one query)."""
    from community.views_knowledge import thread_context

    return thread_context(user, thread, refusals)


def _care_context(user, thread) -> dict:
    """Follow button and, for ideas, the team's status form (community care)."""
    from community.views_care import IdeaStatusForm

    context = {"is_following": queries.is_following(user, thread=thread)}
    if thread.is_idea and permissions.is_moderator(user):
        context["idea_status_form"] = IdeaStatusForm(
            initial={"status": thread.idea_status or "new", "explanation": thread.idea_status_note}
        )
    return context


@require_GET
def thread_detail(request, pk, slug=None):
    view = queries.thread_detail(pk, request.user)
    if slug != view.thread.slug:
        return redirect(view.thread.get_absolute_url(), permanent=True)
    user = request.user
    return render(
        request,
        "community/thread_detail.html",
        {
            "thread": view.thread,
            "answers": view.answers,
            "thread_comments": view.thread_comments,
            "answer_form": AnswerForm(),
            **_thread_permissions(user, view.thread),
        },
    )


@login_required
@handles_action_errors
def ask(request):
    initial_kind = request.GET.get("kind") if request.GET.get("kind") in Thread.Kind.values else Thread.Kind.QUESTION
    form = ThreadForm(request.POST or None, initial={"kind": initial_kind})
    if request.method == "POST" and form.is_valid():
        try:
            thread = actions.create_thread(request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except actions.RateLimited as exc:
            form.add_error(None, str(exc))
            return render(request, "community/ask.html", {"form": form}, status=429)
        else:
            return redirect(thread.get_absolute_url())
    return render(request, "community/ask.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@handles_action_errors
def edit_thread(request, pk):
    thread = _visible(Thread, pk, request)
    if not permissions.can_edit(request.user, thread):
        raise PermissionDenied(permissions.edit_refusal(request.user))
    initial = {"title": thread.title, "body": thread.body_md, "tags": " ".join(t.name for t in thread.tags.all())}
    form = EditThreadForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            thread = actions.edit_thread(request.user, thread, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Your edit is saved.")
            return redirect(thread.get_absolute_url())
    return render(
        request, "community/edit_thread.html", {"form": form, "thread": thread}, status=400 if form.errors else 200
    )


@require_GET
def revisions(request, model, pk):
    obj = _visible(Thread if model == "thread" else Answer, pk, request)
    thread = obj if model == "thread" else obj.thread
    history = Revision.objects.filter(**{model: obj}).select_related("editor").order_by("-number")
    return render(request, "community/revisions.html", {"post": obj, "thread": thread, "revisions": history, "model": model})


# --- answers ----------------------------------------------------------------


@login_required
@require_POST
@handles_action_errors
def answer(request, pk):
    thread = _visible(Thread, pk, request)
    form = AnswerForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            new = actions.post_answer(request.user, thread, body=form.cleaned_data["body"])
        except ValidationError as exc:
            apply_errors(form, exc)
        except actions.RateLimited as exc:
            form.add_error(None, str(exc))
            status = 429
        else:
            return redirect(f"{thread.get_absolute_url()}#answer-{new.pk}")
    view = queries.thread_detail(pk, request.user)
    return render(
        request,
        "community/thread_detail.html",
        {
            "thread": view.thread,
            "answers": view.answers,
            "thread_comments": view.thread_comments,
            "answer_form": form,
            **_thread_permissions(request.user, view.thread),
        },
        status=status,
    )


@login_required
@handles_action_errors
def edit_answer(request, pk):
    obj = _visible(Answer, pk, request)
    if not permissions.can_edit(request.user, obj):
        raise PermissionDenied(permissions.edit_refusal(request.user))
    form = EditAnswerForm(request.POST or None, initial={"body": obj.body_md})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_answer(request.user, obj, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Your edit is saved.")
            return redirect(obj.get_absolute_url())
    return render(request, "community/edit_answer.html", {"form": form, "answer": obj}, status=400 if form.errors else 200)


@login_required
@require_POST
@handles_action_errors
def accept(request, pk):
    obj = _visible(Answer, pk, request)
    thread = actions.accept_answer(request.user, obj)
    if wants_json(request):
        return JsonResponse({"accepted_answer": thread.accepted_answer_id})
    return redirect(obj.get_absolute_url())


# --- comments ---------------------------------------------------------------


@login_required
@require_POST
@handles_action_errors
def comment(request, model, pk):
    target = _visible(Thread if model == "thread" else Answer, pk, request)
    thread = target if model == "thread" else target.thread
    form = CommentForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["body"])
    new = actions.post_comment(
        request.user, thread=thread, answer=None if model == "thread" else target, body=form.cleaned_data["body"]
    )
    return redirect(f"{thread.get_absolute_url()}#comment-{new.pk}")


# --- votes ------------------------------------------------------------------

VOTE_VALUES = {"1": 1, "up": 1, "-1": -1, "down": -1, "0": 0, "undo": 0}


@login_required
@require_POST
@handles_action_errors
def vote(request, model, pk):
    post = _visible(Thread if model == "thread" else Answer, pk, request)
    raw = request.POST.get("value", "")
    if raw not in VOTE_VALUES:
        raise ValidationError("A vote is up, down or undo.")
    value = VOTE_VALUES[raw]
    score = actions.vote(request.user, post, value)
    if wants_json(request):
        return JsonResponse({"score": score, "vote": value})
    anchor = f"thread-{post.pk}" if model == "thread" else f"answer-{post.pk}"
    thread_url = post.get_absolute_url() if model == "thread" else post.thread.get_absolute_url()
    return redirect(f"{thread_url}#{anchor}")


# --- deletion ---------------------------------------------------------------

MODELS = {"thread": Thread, "answer": Answer, "comment": Comment}


@login_required
@require_POST
@handles_action_errors
def delete(request, model, pk):
    obj = _visible(MODELS[model], pk, request)
    actions.hide_post(request.user, obj)
    messages.success(request, f"The {model} is deleted. Moderators can restore it.")
    if model == "thread":
        return redirect(reverse("community:threads"))
    return redirect(obj.thread.get_absolute_url())


@login_required
@require_POST
@handles_action_errors
def restore(request, model, pk):
    obj = get_object_or_404(MODELS[model], pk=pk)
    actions.restore_post(request.user, obj)
    messages.success(request, f"The {model} is restored.")
    thread = obj if model == "thread" else obj.thread
    return redirect(thread.get_absolute_url())


# --- flags and suggested edits --------------------------------------------------


@login_required
@require_POST
@handles_action_errors
def flag(request, model, pk):
    target = _visible(MODELS[model], pk, request)
    form = FlagForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    duplicate_of = None
    if form.cleaned_data["reason"] == "duplicate":
        duplicate_of = parse_thread_reference(form.cleaned_data["duplicate_of"])
        if duplicate_of is None:
            raise ValidationError("Give the number or the link of the thread this duplicates.")
    actions.flag_post(request.user, target, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"], duplicate_of=duplicate_of)
    messages.success(request, "Thank you: moderators will review your flag.")
    thread_url = target.get_absolute_url() if model == "thread" else target.thread.get_absolute_url()
    return redirect(thread_url)


@login_required
@handles_action_errors
def suggest_edit(request, model, pk):
    post = _visible(Thread if model == "thread" else Answer, pk, request)
    thread = post if model == "thread" else post.thread
    if model == "thread":
        initial = {"title": post.title, "body": post.body_md, "tags": " ".join(t.name for t in post.tags.all())}
        form = EditThreadForm(request.POST or None, initial=initial)
    else:
        form = EditAnswerForm(request.POST or None, initial={"body": post.body_md})
    if request.method == "POST" and form.is_valid():
        try:
            actions.suggest_edit(request.user, post, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Thank you: your edit will appear once a moderator approves it.")
            return redirect(thread.get_absolute_url())
    return render(
        request, "community/suggest_edit.html", {"form": form, "post": post, "thread": thread, "model": model},
        status=400 if form.errors else 200,
    )
