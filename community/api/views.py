"""The member's "Access tokens" page (``/settings/tokens/``): create, list and revoke personal access tokens.

Thin views: every write is one action of ``community.api.actions``; refusals go through the one error contract.
A new token is shown once, in the response to the POST that created it (never stored, never redirected through
the session), on a page nobody may cache. A suspended member still reaches the page: revoking a token that
leaked is always possible.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from community.api import actions, queries
from community.api.forms import TokenForm
from community.core.errors import ActionConflict, handles_action_errors
from community.core.forms import apply_errors


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@handles_action_errors
def tokens(request):
    form = TokenForm(request.POST or None)
    created, raw, status = None, "", 200
    if request.method == "POST" and form.is_valid():
        try:
            created, raw = actions.create_token(request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except ActionConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            form, status = TokenForm(), 201
    if form.errors and status == 200:
        status = 400
    context = {
        "tokens": queries.member_tokens(request.user),
        "form": form,
        "created": created,
        "raw": raw,
        "max_tokens": actions.max_live_tokens(),
    }
    return render(request, "community/api/tokens.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@handles_action_errors
def revoke(request, pk):
    """GET, or a POST without ``confirmed=1``: what revoking does, and the button. The confirmed POST revokes."""
    token = queries.own_token(request.user, pk)
    if token is None:
        raise Http404(_("You have no access token with this number."))
    if token.is_revoked:
        raise ActionConflict(_("This access token is already revoked."))
    if request.method != "POST" or request.POST.get("confirmed") != "1":
        return render(request, "community/api/confirm_revoke.html", {"token": token})
    actions.revoke_token(request.user, token)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("community:access_tokens")
