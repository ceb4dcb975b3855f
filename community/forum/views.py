"""Thin views: parse the request, call an action or a query, render.

Write views answer a JSON body to scripts (``Accept: application/json``) and
redirect browsers without JavaScript back to the page they came from.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, HttpResponsePermanentRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from community.core import errors as core_errors
from community.core import fragments, language, permissions
from community.core.errors import handles_action_errors, wants_json
from community.core.forms import apply_errors
from community.core.rendering import render_markdown
from community.core.views import visible_or_404
from community.forum import actions, queries, synonyms
from community.forum.forms import AnswerForm, CommentForm, ProfileForm
from community.forum.models import Answer, Member, Revision, Tag, Thread
from config import page_cache
from config.throttle import throttled
from rewards import api as rewards_api

# --- lists ------------------------------------------------------------------


@require_GET
def thread_list(request, sort="active"):
    kind, languages, context = _list_filters(request, sort)
    page = SimpleLazyObject(lambda: queries.thread_page(request, sort=sort, kind=kind, languages=languages))
    context["rows"], _ = _list_rows(request, ("threads", sort, kind), context, lambda: (page, None))
    return render(request, "community/forum/thread_list.html", {"page": page, **context})


def _list_rows(request, what: tuple, context: dict, load):
    """A thread list's count, rows and page links, drawn once for every reader of the same list, page and language
    while nothing they show changes (``fragments.shared_region``), with ``load``'s extra value (a tag page's tag)
    kept beside them. ``load()`` returns ``(page, extra)``: it runs, and the list's queries with it, only when the
    region is not kept. Empty lists draw nothing (the page says why in its own words)."""
    key = _page_key(request, *what, context["languages"])

    def draw():
        page, extra = load()
        if page is None or not page.object_list:
            return "", extra
        rows = render_to_string("community/forum/_thread_list_rows.html", {**context, "page": page, "tag": extra})
        return rows, extra

    return fragments.shared_region(f"thread-list:{key}", draw)


def _page_key(request, *what) -> str:
    """A short name for ``what`` and the page the request asks for (``?page=``, ``?after=``, ``?before=``): the key
    of a list's shared region."""
    asked = tuple(request.GET.get(name, "")[:200] for name in ("page", "after", "before"))
    return hashlib.sha1(repr((*what, asked)).encode(), usedforsecurity=False).hexdigest()


def _list_filters(request, sort: str):
    """A thread list's filters — its kind and its languages ("My languages") — and what its template needs to keep
    them in its tabs and pages (``filters``: the query-string prefix "kind=tip&lang=mine&")."""
    kind = request.GET.get("kind") if request.GET.get("kind") in queries.KINDS else None
    languages = language.listed_languages(request)
    kept = {"kind": kind, "lang": language.MINE if languages else None}
    context = {
        "sort": sort,
        "sorts": queries.SORTS,
        "kind": kind,
        "kinds": queries.KINDS,
        "languages": languages,
        "filters": "".join(f"{name}={value}&" for name, value in kept.items() if value),
    }
    return kind, languages, context


@require_GET
def tag_list(request):
    q = request.GET.get("q", "")[:40]
    page = queries.paginate(request, queries.tags_with_counts(q), per_page=60)
    return render(request, "community/forum/tag_list.html", {"page": page, "q": q})


@require_GET
def tag_detail(request, slug, sort="active"):
    kind, languages, context = _list_filters(request, sort)

    @functools.cache
    def load():
        """(page, tag): the tag row comes with the page's threads (their prefetched tags), kept with the rows."""
        return _tag_page(request, slug.lower(), sort, kind, languages)

    context["rows"], tag = _list_rows(request, ("tag", slug.lower(), sort, kind), context, load)
    if tag is None:
        return _to_main_tag(request, slug, sort)
    context["synonyms"] = synonyms.synonyms_of(tag)  # "Also known as: js, ecmascript"
    page = SimpleLazyObject(lambda: load()[0])
    return render(request, "community/forum/tag_detail.html", {"tag": tag, "page": page, **context})


def _tag_page(request, slug: str, sort: str, kind: str | None, languages: list[str]):
    """(page, tag) of a tag's list, or (None, None) for an unknown tag."""
    # The tag's links carry no language: "My languages" takes the plain way, through the threads' own rows.
    tag, page = (None, None) if languages else queries.tag_page(request, slug, sort=sort, kind=kind)
    if tag is None:  # nothing listed (a new tag, a page past the end): the tag row (or 404), then the count
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            return None, None
        page = queries.list_page(
            request,
            queries.thread_list(sort=sort, kind=kind, tag=tag, languages=languages),
            keys=queries.row_keys(sort),
            ranked=queries.is_ranked(sort),
        )
    return page, tag


