"""The moderators' search synonyms in the CMS (``/cms/search/synonyms/…``): the list of sets, add, edit, delete.

Only moderators open these screens: the model's permission policy (``ModeratorsPolicy``) grants them every action
and nobody else any, and each view refuses others with a clear 403 (``ModeratorRequiredMixin``). Every change goes
through ``search.actions``, whose refusals (a term already in another set, …) come back as the form's errors with
a 400, nothing saved. Registered in ``search/wagtail_hooks.py``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from community.core import permissions
from community.core.cms import ModeratorMenuMixin, ModeratorRequiredMixin
from community.models import Member
from search import actions, synonyms
from search.models import SearchSynonym


class ModeratorsPolicy(BasePermissionPolicy):
    """Moderators may add, change, delete and view synonym sets; nobody else, whatever their model permissions."""

    def user_has_permission(self, user, action):
        return permissions.is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return permissions.is_moderator(user)

    def users_with_any_permission(self, actions):
        team = Member.objects.with_perm(
            Member.MODERATOR_PERMISSION, include_superusers=True, backend="django.contrib.auth.backends.ModelBackend"
        )
        return team.filter(is_active=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


register_permission_policy(SearchSynonym, ModeratorsPolicy(SearchSynonym), exact_class=True)


class SynonymsOnlyMixin(ModeratorRequiredMixin):
    refusal = gettext_lazy("Only moderators can manage search synonyms.")


class SynonymForm(WagtailAdminModelForm):
    """The terms of one set, comma-separated; checked as the action checks them, so mistakes show beside the field."""

    class Meta:
        model = SearchSynonym
        fields = ["terms"]
        widgets = {"terms": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["terms"]
        field.label = _("Terms that mean the same")
        field.help_text = _(
            "Separate them with commas, e.g. “ipa, india pale ale”. A search for any of them finds every one; a term "
            "of several words is found as those words in that order. Capitals and accents do not matter."
        )

    def clean_terms(self):
        return ", ".join(synonyms.normalise_terms(self.cleaned_data.get("terms") or ""))


class _ActionFormMixin(SynonymsOnlyMixin):
    """Save through ``search.actions``; its refusal becomes the field's error and a 400, with nothing saved."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            form.add_error("terms", exc)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class SynonymCreateView(_ActionFormMixin, generic.CreateView):
    success_message = gettext_lazy("Synonyms “%(object)s” added.")

    def save_instance(self):
        return actions.add_synonyms(self.request.user, self.form.cleaned_data["terms"])


class SynonymEditView(_ActionFormMixin, generic.EditView):
    success_message = gettext_lazy("Synonyms “%(object)s” saved.")

    def save_instance(self):
        return actions.change_synonyms(self.request.user, self.object, self.form.cleaned_data["terms"])


class SynonymDeleteView(SynonymsOnlyMixin, generic.DeleteView):
    success_message = gettext_lazy("Synonyms “%(object)s” deleted.")

    def delete_action(self):
        actions.remove_synonyms(self.request.user, self.object)


class SynonymIndexView(SynonymsOnlyMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("changed_by")  # one query for the list, however long


class SynonymViewSet(ModeratorMenuMixin, ModelViewSet):
    model = SearchSynonym
    name = "search_synonyms"
    url_prefix = "search/synonyms"
    icon = "search"
    menu_label = gettext_lazy("Search synonyms")
    menu_order = 320
    add_to_admin_menu = True
    index_view_class = SynonymIndexView
    add_view_class = SynonymCreateView
    edit_view_class = SynonymEditView
    delete_view_class = SynonymDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    search_fields = ["terms"]
    search_backend_name = None
    ordering = ["terms"]
    list_per_page = 50
    list_display = [
        "terms",  # the first column links to the set's edit page
        Column("changed_by", label=gettext_lazy("Changed by"), accessor="changed_by"),
        DateColumn("changed_at", label=gettext_lazy("Changed")),
    ]

    def get_form_class(self, for_update=False):
        return SynonymForm

    def get_common_view_kwargs(self, **kwargs):
        # Nothing refers to a set: no "referenced 0 times" on the delete page.
        return super().get_common_view_kwargs(**{"usage_url_name": None, **kwargs})


synonyms_viewset = SynonymViewSet()
