"""The composer's pages and endpoints: thin, every write is in community/composer/actions.py.

- ``/ask/`` lets the member choose what to write; ``/ask/question/``, ``/ask/tip/``, ``/ask/idea/`` are one form
  each. ``/ask/?kind=tip`` (old links) shows the tip form, and a POST to ``/ask/`` with a ``kind`` still posts.
- The edit pages and ``/t/<id>/write`` (the answer form on a page of its own, where a draft saved without
  JavaScript comes back) restore the member's draft as the form's initial values.
- ``/drafts/`` saves (autosave from composer.js, or the "Save draft" button without JavaScript), ``/drafts/
  discard`` drops one; ``/uploads/new`` takes an image; ``/uploads/<name>`` serves one; ``/tags/suggest``
  completes a tag.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community.composer import actions, queries
from community.composer.forms import GUIDES, KindThreadForm
from community.composer.models import Draft
from community.core import errors as core_errors
from community.core import permissions
from community.core.errors import PrivilegeRequired, handles_action_errors, wants_json
from community.core.forms import apply_errors
from community.core.views import visible_or_404
from community.forum import actions as forum_actions
from community.forum.forms import AnswerForm, EditAnswerForm, EditThreadForm, ThreadForm
from community.forum.models import Answer, Thread
from config.throttle import throttled

THREAD_FIELDS = ("title", "body", "tags", "language")

# --- new threads ----------------------------------------------------------------------------------------------


@login_required
@handles_action_errors
def ask(request):
    """The chooser; ``?kind=`` (old links) shows that kind's form; a POST naming a ``kind`` posts it."""
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in GUIDES:
            form = ThreadForm(request.POST)
            form.is_valid()  # the kind field says what is wrong
            return render(
                request, "community/composer/choose.html", {"guides": GUIDES.values(), "form": form}, status=400
            )
        return _compose_thread(request, kind)
    kind = request.GET.get("kind", "")
    if kind in GUIDES:
        return _compose_thread(request, kind)
    return render(request, "community/composer/choose.html", {"guides": GUIDES.values()})


def ask_kind(kind: str):
    @login_required
    @handles_action_errors
    def view(request):
        return _compose_thread(request, kind)

    view.__name__ = f"ask_{kind}"
    return view


