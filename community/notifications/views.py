"""Follows, the inbox, notification settings and one-click unsubscribe.

Thin views: parse, check, call ``community.notifications.actions`` or a read function, render; refusals go
through the one error contract (``community.core.errors``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.core.errors import handles_action_errors, wants_json
from community.core.permissions import is_moderator
from community.core.views import visible_or_404
from community.forum import synonyms
from community.forum.models import Member, Tag, Thread
from community.notifications import actions, emails
from community.notifications import inbox as notifications
from community.notifications.forms import NotificationSettingsForm
from community.notifications.models import Notification
from config.throttle import throttled
from rewards import api as rewards_api


def _next_url(request) -> str | None:
    """A local page to return to (the settings page lists follows with "unfollow" buttons)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _follow_choice(request) -> bool:
    value = request.POST.get("follow", "")
    if value not in ("1", "0"):
        raise ValidationError(_("Say follow=1 to follow or follow=0 to stop."))
    return value == "1"


@login_required
@require_POST
@throttled("follow")
@handles_action_errors
def follow_thread(request, pk):
    thread = visible_or_404(Thread, pk, request)
    following = _follow_choice(request)
    (actions.follow if following else actions.unfollow)(request.user, thread=thread)
    if wants_json(request):
        return JsonResponse({"following": following})
    messages.success(request, _("You follow this thread.") if following else _("You no longer follow this thread."))
    return redirect(_next_url(request) or thread.get_absolute_url())


@login_required
@require_POST
@throttled("follow")
@handles_action_errors
def follow_tag(request, slug):
    # Following a synonym ("js") follows its main tag: a POST is not redirected, it acts on the tag meant.
    tag = Tag.objects.filter(slug=slug.lower()).first() or synonyms.main_tag_of(slug)
    if tag is None:
        raise Http404
    following = _follow_choice(request)
    (actions.follow if following else actions.unfollow)(request.user, tag=tag)
    if wants_json(request):
        return JsonResponse({"following": following})
    if following:
        messages.success(request, _("You follow the tag %(tag)s.") % {"tag": tag.name})
    else:
        messages.success(request, _("You no longer follow the tag %(tag)s.") % {"tag": tag.name})
    return redirect(_next_url(request) or tag.get_absolute_url())


@login_required
@require_GET
@handles_action_errors
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    per_page = notifications_per_page()
    page, entries, _ = notifications.inbox_page(
        request.user, request.GET.get("page"), unread_only=unread_only, per_page=per_page
    )
    unread = notifications.unread_count(request.user)
    response = render(
        request,
        "community/notifications/inbox.html",
        {"page": page, "entries": entries, "unread_only": unread_only, "unread": unread},
    )
    if any(e.badge and e.unread for e in entries):
        actions.see_badges(request.user)  # shown once as new, like the badge banner
        rewards_api.mark_awards_seen(request.user)  # listed here: the banner need not announce them again
    return response


@login_required
@require_GET
def reputation_changes(request):
    """The inbox's "Reputation" tab: every change to the member's reputation of the last 30 days, per day, the ones
    they had not seen marked as new (then they count as seen: the header's indicator goes quiet)."""
    standing = rewards_api.standing(request.user)
    response = render(
        request,
        "community/notifications/reputation.html",
        {
            "days": rewards_api.changes_by_day(request.user, days=REPUTATION_DAYS),
            "standing": standing,
            "window": REPUTATION_DAYS,
            "unread": notifications.unread_count(request.user),
        },
    )
    rewards_api.mark_changes_seen(request.user, unseen=standing.unseen_changes)
    return response


REPUTATION_DAYS = 30


def notifications_per_page() -> int:
    from django.conf import settings

    return settings.GUILDHALL.get("NOTIFICATIONS_PER_PAGE", 25)


@login_required
@require_GET
@handles_action_errors
def open_notification(request, pk):
    note = (
        Notification.objects.filter(pk=pk, recipient=request.user)
        .select_related("tag", "thread", "answer", "comment")
        .defer(*notifications.GONE_DEFERRED)
        .first()
    )
    if note is None:
        raise Http404(_("No such notification in your inbox."))
    actions.read_notification(request.user, note)
    return redirect(_landing(request, note))


# Said on arrival when a notification's post has been deleted since: never a silent landing on the thread.
OPENED_GONE = {
    "thread": lambda: _("This thread has been deleted since you were notified, so there is nothing to open."),
    "answer": lambda: _("This answer has been deleted since you were notified: here is its thread."),
    "comment": lambda: _("This comment has been deleted since you were notified: here is its thread."),
}


