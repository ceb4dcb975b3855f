"""Thin views of community care: the ideas board, idea statuses, follows, the inbox, settings, unsubscribe.

Same rules as ``community.views``: parse, check, call ``community.actions`` or
a read function, render; refusals become clear 4xx pages (or JSON errors).
The community team's KPI dashboard and dissatisfaction watch live in the CMS
(``community.cms_care``).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community import actions, emails, ideas, notifications, permissions, queries
from community.models import IdeaStatus, Member, Notification, Tag, Thread
from community.views import _visible, handles_action_errors, wants_json


# --- ideas ----------------------------------------------------------------------------------


@require_GET
@handles_action_errors
def ideas_board(request):
    status, tag_slug, sort = ideas.parse_filters(request.GET)
    tag = get_object_or_404(Tag, slug=tag_slug) if tag_slug else None
    page = queries.paginate(request, ideas.board(status=status, tag=tag, sort=sort))
    rows = list(page.object_list)
    ideas.attach_my_votes(request.user, rows)
    counts = ideas.status_counts(tag)
    return render(
        request,
        "community/ideas_board.html",
        {
            "page": page, "ideas": rows, "status": status, "tag": tag, "sort": sort, "sorts": ideas.SORTS,
            "statuses": [(value, label, counts[value]) for value, label in IdeaStatus.choices],
            "vote_refusals": permissions.page_refusals(request.user), "kind": "idea",
        },
    )


class IdeaStatusForm(forms.Form):
    status = forms.ChoiceField(choices=IdeaStatus.choices)
    explanation = forms.CharField(
        max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Public: shown on the idea and sent to its voters and followers.",
    )


@login_required
@require_POST
@handles_action_errors
def set_idea_status(request, pk):
    thread = _visible(Thread, pk, request)
    form = IdeaStatusForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    actions.set_idea_status(request.user, thread, **form.cleaned_data)
    if wants_json(request):
        return JsonResponse({"status": thread.idea_status})
    messages.success(request, "The idea's status is saved; its voters and followers are told.")
    return redirect(thread.get_absolute_url())


# --- follows --------------------------------------------------------------------------------


def _next_url(request) -> str | None:
    """A local page to return to (the settings page lists follows with "unfollow" buttons)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return None


def _follow_choice(request) -> bool:
    value = request.POST.get("follow", "")
    if value not in ("1", "0"):
        raise ValidationError("Say follow=1 to follow or follow=0 to stop.")
    return value == "1"


@login_required
@require_POST
@handles_action_errors
def follow_thread(request, pk):
    thread = _visible(Thread, pk, request)
    following = _follow_choice(request)
    (actions.follow if following else actions.unfollow)(request.user, thread=thread)
    if wants_json(request):
        return JsonResponse({"following": following})
    messages.success(request, "You follow this thread." if following else "You no longer follow this thread.")
    return redirect(_next_url(request) or thread.get_absolute_url())


@login_required
@require_POST
@handles_action_errors
def follow_tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug.lower())
    following = _follow_choice(request)
    (actions.follow if following else actions.unfollow)(request.user, tag=tag)
    if wants_json(request):
        return JsonResponse({"following": following})
    messages.success(request, f"You follow {tag.name}." if following else f"You no longer follow {tag.name}.")
    return redirect(_next_url(request) or tag.get_absolute_url())


# --- inbox ------------------------------------------------------------------------------------


@login_required
@require_GET
@handles_action_errors
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    per_page = notifications_per_page()
    page, entries, _ = notifications.inbox_page(request.user, request.GET.get("page"), unread_only=unread_only, per_page=per_page)
    unread = notifications.unread_count(request.user)
    response = render(
        request, "community/inbox.html",
        {"page": page, "entries": entries, "unread_only": unread_only, "unread": unread},
    )
    if any(e.badge and e.unread for e in entries):
        actions.see_badges(request.user)  # shown once as new, like the badge banner
    return response


def notifications_per_page() -> int:
    from django.conf import settings

    return settings.GUILDHALL.get("NOTIFICATIONS_PER_PAGE", 25)


@login_required
@require_GET
@handles_action_errors
def open_notification(request, pk):
    note = Notification.objects.filter(pk=pk, recipient=request.user).select_related("tag").first()
    if note is None:
        raise Http404("No such notification in your inbox.")
    actions.read_notification(request.user, note)
    return redirect(note.get_absolute_url())


