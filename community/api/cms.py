"""The moderators' "Access tokens" screen in the CMS (``/cms/access-tokens/``): every member's tokens, and a
Revoke button. Only moderators open it (``ModeratorRequiredMixin``); revoking goes through
``community.api.actions.revoke_token``, which writes the audit log and tells the member. Registered in
``community/wagtail_hooks.py``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from community.api import actions
from community.api.forms import RevokeForm
from community.api.models import AccessToken
from community.core.cms import ModeratorMenuMixin, ModeratorRequiredMixin, SectionPageMixin
from community.core.errors import ActionConflict

STATES = {
    "live": gettext_lazy("Working"),
    "revoked": gettext_lazy("Revoked"),
    "all": pgettext_lazy("access tokens", "All"),
}


class TokensOnlyMixin(ModeratorRequiredMixin):
    refusal = gettext_lazy("Only moderators can see and revoke members’ access tokens.")


class TokenPageMixin(TokensOnlyMixin, SectionPageMixin, WagtailAdminTemplateMixin):
    header_icon = "key"
    section_label = gettext_lazy("Access tokens")
    section_url_name = "community_tokens:index"


def token_list(*, state: str, query: str):
    """Tokens for the list, with their member and revoker in the same query."""
    tokens = AccessToken.objects.select_related("member", "revoked_by").order_by("-created_at", "-pk")
    if state == "live":
        tokens = tokens.filter(revoked_at__isnull=True)
    elif state == "revoked":
        tokens = tokens.filter(revoked_at__isnull=False)
    if query:
        tokens = tokens.filter(
            Q(member__username__icontains=query) | Q(name__icontains=query) | Q(hint__startswith=query)
        )
    return tokens


class TokenIndexView(TokenPageMixin, TemplateView):
    template_name = "community/api/cms/tokens.html"
    page_title = gettext_lazy("Access tokens")
    is_index = True
    per_page = 50

    def get_context_data(self, **kwargs):
        state = self.request.GET.get("state", "live")
        if state not in STATES:
            state = "live"
        query = " ".join(self.request.GET.get("q", "").split())[:80]
        page = Paginator(token_list(state=state, query=query), self.per_page).get_page(self.request.GET.get("p"))
        return {
            **super().get_context_data(**kwargs),
            "page": page,
            "tokens": list(page.object_list),
            "state": state,
            "states": list(STATES.items()),
            "query": query,
        }


class TokenRevokeView(TokenPageMixin, TemplateView):
    """GET: the token, what revoking does, and a reason for the member. POST: revoke it."""

    template_name = "community/api/cms/revoke.html"
    page_title = gettext_lazy("Revoke an access token")

    def get_page_subtitle(self):
        return str(self.token)

    def dispatch(self, request, *args, pk, **kwargs):
        self.token = get_object_or_404(AccessToken.objects.select_related("member"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "token": self.token, "form": kwargs.get("form") or RevokeForm()}

    def post(self, request, *args, **kwargs):
        form = RevokeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            actions.revoke_token(request.user, self.token, reason=form.cleaned_data["reason"])
        except ActionConflict as exc:
            messages.warning(request, str(exc))
            return redirect("community_tokens:index")
        messages.success(
            request,
            _("The token “%(name)s” of %(member)s is revoked; the member is told.")
            % {"name": self.token.name, "member": self.token.member.username},
        )
        return redirect("community_tokens:index")


class AccessTokensViewSet(ModeratorMenuMixin, ViewSet):
    icon = "key"
    menu_label = gettext_lazy("Access tokens")
    add_to_admin_menu = True
    menu_order = 960  # beside Webhooks: the API's other door

    def get_urlpatterns(self):
        return [
            path("", TokenIndexView.as_view(), name="index"),
            path("<int:pk>/revoke/", TokenRevokeView.as_view(), name="revoke"),
        ]


access_tokens_viewset = AccessTokensViewSet("community_tokens", url_prefix="access-tokens")