def _landing(request, note) -> str:
    """Where a notification leads: its post; its thread, with a word, when the post was deleted since; the
    inbox, with a word, when the whole thread was. Moderators still see deleted posts: they land on the post,
    told it is deleted."""
    gone = notifications.gone(note, told=True)
    if not gone:
        return note.get_absolute_url()
    if is_moderator(request.user):
        messages.warning(request, _("This post has been deleted since: only moderators still see it."))
        return note.get_absolute_url()
    if note.kind == Notification.Kind.MODERATION:  # the notice said it was hidden: no page to show but the thread's
        messages.info(request, _("The post this notice is about is hidden: only moderators can see it now."))
    else:
        messages.warning(request, OPENED_GONE[gone]())
    if gone == "thread":
        return reverse("community:inbox")
    return note.thread.get_absolute_url()


@login_required
@require_POST
@handles_action_errors
def read_all(request):
    count = actions.read_all_notifications(request.user)
    if wants_json(request):
        return JsonResponse({"read": count})
    messages.success(request, _("Everything in your inbox is marked read."))
    return redirect("community:inbox")


@login_required
@require_http_methods(["GET", "POST"])
@handles_action_errors
def notification_settings(request):
    from django.conf import settings

    row = notifications.settings_for(request.user)
    modes = notifications.email_modes(row)
    form = NotificationSettingsForm(
        request.POST or None,
        modes=modes,
        moderator=request.user.is_moderator,
        initial={"expert_requests": row.expert_requests},
    )
    per_day = settings.GUILDHALL["EXPERT_REQUESTS_PER_DAY"]
    form.fields["expert_requests"].help_text = ngettext(
        "At most %(count)s request a day; you can stop them here at any time.",
        "At most %(count)s requests a day; you can stop them here at any time.",
        per_day,
    ) % {"count": per_day}
    if request.method == "POST":
        if not form.is_valid():
            return render(
                request,
                "community/notifications/notification_settings.html",
                _settings_context(request, form),
                status=400,
            )
        actions.update_notification_settings(
            request.user, email=form.modes(), expert_requests=form.cleaned_data["expert_requests"]
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("community:notification_settings")
    return render(request, "community/notifications/notification_settings.html", _settings_context(request, form))


def _settings_context(request, form) -> dict:
    follows = list(request.user.follows.select_related("thread", "tag").order_by("-created_at")[:200])
    return {
        "form": form,
        "followed_threads": [f.thread for f in follows if f.thread_id and not f.thread.is_deleted],
        "followed_tags": [f.tag for f in follows if f.tag_id],
        "has_email": bool(request.user.email),
    }


def _unsubscribe_member(token: str) -> tuple[Member, str]:
    try:
        member_id, email_list = emails.read_unsubscribe_token(token)
    except signing.BadSignature:
        raise ValidationError(
            _("This unsubscribe link is damaged or not one of ours. Copy the whole link from the e-mail.")
        ) from None
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise Http404(_("This account no longer exists."))
    return member, email_list


def list_name(email_list: str) -> str:
    """What an unsubscribe link turned off, in the reader's language ("We will no longer send <this> to …")."""
    # Translators: completes "We will no longer send … to you@example.com".
    names = {"all": _("all e-mails from Guildhall"), "daily": _("the daily digest"), "weekly": _("the weekly digest")}
    if email_list in names:
        return names[email_list]
    kinds = dict(notifications.EMAIL_KINDS)
    if email_list in kinds:
        # Translators: completes "We will no longer send … to you@example.com"; %(kind)s is a kind of
        # notification as the settings page lists it ("Answers to my questions").
        return _("e-mails about “%(kind)s”") % {"kind": kinds[email_list]}
    return email_list


@csrf_exempt  # the signed token is the credential; mail programs POST here without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
@handles_action_errors
def unsubscribe(request, token):
    if request.method == "POST" and request.POST.get("undo"):
        try:
            member_id, previous = emails.read_resubscribe_token(request.POST["undo"])
        except signing.BadSignature:
            raise ValidationError(
                _("This undo link is damaged. Change your e-mail choices in your notification settings.")
            ) from None
        member = get_object_or_404(Member, pk=member_id)
        actions.resubscribe(member, previous)
        return render(
            request,
            "community/notifications/unsubscribed.html",
            {"member": member, "resubscribed": True, "token": token},
        )
    member, email_list = _unsubscribe_member(token)
    previous = actions.unsubscribe(member, email_list)
    if request.method == "POST":  # one-click from the mail program: no page needed
        return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
    return render(
        request,
        "community/notifications/unsubscribed.html",
        {
            "member": member,
            "list_name": list_name(email_list),
            "token": token,
            "undo": emails.resubscribe_token(member.pk, previous) if previous else "",
        },
    )