@login_required
@require_POST
@handles_action_errors
def read_all(request):
    count = actions.read_all_notifications(request.user)
    if wants_json(request):
        return JsonResponse({"read": count})
    messages.success(request, "Everything in your inbox is marked read.")
    return redirect("community:inbox")


# --- settings -------------------------------------------------------------------------------------


class NotificationSettingsForm(forms.Form):
    expert_requests = forms.BooleanField(
        required=False, label="Ask me about unanswered questions in tags I know well",
    )

    def __init__(self, *args, modes: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in notifications.EMAIL_KINDS:
            allowed = notifications.BADGE_MODES if key == notifications.BADGE else tuple(notifications.MODES)
            self.fields[f"email_{key}"] = forms.ChoiceField(
                label=label, choices=[(m, notifications.MODES[m]) for m in allowed], initial=modes[key],
            )

    def email_fields(self):
        return [self[f"email_{key}"] for key, _ in notifications.EMAIL_KINDS]

    def modes(self) -> dict:
        return {key: self.cleaned_data[f"email_{key}"] for key, _ in notifications.EMAIL_KINDS}


@login_required
@require_http_methods(["GET", "POST"])
@handles_action_errors
def notification_settings(request):
    from django.conf import settings

    row = notifications.settings_for(request.user)
    modes = notifications.email_modes(row)
    form = NotificationSettingsForm(request.POST or None, modes=modes, initial={"expert_requests": row.expert_requests})
    form.fields["expert_requests"].help_text = (
        f"At most {settings.GUILDHALL['EXPERT_REQUESTS_PER_DAY']} requests a day; you can stop them here at any time."
    )
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "community/notification_settings.html", _settings_context(request, form), status=400)
        actions.update_notification_settings(
            request.user, email=form.modes(), expert_requests=form.cleaned_data["expert_requests"]
        )
        messages.success(request, "Your notification settings are saved.")
        return redirect("community:notification_settings")
    return render(request, "community/notification_settings.html", _settings_context(request, form))


def _settings_context(request, form) -> dict:
    follows = list(request.user.follows.select_related("thread", "tag").order_by("-created_at")[:200])
    return {
        "form": form,
        "followed_threads": [f.thread for f in follows if f.thread_id and not f.thread.is_deleted],
        "followed_tags": [f.tag for f in follows if f.tag_id],
        "has_email": bool(request.user.email),
    }


# --- unsubscribe (no login: the signed link is the key) -----------------------------------------------


def _unsubscribe_member(token: str) -> tuple[Member, str]:
    try:
        member_id, email_list = emails.read_unsubscribe_token(token)
    except signing.BadSignature:
        raise ValidationError("This unsubscribe link is damaged or not one of ours. Copy the whole link from the e-mail.") from None
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise Http404("This account no longer exists.")
    return member, email_list


LIST_NAMES = {
    "all": "all e-mails from Guildhall", "daily": "the daily digest", "weekly": "the weekly digest",
    **{key: f"e-mails about “{label.lower()}”" for key, label in notifications.EMAIL_KINDS},
}


@csrf_exempt  # the signed token is the credential; mail programs POST here without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
@handles_action_errors
def unsubscribe(request, token):
    if request.method == "POST" and request.POST.get("undo"):
        try:
            member_id, previous = emails.read_resubscribe_token(request.POST["undo"])
        except signing.BadSignature:
            raise ValidationError("This undo link is damaged. Change your e-mail choices in your notification settings.") from None
        member = get_object_or_404(Member, pk=member_id)
        actions.resubscribe(member, previous)
        return render(request, "community/unsubscribed.html", {"member": member, "resubscribed": True, "token": token})
    member, email_list = _unsubscribe_member(token)
    previous = actions.unsubscribe(member, email_list)
    if request.method == "POST":  # one-click from the mail program: no page needed
        return HttpResponse("Unsubscribed.", content_type="text/plain")
    return render(
        request,
        "community/unsubscribed.html",
        {
            "member": member, "list_name": LIST_NAMES.get(email_list, email_list), "token": token,
            "undo": emails.resubscribe_token(member.pk, previous) if previous else "",
        },
    )