def _compose_thread(request, kind: str):
    draft = queries.draft_of(request.user, kind)
    initial = {field: getattr(draft, field) for field in THREAD_FIELDS} if draft else {}
    form = KindThreadForm(request.POST or None, initial=initial, kind=kind)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            thread = forum_actions.create_thread(request.user, kind=kind, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except core_errors.RateLimited as exc:
            form.add_error(None, str(exc))
            status = 429
        else:
            return redirect(thread.get_absolute_url())
    context = {
        "form": form,
        "guide": GUIDES[kind],
        "kind": kind,
        **_composer_context(request, kind, 0, draft if request.method == "GET" else None),
    }
    if form.errors and status == 200:
        status = 400
    return render(request, "community/composer/compose_thread.html", context, status=status)


def _composer_context(request, purpose: str, object_id: int, draft) -> dict:
    """What every composer form carries: the draft's key, where it came back from, and the page to return to."""
    return {"purpose": purpose, "object_id": object_id, "draft": draft, "here": request.get_full_path()}


# --- edits and answers -------------------------------------------------------------------------------------------


@login_required
@handles_action_errors
def edit_thread(request, pk):
    thread = visible_or_404(Thread, pk, request)
    if not permissions.can_edit(request.user, thread):
        raise PrivilegeRequired(permissions.edit_refusal(request.user))
    draft = queries.draft_of(request.user, Draft.Purpose.EDIT_THREAD, thread.pk)
    if draft:
        initial = {field: getattr(draft, field) for field in THREAD_FIELDS}
    else:
        initial = {
            "title": thread.title,
            "body": thread.body_md,
            "tags": " ".join(t.name for t in thread.tags.all()),
            "language": thread.language,
        }
    form = EditThreadForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            thread = forum_actions.edit_thread(request.user, thread, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your edit is saved."))
            return redirect(thread.get_absolute_url())
    context = {
        "form": form,
        "thread": thread,
        **_composer_context(request, Draft.Purpose.EDIT_THREAD, thread.pk, draft if request.method == "GET" else None),
    }
    return render(request, "community/forum/edit_thread.html", context, status=400 if form.errors else 200)


@login_required
@handles_action_errors
def edit_answer(request, pk):
    obj = visible_or_404(Answer, pk, request)
    if not permissions.can_edit(request.user, obj):
        raise PrivilegeRequired(permissions.edit_refusal(request.user))
    draft = queries.draft_of(request.user, Draft.Purpose.EDIT_ANSWER, obj.pk)
    form = EditAnswerForm(request.POST or None, initial={"body": draft.body if draft else obj.body_md})
    if request.method == "POST" and form.is_valid():
        try:
            forum_actions.edit_answer(request.user, obj, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your edit is saved."))
            return redirect(obj.get_absolute_url())
    context = {
        "form": form,
        "answer": obj,
        **_composer_context(request, Draft.Purpose.EDIT_ANSWER, obj.pk, draft if request.method == "GET" else None),
    }
    return render(request, "community/forum/edit_answer.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def write_answer(request, pk):
    """The answer form on a page of its own, with the member's draft: where "Save draft" and "Upload image"
    bring a member without JavaScript back to (the thread page itself is shared by every reader)."""
    thread = visible_or_404(Thread, pk, request)
    draft = queries.draft_of(request.user, Draft.Purpose.ANSWER, thread.pk)
    form = AnswerForm(initial={"body": draft.body if draft else ""})
    context = {"form": form, "thread": thread, **_composer_context(request, Draft.Purpose.ANSWER, thread.pk, draft)}
    return render(request, "community/composer/write_answer.html", context)


# --- drafts --------------------------------------------------------------------------------------------------


def _target(data) -> tuple[str, int]:
    purpose = data.get("purpose", "")
    raw = data.get("object_id", "0") or "0"
    if purpose not in Draft.Purpose.values or not raw.isdigit():
        raise ValidationError(_("This is not something you can write a draft of."))
    return purpose, int(raw)


def _back(request, purpose: str, object_id: int) -> str:
    """Where a form submitted without JavaScript returns: the page it came from (an answer: its own page)."""
    if purpose == Draft.Purpose.ANSWER:
        return reverse("community:write_answer", args=[object_id])
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("community:ask")


def _draft_fields(data) -> dict:
    return {field: data.get(field, "") for field in THREAD_FIELDS}


@login_required
@handles_action_errors
def drafts(request):
    """GET: the member's own draft of ``purpose``/``object_id`` (JSON, ``{"draft": null}`` if none). POST: save it
    (composer.js after a pause in typing; the "Save draft" button without JavaScript, then back to the form)."""
    source = request.POST if request.method == "POST" else request.GET
    purpose, object_id = _target(source)
    if request.method != "POST":
        draft = queries.draft_of(request.user, purpose, object_id)
        return JsonResponse({"draft": queries.draft_json(draft)})
    draft = actions.save_draft(request.user, purpose=purpose, object_id=object_id, **_draft_fields(request.POST))
    if wants_json(request):
        return JsonResponse({"draft": queries.draft_json(draft)})
    messages.success(request, _("Your draft is saved. It will be here when you come back."))
    return redirect(_back(request, purpose, object_id))


@login_required
@require_POST
@handles_action_errors
def discard_draft(request):
    purpose, object_id = _target(request.POST)
    actions.discard_draft(request.user.pk, purpose, object_id)
    if wants_json(request):
        return JsonResponse({"discarded": True})
    messages.success(request, _("The draft is discarded."))
    return redirect(_back(request, purpose, object_id))


# --- images --------------------------------------------------------------------------------------------------


@login_required
@require_POST
@throttled("upload")
@handles_action_errors
def upload(request):
    """Take one image (field ``image``). For composer.js: ``{"url", "markdown"}``. Without JavaScript the whole
    form comes along: what was typed is saved as a draft with the image's Markdown added, and the form shown
    again with it."""
    file = request.FILES.get("image")
    if file is None:
        raise ValidationError(_("Choose an image file to upload."))
    script = wants_json(request)
    if not script:  # the form's draft is checked before anything is stored
        purpose, object_id = _target(request.POST)
        actions.check_target(request.user, purpose, object_id)
    new = actions.upload_image(request.user, file)
    url = reverse("community:upload_file", args=[new.file_name])
    description = _("image description")
    markdown = f"![{description}]({url})"
    if script:
        return JsonResponse({"url": url, "markdown": markdown, "width": new.width, "height": new.height})
    fields = _draft_fields(request.POST)
    fields["body"] = f"{fields['body'].rstrip()}\n\n{markdown}\n".lstrip()
    actions.save_draft(request.user, purpose=purpose, object_id=object_id, **fields)
    messages.success(request, _("The image is uploaded and added at the end of your text, with your draft saved."))
    return redirect(_back(request, purpose, object_id))


@require_GET
def serve_upload(request, name):
    """An uploaded image, streamed from the storage (disk or bucket) with its type, never sniffed, and cached for
    a year: its name is random and never reused, so it never changes."""
    upload = queries.upload_named(name)
    if upload is None:
        raise Http404(_("There is no such image."))
    try:
        handle = default_storage.open(upload.name, "rb")
    except FileNotFoundError:
        raise Http404(_("There is no such image.")) from None
    response = FileResponse(handle, content_type=upload.content_type)
    response["Content-Length"] = str(upload.size)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{upload.file_name}"'
    return response


# --- tags ----------------------------------------------------------------------------------------------------


@require_GET
@throttled("tag_suggest")
def suggest_tags(request):
    """Tags that start with ``q``, most used first, each with its count (one query)."""
    return JsonResponse({"tags": queries.tag_suggestions(request.GET.get("q", ""))})