def _to_main_tag(request, slug: str, sort: str):
    """A synonym's address ("/tags/js/", "/tags/js/newest/?page=2") leads to its main tag's, for good (301): old
    links and bookmarks land, and search engines move on. Any other unknown tag is a 404."""
    main = synonyms.main_tag_of(slug)
    if main is None:
        raise Http404
    if "sort" in request.resolver_match.kwargs:
        url = reverse("community:tag_sorted", args=[main.slug, sort])
    else:
        url = reverse("community:tag", args=[main.slug])
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@require_GET
def member_detail(request, username):
    member = get_object_or_404(Member, username=username, is_active=True)

    @functools.cache
    def load() -> dict:
        """The member's threads (a page), top answers and figures: read only when their region is not kept."""
        return {
            "threads": queries.member_threads(request, member),
            "answers": list(queries.member_answers(member)[:15]),
            **queries.member_stats(member),
        }

    def draw():
        shown = {"member": member, **load()}
        lists = render_to_string("community/forum/_member_lists.html", shown)
        return lists, render_to_string("community/forum/_member_figures.html", shown)

    key = _page_key(request, member.pk)
    # Drawn once for every reader of a language while nothing changes (the member's name is in the rows: a
    # change of it bumps them, fragments.shared_region).
    lists, figures = fragments.shared_region(f"member-page:{key}", draw)
    reputation = rewards_api.reputation(member)
    return render(
        request,
        "community/forum/member_detail.html",
        {
            "member": member,
            "member_lists": lists,
            "member_figures": mark_safe(figures),  # noqa: S308 — our own template's output, escaped when drawn
            # For whoever asks (tests): the same values, read only then.
            "threads": SimpleLazyObject(lambda: load()["threads"]),
            "answers": SimpleLazyObject(lambda: load()["answers"]),
            "answer_count": SimpleLazyObject(lambda: load()["answer_count"]),
            "accepted_count": SimpleLazyObject(lambda: load()["accepted_count"]),
            "reputation": reputation,
            "level": rewards_api.level(member, reputation),
            "progress": None if member.is_moderator else rewards_api.progress(reputation),
        },
    )


@login_required
@handles_action_errors
def edit_profile(request):
    member = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "display_name": member.display_name,
            "bio": member.bio,
            "language": member.language,
            "reads_languages": member.reads_languages,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_profile(member, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if member.language:  # from the next page on, in the language just chosen
                translation.activate(member.language)
            messages.success(request, _("Your profile is saved."))
            return remember_language(redirect(member.get_absolute_url()), member.language)
    return render(request, "community/forum/profile_form.html", {"form": form}, status=400 if form.errors else 200)


def remember_language(response, language: str):
    """The switcher's cookie, so the language stays after signing out (LocaleMiddleware reads it)."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    return response


@csrf_exempt  # anonymous pages are shared by the page cache and so carry no token; members' are checked below
@require_POST
def set_language(request):
    """The footer's language switcher: a cookie for everyone, the saved preference for a signed-in member.

    A visitor's switch only sets their own cookie, harmless to forge; a member's changes their account, so it
    passes the CSRF check their pages' forms carry."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(
            _("Choose one of the site’s languages."), content_type="text/plain; charset=utf-8"
        )
    if request.user.is_authenticated:
        refused = CsrfViewMiddleware(lambda _request: None).process_view(request, None, (), {})
        if refused is not None:
            return refused
        actions.set_language(request.user, code)
    # Back where the reader was: ``next``, else the page the form is on (the footer's form names none, so a page
    # stays the same under every address it is cached for).
    target = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return remember_language(redirect(target), code)


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
    }


@require_GET
def thread_detail(request, pk, slug=None):
    view = queries.thread_detail(pk, request.user)
    if slug != view.thread.slug:
        return redirect(view.thread.get_absolute_url(), permanent=True)
    # As old as the versions the thread's data was checked against: a write since keeps fragments uncached.
    return _render_thread_page(request, view, AnswerForm(), clock=page_cache.clock())


def _render_thread_page(request, view, answer_form, *, clock, status=200):
    """The thread page; its posts come from the fragment cache (community/core/fragments.py)."""
    page_cache.exact(*view.versions)
    with fragments.spliced_regions():  # the body's bytes go into the response as the cache holds them
        return _finished_thread_page(request, view, answer_form, clock=clock, status=status)


def _finished_thread_page(request, view, answer_form, *, clock, status):
    response = render(
        request,
        "community/forum/thread_detail.html",
        {
            "thread": view.thread,
            # Drawn only when the page body is not a cached region (``ThreadView``): lazy, like Django's ``user``.
            "answers": SimpleLazyObject(lambda: view.answers),
            "thread_comments": SimpleLazyObject(lambda: view.thread_comments),
            "thread_outline": view.outline,
            "my_votes": view.my_votes,
            "answer_form": answer_form,
            "fragment_generation": fragments.generation(view.versions),
            "fragment_clock": clock,
            "region_slot": view.region_slot,
            # The frame's forms too: ``with_csrf_token`` puts one token in for every form of the page.
            "csrf_token": fragments.CSRF_SENTINEL,
            **_thread_permissions(request.user, view.thread),
        },
        status=status,
    )
    return fragments.with_csrf_token(request, response)


