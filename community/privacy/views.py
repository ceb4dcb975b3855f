"""Thin views of "Your data": the page, ask for an archive, download it, delete the account, cancel that.

Every write is one action of ``community.privacy.actions``; refusals go through the one error contract.
Suspended members reach all of it (leaving is a right, not a privilege): the views ask for a signed-in member
only, never ``require_member``.
"""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from community.core.errors import ActionConflict, RateLimited, handles_action_errors, refusal, wants_json
from community.privacy import actions, exports
from community.privacy.forms import DeleteAccountForm, ExportForm
from community.privacy.handlers import DELETION_SESSION_KEY
from community.privacy.models import DataExport


def _your_data_page(request, status: int = 200):
    member = request.user
    return render(
        request,
        "community/privacy/your_data.html",
        {
            "latest_export": DataExport.objects.filter(member_id=member.pk).first(),
            "deletion": actions.pending_deletion(member),
            "grace_days": actions.grace_days(),
            "export_form": ExportForm(initial={"archive": "everything"}),
        },
        status=status,
    )


@never_cache
@login_required
@require_GET
def your_data(request):
    return _your_data_page(request)


@login_required
@require_POST
@handles_action_errors
def request_export(request):
    form = ExportForm(request.POST)
    if not form.is_valid():
        return refusal(request, _("Use the “Download my data” button on this page to ask for your archive."), 400)
    try:
        actions.request_export(request.user)
    except (ActionConflict, RateLimited) as exc:
        if wants_json(request):
            raise
        # A browser sees why on the page itself, beside the archive it already has (409 or 429, nothing saved).
        messages.error(request, str(exc))
        return _your_data_page(request, status=409 if isinstance(exc, ActionConflict) else 429)
    messages.success(request, _("We are preparing your archive: we will e-mail you a download link."))
    return redirect("community:your_data")


@never_cache
@login_required
@require_GET
def download(request, token: str):
    """The archive, to its owner only: anyone else's token, or a forged one, is a 404; an expired link says so."""
    export = DataExport.objects.filter(token=token, member_id=request.user.pk).first()
    if export is None:
        raise Http404(_("No archive of yours has this link."))
    if not export.is_downloadable:
        return refusal(request, _("This download link has expired: ask for a new archive on “Your data”."), 410)
    path = exports.archive_path(export.file_path)
    if path is None:
        return refusal(request, _("This archive is no longer available: ask for a new one on “Your data”."), 410)
    day = timezone.localdate(export.ready_at).isoformat()
    response = FileResponse(path.open("rb"), as_attachment=True, filename=f"guildhall-data-{day}.zip")
    response["Cache-Control"] = "private, no-store"
    return response


def _has_no_password(request) -> bool:
    return request.user.is_authenticated and not request.user.has_usable_password()


@never_cache
@login_required
@reauthentication_required(enabled=_has_no_password)
@handles_action_errors
def delete_account(request):
    member = request.user
    deletion = actions.pending_deletion(member)
    if deletion is not None:
        return redirect("community:your_data")
    form = DeleteAccountForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        deletion = actions.schedule_deletion(member)
        logout(request)
        return render(request, "community/privacy/deletion_scheduled.html", {"deletion": deletion})
    return render(
        request,
        "community/privacy/delete_account.html",
        {"form": form, "grace_days": actions.grace_days()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
@handles_action_errors
def cancel_deletion(request):
    cancelled = actions.cancel_deletion(request.user)
    request.session.pop(DELETION_SESSION_KEY, None)
    if cancelled:
        messages.success(request, _("Your account will not be deleted. Welcome back!"))
    return redirect("community:your_data")