@require_POST
@throttled("preview")
def preview(request):
    """The Markdown being written, drawn exactly as the post will be (the same renderer and sanitiser), for the
    "Preview" button of the post editors (``static/guildhall/site.js``): ``{"html": …}``. Members only; nothing
    is saved."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Log in to preview a post.")}, status=403)
    body = request.POST.get("body", "")[: settings.GUILDHALL["BODY_MAX"]]
    return JsonResponse({"html": render_markdown(body)})


@require_GET
def revisions(request, model, pk):
    obj = visible_or_404(model, pk, request)
    thread = obj.parent_thread
    history = Revision.objects.filter(**{model._meta.model_name: obj}).select_related("editor").order_by("-number")
    return render(
        request,
        "community/forum/revisions.html",
        {"post": obj, "thread": thread, "revisions": history, "model": model._meta.model_name},
    )


# --- answers ----------------------------------------------------------------


@login_required
@require_POST
@handles_action_errors
def answer(request, pk):
    thread = visible_or_404(Thread, pk, request)
    form = AnswerForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            new = actions.post_answer(request.user, thread, body=form.cleaned_data["body"])
        except ValidationError as exc:
            apply_errors(form, exc)
        except core_errors.RateLimited as exc:
            form.add_error(None, str(exc))
            status = 429
        else:
            return redirect(f"{thread.get_absolute_url()}#answer-{new.pk}")
    view = queries.thread_detail(pk, request.user)
    return _render_thread_page(request, view, form, clock=page_cache.clock(), status=status)


@login_required
@require_POST
@handles_action_errors
def accept(request, pk):
    obj = visible_or_404(Answer, pk, request)
    thread = actions.accept_answer(request.user, obj)
    if wants_json(request):
        return JsonResponse({"accepted_answer": thread.accepted_answer_id})
    return redirect(obj.get_absolute_url())


# --- comments ---------------------------------------------------------------


@login_required
@require_POST
@throttled("comment")
@handles_action_errors
def comment(request, model, pk):
    target = visible_or_404(model, pk, request)
    thread = target.parent_thread
    form = CommentForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["body"])
    new = actions.post_comment(
        request.user, thread=thread, answer=target if model is Answer else None, body=form.cleaned_data["body"]
    )
    return redirect(f"{thread.get_absolute_url()}#comment-{new.pk}")


# --- votes ------------------------------------------------------------------

VOTE_VALUES = {"1": 1, "up": 1, "-1": -1, "down": -1, "0": 0, "undo": 0}


@login_required
@require_POST
@throttled("vote")
@handles_action_errors
def vote(request, model, pk):
    post = visible_or_404(model, pk, request)
    raw = request.POST.get("value", "")
    if raw not in VOTE_VALUES:
        raise ValidationError(_("A vote is up, down or undo."))
    value = VOTE_VALUES[raw]
    score = actions.vote(request.user, post, value)
    if wants_json(request):
        return JsonResponse({"score": score, "vote": value})
    anchor = f"{model._meta.model_name}-{post.pk}"
    thread_url = post.parent_thread.get_absolute_url()
    return redirect(f"{thread_url}#{anchor}")


# --- deletion ---------------------------------------------------------------

DELETED = {
    "thread": lambda: _("The thread is deleted. Moderators can restore it."),
    "answer": lambda: _("The answer is deleted. Moderators can restore it."),
    "comment": lambda: _("The comment is deleted. Moderators can restore it."),
}
RESTORED = {
    "thread": lambda: _("The thread is restored."),
    "answer": lambda: _("The answer is restored."),
    "comment": lambda: _("The comment is restored."),
}


@login_required
@require_POST
@handles_action_errors
def delete(request, model, pk):
    obj = visible_or_404(model, pk, request)
    if (
        obj.author_id != request.user.pk
        and request.POST.get("confirmed") != "1"
        and permissions.can_hide(request.user, obj)
    ):
        # A moderator hiding someone else's post reads what it does first; the page's button confirms it.
        name = model._meta.model_name
        return render(
            request, "community/forum/confirm_hide.html", {"post": obj, "model": name, "thread": obj.parent_thread}
        )
    actions.hide_post(request.user, obj)
    messages.success(request, DELETED[model._meta.model_name]())
    if model is Thread:
        return redirect(reverse("community:threads"))
    return redirect(obj.thread.get_absolute_url())


@login_required
@require_POST
@handles_action_errors
def restore(request, model, pk):
    obj = get_object_or_404(model, pk=pk)
    actions.restore_post(request.user, obj)
    messages.success(request, RESTORED[model._meta.model_name]())
    thread = obj.parent_thread
    return redirect(thread.get_absolute_url())


# --- flags and suggested edits --------------------------------------------------
